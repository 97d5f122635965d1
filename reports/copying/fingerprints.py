"""A text's comparable characters and its winnowed fingerprints.

Only Chinese characters, letters and digits are compared (CNKI ignores punctuation and spacing), letters
lower-cased. A masked character (*, X, ○, □) is no character to compare: it breaks a run, so that two
texts never match on their masks. Winnowing keeps, of every WINDOW consecutive K-grams, the one with the
smallest hash; then every run of K + WINDOW - 1 = MIN_RUN comparable characters that two texts share has a
fingerprint in both (the guarantee of winnowing), and nothing shorter than K can match by chance.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from reports.parsing.masks import MASK_CHARACTERS

MIN_RUN = 13  # CNKI: a run of 13 identical characters counts as copied
K = 8  # characters a fingerprint hashes
WINDOW = MIN_RUN - K + 1  # K-grams per winnowing window: the guarantee is K + WINDOW - 1 characters

_COMPARED = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")


@dataclass(frozen=True)
class Comparable:
    """The compared characters of a text, where each stands in the text, and where runs must break."""

    chars: str
    offsets: tuple[int, ...]  # offsets[i]: the position of chars[i] in the original text
    breaks: frozenset[int]  # i in breaks: no run joins chars[i - 1] and chars[i] (a mask stood between)

    def joined(self, start: int, end: int) -> bool:
        """True when chars[start:end] is one stretch, no mask inside."""
        return not any(i in self.breaks for i in range(start + 1, end))


def comparable(text: str) -> Comparable:
    """'白杨镇**镇长，2022年' -> chars '白杨镇镇长2022年' with a break before the second 镇."""
    chars, offsets, breaks = [], [], set()
    masked = False
    for position, ch in enumerate(text):
        if ch in MASK_CHARACTERS:
            masked = True
            continue
        if _COMPARED.match(ch):
            if masked and chars:
                breaks.add(len(chars))
            masked = False
            chars.append(ch.lower())
            offsets.append(position)
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


def fingerprints(comp: Comparable) -> list[tuple[int, int]]:
    """(hash, position in comp.chars) of the K-grams winnowing keeps: the smallest of each window, the
    rightmost on ties, each once."""
    hashes = kgram_hashes(comp)
    kept: list[tuple[int, int]] = []
    last = -1
    for window_start in range(max(0, len(hashes) - WINDOW + 1)):
        window = [
            (h, i) for i, h in enumerate(hashes[window_start : window_start + WINDOW], window_start) if h is not None
        ]
        if not window:
            continue
        smallest = min(h for h, _ in window)
        position = max(i for h, i in window if h == smallest)
        if position != last:
            kept.append((smallest, position))
            last = position
    return kept
