"""Plans followed up: each plan of a township's report for year N against its report for N+1. A plan is
reported done when its words stand in one of next year's achievements (most of the plan's character
pairs, CONTAINED, in one paragraph), planned again when it is alike one of next year's plans, else not
mentioned. Plans are short ('持续壮大特色产业'); the paragraph that reports them done is long, hence
containment, not likeness. Each finding keeps its evidence: the sentence of next year's report that counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .recurring import alike, bigrams

CONTAINED = 0.6
EVIDENCE_CHARACTERS = 200  # the evidence kept: the sentence that counts, cut to this when it runs on


class FollowUp(StrEnum):
    DONE = "done"
    AGAIN = "again"
    NOT_MENTIONED = "not_mentioned"
    NO_NEXT_REPORT = "no_next_report"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    FollowUp.DONE: "次年报告已落实",
    FollowUp.AGAIN: "次年再次列为计划",
    FollowUp.NOT_MENTIONED: "次年报告未提及",
    FollowUp.NO_NEXT_REPORT: "无次年报告",
}


FOLLOW_UPS: list[tuple[str, str]] = [(status.value, status.label) for status in FollowUp]  # the archive's choices


@dataclass(frozen=True)
class Finding:
    """What next year's report says of a plan, and the sentence that says it ('' when nothing does)."""

    status: FollowUp
    evidence: str = ""


def contained(plan: frozenset[str], paragraph: frozenset[str]) -> bool:
    return bool(plan) and len(plan & paragraph) / len(plan) >= CONTAINED


def follow_up(plans: Sequence[str], achievements: Sequence[str], next_plans: Sequence[str]) -> list[Finding]:
    """For each plan: done (in an achievement paragraph of the next report), again (alike a next plan),
    or not mentioned, with the sentence that counts as evidence."""
    done = [bigrams(text) for text in achievements]
    again = [bigrams(text) for text in next_plans]
    found = []
    for plan in plans:
        grams = bigrams(plan)
        at = next((i for i, paragraph in enumerate(done) if contained(grams, paragraph)), None)
        if at is not None:
            found.append(Finding(FollowUp.DONE, best_sentence(grams, achievements[at])))
            continue
        at = next((i for i, other in enumerate(again) if alike(grams, other)), None)
        if at is not None:
            found.append(Finding(FollowUp.AGAIN, next_plans[at][:EVIDENCE_CHARACTERS]))
            continue
        found.append(Finding(FollowUp.NOT_MENTIONED))
    return found


def best_sentence(plan: frozenset[str], paragraph: str) -> str:
    """The sentence of a paragraph that holds most of a plan's character pairs: what a reader checks."""
    sentences = [s for s in re.split(r"(?<=[。；！？])", paragraph) if s.strip()] or [paragraph]
    best = max(sentences, key=lambda sentence: len(plan & bigrams(sentence)))
    return best.strip()[:EVIDENCE_CHARACTERS]
