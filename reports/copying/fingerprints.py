"""A text's comparable characters and its winnowed fingerprints.

Only Chinese characters, letters and digits are compared (CNKI ignores punctuation and spacing), letters
lower-cased. A mask as reports.parsing.masks defines it (*, an X outside a Latin word, ○○, □) is no
character to compare: it breaks a run, so that two texts never match on their masks. Winnowing keeps, of
every WINDOW consecutive K-grams, the one with the smallest hash; then every run of K + WINDOW - 1 =
MIN_RUN comparable characters that two texts share has a fingerprint in both (the guarantee of
winnowing), and nothing shorter than K can match by chance.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from reports.parsing.masks import MASK

MIN_RUN = 13  # CNKI: a run of 13 identical characters counts as copied
K = 8  # characters a fingerprint hashes
WINDOW = MIN_RUN - K + 1  # K-grams per winnowing window: the guarantee is K + WINDOW - 1 characters
# A fingerprint kept at more places than this in one text is the text repeating itself (a slogan line
# pasted a thousand times): it is not followed, since every pair of its places would be a seed and the
# work would grow with their square. Its runs are still found through the text's other fingerprints.
REPEATED = 20

# Masks (which break a run; tried first: 'XX镇' is a mask and a town, 'XBRL' a word), and runs of compared
# characters; the rest is skipped.
_LATIN_WORD = r"(?![Xx]++(?![A-Za-z]))[A-Za-z]++"  # letters, not only X's: those mask (possessive: linear)
_PIECES = re.compile(
    r"(?P<mask>" + MASK.pattern + r")|(?P<text>(?:[\u3400-\u9fff\uf900-\ufaff0-9]++|" + _LATIN_WORD + r")+)"
)


@dataclass(frozen=True)
class Comparable:
    """The compared characters of a text, where each stands in the text, and where runs must break."""

    chars: str
    offsets: tuple[int, ...]  # offsets[i]: the position of chars[i] in the original text
    breaks: frozenset[int]  # i in breaks: no run joins chars[i - 1] and chars[i] (a mask stood between)

    def joined(self, start: int, end: int) -> bool:
        """True when chars[start:end] is one stretch, no mask inside."""
        return not any(i in self.breaks for i in range(start + 1, end))

    def matchable(self) -> int:
        """The compared characters that could be found copied at all: those in stretches between masks of
        MIN_RUN or more. '**镇长王**同志' has none; an unmasked text, all of its characters."""
        edges = [0, *sorted(self.breaks), len(self.chars)]
        return sum(end - start for start, end in pairwise(edges) if end - start >= MIN_RUN)

    def within(self, spans: Iterable[tuple[int, int]]) -> set[int]:
        """The compared characters (their indices in chars) inside spans (start, end) of the original
        text, as sections and passages give them: what a ratio counts."""
        return {
            i for start, end in spans for i in range(bisect_left(self.offsets, start), bisect_left(self.offsets, end))
        }


def comparable(text: str) -> Comparable:
    """'白杨镇**镇长，2022年' -> chars '白杨镇镇长2022年' with a break before the second 镇."""
    chars: list[str] = []
    offsets: list[int] = []
    breaks: set[int] = set()
    masked = False
    for match in _PIECES.finditer(text):
        if match.lastgroup == "mask":
            masked = True
            continue
        piece = match.group()
        if masked and chars:
            breaks.add(len(offsets))
        masked = False
        chars.append(piece.lower())
        offsets.extend(range(match.start(), match.end()))
    return Comparable("".join(chars), tuple(offsets), frozenset(breaks))


def kgram_hashes(comp: Comparable) -> list[int | None]:
    """The hash of each K-gram (None where a mask breaks it), as a signed 32-bit integer for PostgreSQL."""
    chars = comp.chars
    next_break, upcoming = [0] * (len(chars) + 1), len(chars) + K  # the first break after each position
    for i in range(len(chars), -1, -1):
        next_break[i] = upcoming
        if i in comp.breaks:
            upcoming = i
    return [
        zlib.crc32(chars[start : start + K].encode("utf-8")) - 2**31 if next_break[start] >= start + K else None
        for start in range(len(chars) - K + 1)
    ]


def places(prints: list[tuple[int, int]]) -> dict[int, list[int]]:
    """Hash -> its positions, for the hashes kept at REPEATED places or fewer."""
    found: dict[int, list[int]] = {}
    for value, position in prints:
        found.setdefault(value, []).append(position)
    return {value: at for value, at in found.items() if len(at) <= REPEATED}


def fingerprints(comp: Comparable) -> list[tuple[int, int]]:
    """(hash, position in comp.chars) of the K-grams winnowing keeps: the smallest of each window of
    WINDOW, the rightmost on ties, each once. A deque keeps the window's candidates (linear time)."""
    hashes = kgram_hashes(comp)
    kept: list[tuple[int, int]] = []
    candidates: deque[int] = deque()  # positions whose hashes increase from left to right
    for position, value in enumerate(hashes):
        if value is not None:
            while candidates and hashes[candidates[-1]] >= value:  # type: ignore[operator]
                candidates.pop()
            candidates.append(position)
        window_start = position - WINDOW + 1
        while candidates and candidates[0] < window_start:
            candidates.popleft()
        if window_start >= 0 and candidates and (not kept or kept[-1][1] != candidates[0]):
            kept.append((hashes[candidates[0]], candidates[0]))  # type: ignore[arg-type]
    return kept
