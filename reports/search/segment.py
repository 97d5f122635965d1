"""Word segmentation, for word statistics (reports.vocabulary) and the benchmark's sample of words people
search for (benchmark.sample_words):
rjieba (jieba-rs), which gives the same words as jieba about 15-20 times faster, with the shipped
dictionary of the genre's terms. The search index does not segment: it holds every bigram (vectors.py),
so a term is found whether or not a segmenter would keep it whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

SHIPPED_DICTIONARY = Path(__file__).with_name("dictionary.txt")
MIN_WORD_CHARS = 3  # shorter words are bigrams already
_CJK_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def shipped_words() -> list[str]:
    lines = SHIPPED_DICTIONARY.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class Segmenter:
    """Search-mode words: '落实党风廉政建设' -> ['党风廉政建设', …] when the term is in the dictionary."""

    def __init__(self, extra_words: Iterable[str] = ()):
        import rjieba

        self.dictionary = sorted(set(shipped_words()) | {w.strip() for w in extra_words if w.strip()})
        self._jieba = rjieba.Jieba()
        for word in self.dictionary:
            self._jieba.add_word(word, None, None)

    def words(self, text: str) -> list[str]:
        """The search-mode words of 3+ Chinese characters, repeats included."""
        tokens = self._jieba.cut_for_search(text, True)
        return [word for word in tokens if len(word) >= MIN_WORD_CHARS and _CJK_WORD.match(word)]

    def precise(self, text: str) -> list[str]:
        """jieba's precise mode: each character in one token, as word statistics count them."""
        return self._jieba.cut(text, True)

    def cut(self, text: str) -> list[str]:
        """All search-mode tokens, as jieba.cut_for_search gives them (for measurements)."""
        return self._jieba.cut_for_search(text, True)


@lru_cache(maxsize=4)
def get_segmenter(extra_words: tuple[str, ...] = ()) -> Segmenter:
    """One segmenter per dictionary and process: loading the dictionary takes a while."""
    return Segmenter(extra_words)
