"""Which of a few texts held in memory a new text is mostly another form of (a .doc and its scan in one
folder): what the archive's copy check answers for stored reports, for texts not stored yet.

Each text's winnowed fingerprints are indexed by hash; a new text is measured exactly (its common runs) only
against the texts it shares the most fingerprints with, so a run of many files costs about one dictionary
look-up per fingerprint, not a comparison with every earlier file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

from .fingerprints import Comparable, comparable, fingerprints
from .runs import covered, runs_between

CANDIDATES = 3  # earlier texts measured exactly, those sharing most fingerprints first


class FormsIndex:
    """Texts by key; `most_of(text)` -> (key, share) of the one the new text stands in most."""

    def __init__(self) -> None:
        self._texts: dict[Hashable, Comparable] = {}
        self._by_hash: dict[int, set[Hashable]] = {}

    def add(self, key: Hashable, text: str) -> None:
        compared = comparable(text)
        self._texts[key] = compared
        for value, _ in fingerprints(compared):
            self._by_hash.setdefault(value, set()).add(key)

    def most_of(self, text: str) -> tuple[Hashable, float] | None:
        """The earlier text in which the largest share of `text`'s matchable characters stands, and that share
        (0..1), or None when it shares nothing with any. The share is counted as the archive's check counts it."""
        compared = comparable(text)
        matchable = compared.matchable()
        if not matchable:
            return None
        shared = Counter(key for value, _ in fingerprints(compared) for key in self._by_hash.get(value, ()))
        best: tuple[Hashable, float] | None = None
        for key, _ in shared.most_common(CANDIDATES):
            share = min(covered(runs_between(compared, self._texts[key])) / matchable, 1.0)
            if best is None or share > best[1]:
                best = (key, share)
        return best
