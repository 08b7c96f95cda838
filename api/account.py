"""The *API tokens* section of the account page: create (name, expiry), shown once, listed
with their last use, revoked after a confirmation. Writes in services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.extensions import AccountSection
from accounts.roles import Role, has_role
from accounts.views import account_page

from . import services
from .forms import TokenForm
from .models import ApiToken


def tokens_of(user):
    """The user's tokens, newest first: active ones, then expired and revoked ones."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def _build(request, form=None, created=None):
    return {
        "form": form or TokenForm(),
        "tokens": list(tokens_of(request.user)),
        "created": created,
    }


def may_have_tokens(user) -> bool:
    """A token reads what its user may read: a user with no role has nothing to read."""
    return any(has_role(user, role) for role in Role)


TOKENS_SECTION = AccountSection(
    code="tokens",
    title=gettext_lazy("API tokens"),
    template="api/_tokens_section.html",
    build=_build,
    shown=may_have_tokens,
)


@require_POST
def create_token(request):
    if not may_have_tokens(request.user):
        raise PermissionDenied
    form = TokenForm(request.POST)
    if not form.is_valid():
        return account_page(request, extra={"tokens": {"form": form}}, status=400)
    created = services.create_token(request.user, form.cleaned_data["name"],
                                    form.cleaned_data["days"])  # fmt: skip
    # Shown once, on this response only (never kept in the session or anywhere else).
    return account_page(request, extra={"tokens": {"created": created}}, status=201)


@require_http_methods(["GET", "POST"])
def revoke_token(request, pk: int):
    if not may_have_tokens(request.user):
        raise PermissionDenied
    token = ApiToken.objects.filter(pk=pk, user=request.user, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        services.revoke_token(request.user, token.pk)
        messages.success(
            request, _("The token “%(name)s” was revoked: it no longer works.") % {"name": token}
        )
        return redirect(f"{reverse('account')}#account-tokens")
    response = render(request, "api/revoke_token.html", {"token": token})
    add_never_cache_headers(response)
    return response
