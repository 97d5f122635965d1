"""Maximal common runs between a text and a source, grown from the fingerprints they share.

A shared fingerprint says two K-grams may be equal (a hash); growing it left and right while the
characters agree, and no mask breaks either text, gives a maximal common run, exactly. Runs shorter than
MIN_RUN are dropped. What is copied is the union of the runs on the text's side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .fingerprints import MIN_RUN, Comparable, K, fingerprints, places


@dataclass(frozen=True, order=True)
class Run:
    """chars[start:end] of the text equals chars[source_start:source_end] of the source."""

    start: int
    end: int
    source_start: int
    source_end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def common_runs(
    text: Comparable, source: Comparable, seeds: Iterable[tuple[int, int]], min_run: int = MIN_RUN
) -> list[Run]:
    """The maximal common runs of at least `min_run` characters through the seeds (position in text,
    position in source), each once, in the text's order."""
    a, b = text.chars, source.chars
    found: set[Run] = set()
    grown: dict[int, list[tuple[int, int]]] = {}  # diagonal (i - j) -> the stretches of text grown on it
    for i, j in seeds:
        if any(start <= i < end for start, end in grown.get(i - j, ())):
            continue  # inside a run grown already: the same run (a copied page has hundreds of seeds on it)
        if i + K > len(a) or j + K > len(b) or a[i : i + K] != b[j : j + K]:
            continue  # a hash that agreed by chance
        start_a, start_b = i, j
        while (
            start_a > 0 and start_b > 0 and a[start_a - 1] == b[start_b - 1] and _joins(text, source, start_a, start_b)
        ):
            start_a, start_b = start_a - 1, start_b - 1
        end_a, end_b = i + K, j + K
        while end_a < len(a) and end_b < len(b) and a[end_a] == b[end_b] and _joins(text, source, end_a, end_b):
            end_a, end_b = end_a + 1, end_b + 1
        grown.setdefault(i - j, []).append((start_a, end_a))
        if end_a - start_a >= min_run and text.joined(start_a, end_a) and source.joined(start_b, end_b):
            found.add(Run(start_a, end_a, start_b, end_b))
    return sorted(found)


def runs_between(text: Comparable, source: Comparable) -> list[Run]:
    """The maximal common runs of two texts held in memory: their fingerprints matched by a dict, as the
    archive matches them in PostgreSQL. For a side-by-side view of a report and one source."""
    mine, theirs = places(fingerprints(text)), places(fingerprints(source))
    return common_runs(text, source, ((i, j) for value, at in mine.items() for i in at for j in theirs.get(value, ())))


def _joins(text: Comparable, source: Comparable, at_text: int, at_source: int) -> bool:
    """True when neither text breaks (a mask) between position - 1 and position."""
    return at_text not in text.breaks and at_source not in source.breaks


def covered(runs: Iterable[Run]) -> int:
    """Characters of the text inside any of the runs (runs of different sources overlap)."""
    total, reach = 0, 0
    for run in sorted(runs):
        if run.end > reach:
            total += run.end - max(run.start, reach)
            reach = run.end
    return total
