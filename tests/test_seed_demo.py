import io

import pytest
from django.core.management import CommandError, call_command

from centres.models import Centre
from fieldwork.models import Round, Status
from interviews.models import Interview
from observations.models import Observation

pytestmark = pytest.mark.django_db


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Centre.objects.exists()


def test_loads_centres_users_samples_and_prints_logins(settings, capsys, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    out = capsys.readouterr().out
    assert Centre.objects.count() == 5
    # The 2022 assessment (one interview and one observation per centre), its follow-up round
    # (as many, submitted) and two samples.
    baseline, follow_up = Round.objects.order_by("starts_on")
    names = {"es": ("Línea de base 2022", "Seguimiento 2026"),
             "en": ("2022 baseline", "2026 follow-up")}[settings.LANGUAGE_CODE[:2]]  # fmt: skip
    assert (baseline.name, follow_up.name) == names
    assert (baseline.is_open, follow_up.is_open) == (False, True)
    for round in (baseline, follow_up):
        assert Interview.objects.filter(status=Status.SUBMITTED, round=round).count() == 5
        assert Observation.objects.filter(status=Status.SUBMITTED, round=round).count() == 5
    assert Interview.objects.filter(status=Status.DRAFT, round=baseline).count() == 1
    returned = Interview.objects.get(status=Status.RETURNED)
    assert returned.review_comment and returned.reviewed_by.username == "coordinator"
    assert set(Interview.objects.values_list("interviewer__username", flat=True)) == {"researcher"}
    for username, password, landing in [
        ("researcher", "demo-researcher-2026", "/my-work/"),
        ("coordinator", "demo-coordinator-2026", "/review/"),
        ("analyst", "demo-analyst-2026", "/reports/"),
        ("admin", "demo-admin-2026", "/review/"),
    ]:
        assert f"{username}" in out and password in out
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == landing
        client.post("/accounts/logout/")


@pytest.mark.parametrize(
    ("language", "centre_name", "comment_start", "loaded", "typed"),
    [
        ("es", "Aldeas Infantiles SOS", "Agregue el nombre", "Datos de demostración cargados",
         "La relación con las autoridades"),
        ("en", "SOS Children's Villages (Aldeas Infantiles SOS)", "Please add", "Demo data loaded",
         "The relationship with the authorities"),
    ],
)  # fmt: skip
def test_demo_in_each_language(
    settings, capsys, language, centre_name, comment_start, loaded, typed
):
    settings.DEBUG = True
    call_command("seed_demo", "--language", language)
    assert Centre.objects.get(pk=1).name == centre_name
    assert Interview.objects.get(status=Status.RETURNED).review_comment.startswith(comment_start)
    assert loaded in capsys.readouterr().out
    baseline = Round.objects.order_by("starts_on").first()
    sos = Interview.objects.get(centre__pk=1, status=Status.SUBMITTED, round=baseline)
    assert sos.main_challenges_notes.startswith(typed)


def test_demo_without_the_assessment(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-assessment", stdout=io.StringIO())
    assert Centre.objects.count() == 5
    assert not Interview.objects.filter(status=Status.SUBMITTED).exists()
    assert not Observation.objects.exists()
    assert Interview.objects.count() == 2  # the draft and the returned sample
