"""Which words rose: a year's counts against the years before, as a log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi and Quinn, "Fightin' Words", Political Analysis 2008).

Why not the ratio of shares: a word seen once the years before and three times this year "triples"; with
the prior (each word's share of the whole archive, worth PRIOR_WORDS words) and the z-score (the ratio over
its standard error), a rise must be large and seen often to rank high.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass

PRIOR_WORDS = 1000  # how many words' worth of evidence the shares count for, at most


@dataclass(frozen=True)
class Rise:
    word: str
    now: int  # times in the year
    before: int  # times in the years before
    z: float  # the log-odds ratio over its standard error: > 1.96 rose, < -1.96 fell (95 %)


def per_10k(count: int, total: int) -> float:
    """A count as uses per 10,000 words, the unit researchers of these reports compare."""
    return count * 10_000 / total if total else 0.0


@dataclass(frozen=True)
class Counts:
    """Word counts of a body of text, and how many words it holds in all (words may hold only some)."""

    words: Mapping[str, int]
    total: int


def compare(now: Counts, before: Counts, prior: Counts, keep: int) -> tuple[list[Rise], list[Rise]]:
    """The `keep` words of `now.words` or `before.words` that rose most (z highest first) and the `keep` that
    fell most (z lowest first). `prior` is the archive's counts (of at least these words), whose shares make
    the prior; it never counts for more words than the smaller body compared, so that a township's few
    reports are not drowned in the archive's shares."""
    if not now.total or not before.total or not prior.total:
        return [], []
    weight = min(PRIOR_WORDS, now.total, before.total)  # alpha_0
    scale = weight / prior.total
    n_now, n_before = now.total + weight, before.total + weight
    log, sqrt = math.log, math.sqrt
    scored = []
    for word in now.words.keys() | before.words.keys():  # a loop over tuples: tens of thousands of words
        alpha = max(prior.words.get(word, 0), 1) * scale  # a word the prior never saw still gets a little
        y, r = now.words.get(word, 0) + alpha, before.words.get(word, 0) + alpha
        delta = log(y / (n_now - y)) - log(r / (n_before - r))
        scored.append((delta / sqrt(1 / y + 1 / r), word))

    def rise(z: float, word: str) -> Rise:
        return Rise(word, now.words.get(word, 0), before.words.get(word, 0), z)

    risen = [rise(z, word) for z, word in heapq.nlargest(keep, scored)]
    fallen = [rise(z, word) for z, word in heapq.nsmallest(keep, scored)]
    return risen, fallen
