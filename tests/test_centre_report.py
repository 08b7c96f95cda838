"""The centre report (`/centres/<id>/report.pdf`, issue 14 item 4): rendered by WeasyPrint
and read back with pypdf, in both languages; photos only from approved observations; no
respondent named; nothing fetched from outside."""

import io

import pytest
from PIL import ImageFile
from pypdf import PdfReader

from accounts.roles import Role
from assessment.services import load_assessment
from fieldwork.models import Status
from observations.models import Photo
from observations.photo_views import _store
from observations.photos import PhotoError, protect
from plans.models import ActionStatus, PlanAction
from plans.services import refresh_proposals
from reports.centre_report import PHOTO_SIDE, centre_report
from reports.pdf import local_only_fetcher, render_pdf

from .factories import InterviewFactory, ObservationFactory, UserFactory
from .images import jpeg, make_photo, plain_image

pytestmark = pytest.mark.django_db

A4 = (595.3, 841.9)  # points


def read_pdf(content: bytes) -> tuple[PdfReader, str]:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def get_report(client, centre, **params):
    response = client.get(f"/centres/{centre.pk}/report.pdf", params)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    return response


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                "Informe del centro",
                "Datos del registro",
                "Hallazgos",
                "Conocimiento del tema",
                "¿Conoce el Protocolo de Protección de Niñez Migrante? No",
                "¿El CAS cuenta con un modelo de atención, o un protocolo de atención o de "
                "gestión de casos? No",
                "No teníamos conocimiento de esa prohibición.",
                "Necesidades identificadas",
                "Materiales, Humanos, Infraestructura, Económicos",
                "Observación: espacios y servicios",
                "Capacidad prevista: 30; personas presentes en la visita: 34. Sobre su capacidad.",
                "Área psicológica No",
                "Plan de apoyo",
                "Capacitación sobre el Protocolo de Protección de Niñez Migrante",
                "Apoyo para diseñar un modelo de atención",
                "Por qué: ¿Conoce el Protocolo de Protección de Niñez Migrante? — No",
                "Acordada",
                "Fundación Apoyo Técnico",
                "1 acción descartada no se incluye.",
                "Página 1 de",
            ],
        ),
        (
            "en",
            [
                "Centre report",
                "Registry data",
                "Findings",
                "Knowledge of the issue",
                "Do you know of the Migrant Child Protection Protocol? No",
                "Does the CAS have a care model, or a protocol for care or case management? No",
                "We had not heard of that prohibition.",
                "Identified needs",
                "Material, Human, Infrastructure, Economic",
                "Observation: spaces and services",
                "Expected capacity: 30; people present at the visit: 34. Over capacity.",
                "Psychological area No",
                "Support plan",
                "Training on the Migrant Child Protection Protocol",
                "Support to design a care model",
                "Why: Do you know of the Migrant Child Protection Protocol? — No",
                "Agreed",
                "Fundación Apoyo Técnico",
                "1 dropped action is not listed.",
                "Page 1 of",
            ],
        ),
    ],
)
def test_the_report_of_an_assessment_centre_reads_back_in_each_language(
    coordinator_client, researcher, language, expected
):
    centre = load_assessment(interviewer=researcher, language=language).centres["veracruz_state"]
    # The report refreshes the proposals as the plan page does; a coordinator has agreed one
    # and dropped another.
    refresh_proposals(centre)
    agreed = PlanAction.objects.get(centre=centre, rule="training_protection_protocol")
    agreed.status, agreed.owner = ActionStatus.AGREED, "Fundación Apoyo Técnico"
    agreed.save()
    dropped = PlanAction.objects.filter(centre=centre, area="infrastructure").first()
    dropped.title = "Acción que se descartó"
    dropped.status = ActionStatus.DROPPED
    dropped.save()
    response = get_report(coordinator_client, centre, lang=language)
    reader, text = read_pdf(response.content)
    for words in expected:
        assert words in text, words
    assert "Acción que se descartó" not in text
    assert centre.name in text
    # A4, numbered pages, and the respondent ("Coordinator 4") is not named.
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
    assert "Coordinator 4" not in text and "Coordinación 4" not in text
    assert f"of {len(reader.pages)}" in text or f"de {len(reader.pages)}" in text


