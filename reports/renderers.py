"""Render exporter streams as an xlsx workbook (openpyxl write-only) or as CSV."""

import csv
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .exporters import Exporter, Link

#: A cell starting with one of these may be taken for a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FONT = Font(bold=True)


class RowNotWritten(Exception):
    """A row the workbook refused. It names the sheet and the row, never a value: the message
    of the error it replaces may hold the cell's text (a respondent's name), and a 500 is
    logged with its exception."""


def csv_safe(value: Any) -> Any:
    """Neutralise formula-looking text for CSV (OWASP: prefix with a single quote)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_xlsx(exporters: Iterable[Exporter], target: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    for exporter in exporters:
        sheet = workbook.create_sheet(str(exporter.sheet))
        headers = exporter.header_rows()  # labels over codes, or the codes alone
        stream = exporter.data()
        for index, width in enumerate(exporter.columns_widths(), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = f"A{len(headers) + 1}"
        for header in headers:
            cells = []
            for title in header:
                cell = WriteOnlyCell(sheet, value=str(title))
                cell.data_type = "s"  # a heading is text, never a formula
                cell.font = HEADER_FONT
                cells.append(cell)
            sheet.append(cells)
        header = headers[-1]
        count = len(headers)
        for row in stream:
            try:
                sheet.append([_xlsx_value(sheet, value) for value in row])
            except Exception as error:
                stream.close()  # and with it the database cursor of the rows
                raise RowNotWritten(
                    f"{exporter.sheet} row {count + 1}: {type(error).__name__}"
                ) from None
            count += 1
        sheet.auto_filter.ref = f"A{len(headers)}:{get_column_letter(len(header))}{count}"
    workbook.save(target)


def _xlsx_value(sheet, value: Any) -> Any:
    if isinstance(value, Link):  # a real hyperlink, not a formula
        cell = WriteOnlyCell(sheet, value=value.text)
        cell.data_type = "s"
        cell.hyperlink = value.url
        cell.style = "Hyperlink"
        return cell
    # openpyxl turns any string starting with "=" into a formula; force such text to a string
    # cell. Other strings are written as string cells already and are never evaluated.
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(exporter: Exporter) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM, so that spreadsheet programs read UTF-8
    for row in exporter.iterate():
        yield writer.writerow([csv_safe(str(v) if isinstance(v, Link) else v) for v in row])
