"""The search box's syntax -> a tsquery string. Never raises: what cannot be read becomes plain terms.

    乡村振兴 招商          both must appear
    "两个 维护" / “两个维护”  a phrase (spaces inside are ignored, as in Chinese text)
    -疫情                  must not appear
    党建 OR 组织            either (also | and 或)
    党建 AND 疫情           both, as with a space (also 和, 且, &): people type it

A term matches wherever its characters stand together in the text, since the index holds every 2
characters that stand together: 党建 finds 党建工作 and 抓党建; a longer term is the AND of its
2-character pieces and of the buckets of its characters one apart (vectors.gap_lexeme), confirmed in the
passage's text by the caller (MatchPlan.checks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vectors import NGRAM_MAX, NGRAM_SIZES, WORD_RUN, gap_lexemes, normalise, quote

_OPENING = {'"': '"', "“": '”"', "＂": "＂", "「": "」", "『": "』"}
_CLOSING_ONLY = set("”」』")
_OR_WORDS = {"OR", "or", "Or", "|", "或", "｜"}
_AND_WORDS = {"AND", "and", "And", "&", "＆", "和", "且"}  # a space says it already: read as nothing
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
        if not quoted and token in _AND_WORDS:
            continue
        negated = not quoted and token.startswith(_NEGATION)
        text = _clean(token.lstrip("".join(_NEGATION)) if negated else token)
        if not text:
            continue
        if len(text) > MAX_TERM_CHARS:  # a pasted sentence: searched by its beginning, and said so
            limit = MAX_TERM_CHARS
            said = f"检索词“{text[:10]}…”有 {len(text)} 字，超过每个词 {limit} 字的上限"
            parsed.notes.append(f"{said}，只按前 {limit} 字检索")
            text = text[:MAX_TERM_CHARS]
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
    return re.sub(r"^[^\w\u3400-\u9fff]+|[^\w\u3400-\u9fff]+$", "", text)  # cut to length by the caller, who says so


@dataclass(frozen=True)
class TermMatch:
    """How a term is found: a tsquery for the GIN index and, when the index alone cannot be exact (a run
    longer than 2 characters, or several runs as in '转方式、调结构'), the text that must stand in the passage."""

    tsquery: str
    check: str | None = None


def term_items(term: str) -> list[tuple[str, bool]]:
    """'党建' -> [('党建', False)]; '党' -> [('党', True)]; '乡村振兴' -> [('乡村', False), ('村振', False),
    ('振兴', False), (gap_lexeme('乡', '振'), False), (gap_lexeme('村', '兴'), False)]: (lexeme, is_prefix).
    2 characters are a lexeme, 1 character the start of lexemes; a longer run gives every 2 characters in
    it and the bucket of every 2 one apart, which together let the index skip most passages without it."""
    items: list[tuple[str, bool]] = []
    for word in WORD_RUN.findall(normalise(term)):
        if len(word) <= NGRAM_MAX:
            items.append((word, len(word) not in NGRAM_SIZES))
        else:
            items += [(word[i : i + NGRAM_MAX], False) for i in range(len(word) - NGRAM_MAX + 1)]
            items += [(bucket, False) for bucket in gap_lexemes(word)]
    return list(dict.fromkeys(items))


def term_match(term: str) -> TermMatch | None:
    """'党建' -> TermMatch("'党建'"); '振兴战' -> TermMatch("('振兴' & '兴战')", check='振兴战')."""
    items = term_items(term)
    if not items:
        return None
    pieces = [quote(lexeme) + (":*" if prefix else "") for lexeme, prefix in items]
    tsquery = pieces[0] if len(pieces) == 1 else "(" + " & ".join(pieces) + ")"
    exact = len(items) == 1 and items[0][0] == normalise(term)
    return TermMatch(tsquery, None if exact else normalise(term))


@dataclass
class MatchPlan:
    """A parsed query as the index sees it: one tsquery for every positive group, the groups whose
    terms must also be confirmed in the text (any one of each group), and the excluded terms."""

    tsquery: str | None = None
    checks: list[list[str]] = field(default_factory=list)
    excluded: list[TermMatch] = field(default_factory=list)


def split_on_exact_terms(parsed: ParsedQuery) -> list[ParsedQuery]:
    """'人居环境 OR 生态' -> ['生态', '人居环境 -生态']: queries that together match what `parsed` matches,
    each passage in one of them. In a group that mixes a term the index finds exactly with one confirmed
    in the text, the check cannot tell which term a candidate holds, so every candidate's text is read;
    split, the exact terms' hits come from the index alone. Only the first such group is split, so a
    search runs at most two queries."""
    for number, group in enumerate(parsed.groups):
        matches = [(term, term_match(term.text)) for term in group]
        exact = [term for term, match in matches if match and not match.check]
        checked = [term for term, match in matches if match and match.check]
        if exact and checked:
            before, after = parsed.groups[:number], parsed.groups[number + 1 :]
            apart = [Term(term.text, negated=True) for term in exact]
            return [
                ParsedQuery([*before, exact, *after], parsed.excluded, parsed.notes),
                ParsedQuery([*before, checked, *after], [*parsed.excluded, *apart], parsed.notes),
            ]
    return [parsed]


def match_plan(parsed: ParsedQuery) -> MatchPlan:
    """'党建 OR 组织 -疫情' -> tsquery "('党建' | '组织')", excluded [TermMatch("'疫情'")]."""
    plan = MatchPlan()
    clauses = []
    for group in parsed.groups:
        matches = [m for m in (term_match(term.text) for term in group) if m]
        if not matches:
            continue
        clauses.append(matches[0].tsquery if len(matches) == 1 else "(" + " | ".join(m.tsquery for m in matches) + ")")
        if any(m.check for m in matches):
            plan.checks.append([normalise(term.text) for term in group])
    plan.tsquery = " & ".join(clauses) or None
    plan.excluded = [m for m in (term_match(term.text) for term in parsed.excluded) if m]
    return plan
