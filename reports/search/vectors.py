"""What the search index holds for a text: every 2 characters that stand together in a run of word
characters, and the run's last character alone, letters lower-cased; and, for a passage, its filterable
fields (INDEXED_FIELDS). PostgreSQL computes it, from each passage's columns, in the index expression
archive_terms(text, …) (terms_function_sql, created by a migration): no vector is stored beside the text,
and the index is all the search storage there is.
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
NGRAMS_FUNCTION = "archive_ngrams"  # the SQL twin of `lexemes`
TERMS_FUNCTION = "archive_terms"  # the search index's expression: a passage's n-grams and its field lexemes
# The passage's fields the index holds beside its n-grams, with their SQL types, in the order the index
# expression takes them: each as a lexeme '~name=value' (one per element of an array). A search's filter on
# one is then one more operand of the GIN query, not a test of every row its words matched (at 50,000
# reports '干部' in the problems part read 500,000 rows to keep 2,000). '~' is no word character, so no
# n-gram, nor the start of one a 1-character term looks for, is ever such a lexeme.
INDEXED_FIELDS = (
    ("is_issue", "boolean"),
    ("year", "smallint"),
    ("period", "text"),
    ("report_kind", "text"),
    ("section_kind", "text"),
    ("township_id", "bigint"),
    ("county", "text"),
    ("theme_ids", "integer[]"),
)
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
    """CREATE FUNCTION archive_ngrams(text) -> tsvector: `lexemes` in SQL (the index expression before
    fields were indexed; migrations 0021 and 0022 create it)."""
    return f"""
        CREATE OR REPLACE FUNCTION {NGRAMS_FUNCTION}(t text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$  -- dear: never worth computing per row
            SELECT coalesce(array_to_tsvector(array_agg(gram)), ''::tsvector) FROM {_grams_sql("t")}
        $$
    """


def _grams_sql(text: str) -> str:
    """The n-grams of `text` (an SQL expression) as rows of a column `gram`, the twin of `lexemes`."""
    sizes = ", ".join(f"({size})" for size in NGRAM_SIZES)
    return f"""(
                SELECT substr(word, i, size) AS gram
                FROM regexp_split_to_table({normalised_sql(text)}, '[^{WORD_CHARACTERS}]+') AS word,
                     generate_series(1, length(word)) AS i, (VALUES {sizes}) AS sizes(size)
                WHERE word <> ''
            ) grams"""


def field_lexeme(name: str, value: object) -> str:
    """('year', 2021) -> '~year=2021'; ('is_issue', True) -> '~is_issue=true': as PostgreSQL writes it."""
    if name not in dict(INDEXED_FIELDS):
        raise ValueError(f"the search index holds no field {name}")
    return f"~{name}=" + (str(value).lower() if isinstance(value, bool) else str(value))


def terms_function_sql(fields: tuple[tuple[str, str], ...] = INDEXED_FIELDS) -> str:
    """CREATE FUNCTION archive_terms(text, <fields>) -> tsvector: the text's n-grams and a lexeme for each
    field's value (none for NULL). A migration passes the fields as they were when it was written."""
    arguments = ", ".join(["text", *(kind for _, kind in fields)])
    scalars, arrays = [], []
    for number, (name, kind) in enumerate(fields, start=2):
        if kind.endswith("[]"):
            arrays.append(f"ARRAY(SELECT '~{name}=' || v::text FROM unnest(${number}) AS v)")
        else:
            scalars.append(f"'~{name}=' || ${number}::text")
    lexemes_sql = " || ".join([f"ARRAY[{', '.join(scalars)}]", *arrays])
    # One statement, calling no function of ours: an index is built and kept with the search_path
    # reduced to pg_catalog, and a FROM keeps the planner from inlining it (the cost says: never per row).
    return f"""
        CREATE OR REPLACE FUNCTION {TERMS_FUNCTION}({arguments}) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 AS $$
            SELECT coalesce(array_to_tsvector(array_agg(gram)), ''::tsvector)
                   || array_to_tsvector(array_remove({lexemes_sql}, NULL))
            FROM {_grams_sql("$1")}
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
