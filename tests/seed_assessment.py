"""The five centres of the 2022 assessment, with answers that reproduce section III.

One source: the data set `assessment/data/assessment_2022.json`, which `manage.py
load_assessment` and the demo (`seed_demo`) load too. Two private and three public CAS (the
seed counts them so); every finding of section III is asserted in tests/test_section3.py.
"""

from assessment.services import load_assessment, read_data_set
from fieldwork.spec import ItemType
from interviews.models import Interview
from interviews.spec import INTERVIEW

PRIVATE_1 = "SOS Children's Villages (Aldeas Infantiles SOS)"
PRIVATE_2 = "Celia González de Rovirosa Social Assistance Centre"
PUBLIC_1 = "Social Assistance Centre for accompanied migrant children and adolescents"
PUBLIC_2 = "Shelter for children and adolescents, state DIF"
PUBLIC_3 = "Aldea Meced Municipal Shelter"

#: The data set's centre keys, by the registry's (English) name.
KEYS = {
    PRIVATE_1: "sos",
    PRIVATE_2: "celia",
    PUBLIC_1: "tabasco_migrant",
    PUBLIC_2: "veracruz_state",
    PUBLIC_3: "aldea_meced",
}
PRIVATE = {PRIVATE_1, PRIVATE_2}

_CHOICES = (ItemType.YESNO, ItemType.MULTI, ItemType.SINGLE)


def answers(name: str) -> dict:
    """The centre's closed answers in sections K, R and N of the data set's interview."""
    entry = next(e for e in read_data_set()["interviews"] if e["centre"] == KEYS[name])
    return {
        item.code: entry.get(item.code)
        for code in ("K", "R", "N")
        for item in INTERVIEW.section(code).items
        if item.type in _CHOICES
    }


def build(interviewer, language: str = "en") -> list[Interview]:
    """Load the data set (centres, interviews, observations, coded notes); its interviews."""
    return load_assessment(interviewer=interviewer, language=language).interviews
