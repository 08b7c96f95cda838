"""Photos of an observation: the gallery and upload page, the protected files, more blur,
and deletion by a coordinator. Files are served only through these permission checks."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import can_fill_forms, can_read_submissions, is_coordinator
from fieldwork.offline import refuse_other_owner
from fieldwork.permissions import can_edit_record, can_view_record

from .models import Observation, Photo, Space
from .photos import PhotoError, ProtectedPhoto, blur_more, max_bytes, protect

SAVED = gettext_lazy(
    "Photo saved. Faces blurred: %(n)s. Check it below and blur more areas if needed."
)
NO_CONSENT = gettext_lazy(
    "Photos may only be added when the centre has authorised them (consent_photos = Yes)."
)


class PhotoForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("Photo"))
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=300, required=False)
    space = forms.ChoiceField(label=gettext_lazy("Space shown"), choices=Space.choices)
    areas = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # Its own ids: on the observation form's page it sits beside the form's own fields.
        kwargs.setdefault("auto_id", "photo_%s")
        super().__init__(*args, **kwargs)
        # No `capture`: phones then offer both the camera and the photo library.
        self.fields["image"].widget.attrs.update({"accept": "image/*"})

    def clean_areas(self) -> list[dict]:
        return _parse_areas(self.cleaned_data["areas"])

    def clean(self):
        data = super().clean()
        upload = data.get("image")
        if upload is not None:
            try:
                data["protected"] = protect(upload.read(), data.get("areas"))
            except PhotoError as error:
                self.add_error("image", str(error))
        return data


class PreviewForm(PhotoForm):
    """Only the image and the areas: the caption and space come with the saving."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["caption"], self.fields["space"]


def _parse_areas(raw: str) -> list[dict]:
    if not raw:
        return []
    try:
        areas = json.loads(raw)
    except ValueError as error:
        raise forms.ValidationError(_("The areas to blur could not be read.")) from error
    if not isinstance(areas, list) or len(areas) > 50:
        raise forms.ValidationError(_("The areas to blur could not be read."))
    return areas


def _observation(request, pk: int) -> Observation:
    if not can_read_submissions(request.user):
        raise PermissionDenied
    observation = get_object_or_404(Observation.objects.select_related("centre"), pk=pk)
    if not can_view_record(request.user, observation):
        raise Http404
    return observation


def _store(photo: Photo, protected: ProtectedPhoto) -> None:
    photo.image.save("photo.jpg", ContentFile(protected.image), save=False)
    photo.thumbnail.save("thumb.jpg", ContentFile(protected.thumbnail), save=False)
    photo.width, photo.height = protected.width, protected.height


def _too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes() + 64 * 1024
    except ValueError:
        return False


@require_http_methods(["GET", "HEAD", "POST"])
def photos_page(request, pk: int):
    observation = _observation(request, pk)
    if (refused := refuse_other_owner(request)) is not None:
        return refused  # a photo kept on this device by another user waits for them
    can_add = can_edit_record(request.user, observation)
    form = PhotoForm()
    status = 200
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if observation.consent_photos is not True:
            form = None
            message = NO_CONSENT
            status = 400
        elif _too_large(request):
            form = PhotoForm(request.POST)
            form.add_error(
                "image",
                _("The photo is larger than %(mb)s MB. Take it at a lower resolution.")
                % {"mb": max_bytes() // (1024 * 1024)},
            )
            status = 400
        else:
            form = PhotoForm(request.POST, request.FILES)
            if form.is_valid():
                protected = form.cleaned_data["protected"]
                with transaction.atomic():
                    photo = Photo(
                        observation=observation,
                        caption=form.cleaned_data["caption"],
                        space=form.cleaned_data["space"],
                        faces_blurred=protected.faces,
                        uploaded_by=request.user,
                    )
                    _store(photo, protected)
                    photo.save()
                if request.headers.get("X-CAS-Sync") == "1":
                    return JsonResponse({"ok": True, "id": photo.pk, "faces": photo.faces_blurred,
                                         "url": photo.get_absolute_url()})  # fmt: skip
                messages.success(
                    request,
                    SAVED % {"n": protected.faces},
                )
                return redirect(f"{request.path}#photo-{photo.pk}")
            status = 400
        if status == 400 and form is None:
            if request.headers.get("X-CAS-Sync") == "1":
                return JsonResponse(
                    {"ok": False, "errors": {"consent_photos": [message]}}, status=400
                )
            messages.error(request, message)
        elif request.headers.get("X-CAS-Sync") == "1":
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    return render(
        request,
        "observations/photos.html",
        {
            "record": observation,
            "photos": observation.photos.all(),
            "form": form if can_add and observation.consent_photos else None,
            "can_add": can_add,
            "can_delete": is_coordinator(request.user),
            "consent": observation.consent_photos,
        },
        status=status,
    )


@require_POST
def photo_preview(request):
    """The protected version of a photo, shown to the researcher before they save it.

    Nothing is stored: the bytes are protected in memory and sent back, so that the researcher
    can mark further areas to blur before the photo is saved with the observation.
    """
    if not can_fill_forms(request.user):
        raise PermissionDenied
    if _too_large(request):
        message = _("The photo is larger than %(mb)s MB. Take it at a lower resolution.") % {
            "mb": max_bytes() // (1024 * 1024)
        }
        return JsonResponse({"ok": False, "errors": {"image": [message]}}, status=400)
    form = PreviewForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
    protected = form.cleaned_data["protected"]
    response = HttpResponse(protected.image, content_type="image/jpeg")
    response["X-CAS-Faces"] = str(protected.faces)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _photo(request, pk: int, photo_id: int) -> Photo:
    observation = _observation(request, pk)
    return get_object_or_404(Photo, pk=photo_id, observation=observation)


def _serve(field) -> FileResponse:
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def photo_file(request, pk: int, photo_id: int):
    return _serve(_photo(request, pk, photo_id).image)


@require_safe
def photo_thumb(request, pk: int, photo_id: int):
    return _serve(_photo(request, pk, photo_id).thumbnail)


@require_POST
def photo_blur(request, pk: int, photo_id: int):
    photo = _photo(request, pk, photo_id)
    if not can_edit_record(request.user, photo.observation):
        raise PermissionDenied
    try:
        areas = _parse_areas(request.POST.get("areas", ""))
        if not areas:
            raise PhotoError(_("Draw at least one area on the photo first."))
        with photo.image.open("rb") as stored:
            protected = blur_more(stored.read(), areas)
    except (PhotoError, forms.ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{photo.observation.get_absolute_url()}photos/#photo-{photo.pk}")
    old = [photo.image.name, photo.thumbnail.name]
    _store(photo, protected)
    photo.save()
    for name in old:  # the less protected version does not stay behind
        photo.image.storage.delete(name)
    messages.success(request, _("The marked areas are blurred."))
    return redirect(f"{photo.observation.get_absolute_url()}photos/#photo-{photo.pk}")


@require_POST
def photo_delete(request, pk: int, photo_id: int):
    photo = _photo(request, pk, photo_id)
    if not is_coordinator(request.user):
        raise PermissionDenied
    for field in (photo.image, photo.thumbnail):
        field.storage.delete(field.name)
    photo.delete()
    messages.success(request, _("Photo deleted."))
    return redirect(f"{photo.observation.get_absolute_url()}photos/")
