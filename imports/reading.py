"""Reading an uploaded `.xlsx` or `.csv` into sheets of cells, within caps.

The workbook is opened with openpyxl (read-only, values only; XML parsed by defusedxml), after
its zip directory has been checked: a file whose parts would unpack to more than
`MAX_UNPACKED_MB` is refused before anything is unpacked. A CSV must be UTF-8 (Excel's
"CSV UTF-8"); its separator (comma, semicolon or tab) is recognised. Every sheet is cut at
`MAX_ROWS` data rows and `MAX_COLUMNS` columns: past them the file is refused with a message
that says so, never read in part.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: The largest file taken, and the most its workbook parts may unpack to.
MAX_FILE_MB = 5
MAX_UNPACKED_MB = 100
#: Data rows (below the header rows) per sheet, and columns per row.
MAX_ROWS = 5_000
MAX_COLUMNS = 400
#: Header rows looked at, at most (labels over codes).
HEADER_ROWS = 2

EXTENSIONS = (".xlsx", ".csv")


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in the user's language."""


@dataclass
class Sheet:
    title: str
    rows: list[list]


def read_file(name: str, content: bytes) -> list[Sheet]:
    """Every sheet of the file (a CSV is one sheet, titled with the file's name)."""
    if len(content) > MAX_FILE_MB * 1024 * 1024:
        raise UnreadableFile(
            _("The file is larger than %(mb)s MB: split it into smaller files.")
            % {"mb": MAX_FILE_MB}
        )
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith(".csv"):
        return [Sheet(name, _capped(_read_csv(content), name))]
    raise UnreadableFile(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


def _read_xlsx(content: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    not_a_workbook = UnreadableFile(
        _("This file is not an Excel workbook (.xlsx) that can be read: save it again as .xlsx.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_workbook from None
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise UnreadableFile(
            _("The workbook holds too much to be read at once: split it into smaller files.")
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file  # noqa: BLE001
        raise not_a_workbook from None
    try:
        sheets = []
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
            sheets.append(Sheet(sheet.title, _capped(rows, sheet.title)))
        return sheets
    except UnreadableFile:
        raise
    except Exception:  # noqa: BLE001
        raise not_a_workbook from None
    finally:
        book.close()


def _read_csv(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            _("The CSV file is not UTF-8 text: save it as “CSV UTF-8 (comma delimited)”.")
        ) from None
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error:
        raise UnreadableFile(_("The CSV file cannot be read: check its quotes.")) from None


def _capped(rows, title: str) -> list[list]:
    """The sheet's rows as lists, trailing empty rows and cells dropped, within the caps."""
    kept: list[list] = []
    pending_blank = 0
    for row in rows:
        cells = list(row)
        while cells and _blank(cells[-1]):
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise UnreadableFile(
                _("Sheet “%(sheet)s” has more than %(n)s columns.")
                % {"sheet": title, "n": MAX_COLUMNS}
            )
        if not cells:
            pending_blank += 1
            continue
        kept.extend([] for _n in range(pending_blank))
        pending_blank = 0
        kept.append(cells)
        if len(kept) > MAX_ROWS + HEADER_ROWS:
            raise UnreadableFile(
                _(
                    "Sheet “%(sheet)s” has more than %(n)s rows: split it into files of at "
                    "most %(n)s rows."
                )
                % {"sheet": title, "n": f"{MAX_ROWS:,}"}
            )
    return kept


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
