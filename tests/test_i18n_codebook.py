"""The instruments speak the codebook's words: English and Spanish, codes unchanged."""

import pytest
from django.utils import translation

from fieldwork.spec import ItemType
from interviews.spec import ACTOR_ITEMS, INTERVIEW
from observations.spec import OBSERVATION

from . import codebook

SPECS = [INTERVIEW, OBSERVATION]
#: Items the codebook names in prose rather than in a table (checked below by phrase).
PROSE_ITEMS = {"consent_photos", "actor_name", "actor_sector"}


def _all_items():
    for spec in SPECS:
        yield from spec.items
    yield from ACTOR_ITEMS


def _in(language, value) -> str:
    with translation.override(language):
        return str(value)


@pytest.mark.parametrize("item", list(_all_items()), ids=lambda i: i.code)
def test_item_label_is_the_codebooks_in_both_languages(item):
    labels = codebook.item_labels()
    if item.code in PROSE_ITEMS:
        assert item.code in codebook.flat_text()
        return
    english, spanish = labels[item.code]
    assert _in("en", item.label) == english
    assert _in("es", item.label) == spanish


def test_prose_items_in_spanish():
    flat = codebook.flat_text()
    photos = OBSERVATION.item("consent_photos")
    assert _in("es", photos.label) == "Se otorgó autorización para tomar fotografías"
    assert _in("en", photos.label).lower() in flat.lower()
    sector = next(i for i in ACTOR_ITEMS if i.code == "actor_sector")
    assert _in("es", sector.label) == "Sector"
    assert _in("es", ACTOR_ITEMS[0].label) == "Nombre del actor"


@pytest.mark.parametrize(
    "item",
    [i for i in _all_items() if i.type in (ItemType.SINGLE, ItemType.MULTI)],
    ids=lambda i: i.code,
)
def test_options_are_the_codebooks_in_both_languages(item):
    for option in item.options:
        english, spanish = _in("en", option.label), _in("es", option.label)
        assert codebook.lists_option(option.code, english, spanish), (option.code, english, spanish)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_section_titles_are_the_codebooks_in_both_languages(spec):
    for section in spec.sections:
        if section.code == "header":
            continue  # the header has no heading of its own in the codebook
        pair = f"{_in('en', section.title)} / {_in('es', section.title)}"
        assert pair in codebook.headings(), pair


def test_every_item_of_the_codebook_is_in_a_spec():
    codes = {i.code for i in _all_items()}
    assert set(codebook.item_labels()) - codes == set()


def test_help_and_notes_labels_are_spanish_too():
    for item in _all_items():
        for text in (item.help_text, item.notes_label if item.notes else ""):
            if text:
                assert _in("es", text) != _in("en", text), (item.code, str(text))
