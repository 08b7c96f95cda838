"""`manage.py load_assessment`: the 2022 assessment as data, loaded once however often it runs."""

import copy
import io

import pytest
from django.core.management import CommandError, call_command

from assessment.services import DataSetError, load_assessment, read_data_set
from centres.models import Centre, Operator, Sector
from fieldwork.models import Status
from interviews.models import CoordinationActor, Interview
from observations.models import Observation

pytestmark = pytest.mark.django_db


def counts():
    return (
        Centre.objects.count(),
        Interview.objects.count(),
        CoordinationActor.objects.count(),
        Observation.objects.count(),
    )


def test_loads_the_five_centres_once(researcher):
    out = io.StringIO()
    call_command("load_assessment", "--interviewer", researcher.username, stdout=out)
    assert counts() == (5, 5, 8, 5)
    assert "10 records created" in out.getvalue() or "10 registros creados" in out.getvalue()
    call_command("load_assessment", "--interviewer", researcher.username, stdout=out)
    call_command(
        "load_assessment", "--interviewer", researcher.username, "--language", "en", stdout=out
    )
    assert counts() == (5, 5, 8, 5)  # idempotent, in either language
    assert set(Interview.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    assert set(Observation.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    # Every record went through the form as submitted: complete, versioned, stamped.
    assert not Interview.objects.filter(submitted_at=None).exists()
    assert set(Interview.objects.values_list("version", flat=True)) == {1}
    sectors = dict(Centre.objects.values_list("name", "sector"))
    assert sorted(sectors.values()) == ["private", "private", "public", "public", "public"]
    # English after the last load; the centres were renamed, not added.
    assert Centre.objects.filter(name="Aldea Meced Municipal Shelter").exists()


def test_typed_answers_in_the_chosen_language(researcher):
    load_assessment(interviewer=researcher, language="es")
    sos = Interview.objects.get(centre__name="Aldeas Infantiles SOS")
    assert sos.technical_support_notes.startswith("Capacitación del equipo en el marco legal")
    assert sos.coordination_actors.filter(actor_name="Organización del Consorcio").exists()


def test_a_registry_centre_takes_the_sector_section_three_counts(researcher):
    # A registry loaded from the old fixture had the Celia González de Rovirosa centre public.
    celia = Centre.objects.create(
        name="Celia González de Rovirosa Social Assistance Centre",
        state="Tabasco",
        municipality="Villahermosa (Centro)",
        sector=Sector.PUBLIC,
        operator=Operator.STATE_DIF,
        capacity=55,
    )
    load_assessment(interviewer=researcher, language="en")
    celia.refresh_from_db()
    assert (celia.sector, celia.operator, celia.capacity) == ("private", "civil_society", 55)
    assert Centre.objects.count() == 5


def test_unknown_interviewer_is_refused(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("load_assessment", "--interviewer", "nobody")
    assert not Centre.objects.exists()


def test_a_record_that_breaks_the_rules_loads_nothing(researcher):
    data = copy.deepcopy(read_data_set())
    data["interviews"][2]["knows_cas_role"] = None  # required on submit
    with pytest.raises(DataSetError, match="knows_cas_role"):
        load_assessment(interviewer=researcher, data=data)
    assert counts() == (0, 0, 0, 0)
