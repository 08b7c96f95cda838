"""Section III of the assessment, finding by finding: what the seed says, where the app shows it.

F1..F15 are the fifteen bullets of section III (Results), in order: four on knowledge of the
issue, six on resources, five on identified needs. `page` is where the results page (/reports/)
shows the finding (its counts and its findings in words; the coded notes in its Themes section),
`workbook` the sheets of /reports/export.xlsx that hold it. The data set
(`data/assessment_2022.json`) is chosen so that every one holds; tests/test_section3.py asserts
each, in both languages, and the README's table is this one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedFinding:
    number: str
    #: The results section: K knowledge of the issue, R resources, N identified needs.
    section: str
    seed: str
    page: str
    workbook: str


FINDINGS = (
    SeedFinding(
        "F1",
        "K",
        "Interviewees commented that they were aware of the General Law on the Rights of "
        "Children, but the representatives of only two private shelters had knowledge of the "
        "Migration Law and the Law on Refugees, Complementary Protection and Political Asylum.",
        "Knowledge › knows_laws",
        "Knowledge, Findings",
    ),
    SeedFinding(
        "F2",
        "K",
        "It was only known in two private and one public CAS that migrant children and "
        "adolescents were not to be detained.",
        "Knowledge › knows_detention_prohibition",
        "Knowledge, Findings",
    ),
    SeedFinding(
        "F3",
        "K",
        "Only one private and one public CAS were aware of the Migrant Child Protection Protocol.",
        "Knowledge › knows_protection_protocol",
        "Knowledge, Findings",
    ),
    SeedFinding(
        "F4",
        "K",
        "Four of the five CAS are aware that they should receive migrant children and "
        "adolescents in order that this population not be held in migrant detention centres.",
        "Knowledge › knows_cas_role",
        "Knowledge, Findings",
    ),
    SeedFinding(
        "F5",
        "R",
        "Two private and one public CAS had care models, however neither were specialised in "
        "migrant children and adolescents. [...] the private centres had developed certain "
        "guidelines for providing care as well as reception criteria, and understood that "
        "differentiated attention should be provided [...]",
        "Resources › has_care_model, model_adapted, special_situation_guidelines, "
        "migrants_need_different_care",
        "Resources, Findings",
    ),
    SeedFinding(
        "F6",
        "R",
        "The two public CAS that do not have care models have received migrant children and "
        "adolescents, however, given their limited technical, financial, and human resources, "
        "and the time demands of their work, they have been unable to create a model.",
        "Resources › has_care_model (No); its notes coded *lack of financial and human resources*",
        "Resources, Findings, Themes, Coding",
    ),
    SeedFinding(
        "F7",
        "R",
        "All the CAS have the physical space and a team of workers, however, differences in "
        "resources are notable.",
        "Resources › resources_available (human, infrastructure)",
        "Resources, Findings",
    ),
    SeedFinding(
        "F8",
        "R",
        "The private CAS have adequate space to receive children and adolescents, specialised "
        "areas to attend to their health, education, training, food, and recreational needs, as "
        "well as trained and specialised multidisciplinary teams.",
        "Observation summary › spaces and services by centre; resources_available notes coded "
        "*adequate spaces* and *trained multidisciplinary team*",
        "Observations, Themes, Coding",
    ),
    SeedFinding(
        "F9",
        "R",
        "Only one recently opened public CAS, with experience in dealing with girls in situations "
        "of violence, has adequate conditions, as well as space and work teams.",
        "Observation summary › spaces and services by centre (one public row with every space); "
        "resources_available notes coded *adequate spaces*",
        "Observations, Themes, Coding",
    ),
    SeedFinding(
        "F10",
        "R",
        "The municipal, public CAS receive migrant children and adolescents, but do not have the "
        "appropriate infrastructure nor teams to provide the necessary care.",
        "Filtered and split by operator (municipal DIF): Needs › main_needs (Infrastructure, "
        "Human); Observation summary › spaces and services, capacity",
        "Needs, Findings, Observations (same filters)",
    ),
    SeedFinding(
        "F11",
        "N",
        "The private CAS identified their main challenge as the relationship with the "
        "authorities responsible for protecting children and adolescents. [...] the Child "
        "Protection Attorneys, the INM, or the Consulates [...] the education authorities.",
        "Needs › main_challenges (Coordination); its notes coded *relationship with authorities*",
        "Needs, Findings, Themes, Coding",
    ),
    SeedFinding(
        "F12",
        "N",
        "All the CAS identified continuous training of their teams and the sustainability of "
        "their organisation as their main internal challenge.",
        "Themes › *continuous training of teams*, *organisational sustainability* (main_challenges "
        "notes); Needs › main_challenges (Other)",
        "Themes, Coding, Needs, Findings",
    ),
    SeedFinding(
        "F13",
        "N",
        "For the public CAS, their main challenge related to the lack of financial and human "
        "resources needed to secure the minimal infrastructure for providing care, contract the "
        "required staff, and provide the children and adolescents with basic necessities.",
        "Needs › main_challenges (Resources), main_needs (Human, Economic); notes coded *lack of "
        "financial and human resources*",
        "Needs, Findings, Themes, Coding",
    ),
    SeedFinding(
        "F14",
        "N",
        "Regarding the opportunity for technical support, all requested further training for "
        "their teams regarding legal issues, the situation of migrant children and adolescents, "
        "the Migrant Child Protection Protocol, recommendations for care, specific procedures "
        "for immigration status regularisation, and the procedures for asylum seekers.",
        "Needs › technical_support (Skills training); its notes coded with the training topics",
        "Needs, Findings, Themes, Coding",
    ),
    SeedFinding(
        "F15",
        "N",
        "The CAS also welcome financial support or support in-kind that could contribute to "
        "strengthening their work. Two private and one public CAS are receiving in-kind support "
        "from a civil society organisation that forms part of the Consortium.",
        "Needs › coordination_actors (Civil society organisation); main_needs and "
        "coordination_details notes coded *financial support welcomed*, *support in kind "
        "received*",
        "Needs, Findings, Actors, Themes, Coding",
    ),
)
