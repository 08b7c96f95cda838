"""The plan and programme pages speak Spanish with every count agreeing: the plans catalogue
once declared three plural forms while translating two, so every plural fell back to English."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from centres.models import Sector
from plans.models import PlanAction

from .factories import CentreFactory

pytestmark = pytest.mark.django_db


def _action(centre, title, obsolete=False):
    return PlanAction.objects.create(centre=centre, area="coordination", priority="low",
                                     title=title, obsolete=obsolete)  # fmt: skip


@pytest.fixture
def plans():
    # Two public centres and one private one, three actions, two of them obsolete.
    first = CentreFactory(sector=Sector.PUBLIC)
    _action(first, "Visitar el DIF municipal", obsolete=True)
    _action(first, "Revisar el reglamento", obsolete=True)
    _action(CentreFactory(sector=Sector.PUBLIC), "Capacitar al personal")
    _action(CentreFactory(sector=Sector.PRIVATE), "Capacitar al personal")
    return first


def test_the_plan_page_says_its_obsolete_actions_in_spanish(client, coordinator, plans):
    client.force_login(coordinator)
    html = client.get(f"/centres/{plans.pk}/plan/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Los registros más recientes ya no piden 2 acciones: quedan marcadas como " in html
    assert "no longer called for" not in html


def test_the_programme_headline_is_spanish_and_agrees_in_number(client, coordinator, plans):
    client.force_login(coordinator)
    # Every round: these plans were written by hand, for centres with no record in any round.
    url = "/reports/plan/?round=all"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "3 centros con plan (2 públicos, 1 privado): 4 acciones, 2 obsoletas." in html
    assert "centres with a plan" not in html and " private)" not in html
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 centres with a plan (2 public, 1 private): 4 actions, 2 obsolete." in html


CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/es/LC_MESSAGES/django.po")) + [
    Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.po"
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_every_plural_is_translated_in_every_form_the_catalogue_declares(path):
    catalogue = polib.pofile(str(path))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    for entry in catalogue:
        if entry.msgid_plural and not entry.obsolete:
            filled = [k for k, text in entry.msgstr_plural.items() if text]
            assert len(filled) == forms, entry.msgid
