"""Text -> a tsvector literal, built in Python so PostgreSQL's parser never sees Chinese.

Each character is one position. A word character (Chinese, a digit, a letter) gives the bigram it starts
('乡村' at 1, '村振' at 2, …) or, before a space or punctuation, itself alone; letters are lower-cased.
Words of 3+ characters from the segmenter are added at their first position. Any string is then found
exactly as the chain of its bigrams (see query.py), whatever the segmenter made of it.
"""

from __future__ import annotations

import re
from collections import defaultdict

MAX_POSITION = 16383  # PostgreSQL's limit; passages are kept far shorter
MAX_POSITIONS_PER_LEXEME = 256
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_word_char(char: str) -> bool:
    return bool(CJK.match(char)) or char.isalnum()


def lexemes(text: str) -> list[tuple[str, int]]:
    """[(lexeme, position)], 1-based: each word character's bigram, or the character alone at a run's end."""
    found = []
    lowered = text.lower()
    for index, char in enumerate(lowered):
        if is_word_char(char):
            following = lowered[index + 1] if index + 1 < len(lowered) else ""
            found.append((char + following if following and is_word_char(following) else char, index + 1))
    return found


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def build_vector(text: str, *, words: list[tuple[str, int]] = (), heading_chars: int = 0) -> str:
    """'乡村振兴' -> "'乡村':1 '村振':2 '振兴':3 '兴':4"; positions inside the heading get weight A."""
    positions: dict[str, list[int]] = defaultdict(list)
    for lexeme, position in lexemes(text):
        positions[lexeme].append(position)
    for word, start in words:
        positions[word].append(start + 1)
    heading_end = heading_chars + 1 if heading_chars else 0
    return " ".join(
        quote(lexeme) + ":" + ",".join(_position(p, heading_end) for p in sorted(set(found))[:MAX_POSITIONS_PER_LEXEME])
        for lexeme, found in positions.items()
    )


def _position(position: int, heading_end: int) -> str:
    clipped = str(min(position, MAX_POSITION))
    return clipped + "A" if position < heading_end else clipped


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
