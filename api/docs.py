"""The OpenAPI 3 schema (`/api/v1/schema/`) and the docs page (`/api/v1/docs/`, Swagger UI
from drf-spectacular-sidecar's files, served as our own static files: nothing is fetched from
elsewhere). Neither is open to anonymous requests."""

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.utils.decorators import method_decorator
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions

from .base import ApiMixin, HasRole


class SchemaView(ApiMixin, SpectacularAPIView):
    """The schema, for a token or the site's session: JSON, or YAML when asked for
    (`Accept: application/vnd.oai.openapi` or `?format=yaml`)."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


@method_decorator(
    # Swagger UI sets inline styles on its own elements (its scripts stay our own files).
    csp_update({"style-src": ["'unsafe-inline'"]}),
    name="dispatch",
)
class DocsView(SpectacularSwaggerSplitView):
    """The docs page, for people: an anonymous visitor goes to the login page like on every
    other page (the site's login redirect), and the page reads the schema with the session."""

    permission_classes = [permissions.IsAuthenticated, HasRole]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"

    @classmethod
    def as_view(cls, *args, **kwargs):
        # DRF marks its views as needing no login from the site's middleware; this one does.
        return login_required(super().as_view(*args, **kwargs))
