"""Targets against outcomes: each target figure of a township's report (力争完成固定资产投资5亿元) against the same
indicator's achieved figure in its next report. Pure Python; the archive feeds it stored figures.

The same indicator means the same name as compared across years (parsing.figures.indicator_of), the same unit
and the same kind of figure (a level, or a growth rate). A target met is 达成; met by more than EXCEEDED_BY of it,
超额; short of it, 未达成. A ceiling (控制在5%以内) is met by staying at or below it; a target 'about' a value
(6%左右) by landing within EXCEEDED_BY of it. With no next report, or one that gives no such figure, the
outcome is 次年未报告; a masked figure on either side cannot be judged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

EXCEEDED_BY = 0.1  # 10 % over a target is exceeding it, not merely meeting it
CEILINGS = ("以内", "以下", "控制在", "不高于", "不超过")
ABOUT = ("左右",)


class Outcome(StrEnum):
    MET = "met"
    EXCEEDED = "exceeded"
    MISSED = "missed"
    UNREPORTED = "unreported"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.MET: "达成",
    Outcome.EXCEEDED: "超额",
    Outcome.MISSED: "未达成",
    Outcome.UNREPORTED: "次年未报告",
    Outcome.UNKNOWN: "无法判断（数字已隐去）",
}


@dataclass(frozen=True)
class Measure:
    """What matching needs of a figure."""

    indicator: str
    unit: str
    change: bool
    value: float | None
    modifier: str = ""
    target: bool = False


def match_targets(targets: Sequence[Measure], following: Sequence[Measure]) -> list[tuple[Outcome, int | None]]:
    """For each target, its outcome and the index in `following` (the next report's figures) of the achievement
    it was judged by (the first of the same indicator, unit and kind), or None."""
    judged = []
    for target in targets:
        at = next(
            (index for index, figure in enumerate(following) if not figure.target and _same(target, figure)),
            None,
        )
        judged.append((outcome_of(target, following[at] if at is not None else None), at))
    return judged


def outcome_of(target: Measure, achieved: Measure | None) -> Outcome:
    if achieved is None:
        return Outcome.UNREPORTED
    if target.value is None or achieved.value is None:
        return Outcome.UNKNOWN
    goal, done = target.value, achieved.value
    if target.modifier in CEILINGS:
        return Outcome.MET if done <= goal else Outcome.MISSED
    if target.modifier in ABOUT:
        if done > goal * (1 + EXCEEDED_BY):
            return Outcome.EXCEEDED
        return Outcome.MET if done >= goal * (1 - EXCEEDED_BY) else Outcome.MISSED
    if done < goal:
        return Outcome.MISSED
    return Outcome.EXCEEDED if done > goal * (1 + EXCEEDED_BY) else Outcome.MET


def _same(target: Measure, figure: Measure) -> bool:
    return (target.indicator, target.unit, target.change) == (figure.indicator, figure.unit, figure.change)
