"""Load the demo: the five centres, one user per role, the 2022 assessment, a follow-up round
and two samples.

The assessment (the five centres' interviews, observations and coded notes, `manage.py
load_assessment`) is loaded in the 2022 round, and a small follow-up round after it
(`assessment/followup.py`), unless `--no-assessment`; the samples are a draft and an interview
returned for changes. `--language es` (the default) or `en`: the language of what the demo's
researcher "typed" and of the centre names; the interface follows each user's own language
choice either way.
"""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from assessment.followup import demo_action_done, follow_up_round, load_follow_up
from assessment.services import load_assessment, load_registry
from fieldwork.models import INITIAL_ROUND_NAME, Round, Status, default_round
from interviews.models import Interview

#: username, role (None for the admin), password. Demo only: refused with DEBUG off.
DEMO_USERS = [
    ("researcher", Role.RESEARCHER, "demo-researcher-2026"),
    ("coordinator", Role.COORDINATOR, "demo-coordinator-2026"),
    ("analyst", Role.ANALYST, "demo-analyst-2026"),
    ("admin", None, "demo-admin-2026"),
]


#: The samples' uids: loading the demo again does not add them twice.
DRAFT_UID = uuid.UUID("5ec7100e-2022-4000-8000-000000000901")
RETURNED_UID = uuid.UUID("5ec7100e-2022-4000-8000-000000000902")

#: What the demo's people typed, in each language the demo can be loaded in (the centre names
#: and the assessment's answers are in the data set, assessment/data/assessment_2022.json).
TYPED = {
    "es": {
        "first_names": {
            "researcher": "Investigadora",
            "coordinator": "Coordinadora",
            "analyst": "Analista",
            "admin": "Administración",
        },
        "social_worker": "Trabajadora social",
        "review_comment": "Agregue el nombre de la persona entrevistada y las principales "
        "necesidades del centro.",
    },
    "en": {
        "first_names": {
            "researcher": "Researcher",
            "coordinator": "Coordinator",
            "analyst": "Analyst",
            "admin": "Admin",
        },
        "social_worker": "Social worker",
        "review_comment": "Please add the respondent's name and the centre's main needs.",
    },
}


class Command(BaseCommand):
    help = "Load demo centres, users and sample submissions (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=sorted(TYPED),
            default=settings.LANGUAGE_CODE,
            help="Language of the demo's typed answers and centre names (default: %(default)s).",
        )
        parser.add_argument(
            "--no-assessment",
            action="store_true",
            help="Do not load the 2022 assessment (centres and users only, and the samples).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates known passwords.")
        language = options["language"]
        self.typed = TYPED[language]
        with transaction.atomic():
            centres = load_registry(language)
            users = {name: self._user(name, role, pw) for name, role, pw in DEMO_USERS}
            baseline = Round.objects.first() or default_round()
            if language == "en" and baseline.name == INITIAL_ROUND_NAME:
                baseline.name = "2022 baseline"  # the data migration names it in Spanish
                baseline.save(update_fields=["name"])
            if not options["no_assessment"]:
                load_assessment(
                    interviewer=users["researcher"],
                    coder=users["coordinator"],
                    language=language,
                    round=baseline,
                )
            self._samples(centres, users["researcher"], users["coordinator"], baseline)
            if not options["no_assessment"]:
                # A small follow-up round, so that what changed at the centres shows: new
                # records go to it, and the baseline is closed.
                follow_up = follow_up_round(language)
                demo_action_done(centres["veracruz_state"])
                load_follow_up(follow_up, users["researcher"])
                Round.objects.filter(pk=baseline.pk).update(is_open=False)
        with translation.override(language):
            self.stdout.write(
                self.style.SUCCESS(_("Demo data loaded. Logins (username / password):"))
            )
            for name, role, password in DEMO_USERS:
                role_name = role.label if role else _("admin (superuser)")
                self.stdout.write(f"  {name:<12} {password:<24} {role_name}")

    def _user(self, username, role, password):
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=username)
        user.first_name = self.typed["first_names"][username]
        user.last_name = "Demo"
        user.set_password(password)
        user.is_staff = user.is_superuser = role is None
        user.save()
        if role is not None:
            user.groups.set([Group.objects.get(name=role.value)])
        return user

    def _samples(self, centres, researcher, coordinator, round):
        """A draft and an interview returned for changes (not counted in the results)."""
        if not Interview.objects.filter(uid=DRAFT_UID).exists():
            Interview.objects.create(
                uid=DRAFT_UID,
                round=round,
                centre=centres["celia"],
                interviewer=researcher,
                visit_date=date(2022, 5, 3),
                place="Villahermosa",
                consent_testimony=True,
                knows_laws=["lgdnna"],
                knows_detention_prohibition=False,
            )
        if not Interview.objects.filter(uid=RETURNED_UID).exists():
            Interview.objects.create(
                uid=RETURNED_UID,
                round=round,
                centre=centres["tabasco_migrant"],
                interviewer=researcher,
                visit_date=date(2022, 5, 6),
                place="Tenosique",
                respondent_position=self.typed["social_worker"],
                consent_testimony=True,
                knows_laws=["lgdnna", "migration_law"],
                knows_detention_prohibition=True,
                status=Status.RETURNED,
                submitted_at=timezone.now(),
                reviewed_by=coordinator,
                reviewed_at=timezone.now(),
                review_comment=self.typed["review_comment"],
            )
