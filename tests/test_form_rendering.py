"""The instrument forms' own field renderer (issue 18): the markup and accessibility that
crispy-forms gave, at a fraction of the cost, and blank fields rendered once per language."""

import re

import pytest
from django.test.signals import template_rendered
from django.utils import timezone, translation

from fieldwork import rendering
from interviews.forms import InterviewForm
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.forms import ObservationForm
from observations.models import Observation
from observations.spec import OBSERVATION

from .factories import InterviewFactory
from .payloads import complete_payload

pytestmark = pytest.mark.django_db
FORMS = [(InterviewForm, Interview, INTERVIEW), (ObservationForm, Observation, OBSERVATION)]
IDS = ["interview", "observation"]


def _block(html: str, field_id: str) -> str:
    """The field's wrapper, `<div id="div_…">`, up to the next field's."""
    start = html.index(f'id="div_{field_id}"')
    end = html.find('id="div_', start + 1)
    return html[start : end if end > 0 else len(html)]


@pytest.mark.parametrize(("form_class", "model", "spec"), FORMS, ids=IDS)
def test_every_field_is_labelled_and_described(form_class, model, spec, centre):
    form = form_class(instance=model(), initial={"centre": centre})
    html = "".join(str(rendering.render_field(form[name])) for name in form.fields)
    for name in form.fields:
        bound = form[name]
        block = _block(html, bound.auto_id)
        if bound.field.widget.use_fieldset:  # a group of radios or checkboxes
            assert "<fieldset" in block and '<legend class="form-label fs-6">' in block, name
            options = re.findall(r'<input type="(?:radio|checkbox)"[^>]*id="([^"]+)"', block)
            assert options, name
            for option_id in options:
                assert f'<label for="{option_id}" class="form-check-label">' in block, name
        else:
            assert f'<label for="{bound.id_for_label}" class="form-label">' in block, name
        if bound.help_text:
            help_id = f"{bound.auto_id}_helptext"
            assert f'<div id="{help_id}" class="form-text">' in block, name
            assert re.search(rf'aria-describedby="[^"]*\b{help_id}\b', block), name
    # Required questions say so in words, and text boxes to assistive technology too.
    for item in spec.items:
        if item.required and item.code in form.fields and item.type != "centre":
            block = _block(html, f"id_{item.code}")
            assert '<span class="required-mark">(required)</span>' in block, item.code


def test_errors_are_next_to_their_field_and_announced(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre)
    del data["respondent_position"]
    data["consent_testimony"] = ""
    data["expected_capacity"] = "x"
    page = researcher_client.post(f"/interviews/new/?centre={centre.pk}", data).content.decode()
    text = _block(page, "id_respondent_position")
    assert re.search(
        r'<input type="text" name="respondent_position"[^>]*class="form-control is-invalid"'
        r'[^>]*aria-invalid="true"[^>]*aria-describedby="id_respondent_position_error"',
        text,
    )
    assert '<div id="id_respondent_position_error" class="invalid-feedback d-block">' in text
    assert "Answer this question before submitting." in text
    # A radio group: the fieldset names both the help and the error; each radio is invalid.
    radios = _block(page, "id_consent_testimony")
    assert (
        '<fieldset aria-describedby="id_consent_testimony_helptext id_consent_testimony_error">'
        in radios
    )
    assert radios.count('aria-invalid="true"') == 2
    assert 'id="id_consent_testimony_error"' in radios
    # Typed text is kept, escaped.
    data["place"] = '<script>alert("x")</script>'
    page = researcher_client.post(f"/interviews/new/?centre={centre.pk}", data).content.decode()
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in page
    assert '<script>alert("x")' not in page


def test_a_repeat_row_renders_its_fields_and_hidden_ids(researcher_client, researcher, centre):
    interview = InterviewFactory(interviewer=researcher, centre=centre)
    interview.coordination_actors.create(actor_name="DIF <estatal>", actor_sector="state")
    page = researcher_client.get(f"/interviews/{interview.pk}/edit/").content.decode()
    assert 'name="coordination_actors-INITIAL_FORMS" value="1"' in page
    row = _block(page, "id_coordination_actors-0-actor_name")
    assert 'value="DIF &lt;estatal&gt;"' in row
    sector = _block(page, "id_coordination_actors-0-actor_sector")
    assert '<option value="state" selected>' in sector
    uid = r'<input type="hidden" name="coordination_actors-0-uid" value="[0-9a-f-]{36}"'
    assert re.search(uid, page)
    # The empty row the page copies for *Add another*.
    assert 'id="div_id_coordination_actors-__prefix__-actor_name"' in page


def test_no_crispy_template_renders_an_instrument_form(researcher_client, centre):
    names = []

    def seen(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(seen)
    try:
        for ns in ("interviews", "observations"):
            url = f"/{ns}/new/?centre={centre.pk}"
            assert researcher_client.get(url).status_code == 200
    finally:
        template_rendered.disconnect(seen)
    assert "fieldwork/record_form.html" in names
    assert not [n for n in names if n and n.startswith("bootstrap5/")]
    # Django's widget templates only for the centre picker and the photo's file box, never
    # once per question or option.
    widgets = [n for n in names if n and n.startswith("django/forms/")]
    assert not [n for n in widgets if re.search(r"radio|select|checkbox|textarea|number|date", n)]
    assert len(widgets) <= 10, widgets


@pytest.mark.parametrize(("form_class", "model", "spec"), FORMS, ids=IDS)
def test_blank_fields_rendered_once_are_the_same_and_speak_each_language(
    form_class, model, spec, centre
):
    rendering._blank.clear()
    for language, required in (("en", "(required)"), ("es", "(obligatoria)"), ("en", "(required)")):
        with translation.override(language):
            form = form_class(instance=model(), initial={"centre": centre})
            cached = {n: str(rendering.render_field(form[n])) for n in form.fields}
            fresh = {n: str(rendering._render(form[n])) for n in form.fields}
            assert cached == fresh
            assert required in cached["respondent_position" if spec is INTERVIEW else "place"]
    assert rendering._blank  # the blank fields were kept


def test_a_field_with_an_answer_or_an_error_is_never_taken_from_the_blank_ones(centre):
    rendering._blank.clear()
    blank = InterviewForm(instance=Interview(), initial={"centre": centre})
    str(rendering.render_field(blank["place"]))
    answered = InterviewForm(instance=Interview(place="Tenosique", centre=centre))
    assert 'value="Tenosique"' in rendering.render_field(answered["place"])
    refused = InterviewForm({"action": "submit"}, instance=Interview(), submitting=True)
    refused.is_valid()
    assert "is-invalid" in rendering.render_field(refused["place"])


def test_the_visit_date_allows_today_and_no_later(researcher_client, centre):
    page = researcher_client.get(f"/interviews/new/?centre={centre.pk}").content.decode()
    today = timezone.localdate().isoformat()
    date = re.search(r'<input type="date" name="visit_date"[^>]*>', page).group(0)
    assert f'value="{today}"' in date and f'max="{today}"' in date
