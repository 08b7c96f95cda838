"""Render exporter streams as an xlsx workbook (XlsxWriter, constant memory) or as CSV.

XlsxWriter's `constant_memory` mode writes each row to a temporary file as soon as the next row
starts, so memory stays flat however many records there are; it is faster than openpyxl's
write-only mode on the same rows (see bench/export_bench.py).
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import xlsxwriter

from .exporters import Exporter, Link

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
#: Excel holds at most this many hyperlinks in a sheet; past it a link is written as its text.
MAX_LINKS = 65_530


class RowNotWritten(Exception):
    """A row the workbook refused. It names the sheet and the row, never a value: the message
    of the error it replaces may hold the cell's text (a respondent's name), and a 500 is
    logged with its exception."""


def csv_safe(value: Any) -> Any:
    """Neutralise formula-looking text for CSV (OWASP: prefix with a single quote)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_xlsx(
    exporters: Iterable[Exporter],
    target: IO[bytes],
    *,
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Write the sheets to `target` and return the number of rows of the row sheets (those
    that may be downloaded as CSV). `progress`, if given, is called with that number every
    `every` rows of them (the background exports' progress bar)."""
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    bold = workbook.add_format({"bold": True})
    written = 0
    for exporter in exporters:
        sheet = workbook.add_worksheet(str(exporter.sheet))
        headers = exporter.header_rows()  # labels over codes, or the codes alone
        stream = exporter.data()
        header = headers[-1]
        for index, width in enumerate(exporter.columns_widths()):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(len(headers), 0)
        for number, titles in enumerate(headers):
            sheet.write_row(number, 0, [str(title) for title in titles], bold)
        last = len(headers) - 1
        links = 0
        counted = exporter.csv
        for last, row in enumerate(stream, start=len(headers)):
            # A line break typed in a browser arrives as CRLF; in a cell it is LF. (A CR left
            # in a cell is written as the escape _x000D_, which Excel decodes but openpyxl, and
            # pandas through it, leaves as it is in the inline strings of this workbook.)
            cells = [
                v.replace("\r\n", "\n") if v.__class__ is str and "\r" in v else v for v in row
            ]
            try:
                if any(v.__class__ is Link for v in cells):
                    linked = [(i, v) for i, v in enumerate(cells) if v.__class__ is Link]
                    cells = ["" if v.__class__ is Link else v for v in cells]
                    sheet.write_row(last, 0, cells)
                    for column, link in linked:  # a real hyperlink, not a formula
                        links += 1
                        if links > MAX_LINKS or sheet.write_url(
                            last, column, link.url, string=link.text
                        ):
                            sheet.write_string(last, column, link.text)
                else:
                    sheet.write_row(last, 0, cells)
            except Exception as error:
                stream.close()  # and with it the database cursor of the rows
                raise RowNotWritten(
                    f"{exporter.sheet} row {last + 1}: {type(error).__name__}"
                ) from None
            if counted:
                written += 1
                if progress is not None and written % every == 0:
                    progress(written)
        sheet.autofilter(len(headers) - 1, 0, last, len(header) - 1)
    workbook.close()
    return written


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(exporter: Exporter) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM, so that spreadsheet programs read UTF-8
    for row in exporter.iterate():
        yield writer.writerow([csv_safe(str(v) if v.__class__ is Link else v) for v in row])
