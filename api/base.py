"""What every API endpoint shares: login by token or session (never anonymous), the language
(`?lang=`, else the user's own language, else `Accept-Language`), codes or labels
(`?values=`), names or pseudonyms, no copy kept by a browser or proxy, and the one audit hook
for reads of personal fields."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from rest_framework import permissions
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination

from accounts.language import supported
from accounts.roles import Role, can_read_researcher_names, has_role, is_coordinator
from reports.exporters import Values

from . import audit
from .filters import read_values
from .models import ApiToken


@dataclass(frozen=True)
class Output:
    """The request's output options, read once and handed to the serializers."""

    values: Values = Values.CODES
    #: Respondents' names as typed (coordinators asking `?names=1`), else pseudonyms.
    names: bool = False
    #: Researchers by username (coordinators), else pseudonyms.
    researcher_names: bool = False
    #: Yes and No in the response's language, translated once.
    yes_no: dict = field(default_factory=dict)

    @property
    def labels(self) -> bool:
        return self.values == Values.LABELS


class HasRole(permissions.BasePermission):
    """A user with no role logs in and changes their password, and sees nothing else."""

    def has_permission(self, request, view) -> bool:
        return any(has_role(request.user, role) for role in Role)


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _activate_language(request) -> None:
    code = request.GET.get("lang", "")
    if not code:
        return
    if not supported(code):
        raise ValidationError({"lang": [_("Choose es or en.")]})
    translation.activate(code)
    request.LANGUAGE_CODE = code


def _activate_preference(request) -> None:
    """Without `?lang=`: the user's own language (chosen on the site, `Profile.language`),
    as on the site's pages, where a session carries it (`accounts.language`). A token request
    has no session: the profile comes with the token. Else `Accept-Language`, else Spanish."""
    if request.GET.get("lang") or not isinstance(request.auth, ApiToken):
        return  # a session: UserLanguageMiddleware applied the preference already
    profile = getattr(request.user, "profile", None)  # loaded with the token (find_token)
    code = profile.language if profile is not None else ""
    if supported(code):
        translation.activate(code)
        request.LANGUAGE_CODE = code


class ApiMixin:
    """For APIView and viewset classes of the API."""

    permission_classes = [permissions.IsAuthenticated, HasRole]

    @classmethod
    def as_view(cls, *args, **kwargs):
        # Token requests carry no session: the site's login redirect must not catch them.
        # DRF's own permission check (IsAuthenticated) refuses anonymous requests with a 401.
        return login_not_required(super().as_view(*args, **kwargs))

    def initial(self, request, *args, **kwargs):
        _activate_language(request)
        super().initial(request, *args, **kwargs)
        _activate_preference(request)
        self.output = self.read_output(request)

    def read_output(self, request) -> Output:
        asked_names = request.query_params.get("names") == "1"
        if asked_names and not is_coordinator(request.user):
            raise PermissionDenied(_("Only coordinators may ask for respondents' names."))
        return Output(
            values=read_values(request.query_params),
            names=asked_names,
            researcher_names=can_read_researcher_names(request.user),
            yes_no={True: _("Yes"), False: _("No")},
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "output": getattr(self, "output", Output())}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Records, names and counts: no browser, proxy or shared device keeps a copy.
        patch_cache_control(response, no_store=True, private=True)
        response.headers["Content-Language"] = translation.get_language()
        return response


class PersonalReadMixin:
    """Endpoints whose responses hold personal fields (respondents, researchers, notes): each
    list and detail read goes through `audit_read`, the one hook of the audit trail."""

    audit_what = ""

    def audit_read(
        self, request, *, count: int, filters: dict, record_id=None, applied=None
    ) -> None:
        audit.record_api_read(
            request,
            what=self.audit_what,
            filters=filters,
            applied=applied,
            names=self.output.names,
            count=count,
            record_id=record_id,
        )