def embedded_fonts(reader: PdfReader) -> list[tuple[str, bool]]:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append((str(font["/BaseFont"]), embedded))
    return fonts


def test_fonts_are_embedded_and_the_language_defaults_to_the_requests(coordinator_client, centre):
    response = coordinator_client.get(f"/centres/{centre.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="es")
    reader, text = read_pdf(response.content)
    assert "Datos del registro" in text and "Registry data" not in text
    fonts = embedded_fonts(reader)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert any("DejaVu" in name for name, _embedded in fonts), fonts
    # Headers of the download: a PDF, never stored by a browser or proxy.
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_language_falls_back_to_the_requests(coordinator_client, centre):
    text = read_pdf(get_report(coordinator_client, centre, lang="fr").content)[1]
    assert "Registry data" in text  # the tests' default language


def test_photos_only_of_an_approved_observation_and_downscaled_for_print(
    coordinator_client, centre, researcher
):
    observation = ObservationFactory(
        centre=centre, interviewer=researcher, status=Status.SUBMITTED, consent_photos=True
    )
    make_photo(observation, researcher, space="kitchen")
    big = Photo(observation=observation, space="dormitory", caption="Dormitorio grande",
                uploaded_by=researcher)  # fmt: skip
    _store(big, protect(jpeg(plain_image(2400, 1600, (200, 90, 40)))))
    big.save()

    reader, text = read_pdf(get_report(coordinator_client, centre).content)
    assert not any(page.images for page in reader.pages)
    assert "Dormitorio grande" not in text
    assert "The observation's photos are printed once it is approved." in text
    assert centre_report(centre).photos == []

    observation.status = Status.APPROVED
    observation.save()
    reader, text = read_pdf(get_report(coordinator_client, centre).content)
    # WeasyPrint shares one resource dictionary between pages: count distinct images.
    images = {image.data: image for page in reader.pages for image in page.images}.values()
    assert len(images) == 2
    assert max(max(image.image.size) for image in images) == PHOTO_SIDE
    assert "Dormitorio grande" in text and "Kitchen" in text


def test_a_later_unapproved_observation_hides_the_earlier_photos(
    coordinator_client, centre, researcher
):
    """The report shows the counted (latest) observation; its photos only once approved."""
    approved = ObservationFactory(
        centre=centre, interviewer=researcher, status=Status.APPROVED, consent_photos=True,
        visit_date="2022-01-10",
    )  # fmt: skip
    make_photo(approved, researcher)
    ObservationFactory(
        centre=centre, interviewer=researcher, status=Status.SUBMITTED, visit_date="2022-06-01"
    )
    reader, _text = read_pdf(get_report(coordinator_client, centre).content)
    assert not any(page.images for page in reader.pages)


def test_no_respondent_name_in_answers_or_notes(coordinator_client, centre, researcher):
    InterviewFactory(
        centre=centre,
        interviewer=researcher,
        status=Status.SUBMITTED,
        respondent_name="Rosalinda Quetzal Herrera",
        respondent_position="Directora",
        knows_protection_protocol=False,
        knows_protection_protocol_notes="Rosalinda Quetzal dijo que no lo conoce.",
    )
    text = read_pdf(get_report(coordinator_client, centre).content)[1]
    assert "[…] […] dijo que no lo conoce." in text
    for word in ("Rosalinda", "Quetzal", "Herrera"):
        assert word not in text
    assert "Directora" in text  # the position is not personal


def test_drafts_do_not_count(coordinator_client, centre, researcher):
    InterviewFactory(
        centre=centre, interviewer=researcher, status=Status.DRAFT, main_needs_notes="BORRADOR"
    )
    text = read_pdf(get_report(coordinator_client, centre).content)[1]
    assert "BORRADOR" not in text
    assert "No submitted interview yet." in text


def test_researchers_read_the_reports_of_the_centres_they_visited(client, centre):
    visitor = UserFactory(role=Role.RESEARCHER)
    ObservationFactory(centre=centre, interviewer=visitor)  # a draft is a visit too
    stranger = UserFactory(role=Role.RESEARCHER)
    client.force_login(visitor)
    page = client.get(f"/centres/{centre.pk}/").content.decode()
    assert f"/centres/{centre.pk}/report.pdf?lang=es" in page
    assert f"/centres/{centre.pk}/report.pdf?lang=en" in page
    assert client.get(f"/centres/{centre.pk}/report.pdf").status_code == 200
    client.force_login(stranger)
    assert "report.pdf" not in client.get(f"/centres/{centre.pk}/").content.decode()
    assert client.get(f"/centres/{centre.pk}/report.pdf").status_code == 403


@pytest.mark.parametrize(
    "url", ["file:///etc/hostname", "http://127.0.0.1:9/x.png", "https://example.org/f.woff"]
)
def test_the_pdf_engine_fetches_nothing_but_data_uris(url):
    fetcher = local_only_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher(url)
    assert fetcher("data:text/plain;base64,b2s=").read() == b"ok"


def test_a_document_referring_to_a_server_file_renders_without_it(tmp_path, settings):
    secret = tmp_path / "secret.png"
    plain_image(40, 40).save(secret, "PNG")
    template = tmp_path / "templates" / "probe.html"
    template.parent.mkdir()
    template.write_text(f'<p>probe</p><img src="file://{secret}"><img src="{secret}">')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [template.parent, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    reader, text = read_pdf(render_pdf("probe.html", {}))
    assert "probe" in text
    assert not reader.pages[0].images


def test_the_plan_page_and_the_programme_link_to_the_report(client, centre, researcher):
    InterviewFactory(
        centre=centre, interviewer=researcher, status=Status.SUBMITTED,
        knows_protection_protocol=False,
    )  # fmt: skip
    refresh_proposals(centre)
    client.force_login(UserFactory(role=Role.COORDINATOR))
    page = client.get(f"/centres/{centre.pk}/plan/").content.decode()
    for language in ("es", "en"):
        assert f"/centres/{centre.pk}/report.pdf?lang={language}" in page
    # Analysts see no centre page: the programme's centres most in need link to the reports.
    client.force_login(UserFactory(role=Role.ANALYST))
    page = client.get("/reports/plan/").content.decode()
    assert f"/centres/{centre.pk}/report.pdf?lang=en" in page
    assert client.get(f"/centres/{centre.pk}/report.pdf?lang=en").status_code == 200


def test_a_photo_whose_file_is_gone_is_left_out_not_a_500(coordinator_client, centre, researcher):
    observation = ObservationFactory(
        centre=centre, interviewer=researcher, status=Status.APPROVED, consent_photos=True
    )
    kept, gone = make_photo(observation, researcher), make_photo(observation, researcher)
    gone.image.storage.delete(gone.image.name)
    reader, text = read_pdf(get_report(coordinator_client, centre).content)
    assert len({image.data for page in reader.pages for image in page.images}) == 1
    assert "1 more photo is not printed here." in text
    assert kept.pk != gone.pk


def test_rendering_a_report_leaves_photo_uploads_refusing_truncated_files(coordinator_client,
                                                                          centre):  # fmt: skip
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process on import;
    the report puts it back, so that a cut photo is still refused on upload."""
    get_report(coordinator_client, centre)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    whole = jpeg(plain_image(400, 300, (10, 200, 30)))
    with pytest.raises(PhotoError, match="damaged or incomplete"):
        protect(whole[: len(whole) // 2])
