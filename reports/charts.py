"""Bar charts as inline SVG, drawn on the server: nothing to download at run time.

Every piece is built with `format_html`, which escapes each value, so labels typed by users
cannot inject markup.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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
        _legend(0, PUBLIC_COLOUR, _("Public")),
        _legend(90, PRIVATE_COLOUR, _("Private")),
    ]
    for index, answer in enumerate(answers):
        y = legend_height + index * row_height
        label = answer.label if len(answer.label) <= 30 else answer.label[:29] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT + 4,
                label,
            )
        )
        for offset, value, colour in (
            (0, answer.tally.public, PUBLIC_COLOUR),
            (BAR_HEIGHT, answer.tally.private, PRIVATE_COLOUR),
        ):
            bar = round(BAR_AREA * value / largest)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" font-size="10">{}</text>',
                    LABEL_WIDTH,
                    y + offset,
                    bar,
                    BAR_HEIGHT - 1,
                    colour,
                    LABEL_WIDTH + bar + 4,
                    y + offset + BAR_HEIGHT - 2,
                    value,
                )  # fmt: skip
            )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" class="chart" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def _legend(x: int, colour: str, label: str) -> SafeString:
    return format_html(
        '<rect x="{}" y="4" width="10" height="10" fill="{}"></rect>'
        '<text x="{}" y="13" font-size="11">{}</text>',
        LABEL_WIDTH + x,
        colour,
        LABEL_WIDTH + x + 14,
        label,
    )
