"""Reads docs/INSTRUMENTS.md, the codebook, for the tests that hold the specs to it."""

import re
from functools import cache
from pathlib import Path

CODEBOOK = Path(__file__).resolve().parent.parent / "docs" / "INSTRUMENTS.md"
_ROW = re.compile(r"^\|\s*([a-z][a-z0-9_]*)\s*\|[^|]*\|([^|]+)\|([^|]+)\|\s*$")


@cache
def text() -> str:
    return CODEBOOK.read_text(encoding="utf-8")


@cache
def flat_text() -> str:
    """The codebook with line breaks and runs of spaces folded, for phrase lookups."""
    return re.sub(r"\s+", " ", text())


@cache
def item_labels() -> dict[str, tuple[str, str]]:
    """`code -> (English, Spanish)` from every item table row."""
    labels = {}
    for line in text().splitlines():
        match = _ROW.match(line)
        if match and match.group(1) != "code":
            labels[match.group(1)] = (match.group(2).strip(), match.group(3).strip())
    return labels


@cache
def headings() -> list[str]:
    """Section headings, without `### ` and any `Section K — ` prefix: `English / Spanish`."""
    found = []
    for line in text().splitlines():
        if line.startswith("### "):
            found.append(re.sub(r"^Section \w+ — ", "", line[4:]).strip())
    return found


def lists_option(code: str, english: str, spanish: str) -> bool:
    """Whether the codebook lists the option as `` `code` English / Spanish `` (or one name
    for both, when the two languages spell it alike)."""
    phrase = f"`{code}` {english}" if english == spanish else f"`{code}` {english} / {spanish}"
    flat = flat_text()
    start = flat.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if end == len(flat) or flat[end] in " ·.,":
            return True
        start = flat.find(phrase, end)
    return False
