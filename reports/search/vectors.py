"""What the search index holds for a text: every 2 characters that stand together in a run of word
characters, and the run's last character alone, letters lower-cased. PostgreSQL computes it,
from each passage's text, in the index expression archive_ngrams(text) (ngrams_function_sql, created by a
migration): no vector is stored beside the text, and the index is all the search storage there is.
`lexemes` is its twin in Python, for the tests that hold the two together and for the benchmark's peers.

A term of 2 characters is then one exact lexeme, a term of 1 the start of lexemes ('党':* finds '党建' and
a run's last '党'): the GIN index alone finds them. A longer term is the AND of its 2-character pieces,
confirmed in the passage's text (query.py). Bigrams alone take a third of the index that 2- and
4-character strings took (4-character strings are many and each is rare, so their keys and short posting
lists cost most): on 2,000 realistic reports 27 MB against 83 MB. Word characters are spelled out (CJK, ASCII
and full-width letters and digits) rather than left to a locale, so that Python and PostgreSQL agree.
"""

from __future__ import annotations

import re

NGRAM_SIZES = (2,)
INDEX_SCHEME = "ngrams-2-expr"  # every passage's index_version: change it and `reindex --stale` redoes all
NGRAM_MAX = max(NGRAM_SIZES)
NGRAMS_FUNCTION = "archive_ngrams"  # the SQL twin of `lexemes`, the search index's expression
# CJK (extension A, the unified block, compatibility ideographs, extensions B-F), ASCII and full-width
# digits and letters: a class both Python's re and PostgreSQL's regular expressions read the same way.
WORD_CHARACTERS = (
    "0-9A-Za-z\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a"
    "\\U00020000-\\U0002fa1f"
)
WORD_RUN = re.compile(f"[{WORD_CHARACTERS}]+")
_ASCII_UPPER, _ASCII_LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
_LOWER = str.maketrans(_ASCII_UPPER, _ASCII_LOWER)


def normalise(text: str) -> str:
    """ASCII letters lower-cased, nothing else changed: what PostgreSQL's translate() does the same way
    whatever the database's locale ('ＧＤＰ' stays as it is, and so is searched)."""
    return text.translate(_LOWER)


def normalised_sql(expression: str) -> str:
    """`normalise` in SQL, for the text checks that confirm a long term."""
    return f"translate({expression}, '{_ASCII_UPPER}', '{_ASCII_LOWER}')"


def is_word_char(char: str) -> bool:
    return WORD_RUN.fullmatch(char) is not None


def lexemes(text: str) -> set[str]:
    """'乡村振兴。' -> {'乡村', '村振', '振兴', '兴'}: the 2 characters each word character starts, one at
    the end of a run."""
    found: set[str] = set()
    for word in WORD_RUN.findall(normalise(text)):
        for size in NGRAM_SIZES:
            found.update([word[i : i + size] for i in range(len(word))])
    return found


def ngrams_function_sql() -> str:
    """CREATE FUNCTION archive_ngrams(text) -> tsvector: `lexemes` in SQL, for the index expression."""
    sizes = ", ".join(f"({size})" for size in NGRAM_SIZES)
    return f"""
        CREATE OR REPLACE FUNCTION {NGRAMS_FUNCTION}(t text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$  -- dear: never worth computing per row
            SELECT coalesce(array_to_tsvector(array_agg(gram)), ''::tsvector) FROM (
                SELECT substr(word, i, size) AS gram
                FROM regexp_split_to_table({normalised_sql("t")}, '[^{WORD_CHARACTERS}]+') AS word,
                     generate_series(1, length(word)) AS i, (VALUES {sizes}) AS sizes(size)
                WHERE word <> ''
            ) grams
        $$
    """


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


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
