"""Spanish as written in Mexico: Django's es_MX formats for the app's single Spanish."""

from django.conf.locale.es_MX.formats import *  # noqa: F403
