"""What the search index holds for a text: every 2 characters that stand together in a run of word
characters, and the run's last character alone, letters lower-cased; every 2 characters one apart in a
run, as a numbered bucket (`gap_lexeme`); and, for a passage, its filterable fields (INDEXED_FIELDS).
PostgreSQL computes it, from each passage's columns, in the index expression archive_terms(text, …)
(terms_function_sql, created by a migration): no vector is stored beside the text, and the index is all
the search storage there is. `lexemes` is its twin in Python, for the tests that hold the two together.

A term of 2 characters is then one exact lexeme, a term of 1 the start of lexemes ('党':* finds '党建' and
a run's last '党'): the GIN index alone finds them. A longer term is the AND of its 2-character pieces and
of the buckets of its characters one apart, confirmed in the passage's text (query.py): the buckets leave
out most passages that hold the pieces apart (乡村 … 农村振兴 holds 乡村, 村振 and 振兴, not 乡_振).
Bigrams take a third of the index that 2- and 4-character strings took (4-character strings are many and
each is rare, so their keys and short posting lists cost most): on 2,000 realistic reports 27 MB against
83 MB. Word characters are spelled out (CJK, ASCII and full-width letters and digits) rather than left to
a locale, so that Python and PostgreSQL agree.
"""

from __future__ import annotations

import re

NGRAM_SIZES = (2,)
INDEX_SCHEME = "ngrams-2-expr"  # every passage's index_version: change it and `reindex --stale` redoes all
NGRAM_MAX = max(NGRAM_SIZES)
# Characters one apart ('乡_振' and '村_兴' in 乡村振兴) are hashed into this many buckets (a prime), each a
# lexeme '^<bucket>'. Unhashed, they were many keys with short posting lists and doubled the index; in
# buckets every list is long and compresses well: on one year of 100,000 reports (87,818 passages) GIN
# 85 MB against 104 MB unhashed and 51 MB without them, and 乡村振兴's candidates 2 against 645 (4,093
# buckets: 81 MB and 30 candidates). A bucket shared by chance only adds a candidate the text check drops.
GAP_BUCKETS = 16_381
GAP_WEIGHTS = (131_071, 8_191)  # bucket = (first * w1 + third * w2) % GAP_BUCKETS, in Python and in SQL
GAP_MARK = "^"  # no word character, nor '~' of the field lexemes: no term's prefix is ever a bucket
NGRAMS_FUNCTION = "archive_ngrams"  # the index expression of migrations 0021-0023: lexemes(gapped=False)
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


def lexemes(text: str, *, gapped: bool = True) -> set[str]:
    """'乡村振兴。' -> {'乡村', '村振', '振兴', '兴', gap_lexeme('乡', '振'), gap_lexeme('村', '兴')}: the 2
    characters each word character starts (one at the end of a run) and the characters one apart."""
    found: set[str] = set()
    for word in WORD_RUN.findall(normalise(text)):
        for size in NGRAM_SIZES:
            found.update([word[i : i + size] for i in range(len(word))])
        if gapped:
            found.update(gap_lexemes(word))
    return found


def gap_lexeme(first: str, third: str) -> str:
    """The bucket of two characters one apart ('乡', '振' of 乡村振兴): `_gap_sql` in SQL, the same number."""
    return f"{GAP_MARK}{(ord(first) * GAP_WEIGHTS[0] + ord(third) * GAP_WEIGHTS[1]) % GAP_BUCKETS}"


def gap_lexemes(run: str) -> list[str]:
    """The buckets of every two characters one apart in a run of word characters (normalised)."""
    return [gap_lexeme(run[i], run[i + 2]) for i in range(len(run) - 2)]


def ngrams_function_sql() -> str:
    """CREATE FUNCTION archive_ngrams(text) -> tsvector: lexemes(gapped=False) in SQL (the index expression
    before fields were indexed; migrations 0021 and 0022 create it)."""
    return f"""
        CREATE OR REPLACE FUNCTION {NGRAMS_FUNCTION}(t text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$  -- dear: never worth computing per row
            SELECT coalesce(array_to_tsvector(array_agg(gram)), ''::tsvector) FROM {_grams_sql("t")}
        $$
    """


def _grams_sql(text: str) -> str:
    """The n-grams of `text` (an SQL expression) as rows of a column `gram`, the twin of `lexemes`; the
    characters one apart come from the same rows (`_gap_sql`)."""
    sizes = ", ".join(f"({size})" for size in NGRAM_SIZES)
    return f"""(
                SELECT substr(word, i, size) AS gram, word, i
                FROM regexp_split_to_table({normalised_sql(text)}, '[^{WORD_CHARACTERS}]+') AS word,
                     generate_series(1, length(word)) AS i, (VALUES {sizes}) AS sizes(size)
                WHERE word <> ''
            ) grams"""


def _gap_sql() -> str:
    """`gap_lexeme` of the characters at i and i + 2 of each row of _grams_sql (NULL at a run's end): one
    more aggregate over the same rows, a third more time than the bigrams alone, not a second pass."""
    code = "ascii(substr(word, i{}, 1))::bigint"  # the code point: the database is UTF-8
    bucket = f"({code.format('')} * {GAP_WEIGHTS[0]} + {code.format(' + 2')} * {GAP_WEIGHTS[1]}) % {GAP_BUCKETS}"
    return f"array_remove(array_agg(CASE WHEN i + 2 <= length(word) THEN '{GAP_MARK}' || {bucket} END), NULL)"


def field_lexeme(name: str, value: object) -> str:
    """('year', 2021) -> '~year=2021'; ('is_issue', True) -> '~is_issue=true': as PostgreSQL writes it."""
    if name not in dict(INDEXED_FIELDS):
        raise ValueError(f"the search index holds no field {name}")
    return f"~{name}=" + (str(value).lower() if isinstance(value, bool) else str(value))


def terms_function_sql(fields: tuple[tuple[str, str], ...] = INDEXED_FIELDS, *, gapped: bool = True) -> str:
    """CREATE FUNCTION archive_terms(text, <fields>) -> tsvector: the text's n-grams (and characters one
    apart, when gapped) and a lexeme for each field's value (none for NULL). A migration passes the fields
    and the choice as they were when it was written."""
    arguments = ", ".join(["text", *(kind for _, kind in fields)])
    scalars, arrays = [], []
    for number, (name, kind) in enumerate(fields, start=2):
        if kind.endswith("[]"):
            arrays.append(f"ARRAY(SELECT '~{name}=' || v::text FROM unnest(${number}) AS v)")
        else:
            scalars.append(f"'~{name}=' || ${number}::text")
    lexemes_sql = " || ".join([f"ARRAY[{', '.join(scalars)}]", *arrays])
    grams = f"array_agg(gram) || {_gap_sql()}" if gapped else "array_agg(gram)"
    # One statement, calling no function of ours: an index is built and kept with the search_path
    # reduced to pg_catalog, and a FROM keeps the planner from inlining it (the cost says: never per row).
    return f"""
        CREATE OR REPLACE FUNCTION {TERMS_FUNCTION}({arguments}) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 AS $$
            SELECT coalesce(array_to_tsvector({grams}), ''::tsvector)
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
