"""Bar charts as geometry for inline SVG (templates/chart.html draws them): no script, no
library, nothing loaded from elsewhere. Each chart carries its title and a one-sentence
description for assistive technology; the page puts the full table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 130  # category names, right-aligned before the bars
VALUE_WIDTH = 110  # the total after each bar
ROW = 26
BAR = 18
PAD = 6
# Okabe-Ito colours: told apart with every common colour-vision deficiency, and each with
# at least 3:1 contrast on white.
COLOURS = ("#0072B2", "#D55E00", "#A40E26", "#009E73", "#6A3D9A", "#8C6D00")


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Segment:
    series: str
    value: float
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: tuple[Segment, ...]
    text: str  # what the bar's end says: a total, a share


@dataclass(frozen=True)
class Chart:
    key: str  # the element id
    title: str
    description: str
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_height: int = BAR
    label_x: int = LABEL_WIDTH - PAD
    text_x: int = WIDTH - VALUE_WIDTH + PAD

    @property
    def legend(self) -> bool:
        return len(self.series) > 1


@dataclass(frozen=True)
class Row:
    """One category: its label, one value per series, the text after its bar."""

    label: str
    values: Sequence[float]
    text: str


def bar_chart(
    key: str,
    title: str,
    description: str,
    series: Sequence[str],
    rows: Sequence[Row],
    scale: float | None = None,
) -> Chart:
    """Horizontal bars, one per row, stacked by series; `scale` is the value of a full bar
    (default: the largest row's total)."""
    full = scale or max((sum(row.values) for row in rows), default=0) or 1
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    named = tuple(Series(name, COLOURS[i % len(COLOURS)]) for i, name in enumerate(series))
    bars = []
    for index, row in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for kind, value in zip(named, row.values, strict=True):
            width = round(area * value / full, 1) if value > 0 else 0.0
            segments.append(Segment(kind.name, value, round(x, 1), width, kind.colour))
            x += width
        bars.append(Bar(row.label, PAD + index * ROW, tuple(segments), row.text))
    height = PAD * 2 + max(len(rows), 1) * ROW
    return Chart(key, title, description, named, tuple(bars), WIDTH, height)
