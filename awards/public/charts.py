"""Horizontal bar charts drawn as SVG on the server (no script, nothing loaded from elsewhere).

A chart reads without colour: each bar carries its label and its value as text, and the two
series of a comparison differ in shape (a filled bar inside an outlined one), not in colour.
The table next to each chart holds the same figures and is its text alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

WIDTH = 640
BAR_MAX = 620
LINE_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 16
ROW_HEIGHT = LINE_HEIGHT + BAR_HEIGHT + LINE_HEIGHT + ROW_GAP
LABEL_MAX_CHARS = 80


@dataclass
class ChartRow:
    label: str
    value_text: str
    label_y: int
    bar_y: int
    text_y: int
    value_width: float
    reference_width: float | None


@dataclass
class Chart:
    rows: list[ChartRow]
    width: int
    height: int
    has_reference: bool


def bar_chart(
    items: Iterable,
    *,
    label: Callable[[object], str],
    value: Callable[[object], int],
    text: Callable[[object], str],
    reference: Callable[[object], int] | None = None,
) -> Chart:
    """Bars scaled to the largest value (or reference, such as a budget) among the items."""
    items = list(items)
    largest = max(
        [value(item) for item in items] + [reference(item) for item in items if reference] + [1]
    )
    rows = []
    for index, item in enumerate(items):
        top = index * ROW_HEIGHT
        name = label(item)
        if len(name) > LABEL_MAX_CHARS:
            name = name[: LABEL_MAX_CHARS - 1].rstrip() + "…"
        rows.append(
            ChartRow(
                label=name,
                value_text=text(item),
                label_y=top + LINE_HEIGHT - 5,
                bar_y=top + LINE_HEIGHT,
                text_y=top + LINE_HEIGHT + BAR_HEIGHT + LINE_HEIGHT - 4,
                value_width=round(BAR_MAX * value(item) / largest, 1),
                reference_width=round(BAR_MAX * reference(item) / largest, 1)
                if reference
                else None,
            )
        )
    return Chart(
        rows=rows,
        width=WIDTH,
        height=max(len(rows) * ROW_HEIGHT, ROW_HEIGHT),
        has_reference=reference is not None,
    )
