"""The five centres of the 2022 assessment, with answers that reproduce section III.

Two private and three public CAS (the seed counts them so); each statement of the Results
that gives a count is encoded here and asserted in tests/test_reports_seed.py.
"""

from datetime import date, timedelta

from centres.models import Centre, Operator, Sector
from fieldwork.models import Status
from interviews.models import Interview

PRIVATE_1 = "SOS Children's Villages (Aldeas Infantiles SOS)"
PRIVATE_2 = "Celia González de Rovirosa Social Assistance Centre"
PUBLIC_1 = "Social Assistance Centre for accompanied migrant children and adolescents"
PUBLIC_2 = "Shelter for children and adolescents, state DIF"
PUBLIC_3 = "Aldea Meced Municipal Shelter"

CENTRES = [
    (PRIVATE_1, "Chiapas", "Tuxtla Gutiérrez", Sector.PRIVATE, Operator.CIVIL_SOCIETY),
    (PRIVATE_2, "Tabasco", "Villahermosa (Centro)", Sector.PRIVATE, Operator.CIVIL_SOCIETY),
    (PUBLIC_1, "Tabasco", "Villahermosa (Centro)", Sector.PUBLIC, Operator.STATE_DIF),
    (PUBLIC_2, "Veracruz", "Xalapa", Sector.PUBLIC, Operator.STATE_DIF),
    (PUBLIC_3, "Veracruz", "Xalapa", Sector.PUBLIC, Operator.MUNICIPAL_DIF),
]

PRIVATE = {PRIVATE_1, PRIVATE_2}


def answers(name: str) -> dict:
    private = name in PRIVATE
    return {
        # Everyone knew the General Law; only the two private knew the other two laws.
        "knows_laws": ["lgdnna", "migration_law", "refugee_law"] if private else ["lgdnna"],
        # Known in two private and one public CAS that children are not to be detained.
        "knows_detention_prohibition": private or name == PUBLIC_1,
        # Only one private and one public CAS knew the Protection Protocol.
        "knows_protection_protocol": name in {PRIVATE_1, PUBLIC_1},
        # Four of the five knew they should receive migrant children.
        "knows_cas_role": name != PUBLIC_3,
        # Two private and one public CAS had care models.
        "has_care_model": private or name == PUBLIC_2,
        "model_adapted": True if private else (False if name == PUBLIC_2 else None),
        "migrants_need_different_care": private,
        # All have the physical space and a team of workers.
        "resources_available": ["material", "human", "infrastructure", "economic"]
        if private
        else ["human", "infrastructure"],
        "special_situation_guidelines": private,
        "main_needs": ["material"] if private else ["human", "economic", "infrastructure"],
        # Private: relationship with the authorities; public: lack of resources; all: training.
        "main_challenges": ["coordination", "other"] if private else ["resources", "other"],
        "successes": ["care"],
        # All asked for training and information on legal issues.
        "technical_support": ["information", "skills_training"],
    }


def build(interviewer) -> list[Interview]:
    interviews = []
    for index, (name, state, municipality, sector, operator) in enumerate(CENTRES):
        centre = Centre.objects.create(
            name=name, state=state, municipality=municipality, sector=sector, operator=operator
        )
        interview = Interview.objects.create(
            centre=centre,
            interviewer=interviewer,
            visit_date=date(2022, 4, 18) + timedelta(days=6 * index),
            place=municipality,
            respondent_name=f"Coordinación {index + 1}",
            respondent_position="Coordinator",
            consent_testimony=True,
            consent_recording=False,
            status=Status.SUBMITTED,
            **answers(name),
        )
        # Two private and one public CAS receive support from a civil society organisation.
        if name in PRIVATE or name == PUBLIC_1:
            interview.coordination_actors.create(
                actor_name="Consortium member", actor_sector="civil_society"
            )
        interview.coordination_actors.create(actor_name="Procuraduría", actor_sector="state")
        interviews.append(interview)
    return interviews
