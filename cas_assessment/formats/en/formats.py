"""English as the assessment was published: British formats (24/11/2026)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
