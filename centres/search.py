"""The registry's search text: a centre's name, municipality, state and address as they are
searched, without the marks of Spanish letters and in lower case, so that "Mexico", "mexico"
and "México" find the same centres ("nino" finds "Niño").

One table (`FOLDS`) says how a letter is searched, read twice: by the database, which keeps
each centre's search text in a generated column (so every write keeps it, `bulk_create()`,
`update()` and raw SQL included), and by Python, which folds what the user typed the same way.
"""

import unicodedata

from django.db.models import F, Value
from django.db.models.functions import Concat, Lower, Replace

#: Spanish letters with marks and the letter each is searched as, both cases: SQLite's LOWER()
#: only knows ASCII, so the upper-case letters are folded here, not by LOWER(). (A change here
#: is a new migration of `Centre.search_text`: `makemigrations` sees it.)
FOLDS: tuple[tuple[str, str], ...] = tuple(
    (marked, plain)
    for lower, plain in zip("áéíóúüñ", "aeiouun", strict=True)
    for marked in (lower, lower.upper())
)
# Checked at import: one letter for one letter (the fold keeps lengths), none folded twice.
if any(len(marked) != 1 or len(plain) != 1 for marked, plain in FOLDS):
    raise ValueError("centres.search.FOLDS: each fold is one letter for one letter")
if len({marked for marked, _ in FOLDS}) != len(FOLDS):
    raise ValueError("centres.search.FOLDS: a letter is folded twice")

#: What separates the fields in the search text: a term never matches across two of them
#: (a search box sends no line breaks).
SEPARATOR = "\n"
FIELDS = ("name", "municipality", "state", "address")


def search_text_expression():
    """The database's fold of a centre's searched fields (the generated column's expression)."""
    parts = []
    for field in FIELDS:
        parts += [F(field), Value(SEPARATOR)]
    expression = Concat(*parts[:-1])
    for marked, plain in FOLDS:
        expression = Replace(expression, Value(marked), Value(plain))
    return Lower(expression)


_TABLE = str.maketrans(dict(FOLDS))


def fold(text: str) -> str:
    """What the user typed, folded as the search text is."""
    text = unicodedata.normalize("NFC", text).translate(_TABLE)
    # ASCII letters only, as SQLite's LOWER() (PostgreSQL's would lower any letter).
    return "".join(c.lower() if c.isascii() else c for c in text)
