"""Plain data the parser returns: no Django, no I/O, easy to print as JSON. The kinds and periods are
StrEnums the models' choices are made from (tests/test_models.py ties them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SectionKind(StrEnum):
    PREAMBLE = "preamble"
    ACHIEVEMENTS = "achievements"
    PROBLEMS = "problems"
    PLANS = "plans"
    OTHER = "other"


class Period(StrEnum):
    ANNUAL = "annual"
    FIRST_HALF = "first-half"
    SECOND_HALF = "second-half"


class ReportKind(StrEnum):
    ANNUAL_SUMMARY = "annual_summary"
    HALF_YEAR_SUMMARY = "half_year_summary"
    DUTY_REPORT = "duty_report"
    PARTY_BUILDING = "party_building"
    GOVERNMENT = "government"
    LEADERSHIP = "leadership"
    OTHER = "other"


@dataclass(frozen=True)
class Paragraph:
    """One line of the normalised text and where it stands in that text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Heading:
    """'（一）全面强化思想建设。镇党委…' -> Heading(style='chinese_paren', value=1, number='（一）',
    title='全面强化思想建设', body_offset=<where '镇党委' starts in the line>)"""

    style: str
    value: int
    number: str
    title: str
    body_offset: int
    marker_end: int = 0


@dataclass
class ParsedSection:
    """A heading and the text up to its first child; children hold the rest of its part."""

    number: str
    heading: str
    kind: str
    level: int
    style: str
    start: int
    end: int
    body_start: int
    title_start: int = 0
    text: str = ""
    children: list[ParsedSection] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def walk(self):
        """This section, then its descendants, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def subtree_end(self) -> int:
        last = self
        while last.children:
            last = last.children[-1]
        return last.end


@dataclass(frozen=True)
class ParsedItem:
    """One problem or one plan: a short title (its first clause) and its full text."""

    title: str
    text: str
    start: int
    end: int
    section_index: int
    themes: tuple[str, ...] = ()


@dataclass
class Places:
    township: str | None = None
    masked_township: str = ""
    county: str | None = None
    prefecture: str | None = None
    province: str | None = None


@dataclass
class Metadata:
    title: str = ""
    township: str | None = None
    masked_township: str = ""
    county: str | None = None
    prefecture: str | None = None
    province: str | None = None
    year: int | None = None
    period: str = Period.ANNUAL
    kind: str = ReportKind.OTHER


@dataclass
class ParsedReport:
    text: str
    metadata: Metadata
    sections: list[ParsedSection]
    issues: list[ParsedItem]
    plans: list[ParsedItem]
    warnings: list[str]

    def all_sections(self) -> list[ParsedSection]:
        """Every section in reading order; ParsedItem.section_index points into this list."""
        return [s for top in self.sections for s in top.walk()]
