"""POST payloads built from an instrument spec, so tests follow the codebook."""

from fieldwork.spec import Instrument, ItemType


def answer_for(item, index: int = 0):
    """A valid, distinctive answer for every item type."""
    match item.type:
        case ItemType.YESNO:
            return "True"
        case ItemType.MULTI:
            return list(item.option_codes[:2])
        case ItemType.SINGLE:
            return item.option_codes[0]
        case ItemType.INT:
            return str(10 + index)
        case ItemType.DECIMAL:
            return "120.5"
        case ItemType.DATE:
            return "2022-04-20"
        case _:
            return f"Answer to {item.code}"


def complete_payload(spec: Instrument, centre, *, action: str = "submit", actors=()) -> dict:
    data: dict = {"action": action, "centre": str(centre.pk)}
    for index, item in enumerate(spec.items):
        if item.type in (ItemType.CENTRE, ItemType.USER, ItemType.REPEAT):
            continue
        data[item.code] = answer_for(item, index)
        if item.notes:
            data[item.notes_code] = f"Notes on {item.code}"
    if spec.code == "interview":
        data.update(actor_management(actors))
    return data


def actor_management(actors=(), initial: int = 0, prefix: str = "coordination_actors") -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(actors)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(actors):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data
