"""How much is copied, in words: the bands a 查重 ratio falls in, declared once for every page, print and
export. CNKI's bands are made for theses (under 10 % passes); a township report shares meeting formulas and
county slogans even when its own work is its own, so the bands are set wider and stated on every result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    name: str  # the CSS class and the JSON value
    label: str
    below: float  # the band holds ratios under this (and at or over the band before's)


BANDS = (
    Band("low", "基本是自己的文字", 0.05),
    Band("some", "少量与其他报告相同", 0.15),
    Band("much", "较多与其他报告相同", 0.40),
    Band("most", "大量与其他报告相同", float("inf")),
)


def band_of(ratio: float) -> Band:
    """The band of a ratio (0.0–1.0)."""
    return next(band for band in BANDS if ratio < band.below)


def bands_legend() -> str:
    """'5% 以下：基本是自己的文字；5%–15%：…': the bands as a result states them."""
    parts, low = [], 0.0
    for band in BANDS:
        if band.below == float("inf"):
            parts.append(f"{low:.0%} 及以上：{band.label}")
        elif low == 0:
            parts.append(f"{band.below:.0%} 以下：{band.label}")
        else:
            parts.append(f"{low:.0%}–{band.below:.0%}：{band.label}")
        low = band.below
    return "；".join(parts)
