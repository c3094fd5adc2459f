"""Server-drawn SVG charts (bars or a line over equal slots): geometry here, markup in the
template `portal/chart.svg`.

No JavaScript and no inline styles: the template uses SVG presentation attributes and the
`chart-*` classes of `lq.css`. Every chart is `role="img"` with a title and a description
in words (`aria-labelledby`); the page that shows one puts the same figures in a table next
to it. The console's dashboard (weekly series) and the LQ Fonds page (euros per month) both
draw through `draw_chart`.

Values may be negative (a month in which more fees were reversed than posted): the zero line
then rises above the bottom and such a bar hangs below it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
LEFT = 56  # room for the value axis' labels
RIGHT = 8
TOP = 12
BOTTOM = 32  # room for the slot labels
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the bar's tooltip, e.g. "week of 3 Feb 2026: 12"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "start"  # SVG text-anchor of a slot label: "start" or "middle"


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the ids of the title and the description
    kind: str  # "bar" or "line"
    title: str
    description: str
    bars: list[Bar]
    points: str  # the line's "x,y x,y ..." for kind "line"
    value_ticks: list[Tick]
    slot_ticks: list[Tick]
    baseline: float  # the zero line
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT


def nice_top(highest: int) -> int:
    """The value axis' top: `highest` rounded up to 1, 2 or 5 times a power of ten (1 for 0)."""
    if highest <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= highest:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= highest:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - step 10 always reaches it


def draw_chart(
    *,
    key: str,
    title: str,
    description: str,
    values: Sequence[int],
    bar_labels: Sequence[str],
    value_label: Callable[[int], str],
    slot_ticks: Sequence[tuple[int, str]],
    centred_ticks: bool = False,
    kind: str = "bar",
    top: int | None = None,
    bottom: int | None = None,
    left: int = LEFT,
) -> Chart:
    """The geometry of one series over equal slots (weeks, months).

    `bar_labels` are the bars' tooltips in words ("March 2026: 12,00 €"), one per value;
    `slot_ticks` are (slot index, label) written under the axis, at the slot's start or, with
    `centred_ticks`, under its middle; `value_label` writes a value on the value axis.
    `top`/`bottom` fix the value axis (default: round values around the highest and the
    lowest value)."""
    if len(bar_labels) != len(values):
        raise ValueError("one bar label per value")
    highest = max(values, default=0)
    lowest = min(values, default=0)
    top = top if top is not None else nice_top(highest)
    bottom = bottom if bottom is not None else (-nice_top(-lowest) if lowest < 0 else 0)
    span = top - bottom
    plot_width = WIDTH - left - RIGHT
    slot = plot_width / max(len(values), 1)

    def y_of(value: int) -> float:
        return round(TOP + PLOT_HEIGHT * (top - value) / span, 1)

    zero = y_of(0)
    bars = []
    points = []
    for index, (value, text) in enumerate(zip(values, bar_labels, strict=True)):
        x = round(left + index * slot, 1)
        upper, lower = y_of(max(value, 0)), y_of(min(value, 0))
        bars.append(
            Bar(
                x=x + 1,
                y=upper,
                width=round(slot - 2, 1),
                height=round(lower - upper, 1),
                label=text,
            )
        )
        points.append(f"{round(x + slot / 2, 1)},{y_of(value)}")
    value_ticks = [
        Tick(position=y_of(value), label=value_label(value))
        for value in sorted({bottom, 0, top // 2, top})
    ]
    shift = 0.5 if centred_ticks else 0.0
    under = [
        Tick(
            position=round(left + (index + shift) * slot, 1),
            label=label,
            anchor="middle" if centred_ticks else "start",
        )
        for index, label in slot_ticks
    ]
    return Chart(
        key=key,
        kind=kind,
        title=title,
        description=description,
        bars=bars if kind == "bar" else [],
        points=" ".join(points) if kind == "line" else "",
        value_ticks=value_ticks,
        slot_ticks=under,
        baseline=zero,
        left=left,
    )
