"""Bar charts as inline SVG, drawn on the server: nothing to download at run time.

Each bar is the proportion of a group's centres (a sector, or an operator) that gave the
answer, out of that group's centres asked, and is labelled with the counts: the groups differ
in size, so raw counts side by side would mislead.

Every piece is built with `format_html`, which escapes each value, so labels typed by users
cannot inject markup.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .findings import Split, Tally, group_label
from .results import AnswerCount

PUBLIC_COLOUR = "#0d6efd"
PRIVATE_COLOUR = "#fd7e14"
COLOURS = {
    "public": PUBLIC_COLOUR,
    "private": PRIVATE_COLOUR,
    "civil_society": PRIVATE_COLOUR,
    "federal_dif": "#6f42c1",
    "state_dif": PUBLIC_COLOUR,
    "municipal_dif": "#20c997",
    "other": "#6c757d",
}
LABEL_WIDTH = 210
BAR_AREA = 230
BAR_HEIGHT = 11
ROW_GAP = 10
LEGEND_ROW = 18
LEGEND_STEP = 120


def sector_bars(
    answers: list[AnswerCount], title: str, asked: Tally | None = None, split=Split.SECTOR
) -> SafeString:
    """Grouped horizontal bars: per answer, one bar per group, as a share of its centres asked.

    Without `asked`, the largest count is the full bar (a plain count chart).
    """
    groups = [code for code in split.groups if asked is None or asked.group(split, code)]
    if not groups:
        groups = list(split.groups[:2])
    largest = max([a.tally.group(split, g) for a in answers for g in groups] + [1])
    row_height = len(groups) * BAR_HEIGHT + ROW_GAP
    legend_rows = (len(groups) + 2) // 3
    legend_height = legend_rows * LEGEND_ROW + 4
    height = legend_height + row_height * len(answers)
    width = LABEL_WIDTH + BAR_AREA + 90
    parts = [
        _legend(index, COLOURS.get(code, "#6c757d"), group_label(split, code))
        for index, code in enumerate(groups)
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
        for offset, code in enumerate(groups):
            value = answer.tally.group(split, code)
            if asked is None:
                bar, text = round(BAR_AREA * value / largest), str(value)
            else:
                of = asked.group(split, code)
                share = value / of if of else 0
                bar, text = round(BAR_AREA * share), f"{value}/{of} ({round(100 * share)}%)"
            top = y + offset * BAR_HEIGHT
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" font-size="10">{}</text>',
                    LABEL_WIDTH,
                    top,
                    bar,
                    BAR_HEIGHT - 1,
                    COLOURS.get(code, "#6c757d"),
                    LABEL_WIDTH + bar + 4,
                    top + BAR_HEIGHT - 2,
                    text,
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


def _legend(index: int, colour: str, label: str) -> SafeString:
    x = LABEL_WIDTH + (index % 3) * LEGEND_STEP - 120
    y = (index // 3) * LEGEND_ROW
    return format_html(
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="11">{}</text>',
        x,
        y + 4,
        colour,
        x + 14,
        y + 13,
        label,
    )
