"""Text -> a tsvector literal, built in Python so PostgreSQL's parser never sees Chinese.

The vector holds, without positions, every string of 2 and of 4 characters that stands in a run of word
characters (Chinese, digits, letters; letters lower-cased), the shorter tails at a run's end, and the
segmenter's words of 3+ characters. A term is then found by the GIN index alone, with no recheck:
2 or 4 characters are one exact lexeme, 1 or 3 characters the start of lexemes ('振兴战':* finds
'振兴战略'). A longer term is the AND of its 4-character pieces and is confirmed in the text (query.py).
Positions are left out on purpose: they doubled the vectors, slowed ingest, and only a phrase chain
needed them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD_RUN = re.compile(r"[^\W_]+")
NGRAM_SIZES = (2, 4)
INDEX_SCHEME = "ngrams-2-4-o50"  # part of every passage's index_version: change it and `reindex --stale` redoes all
NGRAM_MAX = max(NGRAM_SIZES)


def is_word_char(char: str) -> bool:
    return char.isalnum()  # Chinese characters, digits and letters; not punctuation, spaces or '_'


def lexemes(text: str) -> set[str]:
    """'乡村振兴。' -> {'乡村', '乡村振兴', '村振', '村振兴', '振兴', '兴'}: the 2 and 4 characters each word
    character starts, fewer at the end of a run."""
    found: set[str] = set()
    for word in WORD_RUN.findall(text.lower()):
        for size in NGRAM_SIZES:
            found.update([word[i : i + size] for i in range(len(word))])
    return found


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def build_vector(text: str, *, words: Iterable[str] = ()) -> str:
    """ "乡村振兴" -> "'乡村' '乡村振兴' '村振' …": each lexeme once. Lexemes are word characters and
    segmenter words (Chinese only), so none needs escaping; this runs for every character ingested."""
    found = lexemes(text)
    found.update(words)
    return "'" + "' '".join(found) + "'" if found else ""


def chunk_spans(text: str, max_chars: int, overlap: int) -> list[tuple[int, int]]:
    """Cut a long text at line breaks into pieces of at most max_chars; a longer line is cut hard,
    each piece repeating the last `overlap` characters of the one before, so no term of up to `overlap`
    characters (query.MAX_TERM_CHARS) is split: each passage can be checked on its own text."""
    if len(text) <= max_chars:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + 1, end)
            end = cut if cut > start else end
        spans.append((start, end))
        if end >= len(text):
            break
        start = end + 1 if text[end] == "\n" else max(end - overlap, start + 1)
    return spans
