from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from .extensions import account_sections
from .forms import LanguageForm
from .language import remember_choice
from .roles import Role, can_fill_forms, can_read_results, has_role, is_coordinator


@require_safe
def home(request):
    """Each role lands on its own work: coordinators on the review queue (with the centres
    that have work pending), researchers on *My work*, analysts on the results."""
    if is_coordinator(request.user):
        return redirect("fieldwork:queue")
    if can_fill_forms(request.user):
        return redirect("my_work")
    if can_read_results(request.user):
        return redirect("reports:results")
    raise PermissionDenied


def _safe_next(request, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else resolve_url("home")


@login_not_required
@require_POST
def set_language(request):
    """The switcher on every page: remembered by the browser and, once logged in, by the user."""
    form = LanguageForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next", ""))
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        remember_choice(request, response, form.cleaned_data["language"])
    return response


def account_page(request, *, extra: dict | None = None, status: int = 200):
    """The user's account: who they are, their role, the password, and the sections other apps
    register (personal API tokens). Other apps' views render it again with `extra` (a form
    with its errors, a token just created)."""
    roles = [role.label for role in Role if has_role(request.user, role)]
    response = render(
        request,
        "accounts/account.html",
        {"roles": roles, "sections": account_sections(request, extra)},
        status=status,
    )
    # It may show a token just created: no browser or proxy keeps a copy.
    add_never_cache_headers(response)
    return response


@require_safe
def account(request):
    return account_page(request)
