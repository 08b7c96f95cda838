"""A coordinator imports the registry from a spreadsheet on a 360 px phone: the preview shows
the error by cell, as a card within the screen, and nothing is saved; the corrected file is
previewed and confirmed; then the same at 1366 px in English."""

import pytest

from centres.models import Centre
from tests.imports_helpers import csv_bytes

from .test_phone_tables import CELLS_OUTSIDE

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["name", "state", "municipality", "sector", "operator", "capacity"]
ROWS = [
    ["Casa Hogar Esperanza del Sureste para Niñas, Niños y Adolescentes Migrantes",
     "Chiapas", "Tapachula", "private", "civil_society", "40"],
    ["Albergue Temporal Municipal", "Veracruz", "Xalapa", "public", "municipal_dif", "25"],
]  # fmt: skip


def _file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(csv_bytes([HEADER, *rows]))
    return path


def _no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_preview_then_confirm_on_a_phone(login_context, coordinator, tmp_path, artifacts):
    folder = artifacts / "imports"
    folder.mkdir(exist_ok=True)
    context = login_context(
        coordinator, viewport={"width": 360, "height": 740}, is_mobile=True, locale="es-MX"
    )
    page = context.new_page()
    page.goto("/")
    page.locator(".navbar-toggler").click()  # the menu, folded on a phone
    # Unfolded (not still sliding open, which moves the buttons under the pointer).
    page.wait_for_selector("#mainnav.show:not(.collapsing)")
    page.get_by_role("button", name="Gestión").click()  # the coordinators' Manage menu
    page.wait_for_selector("#manage-menu[aria-expanded=true]")
    page.get_by_role("link", name="Importar").click()
    page.wait_for_url("**/imports/")
    assert page.get_by_role("link", name="Plantilla: Centros (el registro)").count() == 1
    _no_sideways_scroll(page, 360)
    page.screenshot(path=folder / "upload-360-es.png", full_page=True)

    # One deliberate error: a capacity over the registry's 10,000.
    broken = [ROWS[0], [*ROWS[1][:5], "20000"]]
    page.get_by_label("Centros (el registro)").check()
    page.get_by_label("Archivo (.xlsx o .csv)").set_input_files(_file(tmp_path, "c.csv", broken))
    page.get_by_role("button", name="Ver la vista previa").click()
    # The preview as its script leaves it (tables.js makes the rows cards on a phone): the
    # table shows, wide, before it has run.
    page.wait_for_selector("#import-errors.stack-ready")
    _no_sideways_scroll(page, 360)
    errors = page.locator("#import-errors")
    row = errors.locator("tbody tr")
    assert row.count() == 1
    assert "F3" in row.inner_text() and "20000" in row.inner_text()
    assert "Fuera de rango" in row.inner_text()
    page.screenshot(path=folder / "preview-errors-360-es.png", full_page=True)
    # A card: the cell, the value and the problem all within the screen.
    assert page.evaluate(CELLS_OUTSIDE) == []
    assert page.locator("#confirm-form").count() == 0
    assert "No se guarda nada" in page.locator("#import-blocked").inner_text()
    assert not Centre.objects.exists()

    # Corrected: two centres to create; confirmed.
    page.get_by_role("link", name="Subir otro archivo").click()
    page.get_by_label("Centros (el registro)").check()
    page.get_by_label("Archivo (.xlsx o .csv)").set_input_files(_file(tmp_path, "c.csv", ROWS))
    page.get_by_role("button", name="Ver la vista previa").click()
    page.wait_for_selector("#import-rows.stack-ready")
    page.wait_for_selector("#confirm-form")
    assert page.locator("#import-rows tbody tr[data-action=create]").count() == 2
    _no_sideways_scroll(page, 360)
    page.screenshot(path=folder / "preview-ready-360-es.png", full_page=True)
    page.get_by_role("button", name="Importar 2 registros").click()
    page.wait_for_url("**/imports/")
    assert "creados: 2" in page.locator("main").inner_text()
    assert Centre.objects.count() == 2
    assert Centre.objects.get(name="Albergue Temporal Municipal").capacity == 25


def test_preview_at_desktop_width_in_english(login_context, coordinator, tmp_path, artifacts):
    folder = artifacts / "imports"
    folder.mkdir(exist_ok=True)
    context = login_context(coordinator, viewport={"width": 1366, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.goto("/imports/")
    page.screenshot(path=folder / "upload-1366-en.png", full_page=True)
    broken = [[ROWS[0][0], "Chiapass", *ROWS[0][2:]], ROWS[1]]
    page.get_by_label("File (.xlsx or .csv)").set_input_files(_file(tmp_path, "c.csv", broken))
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_selector("#import-errors.stack-ready")  # tables.js has run
    assert "is not a state of Mexico" in page.locator("#import-errors").inner_text()
    assert page.locator("#import-rows tbody tr[data-action=create]").count() == 1
    _no_sideways_scroll(page, 1366)
    page.screenshot(path=folder / "preview-errors-1366-en.png", full_page=True)
