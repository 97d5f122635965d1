"""Counting a report's words: which tokens are words worth counting, and in which part they stand.

jieba's precise mode (rjieba, the same words faster; reports.search.segment holds the one segmenter and the
genre's dictionary) cuts the text; a token counts when it is two or more Chinese characters and not a
stop word. The genre's formulas (meeting datelines, standard slogans) are cut out before segmenting: they
are in every report and say nothing about one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Protocol

from reports.copying.formulas import Formulas
from reports.search.segment import get_segmenter

STOP_WORDS_FILE = Path(__file__).with_name("stopwords.txt")
MAX_WORD_CHARS = 12  # longer runs are names the dictionary glued together, not words people compare
_WORD = re.compile(rf"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{{2,{MAX_WORD_CHARS}}}$")


@cache
def _stop_words() -> frozenset[str]:
    lines = STOP_WORDS_FILE.read_text(encoding="utf-8").split()
    return frozenset(word for word in lines if not word.startswith("#"))


STOP_WORDS = _stop_words()


class Part(Protocol):
    """A section as the parser gives it (parsing.ParsedSection): its kind and its own text."""

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...


NO_FORMULAS = Formulas(())


def counted_words(text: str, formulas: Formulas = NO_FORMULAS) -> list[str]:
    """The words of `text` that are counted, in order, repeats kept."""
    tokens = get_segmenter().precise(formulas.without(text))
    return [token for token in tokens if _WORD.match(token) and token not in STOP_WORDS]


def count_parts(sections: Iterable[Part], formulas: Formulas = NO_FORMULAS) -> dict[str, Counter[str]]:
    """Each part's word counts: the sections of one kind (工作成效, 存在问题 …) are one part."""
    parts: dict[str, Counter[str]] = {}
    for section in sections:
        words = counted_words(section.text, formulas)
        if words:
            parts.setdefault(str(section.kind), Counter()).update(words)
    return parts
