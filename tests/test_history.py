"""The history of changes a person can read (issue 15, item 3): times in the site's time zone
and the user's format, question labels, one entry per save session, removed rows named."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from fieldwork.models import Status
from interviews.models import CoordinationActor
from interviews.spec import INTERVIEW

from .factories import CoordinationActorFactory, InterviewFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)  # 12:30 in Mexico City (UTC-6)


def save(obj, user, when, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj._history_date = when
    obj.save()
    return obj


def history(user, url, language="en") -> list[str]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    page = client.get(url).content.decode()
    page = page[page.index('id="history"') :]
    return page.split("data-history-entry")[1:]


@pytest.fixture
def interview(centre, researcher):
    record = InterviewFactory.build(centre=centre, interviewer=researcher, place="Villahermosa")
    return save(record, researcher, T0)


def test_times_are_in_the_site_time_zone_and_the_language_format(interview, coordinator):
    save(interview, coordinator, T0 + timedelta(hours=2), status=Status.SUBMITTED,
         submitted_at=T0 + timedelta(hours=2))  # fmt: skip
    url = f"/interviews/{interview.pk}/"
    submitted, created = history(coordinator, url, "es")
    assert "20/11/2026 12:30" in created and "18:30" not in created
    assert 'datetime="2026-11-20T12:30:00-06:00"' in created
    # A time among the answers is local and formatted too, never the stored UTC value.
    assert "Enviado: <del>—</del> → <ins>20/11/2026 14:30</ins>" in submitted
    submitted, created = history(coordinator, url, "en")
    assert "20/11/2026 12:30 p.m." in created
    assert "Submitted: <del>—</del> → <ins>20/11/2026 2:30 p.m.</ins>" in submitted


def test_answers_are_named_by_their_question_labels(interview, coordinator, researcher):
    later = T0 + timedelta(hours=1)
    save(interview, researcher, later, knows_laws=["lgdnna"], knows_laws_notes="Ley general",
         consent_recording=False)  # fmt: skip
    actor = CoordinationActorFactory.build(
        interview=interview, actor_name="COMAR", actor_sector="federal"
    )
    save(actor, researcher, later)
    save(actor, coordinator, later + timedelta(hours=1), actor_sector="state")
    changed_actor, changed, _created = history(coordinator, f"/interviews/{interview.pk}/")
    for code in ("knows_laws", "consent_recording", "actor_sector", "actor_name"):
        assert code not in changed + changed_actor
    assert str(INTERVIEW.item("knows_laws").label) in changed
    assert f"{INTERVIEW.item('knows_laws').label} (notes)" in changed
    recording = INTERVIEW.item("consent_recording").label
    assert f"{recording}: <del>Not answered</del> → <ins>No</ins>" in changed
    assert "Coordination actor added: COMAR (Federal)" in changed
    sector = "Coordination actor (COMAR (State)) · Sector: <del>Federal</del> → <ins>State</ins>"
    assert sector in changed_actor


def test_one_entry_per_save_session(interview, researcher, coordinator):
    # Autosaves of one user a few seconds apart are one entry, old to new across the session.
    for minute, place in ((1, "Tenosique"), (2, "Tenosique, Tab."), (3, "Tenosique, Tabasco")):
        save(interview, researcher, T0 + timedelta(minutes=minute), place=place)
    # Another user's save ends the session; so does a pause of more than 30 minutes.
    save(interview, coordinator, T0 + timedelta(minutes=5), place="Tenosique (Tabasco)")
    save(interview, researcher, T0 + timedelta(minutes=6), respondent_position="Directora")
    save(interview, researcher, T0 + timedelta(minutes=40), respondent_position="Coordinadora")
    entries = history(coordinator, f"/interviews/{interview.pk}/")
    assert len(entries) == 4
    paused, after_other, other, first = entries
    assert "Interview created" in first and "(4 saves)" in first
    assert "20/11/2026 12:30 p.m.</time>–<time" in first and ">12:33 p.m.<" in first
    assert "<del>Villahermosa</del> → <ins>Tenosique, Tabasco</ins>" in first
    assert "Tenosique, Tab.<" not in first  # the steps between are not listed
    assert "Interview changed" in other and coordinator.get_full_name() in other
    assert "<del>Directora</del> → <ins>Coordinadora</ins>" in paused
    assert "<del>—</del> → <ins>Directora</ins>" not in paused
    assert "saves)" not in paused


def test_a_removed_row_says_which_row(interview, researcher, coordinator):
    kept = CoordinationActorFactory.build(interview=interview, actor_name="COMAR",
                                          actor_sector="federal")  # fmt: skip
    save(kept, researcher, T0)
    gone = save(CoordinationActorFactory.build(interview=interview, actor_name="DIF estatal",
                                               actor_sector="state"), researcher, T0)  # fmt: skip
    gone._history_user = coordinator
    gone._history_date = T0 + timedelta(hours=1)
    gone.delete()
    removed, _created = history(coordinator, f"/interviews/{interview.pk}/")
    assert "Coordination actor deleted" in removed
    assert "Coordination actor removed: DIF estatal (State)" in removed
    assert "COMAR" not in removed
    assert not CoordinationActor.objects.filter(actor_name="DIF estatal").exists()
    removed, _created = history(coordinator, f"/interviews/{interview.pk}/", "es")
    assert "DIF estatal (Estatal)" in removed
