"""Problems a township reports year after year (老问题): the same or nearly the same text in its reports
of different years. Two problems are the same when most of their character pairs are shared (a Jaccard
of character bigrams of at least SAME), so '产业结构单一，带动能力不强' and '产业结构较为单一，带动作用不强'
are one problem written twice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .fingerprints import comparable

SAME = 0.5


@dataclass(frozen=True)
class Problem:
    id: int
    year: int
    text: str


def bigrams(text: str) -> frozenset[str]:
    chars = comparable(text).chars
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


def alike(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= SAME


def groups(problems: Sequence[Problem]) -> list[list[Problem]]:
    """The problems reported in two years or more, each group one problem: joined to the alike ones of
    other years (and through them to theirs). Groups and their problems in order of year."""
    grams = [bigrams(p.text) for p in problems]
    parent = list(range(len(problems)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(problems)):
        for j in range(i + 1, len(problems)):
            if problems[i].year != problems[j].year and alike(grams[i], grams[j]):
                parent[root(i)] = root(j)
    joined: dict[int, list[Problem]] = {}
    for i, problem in enumerate(problems):
        joined.setdefault(root(i), []).append(problem)
    found = [sorted(group, key=lambda p: (p.year, p.id)) for group in joined.values()]
    return sorted((g for g in found if len({p.year for p in g}) > 1), key=lambda g: (g[0].year, g[0].id))


def recurring(problems: Sequence[Problem]) -> dict[int, list[int]]:
    """Problem id -> the years (sorted) its problem is reported in, for those reported in two years or more."""
    return {p.id: sorted({q.year for q in group}) for group in groups(problems) for p in group}
