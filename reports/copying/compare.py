"""What a reader sees of a copy: the text cut into copied and other stretches, and a report's paragraphs
beside the source's paragraphs they copy, with what differs marked (a figure changed, a name swapped).

Pure Python on strings, as the rest of reports.copying; the pages render what these return.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from .fingerprints import Comparable, comparable
from .runs import runs_between

MAX_PAIRS = 30  # paragraph pairs shown side by side
MAX_DIFFED = 3000  # characters of a paragraph compared letter by letter; past that, only the runs are marked
MIN_SAME = 4  # an agreement shorter than this inside differing text is chance (的, 党), not sameness


@dataclass(frozen=True)
class Stretch:
    """A piece of text: copied from `source`, boilerplate (a formula many townships write), or neither."""

    text: str
    source: int | None = None
    boilerplate: bool = False


def stretches(
    text: str, copied: Iterable[tuple[int, int, int]], boilerplate: Iterable[tuple[int, int]] = ()
) -> list[Stretch]:
    """`text` cut at the copied spans (start, end, source) and the boilerplate spans (start, end), in
    order; where spans overlap, the one that starts first keeps the characters."""
    spans = sorted([*((s, e, src, False) for s, e, src in copied), *((s, e, None, True) for s, e in boilerplate)])
    pieces: list[Stretch] = []
    at = 0
    for start, end, source, common in spans:
        start = max(start, at)
        if end <= start:
            continue
        if start > at:
            pieces.append(Stretch(text[at:start]))
        pieces.append(Stretch(text[start:end], source, common))
        at = end
    if at < len(text):
        pieces.append(Stretch(text[at:]))
    return pieces


def by_line(pieces: list[Stretch]) -> list[list[Stretch]]:
    """Stretches cut again at line ends: the text's paragraphs, each a list of stretches."""
    lines: list[list[Stretch]] = [[]]
    for piece in pieces:
        for index, part in enumerate(piece.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Stretch(part, piece.source, piece.boilerplate))
    return [line for line in lines if line]


@dataclass(frozen=True)
class PartRate:
    """A part of the text (a section) and how much of it is copied: CNKI's rate per section."""

    label: str
    characters: int  # compared characters (no punctuation or spaces)
    copied: int

    @property
    def ratio(self) -> float:
        return round(self.copied / self.characters, 4) if self.characters else 0.0


def rates(
    text: str,
    copied: Iterable[tuple[int, int]],
    parts: Iterable[tuple[str, int, int]],
    compared: Comparable | None = None,
) -> list[PartRate]:
    """For each part (label, start, end) of `text`, its compared characters and those inside a copied
    span (start, end): offsets into the text, as sections and passages give them. `compared`: the text's
    compared characters, when the caller has them already (a page that measures one text several ways)."""
    compared = compared or comparable(text)
    inside = compared.within(copied)
    found = []
    for label, start, end in parts:
        part = compared.within([(start, end)])
        found.append(PartRate(label, len(part), len(part & inside)))
    return found


@dataclass(frozen=True)
class Piece:
    text: str
    same: bool


@dataclass(frozen=True)
class Pair:
    """A paragraph of the report and the source's paragraph it shares a run with, each cut into pieces
    that are the same on both sides or differ."""

    mine: list[Piece]
    theirs: list[Piece]
    same_characters: int


def side_by_side(text: str, source: str) -> list[Pair]:
    """Each paragraph of `text` that shares a run of 13 or more compared characters with `source`, beside
    the source's paragraph it shares most with, in the text's order (at most MAX_PAIRS, most shared). Aligns
    the two texts: for a text not yet in the copy map; a stored pair uses pairs_from_passages."""
    mine, theirs = comparable(text), comparable(source)
    runs = (
        (mine.offsets[run.start], theirs.offsets[run.source_start], run.length) for run in runs_between(mine, theirs)
    )
    return _paired(text, source, runs)


def pairs_from_passages(
    text: str, source: str, passages: Iterable[tuple[int, int, int]], compared: Comparable | None = None
) -> list[Pair]:
    """side_by_side from the copy map's passages (start and end in the text, start in the source), found
    already: no alignment of the two texts, so its work is bounded by the passages and the MAX_PAIRS
    paragraphs it shows. Shared characters are counted as side_by_side counts them: compared ones.
    `compared`: the text's compared characters, when the caller has them (one text beside many sources)."""
    offsets = (compared or comparable(text)).offsets  # the text's compared characters, by offset
    runs = (
        (start, source_start, bisect_left(offsets, end) - bisect_left(offsets, start))
        for start, end, source_start in passages
    )
    return _paired(text, source, runs)


def _paired(text: str, source: str, runs: Iterable[tuple[int, int, int]]) -> list[Pair]:
    """Runs (offset in the text, offset in the source, length) -> the paragraphs they join, most shared first."""
    lines_a, lines_b = _line_starts(text), _line_starts(source)
    shared: dict[tuple[int, int], int] = {}
    for at, source_at, length in runs:
        key = (_line_of(lines_a, at), _line_of(lines_b, source_at))
        shared[key] = shared.get(key, 0) + length
    best: dict[int, tuple[int, int]] = {}  # a paragraph of the text -> its pair sharing most
    for key in sorted(shared, key=lambda key: (-shared[key], key)):
        best.setdefault(key[0], key)
    ordered = sorted(best.values(), key=lambda key: -shared[key])[:MAX_PAIRS]
    pairs = []
    for a, b in sorted(ordered):
        left, right = _line(text, lines_a, a), _line(source, lines_b, b)
        pairs.append(Pair(*_pieces(left, right), same_characters=shared[(a, b)]))
    return pairs


def _pieces(left: str, right: str) -> tuple[list[Piece], list[Piece]]:
    if len(left) > MAX_DIFFED or len(right) > MAX_DIFFED:
        return [Piece(left[:MAX_DIFFED], False)], [Piece(right[:MAX_DIFFED], False)]
    mine: list[Piece] = []
    theirs: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        same = tag == "equal" and i2 - i1 >= MIN_SAME
        _add(mine, left[i1:i2], same)
        _add(theirs, right[j1:j2], same)
    return mine, theirs


def _add(pieces: list[Piece], text: str, same: bool) -> None:
    """Append, joining a piece to the last when both are the same or both differ."""
    if not text:
        return
    if pieces and pieces[-1].same == same:
        pieces[-1] = Piece(pieces[-1].text + text, same)
    else:
        pieces.append(Piece(text, same))


def _line_starts(text: str) -> list[int]:
    return [0, *(found.end() for found in re.finditer("\n", text))]


def _line_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _line(text: str, starts: list[int], index: int) -> str:
    end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
    return text[starts[index] : end]
