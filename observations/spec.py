"""The observation format (appendix 2), item by item as in INSTRUMENTS.md."""

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

#: More people than any CAS holds: a typing slip, not an answer.
MAX_PEOPLE = 10_000

OBSERVATION = Instrument(
    code="observation",
    title=_("Observation format"),
    sections=(
        Section(
            "header",
            _("Visit"),
            (
                Item("visit_date", ItemType.DATE, _("Date")),
                text("place", _("Place")),
                Item("centre", ItemType.CENTRE, _("Name of CAS")),
                Item("interviewer", ItemType.USER, _("Name of interviewer")),
                yesno(
                    "consent_photos",
                    _("Authorisation to take photographs was given"),
                    notes=False,
                ),
            ),
        ),
        Section(
            "profile",
            _("Profile of the CAS"),
            (
                text("centre_profile", _("Profile of the CAS"), long_text=True),
                multi(
                    "population_received",
                    _("Profile of population received"),
                    options(
                        ("mexican", _("Mexican")),
                        ("foreign_spanish_speakers", _("Foreigners, Spanish speakers")),
                        ("children_adolescents", _("Children / adolescents")),
                        ("families", _("Families")),
                        ("single_men", _("Single men")),
                        ("single_women", _("Single women")),
                        ("lgbtttiqa", _("LGBTTTIQA+")),
                        ("senior_citizens", _("Senior citizens")),
                        ("disabilities", _("People with disabilities")),
                        ("other", pgettext_lazy("population", "Other")),
                    ),
                ),
                single(
                    "duration_of_stay",
                    _("Duration of stay"),
                    options(
                        ("under_3_months", _("Less than 3 months")),
                        ("over_6_months", _("More than 6 months")),
                        ("independent_life", _("Until independent life")),
                        ("unlimited", _("Unlimited time")),
                    ),
                    notes=True,
                ),
            ),
        ),
        Section(
            "location",
            _("Location of the CAS"),
            (
                text("location", _("Location of the CAS"), long_text=True),
                yesno("easily_accessible", _("Is it easily accessible?")),
                yesno(
                    "near_authorities",
                    _(
                        "The CAS is located near a detention centre, the INM office, or the "
                        "Child Protection Attorney"
                    ),
                ),
                yesno("visibly_identifiable", _("The CAS is visibly identifiable")),
                yesno(
                    "access_obstacles",
                    _("Obstacles or risks to accessing the space can be observed"),
                ),
            ),
        ),
        Section(
            "infrastructure",
            _("Infrastructure of the CAS"),
            (
                single(
                    "construction_type",
                    _("Type of construction"),
                    options(
                        ("house", _("House")),
                        ("building", _("Building")),
                        ("warehouse", _("Warehouse")),
                        ("other", _("Other")),
                    ),
                ),
                single(
                    "construction_status",
                    _("Construction completed or still under construction"),
                    options(
                        ("completed", _("Completed")),
                        ("under_construction", _("Under construction")),
                    ),
                ),
                text("construction_materials", _("Type of materials")),
                Item("approx_size_m2", ItemType.DECIMAL, _("Approximate size (m²)")),
                single(
                    "property_tenure",
                    _("The property is owned, lent, rented, other"),
                    options(
                        ("owned", _("Owned")),
                        ("lent", _("Lent (remitted)")),
                        ("rented", _("Rented")),
                        ("other", _("Other")),
                    ),
                    notes=True,
                ),
                Item(
                    "expected_capacity",
                    ItemType.INT,
                    _("Capacity (expected)"),
                    max_value=MAX_PEOPLE,
                ),
                Item(
                    "people_present",
                    ItemType.INT,
                    _("Number of people at the time of the visit"),
                    help_text=_("More people than the expected capacity is allowed."),
                    max_value=MAX_PEOPLE,
                ),
                yesno(
                    "has_reception_area",
                    _("It has a reception area"),
                    short_label=pgettext_lazy("space", "Reception"),
                ),
                yesno(
                    "has_dormitories",
                    _("The CAS has dormitories"),
                    short_label=pgettext_lazy("space", "Dormitories"),
                ),
                yesno(
                    "dormitories_divided",
                    _("The dormitories are divided by sex or other"),
                    relevant=Condition("has_dormitories", True),
                    short_label=pgettext_lazy("space", "Dormitories divided"),
                ),
                yesno(
                    "has_toilets_showers",
                    _("The CAS has toilets and showers"),
                    short_label=pgettext_lazy("space", "Toilets and showers"),
                ),
                yesno(
                    "toilets_divided",
                    _("The toilets and showers are divided by sex or other"),
                    relevant=Condition("has_toilets_showers", True),
                    short_label=pgettext_lazy("space", "Toilets divided"),
                ),
                yesno(
                    "has_kitchen",
                    _("The CAS has a kitchen area"),
                    short_label=pgettext_lazy("space", "Kitchen"),
                ),
                yesno(
                    "has_dining_area",
                    _("The CAS has a dining area"),
                    short_label=pgettext_lazy("space", "Dining area"),
                ),
                yesno(
                    "has_recreation_area",
                    _("The CAS has a recreational area / patio"),
                    short_label=pgettext_lazy("space", "Recreation"),
                ),
                yesno(
                    "has_washing_area",
                    _("The CAS has a washing area"),
                    short_label=pgettext_lazy("space", "Washing area"),
                ),
            ),
        ),
        Section(
            "services",
            _("Services"),
            (
                yesno(
                    "has_medical_area",
                    _("Medical area"),
                    short_label=pgettext_lazy("space", "Medical"),
                ),
                yesno(
                    "has_psychological_area",
                    _("Psychological area"),
                    short_label=pgettext_lazy("space", "Psychological"),
                ),
                yesno(
                    "has_social_work_area",
                    _("Social work area"),
                    short_label=pgettext_lazy("space", "Social work"),
                ),
                yesno(
                    "has_legal_department",
                    _("Legal department"),
                    short_label=pgettext_lazy("space", "Legal"),
                ),
                yesno(
                    "has_communications_area",
                    _("Communications area"),
                    short_label=pgettext_lazy("space", "Communications"),
                ),
                text(
                    "other_areas",
                    _("What other areas does it have?"),
                    long_text=True,
                    required=False,
                ),
            ),
        ),
    ),
)
