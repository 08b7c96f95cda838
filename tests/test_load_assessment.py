"""`manage.py load_assessment`: the 2022 assessment as data, loaded once however often it runs."""

import copy
import io

import pytest
from django.core.management import CommandError, call_command

from assessment.services import DataSetError, load_assessment, read_data_set
from centres.models import Centre, Operator, Sector
from coding.models import CodedNote, NoteTheme
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


def coding():
    return (CodedNote.objects.count(), NoteTheme.objects.count())


#: Notes coded and themes given in the data set.
CODING = (
    sum(len(e.get("coding", [])) for e in read_data_set()["interviews"]),
    sum(len(c["themes"]) for e in read_data_set()["interviews"] for c in e.get("coding", [])),
)


def test_loads_the_five_centres_once(researcher):
    out = io.StringIO()
    call_command("load_assessment", "--interviewer", researcher.username, stdout=out)
    assert counts() == (5, 5, 8, 5)
    assert coding() == CODING
    assert "10 records created" in out.getvalue() or "10 registros creados" in out.getvalue()
    call_command("load_assessment", "--interviewer", researcher.username, stdout=out)
    call_command(
        "load_assessment", "--interviewer", researcher.username, "--language", "en", stdout=out
    )
    assert counts() == (5, 5, 8, 5)  # idempotent, in either language
    assert coding() == CODING
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


def test_notes_are_coded_by_the_coder_with_quotes_from_the_notes(researcher, coordinator):
    call_command(
        "load_assessment",
        "--interviewer",
        researcher.username,
        "--coder",
        coordinator.username,
        stdout=io.StringIO(),
    )
    assert set(CodedNote.objects.values_list("coder__username", flat=True)) == {"coordinator1"}
    note = CodedNote.objects.get(
        item="main_challenges", object_id=Interview.objects.get(centre__pk=1).pk
    )
    assert note.quote and note.quote in Interview.objects.get(centre__pk=1).main_challenges_notes
    assert set(note.themes.values_list("code", flat=True)) == {
        "relationship_with_authorities",
        "continuous_training",
        "organisational_sustainability",
    }
    # The coding is in the history, like any coding on the coding screen.
    assert CodedNote.history.count() == CodedNote.objects.count()


def test_a_coded_note_changed_since_is_kept(researcher, coordinator):
    load_assessment(interviewer=researcher, language="en")
    note = CodedNote.objects.filter(item="main_needs").first()
    note.note_themes.all().delete()
    load_assessment(interviewer=researcher, language="en")
    assert not note.note_themes.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"themes": ["no_such_theme"]}, "no theme no_such_theme"),
        ({"themes": ["training_asylum"], "item": "knows_cas_role"}, "no theme training_asylum"),
        ({"quote": {"es": "no está en la nota", "en": "not in the note"}}, "excerpt"),
        ({"item": "place"}, "not a codable"),
    ],
)
def test_coding_that_breaks_the_rules_loads_nothing(researcher, change, error):
    data = copy.deepcopy(read_data_set())
    data["interviews"][0]["coding"][0].update(change)
    with pytest.raises(DataSetError, match=error):
        load_assessment(interviewer=researcher, language="en", data=data)
    assert counts() == (0, 0, 0, 0) and coding() == (0, 0)


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


def test_new_centres_take_the_registry_keys_and_later_centres_follow(researcher):
    load_assessment(interviewer=researcher, language="en")
    assert dict(Centre.objects.values_list("pk", "name"))[1] == (
        "SOS Children's Villages (Aldeas Infantiles SOS)"
    )
    later = Centre.objects.create(
        name="A new centre", state="Chiapas", municipality="Tapachula", sector=Sector.PUBLIC,
        operator=Operator.STATE_DIF,
    )  # fmt: skip
    assert later.pk > 5
