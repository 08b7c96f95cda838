"""The themes section III of the assessment needs, each attached to the items whose notes or
open answers it codes (the interview's "Notes" / "Explain", `coordination_details`, and the
observation's profile and areas)."""

from django.db import migrations
from django.utils import timezone

TRAINING_ITEMS = ["main_needs", "main_challenges", "technical_support"]

THEMES = [
    (
        "continuous_training",
        "Capacitación continua de los equipos",
        "Continuous training of teams",
        "The team needs training that continues over time (staff rotation, new staff).",
        ["main_needs", "main_challenges", "technical_support", "successes"],
    ),
    (
        "organisational_sustainability",
        "Sostenibilidad de la organización",
        "Organisational sustainability",
        "Keeping the organisation running: funding over time, continuity of the team.",
        ["main_needs", "main_challenges", "resources_available"],
    ),
    (
        "relationship_with_authorities",
        "Relación con las autoridades",
        "Relationship with authorities",
        "Relationship with the authorities that protect children: Child Protection "
        "Attorneys, the INM, consulates, education authorities.",
        ["main_challenges", "successes", "coordination_details", "knows_cas_role"],
    ),
    (
        "lack_of_resources",
        "Falta de recursos económicos y humanos",
        "Lack of financial and human resources",
        "Too little money or staff for the minimal infrastructure, the staff required or the "
        "children's basic necessities.",
        ["has_care_model", "model_adapted", "resources_available", "main_needs",
         "main_challenges"],
    ),
    (
        "training_legal_framework",
        "Capacitación: marco jurídico",
        "Training: legal framework",
        "Training requested on legal issues: the laws on children, migration and refugees.",
        [*TRAINING_ITEMS, "knows_laws"],
    ),
    (
        "training_migrant_children",
        "Capacitación: situación de la niñez migrante",
        "Training: situation of migrant children",
        "Training requested on the situation of migrant children and adolescents.",
        [*TRAINING_ITEMS, "migrants_need_different_care"],
    ),
    (
        "training_protection_protocol",
        "Capacitación: Protocolo de Protección",
        "Training: the Protection Protocol",
        "Training requested on the Migrant Child Protection Protocol.",
        [*TRAINING_ITEMS, "knows_protection_protocol"],
    ),
    (
        "training_care",
        "Capacitación: recomendaciones para la atención",
        "Training: recommendations for care",
        "Training requested on how to care for migrant children and adolescents.",
        [*TRAINING_ITEMS, "model_adapted", "special_situation_guidelines"],
    ),
    (
        "training_regularisation",
        "Capacitación: regularización migratoria",
        "Training: immigration status regularisation",
        "Training requested on the procedures to regularise immigration status.",
        TRAINING_ITEMS,
    ),
    (
        "training_asylum",
        "Capacitación: procedimientos de asilo",
        "Training: asylum procedures",
        "Training requested on the procedures for asylum seekers.",
        TRAINING_ITEMS,
    ),
    (
        "support_in_kind",
        "Apoyo en especie recibido",
        "Support in kind received",
        "The centre receives support in kind (from a civil society organisation, say).",
        ["resources_available", "successes", "coordination_details", "technical_support"],
    ),
    (
        "financial_support_welcome",
        "Apoyo económico bienvenido",
        "Financial support welcomed",
        "The centre would welcome financial support or support in kind.",
        ["main_needs", "technical_support", "resources_available"],
    ),
    (
        "adequate_spaces",
        "Espacios adecuados y áreas especializadas",
        "Adequate spaces and specialised areas",
        "Adequate space, with areas for health, education, training, food and recreation.",
        ["resources_available", "main_needs", "centre_profile", "other_areas",
         "has_medical_area", "has_psychological_area", "has_recreation_area"],
    ),
    (
        "trained_multidisciplinary_team",
        "Equipo multidisciplinario capacitado",
        "Trained multidisciplinary team",
        "A trained, specialised multidisciplinary team (medical, psychological, social work, "
        "legal).",
        ["resources_available", "has_care_model", "successes", "main_needs", "centre_profile"],
    ),
]
FIELDS = ("code", "label_es", "label_en", "description", "items")


def ship(apps, schema_editor):
    Theme = apps.get_model("coding", "Theme")
    HistoricalTheme = apps.get_model("coding", "HistoricalTheme")
    now = timezone.now()
    for values in THEMES:
        data = dict(zip(FIELDS, values, strict=True))
        theme, created = Theme.objects.get_or_create(code=data["code"], defaults=data)
        if created:
            HistoricalTheme.objects.create(
                id=theme.pk,
                active=theme.active,
                history_date=now,
                history_type="+",
                history_change_reason="Section III of the assessment",
                **data,
            )


def unship(apps, schema_editor):
    Theme = apps.get_model("coding", "Theme")
    Theme.objects.filter(code__in=[t[0] for t in THEMES], notes__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("coding", "0001_themes_and_coded_notes")]
    operations = [migrations.RunPython(ship, unship)]
