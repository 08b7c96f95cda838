"""The workbook writer: no formula cell anywhere, dates, widths, line breaks, flat memory."""

import datetime
import io
import tempfile
import tracemalloc

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from fieldwork.models import Status
from reports.exporters import Exporter, workbook_exporters
from reports.filters import ReportFilters
from reports.renderers import write_xlsx

from .factories import CentreFactory, CoordinationActorFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db

TRICKY = ["=1+1", "+1", "-1", "@A1", '=HYPERLINK("http://x")', "http://example.com", "0012"]


def _book(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/reports/export.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_no_cell_of_any_sheet_is_a_formula_a_link_or_a_number_typed_as_text(client, coordinator):
    for text in TRICKY:
        interview = InterviewFactory(
            status=Status.SUBMITTED,
            centre=CentreFactory(name=text, municipality=text, address=text),
            respondent_position=text,
            knows_cas_role_notes=text,
        )
        CoordinationActorFactory(interview=interview, actor_name=text)
        ObservationFactory(status=Status.SUBMITTED, centre=interview.centre, place=text)
    book = _book(client, coordinator)
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None, (sheet.title, cell.coordinate)
                if cell.value in TRICKY:
                    assert cell.data_type == "s"
                    seen.add((sheet.title, cell.value))
    for title in ("Centres", "Interviews", "Actors", "Observations"):
        assert {text for sheet, text in seen if sheet == title} == set(TRICKY), title


def test_every_column_has_its_width_and_dates_are_dates(client, coordinator):
    interview = InterviewFactory(status=Status.SUBMITTED, visit_date=datetime.date(2022, 4, 20))
    ObservationFactory(
        status=Status.SUBMITTED, centre=interview.centre, visit_date=datetime.date(2022, 5, 2)
    )
    book = _book(client, coordinator)
    exporters = workbook_exporters(ReportFilters())
    assert [str(e.sheet) for e in exporters] == book.sheetnames
    for exporter, sheet in zip(exporters, book.worksheets, strict=True):
        widths = exporter.columns_widths()
        assert len(widths) == len(exporter.header()) == sheet.max_column, sheet.title
        stored = {}
        for dimension in sheet.column_dimensions.values():  # neighbours of one width share one
            stored.update(dict.fromkeys(range(dimension.min, dimension.max + 1), dimension.width))
        assert len(stored) == len(widths), sheet.title
        for index, width in enumerate(widths, start=1):
            assert abs(stored[index] - width) < 1, (sheet.title, index, stored[index], width)
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(widths))}{sheet.max_row}"
    for title, day in (("Interviews", 20), ("Observations", 2)):
        sheet = book[title]
        header = [c.value for c in sheet[1]]
        cell = sheet[2][header.index("visit_date")]
        assert cell.is_date and cell.value.date().day == day, title


def test_typed_text_comes_back_as_typed_with_line_breaks_as_in_a_cell(client, coordinator):
    InterviewFactory(
        status=Status.SUBMITTED,
        knows_cas_role_notes="Niñas y niños:\r\nprimera línea\r\n  segunda ",
        respondent_position="Dirección\ngeneral",
    )
    book = _book(client, coordinator)
    sheet = book["Interviews"]
    header = [c.value for c in sheet[1]]
    row = sheet[2]
    assert row[header.index("knows_cas_role_notes")].value == (
        "Niñas y niños:\nprimera línea\n  segunda "
    )
    assert row[header.index("respondent_position")].value == "Dirección\ngeneral"


class _Unique(Exporter):
    """Rows of text never seen before: a shared-strings table would grow with them."""

    sheet = "Rows"

    def __init__(self, n: int):
        self.n = n

    def header(self) -> list[str]:
        return [f"c{i}" for i in range(8)]

    def rows(self):
        for r in range(self.n):
            yield [f"row {r} cell {i} {'x' * 40}" for i in range(8)]


def _peak(n: int) -> int:
    tracemalloc.start()
    with tempfile.TemporaryFile() as target:
        write_xlsx([_Unique(n)], target)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_writing_memory_does_not_grow_with_the_rows():
    small, large = _peak(200), _peak(2000)
    # 1,800 more rows hold over 1 MB of text; a writer that kept them would show it.
    assert large - small < 256 * 1024, (small, large)
