"""A centre named with one 200-character word: its pages still fit a 360 px phone, the
long word wrapping in headings, breadcrumbs, badges and tables."""

import pytest

from plans.models import PlanAction
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG = "CasaHogar" + "X" * 191


@pytest.mark.parametrize("language", ["en-GB", "es-MX"])
def test_a_centre_with_a_200_character_word_for_a_name_fits_a_phone(
    login_context, coordinator, language
):
    centre = CentreFactory(name=LONG, municipality="M" * 120)
    PlanAction.objects.create(centre=centre, area="coordination", priority="low",
                              title="Visitar al DIF " + "Y" * 150)  # fmt: skip
    context = login_context(
        coordinator, viewport={"width": 360, "height": 740}, is_mobile=True, locale=language
    )
    page = context.new_page()
    for url in (f"/centres/{centre.pk}/", f"/centres/{centre.pk}/edit/",
                f"/centres/{centre.pk}/plan/", "/centres/"):  # fmt: skip
        page.goto(url)
        assert LONG in page.content()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width} px wide"
