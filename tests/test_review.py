"""Review workflow (submit, return with a comment, resubmit, approve) and the audit trail."""

import pytest
from django.test import Client

from fieldwork import services
from fieldwork.models import Status
from interviews.models import Interview
from interviews.spec import INTERVIEW

from .factories import InterviewFactory, ObservationFactory
from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_return_resubmit_approve_cycle(centre, researcher, coordinator):
    writer, reviewer = logged_in(researcher), logged_in(coordinator)

    # The researcher submits a complete interview with one actor.
    payload = complete_payload(
        INTERVIEW, centre, actors=[{"actor_name": "DIF Estatal", "actor_sector": "state"}]
    )
    response = writer.post("/interviews/new/", payload)
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.status == Status.SUBMITTED

    # It waits in the coordinator's queue.
    queue = reviewer.get("/review/").content.decode()
    assert f"/interviews/{interview.pk}/" in queue

    # Returning without a comment is refused at the field; nothing changes.
    response = reviewer.post(
        f"/interviews/{interview.pk}/review/", {"decision": "return", "version": interview.version}
    )
    assert response.status_code == 400
    assert "say what needs to change" in response.content.decode().lower()
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED

    comment = "Falta el número de personas atendidas en 2021."
    response = reviewer.post(
        f"/interviews/{interview.pk}/review/",
        {"decision": "return", "comment": comment, "version": interview.version},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.RETURNED
    assert interview.reviewed_by == coordinator
    assert interview.reviewed_at is not None
    assert interview.review_comment == comment
    assert f"/interviews/{interview.pk}/" not in reviewer.get("/review/").content.decode()

    # Back to its researcher: the comment shows on the form, which is editable again.
    form_page = writer.get(f"/interviews/{interview.pk}/edit/")
    assert form_page.status_code == 200
    assert comment in form_page.content.decode()

    payload["respondent_position"] = "Coordinadora general"
    payload.update(
        actor_management(
            [{"id": interview.coordination_actors.get().pk, "actor_name": "DIF Estatal",
              "actor_sector": "state"}],
            initial=1,
        )
    )  # fmt: skip
    response = writer.post(f"/interviews/{interview.pk}/edit/", payload)
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED
    assert interview.respondent_position == "Coordinadora general"
    assert Interview.objects.count() == 1

    # Approved, it is read-only for everybody and leaves the queue.
    response = reviewer.post(
        f"/interviews/{interview.pk}/review/",
        {"decision": "approve", "version": interview.version},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.APPROVED
    assert writer.get(f"/interviews/{interview.pk}/edit/").status_code == 302
    assert "Nothing awaits review." in reviewer.get("/review/").content.decode()

    # The coordinator reads the whole story on the record's page.
    detail = reviewer.get(f"/interviews/{interview.pk}/").content.decode()
    assert "History of changes" in detail
    assert "Approved" in detail and "Returned for changes" in detail
    assert "Coordinadora general</ins>" in detail


def test_queue_lists_both_instruments_oldest_first(coordinator):
    first = ObservationFactory(status=Status.SUBMITTED)
    second = InterviewFactory(status=Status.SUBMITTED)
    InterviewFactory(status=Status.DRAFT)
    InterviewFactory(status=Status.APPROVED)
    Interview.objects.filter(pk=second.pk).update(submitted_at="2026-02-01T10:00Z")
    type(first).objects.filter(pk=first.pk).update(submitted_at="2026-01-15T10:00Z")
    page = logged_in(coordinator).get("/review/").content.decode()
    assert page.index(f"/observations/{first.pk}/") < page.index(f"/interviews/{second.pk}/")
    assert page.count("data-kind=") == 2


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.APPROVED])
def test_only_submitted_records_can_be_reviewed(status, coordinator):
    interview = InterviewFactory(status=status)
    with pytest.raises(services.ReviewError):
        services.approve(interview, reviewer=coordinator)
    with pytest.raises(services.ReviewError):
        services.return_for_changes(interview, reviewer=coordinator, comment="x")


