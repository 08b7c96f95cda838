"""Building spreadsheets for the import tests, and going through upload, preview and confirm."""

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def read_sheets(content: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def export(client, query: str = "") -> dict[str, list[list]]:
    """The results workbook as the coordinator downloads it."""
    response = client.get(f"/reports/export.xlsx{query}")
    assert response.status_code == 200
    return read_sheets(b"".join(response.streaming_content))


def upload(client, kind: str, name: str, content: bytes):
    return client.post(
        "/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=False
    )


def preview(client, kind: str, name: str, content: bytes):
    """Upload a file; the preview page's response and its address."""
    response = upload(client, kind, name, content)
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    return client.get(url), url


def digest(page) -> str:
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page.content.decode())
    assert found, "no confirm button"
    return found.group(1)


def confirm(client, url: str, page):
    return client.post(f"{url}confirm/", {"digest": digest(page)})


def actions(page) -> list[str]:
    return re.findall(r'data-action="(\w+)"', page.content.decode())


def problems(page) -> list[str]:
    return re.findall(r'data-problem="(\w+)"', page.content.decode())
