"""Split a problems or plans part into its items: sub-sections, 一是…二是… runs, lines, or '；' clauses.

The sentence that announces the items ('主要表现在以下五个方面：') and the outlook after them
('为此，我们将…', '下一步…') are not items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .headings import ITEM_STYLES, first_clause, inline_marker
from .types import HeadingStyle, Paragraph, ParsedSection
from .words import PLAN_LEADS, PROBLEM_WORDS, PROBLEMS_EXIST

ANNOUNCEMENT = re.compile(
    rf"({PROBLEMS_EXIST}|突出|表现).{{0,24}}({PROBLEM_WORDS})|主要表现|表现在|如下|以下.{{0,4}}方面"
    rf"|清醒.{{0,6}}(看到|认识)|(主要|表现|如下|以下|方面|{PROBLEM_WORDS}|是|有)[：:]$"
)
OUTLOOK = re.compile(rf"^(为此|{PLAN_LEADS}|针对(以上|上述|这些)|对此|我们将|在今后|接下来|对于(以上|上述)|总之)")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
_SENTENCE_OR_LEAD = re.compile(r"[^。！？：:]+[。！？：:]?")
_CLAUSE = re.compile(r"[^；;]+[；;]?")
_STRIP = " \n。；;，、：:"


@dataclass(frozen=True)
class Span:
    """A stretch of the report text that makes one item."""

    start: int
    end: int
    section: ParsedSection


def item_spans(part: ParsedSection, text: str) -> list[Span]:
    """A problems or plans part -> one span per item, in order."""
    children = [c for c in part.children if c.kind == part.kind]
    if len(children) == 1:  # a wrapper ('（一）主要问题') around the items; or, holding none, the one item itself
        inside = item_spans(children[0], text)
        return inside or [Span(*_trim(text, children[0].title_start, children[0].subtree_end), children[0])]
    if children:
        return [Span(*_trim(text, c.title_start, c.subtree_end), c) for c in children]
    return [Span(s, e, part) for s, e in _spans_in_body(part, text)]


def _spans_in_body(part: ParsedSection, text: str) -> list[tuple[int, int]]:
    paragraphs = _body_paragraphs(part, text)
    while paragraphs and OUTLOOK.search(paragraphs[-1].text) and len(paragraphs) > 1:
        paragraphs.pop()
    if not paragraphs:
        return []
    listed = _inline_list(paragraphs, text)
    if listed:
        return listed
    spans: list[tuple[int, int]] = []
    for paragraph in paragraphs:
        spans.extend(_clauses(paragraph, text))
    return spans


def _body_paragraphs(part: ParsedSection, text: str) -> list[Paragraph]:
    result = []
    for paragraph in part.paragraphs:
        start = max(paragraph.start, part.body_start)
        if start < paragraph.end and text[start : paragraph.end].strip(_STRIP):
            result.append(Paragraph(start, paragraph.end, text[start : paragraph.end]))
    return result


def _inline_list(paragraphs: list[Paragraph], text: str) -> list[tuple[int, int]]:
    """The longest run of 一是/（一）/1. … numbered 1, 2, 3 … in the body, each item up to the next."""
    best: list[tuple[int, int, int]] = []  # (marker start, item start, paragraph end)
    for style in ITEM_STYLES:
        found = list(_markers(style, paragraphs))
        if len(found) > len(best):
            best = found
    if len(best) < 2:
        return []
    spans = []
    for index, (_, item_start, paragraph_end) in enumerate(best):
        end = best[index + 1][0] if index + 1 < len(best) and best[index + 1][0] < paragraph_end else paragraph_end
        spans.append(_trim(text, item_start, _cut_outlook(text, item_start, end)))
    return [span for span in spans if span[1] > span[0]]


def _markers(style: HeadingStyle, paragraphs: list[Paragraph]) -> Iterator[tuple[int, int, int]]:
    value = 1
    for paragraph in paragraphs:
        position = 0
        while match := inline_marker(style, value).search(paragraph.text, position):
            yield paragraph.start + match.start(), paragraph.start + match.end(), paragraph.end
            value += 1
            position = match.end()


def _clauses(paragraph: Paragraph, text: str) -> Iterator[tuple[int, int]]:
    """A paragraph without numbers: drop its announcement and outlook, then one item per '；' clause."""
    sentences = list(_SENTENCE_OR_LEAD.finditer(text, paragraph.start, paragraph.end))
    while len(sentences) > 1 and _announces(sentences[0].group()):
        sentences.pop(0)
    if not sentences or _announces(sentences[0].group()):
        return
    outlook = next((i for i, s in enumerate(sentences) if i and OUTLOOK.search(s.group())), len(sentences))
    start, end = sentences[0].start(), sentences[outlook - 1].end()
    if not re.search("[；;]", text[start:end]):
        yield _trim(text, start, end)
        return
    for clause in _CLAUSE.finditer(text, start, end):
        yield _trim(text, clause.start(), clause.end())


def _announces(sentence: str) -> bool:
    return bool(ANNOUNCEMENT.search(sentence)) and not re.search("[；;]", sentence)


def _cut_outlook(text: str, start: int, end: int) -> int:
    """Stop an item where a sentence such as '为此，我们将…' begins."""
    for sentence in _SENTENCE.finditer(text, start, end):
        if sentence.start() > start and OUTLOOK.search(sentence.group()):
            return sentence.start()
    return end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def item_title(span: Span, text: str) -> str:
    """A sub-section's heading, or the first clause of an inline item."""
    if span.section.title_start == span.start and span.section.heading:
        return span.section.heading
    return first_clause(text[span.start : span.end])