def test_history_entry_per_edit_with_the_right_user(centre, researcher, coordinator):
    writer = logged_in(researcher)
    payload = {"action": "save", "centre": centre.pk, "place": "Villahermosa",
               **actor_management()}  # fmt: skip
    writer.post("/interviews/new/", payload)
    interview = Interview.objects.get()
    writer.post(f"/interviews/{interview.pk}/edit/", {**payload, "place": "Tenosique"})
    writer.post(
        f"/interviews/{interview.pk}/edit/",
        {**payload, "place": "Tenosique",
         **actor_management([{"actor_name": "COMAR", "actor_sector": "federal"}])},
    )  # fmt: skip
    logged_in(coordinator).post(
        f"/interviews/{interview.pk}/edit/", {**payload, "place": "Tenosique, Tabasco"}
    )

    history = list(interview.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~", "~", "~"]
    assert [h.history_user for h in history] == [researcher, researcher, researcher, coordinator]
    assert [h.place for h in history] == ["Villahermosa", "Tenosique", "Tenosique",
                                          "Tenosique, Tabasco"]  # fmt: skip
    actor_history = interview.coordination_actors.model.history.filter(interview_id=interview.pk)
    assert actor_history.get().history_user == researcher

    page = logged_in(coordinator).get(f"/interviews/{interview.pk}/").content.decode()
    # One entry per save session: the researcher's three saves (created, place changed, actor
    # added), then the coordinator's.
    assert page.count("data-history-entry") == 2
    assert "Villahermosa</del> → <ins>Tenosique</ins>" in page
    assert "Tenosique</del> → <ins>Tenosique, Tabasco</ins>" in page
    assert "Coordination actor added: COMAR (Federal)" in page
    # Researchers do not see the audit trail.
    assert "History of changes" not in writer.get(f"/interviews/{interview.pk}/").content.decode()


def test_centre_changes_are_in_its_history(centre, coordinator, researcher):
    centre.capacity = 40
    centre.save()
    page = logged_in(coordinator).get(f"/centres/{centre.pk}/").content.decode()
    assert "History of changes" in page
    assert "<ins>40</ins>" in page
    researcher_page = logged_in(researcher).get(f"/centres/{centre.pk}/").content.decode()
    assert "History of changes" not in researcher_page


def test_a_return_comment_is_capped_cleaned_of_control_characters_and_clamped_on_my_work(
    researcher, coordinator
):
    interview = InterviewFactory(interviewer=researcher, status=Status.SUBMITTED)
    reviewer = logged_in(coordinator)
    url = f"/interviews/{interview.pk}/review/"
    # Too long: refused beside the field, with the limit, nothing applied.
    response = reviewer.post(
        url, {"decision": "return", "comment": "x" * 3000, "version": interview.version}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The comment is too long: 3000 characters, at most 2000." in body
    assert 'maxlength="2000"' in body and "Up to 2,000 characters." in body
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED
    # A NUL is refused, as in every text answer; other control characters are dropped.
    response = reviewer.post(
        url, {"decision": "return", "comment": "Revise\x00.", "version": interview.version}
    )
    assert response.status_code == 400
    long = "Falta\x0bel dato. " + "Revise la sección de recursos y el número de personas. " * 34
    response = reviewer.post(
        url, {"decision": "return", "comment": long, "version": interview.version}
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.review_comment.startswith("Faltael dato. ")
    assert "\x0b" not in interview.review_comment and len(interview.review_comment) > 1800
    # My work shows the start of it and links to the record, where it is whole.
    page = logged_in(researcher).get("/my-work/").content.decode()
    shown = page[page.index("data-review-comment>") :]
    shown = shown[: shown.index("</div>")]
    assert len(shown) < 500
    assert f'href="/interviews/{interview.pk}/#review-note"' in shown
    record_page = logged_in(researcher).get(f"/interviews/{interview.pk}/").content.decode()
    assert interview.review_comment.strip()[-40:] in record_page
