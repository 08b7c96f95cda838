"""Photos of an observation: the gallery and upload page, the protected files, more blur,
and deletion by a coordinator. Files are served only through these permission checks."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import can_fill_forms, is_coordinator
from fieldwork.offline import refuse_other_owner
from fieldwork.permissions import can_edit_record

from . import services
from .models import Observation, Photo, Space
from .photo_access import photo_response, readable_observation, readable_photo, trace_photo
from .photos import PhotoError, ProtectedPhoto, max_bytes, protect
from .services import NO_CONSENT

SAVED = gettext_lazy(
    "Photo saved. Faces blurred: %(n)s. Check it below and blur more areas if needed."
)
UNREADABLE_AREAS = gettext_lazy("The areas to blur could not be read.")
#: Areas are fractions of the image: four numbers each, between 0 and 1.
AREA_KEYS = ("x", "y", "w", "h")
MAX_AREAS = 50
MAX_AREAS_CHARS = 20_000


class PhotoForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("Photo"))
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=300, required=False)
    # Nothing preselected: the space is chosen, never left as the first of the list.
    space = forms.ChoiceField(
        label=gettext_lazy("Space shown"),
        choices=[("", gettext_lazy("Choose the space…")), *Space.choices],
        error_messages={"required": gettext_lazy("Choose the space the photo shows.")},
    )
    areas = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, form_id: str = "", **kwargs):
        # Its own ids: on the observation form's page it sits beside the form's own fields.
        kwargs.setdefault("auto_id", "photo_%s")
        super().__init__(*args, **kwargs)
        # No `capture`: phones then offer both the camera and the photo library.
        self.fields["image"].widget.attrs.update({"accept": "image/*"})
        if form_id:  # inside the observation form's page: the fields are not the record's
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def clean_areas(self) -> list[dict]:
        return _parse_areas(self.cleaned_data["areas"])

    def clean(self):
        data = super().clean()
        upload = data.get("image")
        if upload is not None and "areas" not in self.errors:
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


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number here")


def _is_fraction(value) -> bool:
    # NaN and the infinities fail the comparison; booleans are not numbers here.
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def _parse_areas(raw: str) -> list[dict]:
    """A JSON list of at most MAX_AREAS {x, y, w, h} fractions, or a ValidationError."""
    if not raw:
        return []
    if len(raw) > MAX_AREAS_CHARS:
        raise forms.ValidationError(UNREADABLE_AREAS, code="invalid")
    try:
        areas = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deeply
        raise forms.ValidationError(UNREADABLE_AREAS, code="invalid") from error
    if not isinstance(areas, list) or len(areas) > MAX_AREAS:
        raise forms.ValidationError(UNREADABLE_AREAS, code="invalid")
    parsed = []
    for area in areas:
        if not isinstance(area, dict) or not all(_is_fraction(area.get(k)) for k in AREA_KEYS):
            raise forms.ValidationError(UNREADABLE_AREAS, code="invalid")
        parsed.append({k: float(area[k]) for k in AREA_KEYS})
    return parsed


def _observation(request, pk: int) -> Observation:
    return readable_observation(request.user, pk)


def _store(photo: Photo, protected: ProtectedPhoto) -> None:
    services.write_files(photo, protected)


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
            photo = None
            if form.is_valid():
                protected = form.cleaned_data["protected"]
                try:
                    photo = services.add_photo(
                        observation,
                        protected,
                        caption=form.cleaned_data["caption"],
                        space=form.cleaned_data["space"],
                        user=request.user,
                        areas=len(form.cleaned_data["areas"]),
                    )
                except PhotoError as error:  # consent withdrawn or record submitted meanwhile
                    form = None
                    message = str(error)
            if photo is not None:
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
    return _gallery(request, observation, form, status)


def _gallery(request, observation: Observation, form=None, status: int = 200) -> HttpResponse:
    can_add = can_edit_record(request.user, observation)
    photos = observation.photos.all()
    return render(
        request,
        "observations/photos.html",
        {
            "record": observation,
            "photos": photos,
            "form": (form or PhotoForm()) if can_add and observation.consent_photos else None,
            "can_add": can_add,
            "can_delete": is_coordinator(request.user),
            "consent": observation.consent_photos,
            # Photos kept without the centre's authorisation (withdrawn): offer to delete them.
            "can_withdraw": _can_withdraw(request.user, observation) and bool(photos),
        },
        status=status,
    )


def _can_withdraw(user, observation: Observation) -> bool:
    """Photos kept without the centre's authorisation can be deleted by whoever may change
    the record (and by coordinators, who may delete any photo)."""
    return observation.consent_photos is not True and (
        can_edit_record(user, observation) or is_coordinator(user)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def photos_withdraw(request, pk: int):
    """Delete every photo of an observation whose photo authorisation is not Yes, after a
    confirmation page. The observation can then be submitted."""
    observation = _observation(request, pk)
    if not (can_edit_record(request.user, observation) or is_coordinator(request.user)):
        raise PermissionDenied
    if not _can_withdraw(request.user, observation):
        messages.error(
            request,
            _("The centre authorised photos: delete photos one by one if needed."),
        )
        return _gallery(request, observation, status=409)
    photos = observation.photos.all()
    if not photos:
        return redirect("observations:photos", observation.pk)
    if request.method == "POST":
        deleted = services.delete_photos(photos)
        messages.success(
            request,
            ngettext("%(n)s photo deleted.", "%(n)s photos deleted.", deleted) % {"n": deleted},
        )
        if can_edit_record(request.user, observation):
            return redirect(observation.get_edit_url())
        return redirect(observation)
    return render(
        request, "observations/photos_withdraw.html", {"record": observation, "photos": photos}
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
    return readable_photo(request.user, pk, photo_id)


@require_safe
def photo_file(request, pk: int, photo_id: int):
    photo = _photo(request, pk, photo_id)
    trace_photo(request.user, photo)
    return photo_response(photo)


@require_safe
def photo_thumb(request, pk: int, photo_id: int):
    return photo_response(_photo(request, pk, photo_id), thumbnail=True)


@require_POST
def photo_blur(request, pk: int, photo_id: int):
    photo = _photo(request, pk, photo_id)
    if not can_edit_record(request.user, photo.observation):
        raise PermissionDenied
    try:
        areas = _parse_areas(request.POST.get("areas", ""))
        if not areas:
            raise PhotoError(_("Draw at least one area on the photo first."))
        # Applied to the stored file as it is when this edit holds the photo; the less
        # protected version is deleted once the new one is in place.
        services.blur_photo(photo, areas)
    except (PhotoError, forms.ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _gallery(request, photo.observation, status=400)
    except services.PhotoGone as error:
        raise Http404 from error
    messages.success(request, _("The marked areas are blurred."))
    return redirect(f"{photo.observation.get_absolute_url()}photos/#photo-{photo.pk}")


@require_POST
def photo_delete(request, pk: int, photo_id: int):
    photo = _photo(request, pk, photo_id)
    if not is_coordinator(request.user):
        raise PermissionDenied
    services.delete_photos([photo])
    messages.success(request, _("Photo deleted."))
    return redirect(f"{photo.observation.get_absolute_url()}photos/")
