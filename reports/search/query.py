"""The search box's syntax -> a tsquery string. Never raises: what cannot be read becomes plain terms.

    乡村振兴 招商          both must appear
    "两个 维护" / “两个维护”  a phrase (spaces inside are ignored, as in Chinese text)
    -疫情                  must not appear
    党建 OR 组织            either (also | and 或)

A term matches wherever its characters stand together in the text, since the index holds every string of
2 to 4 characters: 党建 finds 党建工作 and 抓党建; a longer term is a chain of 4-character pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vectors import CJK, NGRAM_MAX, WORD_RUN, quote

_OPENING = {'"': '"', "“": '”"', "＂": "＂", "「": "」", "『": "』"}
_CLOSING_ONLY = set("”」』")
_OR_WORDS = {"OR", "or", "Or", "|", "或", "｜"}
_NEGATION = ("-", "－", "—")
MAX_TERMS = 12
MAX_TERM_CHARS = 50


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False


@dataclass
class ParsedQuery:
    """AND of groups, each group an OR of terms; plus excluded terms."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def positive_terms(self) -> list[str]:
        return [term.text for group in self.groups for term in group]


def parse_query(raw: str) -> ParsedQuery:
    """'乡村振兴 -疫情 党建 OR 组织' -> groups [[乡村振兴], [党建, 组织]], excluded [疫情]."""
    parsed = ParsedQuery()
    tokens, unbalanced = _tokens((raw or "")[:500])
    if unbalanced:
        parsed.notes.append("引号不成对，已按普通词处理")
    pending_or = False
    for token, quoted in tokens:
        if not quoted and token in _OR_WORDS:
            pending_or = bool(parsed.groups)
            continue
        negated = not quoted and token.startswith(_NEGATION)
        text = _clean(token.lstrip("".join(_NEGATION)) if negated else token)
        if not text:
            continue
        if len(parsed.groups) + len(parsed.excluded) >= MAX_TERMS:
            parsed.notes.append(f"最多使用 {MAX_TERMS} 个词，其余已忽略")
            break
        if negated:
            parsed.excluded.append(Term(text, negated=True))
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(Term(text))
            pending_or = False
        else:
            parsed.groups.append([Term(text)])
    return parsed


def _tokens(raw: str) -> tuple[list[tuple[str, bool]], bool]:
    """Split on spaces, keeping quoted phrases whole; an unmatched quote is read as a space."""
    tokens: list[tuple[str, bool]] = []
    current: list[str] = []
    unbalanced = False

    def flush() -> None:
        if current:
            tokens.append(("".join(current), False))
            current.clear()

    position = 0
    while position < len(raw):
        char = raw[position]
        if char in _OPENING:
            end = min((i for i in (raw.find(c, position + 1) for c in _OPENING[char]) if i != -1), default=-1)
            if end != -1:
                flush()
                tokens.append((raw[position + 1 : end], True))
                position = end + 1
                continue
            unbalanced, char = True, " "
        if char.isspace() or char in _CLOSING_ONLY:
            flush()
        else:
            current.append(char)
        position += 1
    flush()
    return tokens, unbalanced


def _clean(text: str) -> str:
    """Drop spaces and punctuation at the edges; keep what a text could contain."""
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^[^\w\u3400-\u9fff]+|[^\w\u3400-\u9fff]+$", "", text)
    return text[:MAX_TERM_CHARS]


def term_items(term: str) -> list[tuple[str, int, bool]]:
    """'乡村振兴' -> [('乡村振兴', 0, False)]; '党建' -> [('党建', 0, True)];
    '党风廉政建设' -> [('党风廉政', 0, False), ('廉政建设', 2, False)]: (lexeme, offset, is_prefix).
    A run shorter than 4 characters is the start of the lexemes that hold it; 4 characters are one
    lexeme; a longer run is covered by 4-character pieces."""
    items: list[tuple[str, int, bool]] = []
    for run in WORD_RUN.finditer(term.lower()):
        word, offset = run.group(), run.start()
        if len(word) <= NGRAM_MAX:
            items.append((word, offset, len(word) < NGRAM_MAX))
        else:
            starts = [*range(0, len(word) - NGRAM_MAX, NGRAM_MAX), len(word) - NGRAM_MAX]
            items += [(word[i : i + NGRAM_MAX], offset + i, False) for i in starts]
    return items


def term_tsquery(term: str) -> str | None:
    """'乡村振兴' -> "'乡村振兴'"; '党建' -> "'党建':*";
    '党风廉政建设' -> "(('党风廉政' <2> '廉政建设') | '党风廉政建设')"."""
    items = [(quote(lexeme) + (":*" if prefix else ""), offset) for lexeme, offset, prefix in term_items(term)]
    if not items:
        return None
    chain = items[0][0]
    for (lexeme, position), (_, previous) in zip(items[1:], items, strict=False):
        distance = position - previous
        chain = f"({chain} {'<->' if distance == 1 else f'<{distance}>'} {lexeme})"
    if len(term) > NGRAM_MAX and all(CJK.match(char) for char in term):
        return f"({chain} | {quote(term)})"  # a segmenter word of that spelling ranks the same passages
    return chain


def to_tsquery(parsed: ParsedQuery) -> str | None:
    """The whole query, or None when nothing positive or negative can be searched."""
    clauses = []
    for group in parsed.groups:
        alternatives = [q for q in (term_tsquery(term.text) for term in group) if q]
        if alternatives:
            clauses.append(alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")")
    for term in parsed.excluded:
        if excluded := term_tsquery(term.text):
            clauses.append(f"!{excluded}" if excluded.startswith("(") else f"!({excluded})")
    return " & ".join(clauses) or None


def split_tsquery(parsed: ParsedQuery) -> tuple[str | None, list[str]]:
    """The positive part as one tsquery, and each excluded term's tsquery on its own: an excluded
    term is then found through the index too, instead of reading every candidate's vector."""
    positive = to_tsquery(ParsedQuery(groups=parsed.groups))
    excluded = [q for q in (term_tsquery(term.text) for term in parsed.excluded) if q]
    return positive, excluded
