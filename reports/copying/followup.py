"""Plans followed up: each plan of a township's report for year N against its report for N+1. A plan is
reported done when its words stand in one of next year's achievements (most of the plan's character
pairs, CONTAINED, in one paragraph), planned again when it is alike one of next year's plans, else not
mentioned. Plans are short ('持续壮大特色产业'); the paragraph that reports them done is long, hence
containment, not likeness."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from .recurring import alike, bigrams

CONTAINED = 0.6


class FollowUp(StrEnum):
    DONE = "done"
    AGAIN = "again"
    NOT_MENTIONED = "not_mentioned"

    @property
    def label(self) -> str:
        return {"done": "次年报告已落实", "again": "次年再次列为计划", "not_mentioned": "次年报告未提及"}[self]


def contained(plan: frozenset[str], paragraph: frozenset[str]) -> bool:
    return bool(plan) and len(plan & paragraph) / len(plan) >= CONTAINED


def follow_up(plans: Sequence[str], achievements: Sequence[str], next_plans: Sequence[str]) -> list[FollowUp]:
    """For each plan: done (in an achievement paragraph of the next report), again (alike a next plan),
    or not mentioned."""
    done = [bigrams(text) for text in achievements]
    again = [bigrams(text) for text in next_plans]
    found = []
    for plan in plans:
        grams = bigrams(plan)
        if any(contained(grams, paragraph) for paragraph in done):
            found.append(FollowUp.DONE)
        elif any(alike(grams, other) for other in again):
            found.append(FollowUp.AGAIN)
        else:
            found.append(FollowUp.NOT_MENTIONED)
    return found
