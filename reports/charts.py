"""Charts drawn on the server as SVG: no JavaScript needed, nothing fetched from elsewhere.

Every label is escaped; the markup is built here and marked safe once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_TOP = 48, 28, 28, 34
PALETTE = ["#b03a2e", "#1f618d", "#7d6608", "#117a65", "#6c3483"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""
    selected: bool = False


def bar_chart(bars: Sequence[Bar], *, title: str, unit: str = "") -> SafeString:
    """Bars with value labels; a bar with an href is a link (a year of a search, say)."""
    if not bars:
        return mark_safe("")
    top = max(bar.value for bar in bars) or 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = min(plot_w / len(bars), 90)
    parts = [_svg_open(title)]
    parts += _grid(top, plot_h)
    for index, bar in enumerate(bars):
        height = plot_h * bar.value / top
        x = MARGIN_LEFT + index * step + step * 0.15
        y = MARGIN_TOP + plot_h - height
        label = f"{bar.label}：{_number(bar.value)}{unit}"
        rect = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{max(height, 0.5):.1f}"'
            f' class="bar{" selected" if bar.selected else ""}"><title>{escape(label)}</title></rect>'
            f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - 10}" class="axis" text-anchor="middle">'
            f"{escape(bar.label)}</text>"
        )
        if bar.value:
            rect += (
                f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" class="value" text-anchor="middle">'
                f"{escape(_number(bar.value))}</text>"
            )
        if bar.href:
            rect = f'<a href="{escape(bar.href)}" aria-label="{escape(label)}">{rect}</a>'
        parts.append(rect)
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def line_chart(
    labels: Sequence[str], series: Sequence[Series], *, title: str, link: Callable | None = None
) -> SafeString:
    """One line per series over the same labels (years), with a legend; points link when `link` is given."""
    if not labels or not series:
        return mark_safe("")
    top = max((v for s in series for v in s.values), default=0) or 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    parts = [_svg_open(title), *_grid(top, plot_h)]
    for index, label in enumerate(labels):
        x = MARGIN_LEFT + index * step if len(labels) > 1 else MARGIN_LEFT + plot_w / 2
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 10}" class="axis" text-anchor="middle">{escape(label)}</text>')
    for number, line in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = []
        for index, value in enumerate(line.values):
            x = MARGIN_LEFT + index * step if len(labels) > 1 else MARGIN_LEFT + plot_w / 2
            y = MARGIN_TOP + plot_h - plot_h * value / top
            points.append((x, y, value, labels[index]))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, value, label in points:
            dot = (
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(line.name)} {escape(label)}：{escape(_number(value))}</title></circle>"
            )
            if link:
                dot = f'<a href="{escape(link(line.name, label))}">{dot}</a>'
            parts.append(dot)
        parts.append(
            f'<text x="{MARGIN_LEFT + number * 120}" y="16" fill="{colour}" class="legend">■ {escape(line.name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _svg_open(title: str) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )


def _grid(top: float, plot_h: float) -> list[str]:
    lines = []
    middle = top / 2
    if float(top).is_integer() and top >= 2:
        middle = float(round(middle))  # counts get a whole-number middle line: 70, not 70.50
    for value in (0, middle, top):
        y = MARGIN_TOP + plot_h - plot_h * value / top
        lines.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">'
            f"{_number(value)}</text>"
        )
    return lines


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
