"""A theme's description in both languages, like its label: `description` (the existing
text) is the English one; the shipped themes get their Spanish description (if nobody changed
the English one since)."""

import importlib

from django.db import migrations, models

# The shipped themes' English descriptions, as migration 0002 wrote them.
SHIPPED_EN = {
    theme[0]: theme[3]
    for theme in importlib.import_module("coding.migrations.0002_section_iii_themes").THEMES
}

SHIPPED_ES = {
    "continuous_training": "El equipo necesita capacitación que continúe en el tiempo "
    "(rotación de personal, personal nuevo).",
    "organisational_sustainability": "Mantener la organización en marcha: financiamiento en "
    "el tiempo, continuidad del equipo.",
    "relationship_with_authorities": "Relación con las autoridades que protegen a niñas, "
    "niños y adolescentes: Procuradurías de Protección, el INM, consulados, autoridades "
    "educativas.",
    "lack_of_resources": "Poco dinero o personal para la infraestructura mínima, el personal "
    "requerido o las necesidades básicas de niñas, niños y adolescentes.",
    "training_legal_framework": "Se solicita capacitación en temas jurídicos: las leyes sobre "
    "niñez, migración y refugio.",
    "training_migrant_children": "Se solicita capacitación sobre la situación de niñas, niños "
    "y adolescentes migrantes.",
    "training_protection_protocol": "Se solicita capacitación sobre el Protocolo de Protección "
    "de Niñas, Niños y Adolescentes Migrantes.",
    "training_care": "Se solicita capacitación sobre cómo atender a niñas, niños y adolescentes "
    "migrantes.",
    "training_regularisation": "Se solicita capacitación sobre los procedimientos para "
    "regularizar la situación migratoria.",
    "training_asylum": "Se solicita capacitación sobre los procedimientos para solicitantes de "
    "asilo.",
    "support_in_kind": "El centro recibe apoyo en especie (de una organización de la sociedad "
    "civil, por ejemplo).",
    "financial_support_welcome": "Al centro le vendría bien apoyo económico o en especie.",
    "adequate_spaces": "Espacio adecuado, con áreas de salud, educación, capacitación, "
    "alimentación y recreación.",
    "trained_multidisciplinary_team": "Un equipo multidisciplinario capacitado y "
    "especializado (médico, psicológico, de trabajo social, jurídico).",
}


def describe_in_spanish(apps, schema_editor):
    Theme = apps.get_model("coding", "Theme")
    for theme in Theme.objects.filter(code__in=SHIPPED_ES, description_es=""):
        if theme.description == SHIPPED_EN[theme.code]:
            theme.description_es = SHIPPED_ES[theme.code]
            theme.save(update_fields=["description_es"])


class Migration(migrations.Migration):
    dependencies = [("coding", "0003_note_digest")]

    operations = [
        migrations.AlterField(
            "theme",
            "description",
            models.TextField(blank=True, verbose_name="description in English"),
        ),
        migrations.AlterField(
            "historicaltheme",
            "description",
            models.TextField(blank=True, verbose_name="description in English"),
        ),
        migrations.AddField(
            "theme",
            "description_es",
            models.TextField(blank=True, verbose_name="description in Spanish"),
        ),
        migrations.AddField(
            "historicaltheme",
            "description_es",
            models.TextField(blank=True, verbose_name="description in Spanish"),
        ),
        migrations.RunPython(describe_in_spanish, migrations.RunPython.noop),
    ]
