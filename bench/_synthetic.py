"""Synthetic answers for the benches: one place for what a bench's records hold.

Not a bench itself (tests/test_benches.py runs `bench/*.py` except `_*.py`); imported by the
benches after Django is set up.
"""

import random


def answers(spec, rng: random.Random, notes: bool = True) -> dict:
    """Plausible answers to every item of an instrument spec (and some notes)."""
    from fieldwork.spec import ItemType

    values = {}
    for item in spec.items:
        if item.type == ItemType.YESNO:
            values[item.code] = rng.choice([True, False, None])
        elif item.type == ItemType.MULTI:
            values[item.code] = [o for o in item.option_codes if rng.random() < 0.4]
        elif item.type == ItemType.SINGLE:
            values[item.code] = rng.choice(item.option_codes)
        elif item.type == ItemType.INT:
            values[item.code] = rng.randint(0, 80)
        elif item.type == ItemType.DECIMAL:
            values[item.code] = rng.randint(50, 2000)
        elif item.type == ItemType.TEXT and item.code != "place":
            values[item.code] = f"{item.code} {rng.randint(0, 10**6)}"
        if notes and item.notes and rng.random() < 0.3:
            values[item.notes_code] = "Observaciones de campo " * rng.randint(1, 4)
    return values
