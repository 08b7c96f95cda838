"""Render exporter streams as an xlsx workbook (XlsxWriter, constant memory) or as CSV.

XlsxWriter's `constant_memory` mode writes each row to a temporary file as soon as the next row
starts, so memory stays flat however many records there are; it is faster than openpyxl's
write-only mode on the same rows (see bench/export_bench.py).
"""

import csv
from collections.abc import Iterable, Iterator
from typing import IO, Any

import xlsxwriter

from .exporters import Exporter

#: A cell starting with one of these may be taken for a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Every string is written as a string cell: "=1+1" typed in a form is never a formula,
    # a typed address is never a link, a typed number stays the text it was.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Dates are date cells (numbers with a date format), shown as 2022-04-20.
    "default_date_format": "yyyy-mm-dd",
}


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
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    bold = workbook.add_format({"bold": True})
    for exporter in exporters:
        sheet = workbook.add_worksheet(str(exporter.sheet))
        stream = exporter.iterate()
        header = next(stream)
        for index, width in enumerate(exporter.columns_widths()):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, header, bold)
        last = 0
        for last, row in enumerate(stream, start=1):
            # A line break typed in a browser arrives as CRLF; in a cell it is LF. (A CR left
            # in a cell is written as the escape _x000D_, which Excel decodes but openpyxl, and
            # pandas through it, leaves as it is in the inline strings of this workbook.)
            cells = [
                v.replace("\r\n", "\n") if v.__class__ is str and "\r" in v else v for v in row
            ]
            try:
                sheet.write_row(last, 0, cells)
            except Exception as error:
                stream.close()  # and with it the database cursor of the rows
                raise RowNotWritten(
                    f"{exporter.sheet} row {last + 1}: {type(error).__name__}"
                ) from None
        sheet.autofilter(0, 0, last, len(header) - 1)
    workbook.close()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(exporter: Exporter) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM, so that spreadsheet programs read UTF-8
    for row in exporter.iterate():
        yield writer.writerow([csv_safe(value) for value in row])
