"""The interview questionnaire (appendix 1), item by item as in INSTRUMENTS.md."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fieldwork.spec import (
    Condition,
    Instrument,
    Item,
    ItemType,
    Section,
    multi,
    options,
    single,
    text,
    yesno,
)

EXPLAIN = _("Explain")
KNOWN = _("Known")

RESOURCE_OPTIONS = options(
    ("material", _("Material")),
    ("human", _("Human")),
    ("infrastructure", _("Infrastructure")),
    ("economic", _("Economic")),
    ("other", pgettext_lazy("resources", "Other")),
)
CHALLENGE_OPTIONS = options(
    ("care", _("Care")),
    ("coordination", _("Coordination")),
    ("resources", _("Resources")),
    ("other", _("Other")),
)
ACTOR_SECTOR_OPTIONS = options(
    ("municipal", _("Municipal")),
    ("state", pgettext_lazy("actor sector", "State")),
    ("federal", _("Federal")),
    ("international_org", _("International organisation")),
    ("civil_society", _("Civil society organisation")),
    ("academia", _("Academia")),
    ("private_sector", _("Private sector")),
    ("networks", _("Networks")),
    ("public_human_rights", _("Public human rights organisation")),
    ("private", _("Private")),
)

#: The repeat group's own items (one row per coordination actor).
ACTOR_ITEMS = (
    text("actor_name", _("Name of actor")),
    single("actor_sector", _("Sector"), ACTOR_SECTOR_OPTIONS),
)

INTERVIEW = Instrument(
    code="interview",
    title=_("Interview questionnaire"),
    sections=(
        Section(
            "header",
            _("Interview"),
            (
                Item("visit_date", ItemType.DATE, _("Date")),
                text("place", _("Place")),
                Item("centre", ItemType.CENTRE, _("Name of CAS")),
                text("respondent_name", _("Name of respondent"), personal=True),
                text("respondent_position", _("Position")),
                Item("interviewer", ItemType.USER, _("Name of interviewer")),
                yesno(
                    "consent_testimony",
                    _("Authorisation for the testimony was given"),
                    notes=False,
                    help_text=_("The interview cannot be submitted without it."),
                ),
                yesno("consent_recording", _("Authorisation to record was given"), notes=False),
            ),
        ),
        Section(
            "K",
            _("Knowledge of the issue"),
            (
                multi(
                    "knows_laws",
                    _("Which of these laws do you know?"),
                    options(
                        ("lgdnna", _("General Law on the Rights of Children")),
                        ("migration_law", _("Migration Law")),
                        (
                            "refugee_law",
                            _("Law on Refugees, Complementary Protection and Political Asylum"),
                        ),
                    ),
                    required=False,
                    help_text=_("Leave all unticked if the respondent knows none of them."),
                ),
                yesno(
                    "knows_detention_prohibition",
                    _(
                        "Do you know that the law prohibits the detention of accompanied and "
                        "unaccompanied children and adolescents?"
                    ),
                    finding_yes=KNOWN,
                ),
                yesno(
                    "knows_protection_protocol",
                    _("Do you know of the Migrant Child Protection Protocol?"),
                    notes_label=EXPLAIN,
                    finding_yes=KNOWN,
                ),
                yesno(
                    "knows_cas_role",
                    _(
                        "Do you know what role the Social Assistance Centres play in the care "
                        "of migrant children and adolescents?"
                    ),
                    notes_label=EXPLAIN,
                    finding_yes=KNOWN,
                ),
            ),
        ),
        Section(
            "R",
            _("Resources"),
            (
                yesno(
                    "has_care_model",
                    _("Does the CAS have a care model, or a protocol for care or case management?"),
                    finding_yes=_("Care model"),
                ),
                yesno(
                    "model_adapted",
                    _(
                        "Has the model / protocol / programme changed or been adjusted for "
                        "the reception of migrant children and adolescents?"
                    ),
                    notes_label=EXPLAIN,
                    relevant=Condition("has_care_model", True),
                ),
                yesno(
                    "migrants_need_different_care",
                    _(
                        "Do you think that migrant children and adolescents require different "
                        "care to Mexican children?"
                    ),
                    notes_label=EXPLAIN,
                ),
                multi(
                    "resources_available",
                    _("What resources do you have to provide care?"),
                    RESOURCE_OPTIONS,
                    notes_label=EXPLAIN,
                ),
                yesno(
                    "special_situation_guidelines",
                    _(
                        "Are there guidelines or specific practices for certain situations "
                        "(anticipated release, family reunification in Mexico and/or the United "
                        "States, integration and/or independent living)?"
                    ),
                    notes_label=EXPLAIN,
                ),
            ),
        ),
        Section(
            "N",
            _("Identified needs"),
            (
                multi(
                    "main_needs",
                    _("What are the main needs for your work?"),
                    RESOURCE_OPTIONS,
                    notes_label=EXPLAIN,
                ),
                Item(
                    "coordination_actors",
                    ItemType.REPEAT,
                    _(
                        "With which actors do you coordinate the care of migrant children and "
                        "adolescents?"
                    ),
                    required=False,
                ),
                text(
                    "coordination_details",
                    _("Coordination details"),
                    long_text=True,
                    required=False,
                ),
                multi(
                    "main_challenges",
                    _(
                        "What are the main challenges for the care of accompanied and "
                        "unaccompanied migrant children and adolescents?"
                    ),
                    CHALLENGE_OPTIONS,
                    notes_label=EXPLAIN,
                ),
                multi(
                    "successes",
                    _(
                        "What successes can you identify in the care of accompanied and "
                        "unaccompanied children and adolescents?"
                    ),
                    CHALLENGE_OPTIONS,
                    notes_label=EXPLAIN,
                ),
                multi(
                    "technical_support",
                    _("Regarding technical support for your work, what would be most useful?"),
                    options(
                        ("information", _("Information")),
                        ("skills_training", _("Skills training")),
                        ("case_supervision", _("Case supervision")),
                        ("crisis_resolution", _("Crisis resolution")),
                        ("case_management", _("Case management")),
                        ("links_with_actors", _("Links with authorities or other actors")),
                    ),
                ),
            ),
        ),
    ),
)
