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

# Each colour has at least 3:1 against the white page (WCAG 1.4.11).
PUBLIC_COLOUR = "#0d6efd"
PRIVATE_COLOUR = "#d4640b"
COLOURS = {
    "public": PUBLIC_COLOUR,
    "private": PRIVATE_COLOUR,
    "civil_society": PRIVATE_COLOUR,
    "federal_dif": "#6f42c1",
    "state_dif": PUBLIC_COLOUR,
    "municipal_dif": "#13795b",
    "other": "#6c757d",
}
# Drawn at its own size (CHART_WIDTH px) and only ever scaled down, a little, on a 360 px
# phone (to about 300 px): each answer's label stands on its own line(s) above its bars
# instead of beside them, so the text stays readable there (over 11 px) instead of shrinking
# to a half.
CHART_WIDTH = 320
BAR_AREA = 230
BAR_HEIGHT = 14
LABEL_SIZE = 13
VALUE_SIZE = 12
LABEL_LINE = 16
LABEL_CHARS = 44  # per line, at most two lines
ROW_GAP = 10
LEGEND_ROW = 20
LEGEND_STEP = 160


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
    parts = [
        _legend(index, COLOURS.get(code, "#6c757d"), group_label(split, code))
        for index, code in enumerate(groups)
    ]
    y = ((len(groups) + 1) // 2) * LEGEND_ROW + 4
    for answer in answers:
        for line in _label_lines(str(answer.label)):
            y += LABEL_LINE
            parts.append(
                format_html('<text x="0" y="{}" font-size="{}">{}</text>', y - 4, LABEL_SIZE, line)
            )
        for code in groups:
            value = answer.tally.group(split, code)
            if asked is None:
                bar, text = round(BAR_AREA * value / largest), str(value)
            else:
                of = asked.group(split, code)
                share = value / of if of else 0
                bar, text = round(BAR_AREA * share), f"{value}/{of} ({round(100 * share)}%)"
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" font-size="{}">{}</text>',
                    y + 1,
                    bar,
                    BAR_HEIGHT - 2,
                    COLOURS.get(code, "#6c757d"),
                    bar + 4,
                    y + BAR_HEIGHT - 2,
                    VALUE_SIZE,
                    text,
                )  # fmt: skip
            )
            y += BAR_HEIGHT
        y += ROW_GAP
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" class="chart" aria-label="{}"><title>{}</title>{}</svg>',
        CHART_WIDTH,
        y,
        CHART_WIDTH,
        y,
        title,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def _label_lines(label: str) -> list[str]:
    """The label in lines of at most LABEL_CHARS, broken between words; two lines at most."""
    lines, line = [], ""
    for word in label.split():
        candidate = f"{line} {word}".strip()
        if line and len(candidate) > LABEL_CHARS:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1] + " " + " ".join(lines[2:])]
    return [
        text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"
        for text in lines
    ]


def _legend(index: int, colour: str, label: str) -> SafeString:
    x = (index % 2) * LEGEND_STEP
    y = (index // 2) * LEGEND_ROW
    return format_html(
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="{}">{}</text>',
        x,
        y + 4,
        colour,
        x + 16,
        y + 15,
        LABEL_SIZE,
        label,
    )
