"""The theme codebook (list, add, edit, deactivate) and the coding screen.

Coordinators and analysts only. The screen walks the notes of the counted records one at a
time, uncoded first; a malformed address is a 400, a note that is not there a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import can_code_notes
from fieldwork.bad_requests import refusal
from fieldwork.history import change_log

from . import services
from .forms import NoteCodingForm, ThemeForm
from .models import Theme
from .notes import codable_item, codable_items
from .selectors import coded_note, next_uncoded, notes, parse_ref, themes_for


def _check(request) -> None:
    if not can_code_notes(request.user):
        raise PermissionDenied


def _note_url(item_filter: str, note) -> str:
    query = {"item": item_filter} if item_filter else {}
    if note is not None:
        query["note"] = f"{note.ref}:{note.codable.code}"
    return f"{reverse('coding:note')}?{urlencode(query)}" if query else reverse("coding:note")


@require_safe
def coding_index(request):
    _check(request)
    every = notes()
    rows = []
    for codable in codable_items():
        mine = [n for n in every if n.codable == codable]
        if mine:
            rows.append((codable, len(mine), sum(n.coded for n in mine)))
    return render(
        request,
        "coding/index.html",
        {
            "rows": rows,
            "total": len(every),
            "coded": sum(n.coded for n in every),
            "changed": sum(n.changed for n in every),
            "themes": Theme.objects.filter(active=True).count(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def code_note_view(request):
    _check(request)
    item_filter = request.GET.get("item", "")
    codable = codable_item(item_filter) if item_filter else None
    if item_filter and codable is None:
        return refusal(
            request, _("There is no item with the code “%s” to code.") % item_filter[:60]
        )
    walk = notes(codable)
    asked = request.GET.get("note", "")
    if asked:
        ref, _sep, item_code = asked.partition(":")
        parsed = parse_ref(ref)
        if parsed is None or codable_item(item_code) is None:
            return refusal(request, _("This address does not name a note."))
        key = (parsed[0], parsed[1], item_code)
        note = next((n for n in walk if n.key == key), None)
        if note is None:
            raise Http404
    else:
        note = next_uncoded(walk) or (walk[0] if walk else None)
    if note is None:
        return render(request, "coding/note.html", {"note": None, "item_filter": codable})

    stored = coded_note(note)
    chosen = list(stored.themes.all()) if stored else []
    themes = themes_for(note.codable, chosen)
    status = 200
    if request.method == "POST":
        form = NoteCodingForm(request.POST, note=note, themes=themes)
        if form.is_valid():
            services.code_note(
                instrument=note.codable.instrument,
                record_id=note.record_id,
                item=note.codable.code,
                themes=form.cleaned_data["themes"],
                quote=form.cleaned_data["quote"],
                coder=request.user,
                digest=note.digest,
            )
            note.coded, note.changed = True, False
            following = next_uncoded(walk, after=note)
            if following is None:
                messages.success(request, _("Every note here is coded."))
                return redirect("coding:index")
            return redirect(_note_url(item_filter, following))
        status = 400
    else:
        form = NoteCodingForm(
            note=note,
            themes=themes,
            initial={"themes": [t.pk for t in chosen], "quote": stored.quote if stored else ""},
        )
    position = next(i for i, n in enumerate(walk) if n.key == note.key)
    previous_note = walk[position - 1] if position > 0 else None
    next_note = walk[position + 1] if position + 1 < len(walk) else None
    return render(
        request,
        "coding/note.html",
        {
            "note": note,
            "form": form,
            "themes": themes,
            "stored": stored,
            "item_filter": codable,
            "items": [i for i in codable_items()],
            "position": position + 1,
            "total": len(walk),
            "coded": sum(n.coded for n in walk),
            "changed": sum(n.changed for n in walk),
            "previous_url": _note_url(item_filter, previous_note) if previous_note else "",
            "next_url": _note_url(item_filter, next_note) if next_note else "",
        },
        status=status,
    )


@require_safe
def theme_list(request):
    _check(request)
    labels = {i.code: i.label for i in codable_items()}
    themes = [(theme, [(code, labels.get(code, code)) for code in theme.items])
              for theme in Theme.objects.all()]  # fmt: skip
    return render(request, "coding/theme_list.html", {"themes": themes})


def _theme_form(request, theme: Theme | None):
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST":
        if form.is_valid():
            saved = services.save_theme(form)
            messages.success(request, _("Theme “%s” saved.") % saved.label)
            return redirect("coding:themes")
        status = 400
    else:
        status = 200
    return render(
        request,
        "coding/theme_form.html",
        {"form": form, "theme": theme, "history": change_log(theme) if theme else None},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def theme_create(request):
    _check(request)
    return _theme_form(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def theme_edit(request, pk: int):
    _check(request)
    return _theme_form(request, get_object_or_404(Theme, pk=pk))


@require_POST
def theme_active(request, pk: int):
    _check(request)
    theme = get_object_or_404(Theme, pk=pk)
    value = request.POST.get("active")
    if value not in ("0", "1"):
        return refusal(request, _("Say whether the theme is to be active (1) or not (0)."))
    services.set_theme_active(theme, value == "1")
    if theme.active:
        messages.success(request, _("Theme “%s” is active again.") % theme.label)
    else:
        messages.success(
            request, _("Theme “%s” deactivated: it is no longer offered.") % theme.label
        )
    return redirect("coding:themes")
