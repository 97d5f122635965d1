"""Text -> a tsvector literal, built in Python so PostgreSQL's parser never sees Chinese.

Each character is one position. A word character (Chinese, a digit, a letter) gives the 4 characters
it starts ('乡村振兴' at 1, '村振兴战' at 2, …), fewer at the end of a run of word characters; letters are
lower-cased. Words of 3+ characters from the segmenter are added at their first position. A term of up
to 4 characters is then one prefix lookup in the GIN index ('乡村':* finds every lexeme that starts
with it), with no recheck; a longer one is a chain of 4-character pieces (see query.py). Either way it
is found exactly where its characters stand together, whatever the segmenter made of the text.
"""

from __future__ import annotations

import re

MAX_POSITION = 16383  # PostgreSQL's limit; passages are kept far shorter
MAX_POSITIONS_PER_LEXEME = 256
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


WORD_RUN = re.compile(r"[^\W_]+")


def is_word_char(char: str) -> bool:
    return char.isalnum()  # Chinese characters, digits and letters; not punctuation, spaces or '_'


NGRAM_MAX = 4


def lexemes(text: str) -> list[tuple[str, int]]:
    """[(lexeme, position)], 1-based: the 4 characters each word character starts (fewer at a run's end)."""
    found: list[tuple[str, int]] = []
    for run in WORD_RUN.finditer(text.lower()):
        word, offset = run.group(), run.start() + 1
        found += zip(
            [word[i : i + NGRAM_MAX] for i in range(len(word))], range(offset, offset + len(word)), strict=True
        )
    return found


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


_ENTRY = "'{}':{}".format
_HEADING_ENTRY = "'{}':{}A".format


def build_vector(text: str, *, words: list[tuple[str, int]] = (), heading_chars: int = 0) -> str:
    """'乡村振兴' -> "'乡村':1 '村振':2 '振兴':3 '兴':4"; positions inside the heading get weight A.

    One entry per position, written with map() because this runs for every character ingested;
    PostgreSQL merges repeated lexemes and keeps at most 256 positions of each. Lexemes are word
    characters or segmenter words (Chinese only), so none needs quoting.
    """
    found = lexemes(text) + [(word, start + 1) for word, start in words]
    if len(text) > MAX_POSITION:
        found = [(lexeme, min(position, MAX_POSITION)) for lexeme, position in found]
    heading = [pair for pair in found if pair[1] <= heading_chars]
    body = [pair for pair in found if pair[1] > heading_chars] if heading else found
    return " ".join([*(_HEADING_ENTRY(*pair) for pair in heading), *(_ENTRY(*pair) for pair in body)])


def chunk_spans(text: str, max_chars: int, overlap: int = 30) -> list[tuple[int, int]]:
    """Cut a long text at line breaks into pieces of at most max_chars; a longer line is cut hard,
    each piece repeating the last `overlap` characters of the one before so no short term is split."""
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
