"""Load the demo: the five centres, one user per role and a few sample submissions.

`--language es` (the default) or `en`: the language of what the demo's researcher "typed" and
of the centre names; the interface follows each user's own language choice either way.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from centres.models import Centre
from fieldwork.models import Status
from interviews.models import Interview
from observations.models import Observation

#: username, role (None for the admin), password. Demo only: refused with DEBUG off.
DEMO_USERS = [
    ("researcher", Role.RESEARCHER, "demo-researcher-2026"),
    ("coordinator", Role.COORDINATOR, "demo-coordinator-2026"),
    ("analyst", Role.ANALYST, "demo-analyst-2026"),
    ("admin", None, "demo-admin-2026"),
]


#: What the demo's people typed, in each language the demo can be loaded in.
TYPED = {
    "es": {
        "centres": {
            1: "Aldeas Infantiles SOS",
            2: "Centro de Asistencia Social Celia González de Rovirosa",
            3: "Centro de Asistencia Social para niñas, niños y adolescentes migrantes acompañados",
            4: "Albergue para niñas, niños y adolescentes del DIF estatal",
            5: "Albergue Municipal Aldea Meced",
        },
        "first_names": {
            "researcher": "Investigadora",
            "coordinator": "Coordinadora",
            "analyst": "Analista",
            "admin": "Administración",
        },
        "respondent_name": "Coordinadora del centro",
        "respondent_position": "Coordinadora",
        "social_worker": "Trabajadora social",
        "model_adapted_notes": "Se añadieron criterios de recepción para niñez migrante.",
        "main_challenges_notes": "La relación con las autoridades.",
        "actor_state": "Procuraduría estatal de protección",
        "review_comment": "Agregue el nombre de la persona entrevistada y las principales "
        "necesidades del centro.",
        "centre_profile": "Albergue del DIF estatal para niñas, niños y adolescentes.",
        "location": "Zona urbana, cerca del centro de la ciudad.",
        "construction_materials": "Concreto",
    },
    "en": {
        "centres": {},  # the registry's own names (fixtures/centres.json) are in English
        "first_names": {
            "researcher": "Researcher",
            "coordinator": "Coordinator",
            "analyst": "Analyst",
            "admin": "Admin",
        },
        "respondent_name": "Coordinator of the centre",
        "respondent_position": "Coordinator",
        "social_worker": "Social worker",
        "model_adapted_notes": "Reception criteria for migrant children added.",
        "main_challenges_notes": "Relationship with the authorities.",
        "actor_state": "State Child Protection Attorney",
        "review_comment": "Please add the respondent's name and the centre's main needs.",
        "centre_profile": "State DIF shelter for children and adolescents.",
        "location": "Urban area, near the city centre.",
        "construction_materials": "Concrete",
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

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on: it creates known passwords.")
        language = options["language"]
        self.typed = TYPED[language]
        with transaction.atomic():
            call_command("loaddata", "centres", verbosity=0)
            for pk, name in self.typed["centres"].items():
                Centre.objects.filter(pk=pk).update(name=name)
            users = {name: self._user(name, role, pw) for name, role, pw in DEMO_USERS}
            if not Interview.objects.exists():
                self._samples(users["researcher"], users["coordinator"])
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

    def _samples(self, researcher, coordinator):
        sos, tabasco, tenosique, xalapa = Centre.objects.filter(pk__in=[1, 2, 3, 4]).order_by("pk")
        submitted = Interview.objects.create(
            centre=sos,
            interviewer=researcher,
            visit_date=date(2022, 4, 20),
            place="Tuxtla Gutiérrez",
            respondent_name=self.typed["respondent_name"],
            respondent_position=self.typed["respondent_position"],
            consent_testimony=True,
            consent_recording=False,
            knows_laws=["lgdnna", "migration_law", "refugee_law"],
            knows_detention_prohibition=True,
            knows_protection_protocol=True,
            knows_cas_role=True,
            has_care_model=True,
            model_adapted=True,
            model_adapted_notes=self.typed["model_adapted_notes"],
            migrants_need_different_care=True,
            resources_available=["material", "human", "infrastructure"],
            special_situation_guidelines=True,
            main_needs=["economic"],
            main_challenges=["coordination"],
            main_challenges_notes=self.typed["main_challenges_notes"],
            successes=["care"],
            technical_support=["skills_training", "links_with_actors"],
            status=Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        submitted.coordination_actors.create(
            actor_name=self.typed["actor_state"], actor_sector="state"
        )
        submitted.coordination_actors.create(actor_name="UNICEF", actor_sector="international_org")
        Interview.objects.create(
            centre=tabasco,
            interviewer=researcher,
            visit_date=date(2022, 5, 3),
            place="Villahermosa",
            consent_testimony=True,
            knows_laws=["lgdnna"],
            knows_detention_prohibition=False,
        )
        Interview.objects.create(
            centre=tenosique,
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
        Observation.objects.create(
            centre=xalapa,
            interviewer=researcher,
            visit_date=date(2022, 5, 10),
            place="Xalapa",
            consent_photos=False,
            centre_profile=self.typed["centre_profile"],
            population_received=["mexican", "children_adolescents", "families"],
            duration_of_stay="under_3_months",
            location=self.typed["location"],
            easily_accessible=True,
            near_authorities=False,
            visibly_identifiable=False,
            access_obstacles=False,
            construction_type="house",
            construction_status="completed",
            construction_materials=self.typed["construction_materials"],
            approx_size_m2=450,
            property_tenure="owned",
            expected_capacity=30,
            people_present=34,
            has_reception_area=True,
            has_dormitories=True,
            dormitories_divided=True,
            has_toilets_showers=True,
            toilets_divided=True,
            has_kitchen=True,
            has_dining_area=True,
            has_recreation_area=True,
            has_washing_area=True,
            has_medical_area=True,
            has_psychological_area=True,
            has_social_work_area=True,
            has_legal_department=False,
            has_communications_area=False,
            status=Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
