"""Charts drawn on the server as SVG: no JavaScript needed, nothing fetched from elsewhere.

Every label is escaped; the markup is built here and marked safe once. Axis ticks are round numbers
(1, 2 or 5 times a power of ten); each line has its own colour, dash and marker, so that two lines that
coincide can still be told apart; text stays readable when a phone shrinks the chart (the chart is drawn
narrow and the page lets it scroll sideways rather than shrink below its minimum width).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 400, 230
WIDE = 800  # a chart that has a page's width to itself (the trends): more years legible
YEAR_LABEL = 34  # pixels a year's label needs, with room between two
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_TOP = 44, 18, 28, 40
# (colour, dash pattern, marker) per line: told apart by any one of the three.
STYLES = [
    ("#b03a2e", "", "circle"),
    ("#1f618d", "6 3", "square"),
    ("#7d6608", "2 3", "triangle"),
    ("#117a65", "8 3 2 3", "diamond"),
    ("#6c3483", "1 2", "cross"),
]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""
    selected: bool = False


def number(value: float) -> str:
    """One number format everywhere: whole numbers as such, others with two decimals ('9.36', not '9.364')."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and round steps up to at least `top`: 28.51 -> [0, 10, 20, 30]; 7 -> [0, 2, 4, 6, 8]."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 5, 10) if f * power >= raw)
    if top >= 1 and step < 1:
        step = 1.0
    return [round(step * i, 10) for i in range(math.ceil(top / step - 1e-9) + 1)]


def bar_chart(bars: Sequence[Bar], *, title: str, unit: str = "", width: int = WIDTH) -> SafeString:
    """Bars with value labels; a bar with an href is a link (a year of a search, say)."""
    if not bars:
        return mark_safe("")
    ticks = nice_ticks(max(bar.value for bar in bars))
    top = ticks[-1]
    plot_w, plot_h = width - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = min(plot_w / len(bars), 70)
    every = label_every(len(bars), plot_w)
    parts = [_svg_open(title, interactive=any(bar.href for bar in bars), width=width), *_grid(ticks, plot_h, width)]
    for index, bar in enumerate(bars):
        height = plot_h * bar.value / top
        x = MARGIN_LEFT + index * step + step * 0.15
        y = MARGIN_TOP + plot_h - height
        label = f"{bar.label}：{number(bar.value)}{unit}"
        rect = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{max(height, 0.5):.1f}"'
            f' class="bar{" selected" if bar.selected else ""}"><title>{escape(label)}</title></rect>'
        )
        if _labelled(index, len(bars), every):
            rect += (
                f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - 10}" class="axis" text-anchor="middle">'
                f"{escape(bar.label)}</text>"
            )
        if bar.value:
            rect += (
                f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" class="value" text-anchor="middle">'
                f"{escape(number(bar.value))}</text>"
            )
        if bar.href:
            rect = f'<a href="{escape(bar.href)}" aria-label="{escape(label)}">{rect}</a>'
        parts.append(rect)
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: no figure that year, a gap in the line (never drawn as 0)


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    link: Callable | None = None,
    width: int = WIDTH,
) -> SafeString:
    """One line per series over the same labels (years), with a legend; points link when `link` is given."""
    if not labels or not series:
        return mark_safe("")
    ticks = nice_ticks(max((v for s in series for v in s.values if v is not None), default=0))
    top = ticks[-1]
    plot_w, plot_h = width - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_w / (len(labels) - 1) if len(labels) > 1 else 0
    every = label_every(len(labels), plot_w)
    parts = [_svg_open(title, interactive=link is not None, width=width), *_grid(ticks, plot_h, width)]

    def x_of(index: int) -> float:
        return MARGIN_LEFT + index * step if len(labels) > 1 else MARGIN_LEFT + plot_w / 2

    for index, label in enumerate(labels):
        if _labelled(index, len(labels), every):
            axis = f'x="{x_of(index):.1f}" y="{HEIGHT - 10}" class="axis" text-anchor="middle"'
            parts.append(f"<text {axis}>{escape(label)}</text>")
    for number_, line in enumerate(series):
        colour, dash, marker = STYLES[number_ % len(STYLES)]
        points = [
            (x_of(i), MARGIN_TOP + plot_h - plot_h * v / top, v, labels[i])
            for i, v in enumerate(line.values)
            if v is not None
        ]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        at = {x: y for x, y, _, _ in points}
        for run in _runs(line.values):  # a gap (a year with no figure) breaks the line
            path = " ".join(f"{x_of(i):.1f},{at[x_of(i)]:.1f}" for i in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>')
        for x, y, value, label in points:
            name = f"{line.name} {label}：{number(value)}"
            dot = f"{_marker(marker, x, y, colour)}<title>{escape(name)}</title>"
            if link:
                dot = f'<a href="{escape(link(line.name, label))}" aria-label="{escape(name)}">{dot}</a>'
            parts.append(dot)
        legend_x = MARGIN_LEFT + (number_ % 3) * 115
        legend_y = 14 + (number_ // 3) * 16
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{colour}"'
            f' stroke-width="2"{dashes}/>{_marker(marker, legend_x + 9, legend_y - 4, colour)}'
            f'<text x="{legend_x + 24}" y="{legend_y}" class="legend">{escape(line.name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """The indices of each unbroken stretch of values: [1, None, 2, 3] -> [[0], [2, 3]]."""
    runs: list[list[int]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(index)
    return [run for run in runs if run]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    corners = {
        "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
        "triangle": [(0, -r - 1), (-r, r), (r, r)],
        "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
    }
    if shape in corners:
        points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners[shape])
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "cross":
        d = f"M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}"
        return f'<path d="{d}" stroke="{colour}" stroke-width="2.5"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'


def label_every(count: int, plot_w: float) -> int:
    """Label every how-many-th year so that labels never run together ('20052006…'): 1 while they fit."""
    return max(1, math.ceil(count * YEAR_LABEL / plot_w)) if plot_w > 0 else 1


def _labelled(index: int, count: int, every: int) -> bool:
    """The first label, every `every`-th after it, and the last when it does not crowd the one before."""
    return index % every == 0 or (index == count - 1 and index % every >= every / 2)


def _svg_open(title: str, *, interactive: bool, width: int = WIDTH) -> str:
    """A chart with links is a group of them (a picture may not hold controls); one without, a picture."""
    role = "group" if interactive else "img"
    wide = " wide" if width > WIDTH else ""
    return (
        f'<svg viewBox="0 0 {width} {HEIGHT}" class="chart{wide}" role="{role}" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )


def _grid(ticks: list[float], plot_h: float, width: int = WIDTH) -> list[str]:
    top = ticks[-1]
    lines = []
    for value in ticks:
        y = MARGIN_TOP + plot_h - plot_h * value / top
        lines.append(
            f'<line x1="{MARGIN_LEFT}" x2="{width - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{number(value)}</text>'
        )
    return lines
