"""The genre's formulas: meeting datelines, standard slogans, central formulations that every township
writes. Declared as data (shipped in formulas.txt, edited by staff in the admin), they are boilerplate to the
copy check from the first report (not only once five townships share them) and are not counted as words.

A formula matches whatever punctuation or spaces stand between its characters ('四个意识、四个自信' is
'四个意识四个自信'), and '*' in it stands for a few characters ('人民代表大会第*次会议': 第六次, 第十二次).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHIPPED = Path(__file__).with_name("formulas.txt")
WILDCARD = "*"
WILDCARD_CHARS = 12  # what '*' may stand for, at most: an ordinal, a place name, a year
MIN_CHARS = 4  # a formula shorter than this would match ordinary writing
_BETWEEN = r"[\W_]*"  # punctuation and spaces between a formula's characters
_ANY = rf"[^。；！？\n]{{0,{WILDCARD_CHARS}}}?"


def shipped_formulas() -> list[str]:
    """The shipped list, one formula a line ('#' starts a note)."""
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def problem(formula: str) -> str:
    """Why a formula cannot be used, in Chinese; '' when it can."""
    fixed = "".join(ch for ch in formula if ch.isalnum())
    if len(fixed) < MIN_CHARS:
        return f"套话除“*”外至少要有 {MIN_CHARS} 个字，太短会把普通文字当成套话"
    if formula.strip().startswith(WILDCARD) or formula.strip().endswith(WILDCARD):
        return "“*”只能用在套话中间"
    return ""


def _pattern(formula: str) -> str:
    pieces = []
    for ch in formula.strip():
        if ch == WILDCARD:
            pieces.append(_ANY)
        elif ch.isalnum():
            pieces.append(re.escape(ch))
    return _BETWEEN.join(pieces)


@dataclass(frozen=True)
class Formulas:
    """Formulas compiled into one pattern: spans() finds them all in one pass over a text."""

    texts: tuple[str, ...]

    @classmethod
    def of(cls, formulas: Iterable[str]) -> Formulas:
        return cls(tuple(sorted({f.strip() for f in formulas if not problem(f)}, key=lambda f: (-len(f), f))))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each formula in `text`, in order, none overlapping."""
        if not self.texts:
            return []
        return [match.span() for match in _compiled(self.texts).finditer(text)]

    def without(self, text: str) -> str:
        """The text with each formula replaced by a line break (so no word joins across it)."""
        if not self.texts:
            return text
        return _compiled(self.texts).sub("\n", text)


_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _compiled(texts: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a list, kept while the list is the same (a batch reads hundreds of reports with it)."""
    if texts not in _CACHE:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[texts] = re.compile("|".join(f"(?:{_pattern(t)})" for t in texts))
    return _CACHE[texts]
