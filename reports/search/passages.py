"""What the search index stores for one report, worked out before the database: each section cut into
passages of at most MAX_CHARS, each issue one passage, each with its text (PostgreSQL indexes its n-grams).

Pure Python, so a worker process can do it while the main one writes the report before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .query import MAX_TERM_CHARS
from .vectors import chunk_spans

MAX_CHARS = 3000


class SectionLike(Protocol):
    text: str
    start: int
    heading: str


@dataclass(frozen=True)
class IssueText:
    section: int  # index into the report's sections, in reading order
    text: str
    start: int


@dataclass(frozen=True)
class PassageDraft:
    section: int  # index into the report's sections
    issue: int | None  # index into the report's issues, or None for a stretch of a section
    start: int  # offsets in the report's text
    end: int
    heading_chars: int
    text: str


def draft_passages(sections: Sequence[SectionLike], issues: Sequence[IssueText]) -> list[PassageDraft]:
    """Sections cut at line breaks when long (the first piece keeps the heading), then the issues."""
    drafts = []
    for index, section in enumerate(sections):
        heading_chars = section.text.find(section.heading) + len(section.heading) if section.heading else 0
        for start, end in chunk_spans(section.text, MAX_CHARS, overlap=MAX_TERM_CHARS):
            text = section.text[start:end]
            heading = heading_chars if start == 0 else 0
            drafts.append(PassageDraft(index, None, section.start + start, section.start + end, heading, text))
    for index, issue in enumerate(issues):
        drafts.append(PassageDraft(issue.section, index, issue.start, issue.start + len(issue.text), 0, issue.text))
    return drafts
