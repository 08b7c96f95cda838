"""HTML to PDF with WeasyPrint, fetching nothing from outside.

WeasyPrint lays out paged media from HTML and CSS (A4, running headers, page counters, table
headers repeated across pages) and embeds the fonts it uses; it needs Pango and HarfBuzz from
the system (Debian: libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz0b) and a font package
(fonts-dejavu-core), which `.ci/run` installs. It is imported on first use, so the rest of the
app runs without them.

The document may refer to `data:` URIs only (the photos are embedded so): any other URL, a
file path or an address on the network, is refused, so no report can read a server file or
call out.
"""

from django.template.loader import render_to_string
from PIL import ImageFile

#: The only URL scheme a document may use.
ALLOWED_SCHEMES = frozenset({"data"})


def weasyprint():
    """The WeasyPrint package, imported without its side effect on Pillow.

    Importing it sets Pillow's process-wide `ImageFile.LOAD_TRUNCATED_IMAGES`, which would make
    photo uploads accept truncated files (observations/photos.py refuses them). The report's
    images are our own complete JPEGs, so the setting is put back as it was.
    """
    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint as package
        import weasyprint.urls  # noqa: F401
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = strict
    return package


def local_only_fetcher():
    """WeasyPrint's fetcher, allowing `data:` URIs alone."""
    return weasyprint().urls.URLFetcher(allowed_protocols=ALLOWED_SCHEMES, allow_redirects=False)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    html = render_to_string(template, context, request=request)
    document = weasyprint().HTML(string=html, base_url=None, url_fetcher=local_only_fetcher())
    return document.write_pdf()
