"""Bar charts as inline SVG, drawn on the server: nothing to download at run time."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .results import AnswerCount

PUBLIC_COLOUR = "#0d6efd"
PRIVATE_COLOUR = "#fd7e14"
LABEL_WIDTH = 210
BAR_AREA = 260
BAR_HEIGHT = 11
ROW_GAP = 10


def sector_bars(answers: list[AnswerCount], title: str) -> SafeString:
    """Grouped horizontal bars: one pair (public, private) per answer."""
    largest = max([max(a.tally.public, a.tally.private) for a in answers] + [1])
    row_height = 2 * BAR_HEIGHT + ROW_GAP
    legend_height = 22
    height = legend_height + row_height * len(answers)
    width = LABEL_WIDTH + BAR_AREA + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" class="chart" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        _legend(0, PUBLIC_COLOUR, _("Public")),
        _legend(90, PRIVATE_COLOUR, _("Private")),
    ]
    for index, answer in enumerate(answers):
        y = legend_height + index * row_height
        label = answer.label if len(answer.label) <= 30 else answer.label[:29] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT + 4}" text-anchor="end" '
            f'font-size="11">{escape(label)}</text>'
        )
        for offset, value, colour in (
            (0, answer.tally.public, PUBLIC_COLOUR),
            (BAR_HEIGHT, answer.tally.private, PRIVATE_COLOUR),
        ):
            bar = round(BAR_AREA * value / largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + offset}" width="{bar}" '
                f'height="{BAR_HEIGHT - 1}" fill="{colour}"></rect>'
                f'<text x="{LABEL_WIDTH + bar + 4}" y="{y + offset + BAR_HEIGHT - 2}" '
                f'font-size="10">{value}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(x: int, colour: str, label: str) -> str:
    return (
        f'<rect x="{LABEL_WIDTH + x}" y="4" width="10" height="10" fill="{colour}"></rect>'
        f'<text x="{LABEL_WIDTH + x + 14}" y="13" font-size="11">{escape(label)}</text>'
    )
