"""Drafts, submit validation, skip logic without JavaScript, actors, read-only after submit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fieldwork.models import Status
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Observation
from observations.spec import OBSERVATION

from .factories import CentreFactory, InterviewFactory, ObservationFactory
from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db

INSTRUMENTS = [
    ("interviews", INTERVIEW, Interview),
    ("observations", OBSERVATION, Observation),
]
IDS = ["interview", "observation"]


def new_url(ns, centre):
    return f"{reverse(f'{ns}:new')}?centre={centre.pk}"


@pytest.mark.parametrize(("ns", "spec", "model"), INSTRUMENTS, ids=IDS)
def test_complete_form_submits_and_every_answer_reads_back(
    researcher_client, researcher, centre, ns, spec, model
):
    actors = [
        {"actor_name": "Procuraduría de Protección", "actor_sector": "state"},
        {"actor_name": "ACNUR", "actor_sector": "international_org"},
    ]
    data = complete_payload(spec, centre, actors=actors)
    response = researcher_client.post(new_url(ns, centre), data)
    record = model.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.status == Status.SUBMITTED
    assert record.submitted_at is not None
    assert record.interviewer == researcher

    page = researcher_client.get(record.get_absolute_url()).content.decode()
    for item in spec.items:
        assert str(item.label) in page, item.code
        if item.notes:
            assert f"Notes on {item.code}" in page
        if item.type == "text":
            assert f"Answer to {item.code}" in page
        if item.type in ("single", "multi"):
            assert str(item.options[0].label) in page
    if ns == "interviews":
        assert [a.actor_name for a in record.coordination_actors.all()] == [
            "Procuraduría de Protección",
            "ACNUR",
        ]
        assert "ACNUR (International organisation)" in page


@pytest.mark.parametrize(("ns", "spec", "model"), INSTRUMENTS, ids=IDS)
def test_draft_saves_partial_answers_and_comes_back(researcher_client, centre, ns, spec, model):
    data = {"action": "save", "centre": centre.pk, "place": "Villahermosa", **actor_management()}
    response = researcher_client.post(new_url(ns, centre), data)
    record = model.objects.get()
    assert response["Location"] == record.get_edit_url()
    assert record.status == Status.DRAFT
    page = researcher_client.get(record.get_edit_url()).content.decode()
    assert 'value="Villahermosa"' in page

    data["place"] = "Centro, Tabasco"
    researcher_client.post(record.get_edit_url(), data)
    record.refresh_from_db()
    assert record.place == "Centro, Tabasco"
    assert model.objects.count() == 1


@pytest.mark.parametrize(("ns", "spec", "model"), INSTRUMENTS, ids=IDS)
def test_failed_submit_lists_every_problem_and_keeps_what_was_typed(
    researcher_client, centre, ns, spec, model
):
    data = {
        "action": "submit",
        "centre": centre.pk,
        "place": "Lugar escrito a mano",
        **actor_management(),
    }
    response = researcher_client.post(new_url(ns, centre), data)
    assert response.status_code == 200
    # Refused as a submission, kept as a draft (issue 15, item 5): the page says so.
    draft = model.objects.get()
    assert draft.status == Status.DRAFT and draft.place == "Lugar escrito a mano"
    page = response.content.decode()
    assert 'value="Lugar escrito a mano"' in page
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index("error-summary"))
    ]
    assert "Your draft is saved. Only the submission is waiting" in summary
    required = [i for i in spec.items if i.required and i.relevant is None and i.has_column]
    required = [i for i in required if i.type not in ("centre", "user") and i.code != "place"]
    for item in required:
        assert f'href="#div_id_{item.code}"' in summary, item.code
    assert page.count("Answer this question before submitting.") >= 2 * len(required)


def test_submit_requires_consent_for_testimony(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre)
    data["consent_testimony"] = "False"
    response = researcher_client.post(new_url("interviews", centre), data)
    assert response.status_code == 200
    assert Interview.objects.get().status == Status.DRAFT  # kept as a draft, not submitted
    assert "only be submitted when authorisation for the testimony" in response.content.decode()


def test_draft_can_be_saved_without_consent(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre, action="save")
    data["consent_testimony"] = "False"
    researcher_client.post(new_url("interviews", centre), data)
    assert Interview.objects.get().consent_testimony is False


@pytest.mark.parametrize(
    ("ns", "spec", "field", "value"),
    [
        ("observations", OBSERVATION, "expected_capacity", "-1"),
        ("observations", OBSERVATION, "people_present", "-3"),
        ("observations", OBSERVATION, "approx_size_m2", "-20.5"),
        ("observations", OBSERVATION, "approx_size_m2", "mucho"),
        ("observations", OBSERVATION, "visit_date", "2022-13-45"),
        ("observations", OBSERVATION, "visit_date", "2099-12-31"),
        ("interviews", INTERVIEW, "visit_date", "2099-12-31"),
        ("observations", OBSERVATION, "expected_capacity", "10001"),
        ("observations", OBSERVATION, "people_present", "250000"),
        ("interviews", INTERVIEW, "resources_available", "made_up"),
        ("interviews", INTERVIEW, "has_care_model", "maybe"),
    ],
)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_bad_values_are_refused_at_their_field(
    researcher_client, centre, ns, spec, field, value, action
):
    data = complete_payload(spec, centre, action=action)
    data[field] = value
    response = researcher_client.post(new_url(ns, centre), data)
    assert response.status_code == 200
    assert spec.item(field) and response.context["form"].errors.get(field)
    assert not Interview.objects.exists() and not Observation.objects.exists()
    assert 'value="Answer to place"' in response.content.decode()


@pytest.mark.parametrize(("ns", "spec", "model"), INSTRUMENTS, ids=IDS)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_visit_date_after_today_is_refused_in_spanish(
    researcher_client, centre, ns, spec, model, action
):
    today = timezone.localdate()  # in the site's time zone, not the server's
    data = complete_payload(spec, centre, action=action)
    data["visit_date"] = (today + datetime.timedelta(days=1)).isoformat()
    response = researcher_client.post(new_url(ns, centre), data, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200 and not model.objects.exists()
    assert response.context["form"].errors["visit_date"] == [
        "Esta fecha es futura: escriba la fecha de la visita."
    ]
    assert f'max="{today.isoformat()}"' in response.content.decode()
    data["visit_date"] = today.isoformat()  # today is fine
    researcher_client.post(new_url(ns, centre), data)
    assert model.objects.get().visit_date == today


def test_a_count_of_people_may_reach_the_maximum(researcher_client, centre):
    data = complete_payload(OBSERVATION, centre)
    data.update(expected_capacity="10000", people_present="10000")
    researcher_client.post(new_url("observations", centre), data)
    assert Observation.objects.get().people_present == 10000


def test_over_capacity_is_allowed(researcher_client, centre):
    data = complete_payload(OBSERVATION, centre)
    data.update(expected_capacity="20", people_present="35")
    researcher_client.post(new_url("observations", centre), data)
    assert Observation.objects.get().over_capacity is True


@pytest.mark.parametrize(
    ("spec", "ns", "model", "controller", "dependent"),
    [
        (INTERVIEW, "interviews", Interview, "has_care_model", "model_adapted"),
        (OBSERVATION, "observations", Observation, "has_dormitories", "dormitories_divided"),
        (OBSERVATION, "observations", Observation, "has_toilets_showers", "toilets_divided"),
    ],
)
def test_skip_logic_on_the_server(
    researcher_client, centre, spec, ns, model, controller, dependent
):
    # The controller says No: the dependent answer is cleared and not required.
    data = complete_payload(spec, centre)
    data[controller] = "False"
    data[dependent] = "True"
    data[f"{dependent}_notes"] = "should be cleared"
    researcher_client.post(new_url(ns, centre), data)
    record = model.objects.get()
    assert record.status == Status.SUBMITTED
    assert getattr(record, dependent) is None
    assert getattr(record, f"{dependent}_notes") == ""

    # The controller says Yes: the dependent item is required on submit.
    data = complete_payload(spec, centre)
    data.pop(dependent)
    response = researcher_client.post(new_url(ns, centre), data)
    assert response.status_code == 200
    assert dependent in response.context["form"].errors
    assert model.objects.filter(status=Status.SUBMITTED).count() == 1


def test_skip_logic_markup_for_the_browser(researcher_client, centre):
    page = researcher_client.get(new_url("interviews", centre)).content.decode()
    assert (
        'data-item="model_adapted" data-relevant-code="has_care_model" data-relevant-value="True"'
        in page
    )
    assert "js/record-form.js" in page


def test_actors_are_added_and_removed(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre, action="save")
    data.update(
        actor_management(
            [
                {"actor_name": "DIF municipal", "actor_sector": "municipal"},
                {"actor_name": "Red local", "actor_sector": "networks"},
            ]
        )
    )
    researcher_client.post(new_url("interviews", centre), data)
    interview = Interview.objects.get()
    first, second = interview.coordination_actors.all()

    data.update(
        actor_management(
            [
                {"id": first.pk, "actor_name": "DIF municipal", "actor_sector": "municipal"},
                {
                    "id": second.pk,
                    "actor_name": "Red local",
                    "actor_sector": "networks",
                    "DELETE": "on",
                },
                {"actor_name": "Academia local", "actor_sector": "academia"},
            ],
            initial=2,
        )
    )
    researcher_client.post(interview.get_edit_url(), data)
    names = list(interview.coordination_actors.values_list("actor_name", flat=True))
    assert names == ["DIF municipal", "Academia local"]


def test_actor_row_without_sector_is_refused_and_kept(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre, action="save")
    data.update(actor_management([{"actor_name": "Sin sector"}]))
    response = researcher_client.post(new_url("interviews", centre), data)
    assert response.status_code == 200
    assert not Interview.objects.exists()
    page = response.content.decode()
    assert 'value="Sin sector"' in page
    assert "error-summary" in page


@pytest.mark.parametrize(
    ("factory", "ns"), [(InterviewFactory, "interviews"), (ObservationFactory, "observations")]
)
def test_submitted_record_is_read_only_for_its_researcher(
    researcher_client, researcher, factory, ns
):
    record = factory(interviewer=researcher, status=Status.SUBMITTED, place="Original")
    response = researcher_client.get(record.get_edit_url())
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    response = researcher_client.post(
        record.get_edit_url(), {"action": "save", "centre": record.centre_id, "place": "Changed"}
    )
    record.refresh_from_db()
    assert record.place == "Original"
    assert (
        "Edit"
        not in researcher_client.get(record.get_absolute_url())
        .content.decode()
        .split("</h1>")[1]
        .split("card")[0]
    )


def test_interviewer_cannot_be_forged(researcher_client, researcher, other_researcher, centre):
    data = complete_payload(INTERVIEW, centre, action="save")
    data["interviewer"] = other_researcher.pk
    researcher_client.post(new_url("interviews", centre), data)
    assert Interview.objects.get().interviewer == researcher


def test_new_form_preselects_the_centre(researcher_client, centre):
    response = researcher_client.get(new_url("interviews", centre))
    assert response.context["form"]["centre"].value() == centre.pk
    assert "data-centre-notice" not in response.content.decode()


STALE_NOTICE = {
    "en": "The centre in the link you followed was not found in the registry",
    "es": "El centro del enlace que siguió no se encontró en el registro",
}


@pytest.mark.parametrize("ns", ["interviews", "observations"])
@pytest.mark.parametrize("value", ["abc", "99999", "1.5", "9" * 30, " "])
def test_a_link_naming_no_centre_opens_the_form_with_the_picker_and_why(
    researcher_client, centre, ns, value
):
    response = researcher_client.get(f"{reverse(f'{ns}:new')}?centre={value}")
    body = response.content.decode()
    assert response.status_code == (200 if value == " " else 404)
    assert 'id="record-form"' in body and "data-centre-picker" in body
    assert "data-centre-id" not in body  # no centre chosen: the researcher picks it
    assert response.context["form"]["centre"].value() is None
    if value != " ":
        assert STALE_NOTICE["en"] in body
        # Beside the centre box, read out with it.
        assert 'id="id_centre_notice" data-centre-notice' in body
        assert 'aria-describedby="id_centre_notice id_centre_hint"' in body


def test_the_stale_link_notice_is_in_the_users_language(researcher_client, centre):
    response = researcher_client.get("/interviews/new/?centre=abc", HTTP_ACCEPT_LANGUAGE="es")
    assert STALE_NOTICE["es"] in response.content.decode()


@pytest.mark.parametrize("ns", ["interviews", "observations"])
def test_a_link_naming_an_inactive_centre_says_so(researcher_client, ns):
    closed = CentreFactory(name="Casa Cerrada", active=False)
    response = researcher_client.get(f"{reverse(f'{ns}:new')}?centre={closed.pk}")
    body = response.content.decode()
    assert response.status_code == 404 and 'id="record-form"' in body
    assert "“Casa Cerrada”, is inactive in the registry" in body
    assert response.context["form"]["centre"].value() is None


def test_saving_from_a_stale_link_keeps_everything_typed(researcher_client, centre):
    # The form posts to its own address, the stale query included: never a 404 that loses it.
    url = f"{reverse('interviews:new')}?centre=abc"
    data = {"action": "save", "centre": str(centre.pk), "place": "Tenosique",
            **actor_management()}  # fmt: skip
    response = researcher_client.post(url, data)
    assert response.status_code == 302
    saved = Interview.objects.get()
    assert (saved.centre, saved.place) == (centre, "Tenosique")
    # Refused (no centre chosen yet): the form again, with what was typed.
    data = {"action": "save", "centre": "", "place": "Balancán", **actor_management()}
    response = researcher_client.post(url, data)
    assert response.status_code == 200
    assert 'value="Balancán"' in response.content.decode()
    assert Interview.objects.count() == 1
