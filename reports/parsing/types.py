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


class HeadingStyle(StrEnum):
    """How a section's heading is numbered (headings.STYLES holds each numbered style's one record)."""

    PART = "part"  # 第一部分
    CHINESE = "chinese"  # 一、
    CHINESE_PAREN = "chinese_paren"  # （一）
    CHINESE_SHI = "chinese_shi"  # 一是
    ORDINAL = "ordinal"  # 第一， 其一，
    ARABIC = "arabic"  # 1.
    ARABIC_PAREN = "arabic_paren"  # （1）
    CIRCLED = "circled"  # ①
    PLAIN = "plain"  # a line such as '2022年工作回顾', no number
    PREAMBLE = "preamble"  # the text before the first heading
    UNHEADED = "unheaded"  # a part found by its words ('但也清醒地看到…一是…'), no heading


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
    WORK_PLAN = "work_plan"
    OTHER = "other"


class Found(StrEnum):
    """How a metadata field was found, so that the preview can say what to check. The label is shown."""

    TITLE = "title"
    HEADING = "heading"  # a part's heading: '2022年工作回顾', '下半年工作打算'
    OPENING = "opening"  # the first paragraphs: '今年以来，白杨镇…'
    FORM = "form"  # the report's form: '各位代表：', '本人自…任…以来', a dateline
    BODY = "body"  # counted over the whole text: the weakest
    FILENAME = "filename"
    DEFAULT = "default"  # nothing said otherwise (period: a whole year)
    MASKED = "masked"  # written masked (20**, *镇): not guessed
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _FOUND_LABELS[self]

    @property
    def sure(self) -> bool:
        """Title and headings say it outright; anything else is worth a look before confirming."""
        return self in (Found.TITLE, Found.HEADING)


_FOUND_LABELS = {
    Found.TITLE: "标题",
    Found.HEADING: "章节标题",
    Found.OPENING: "开头",
    Found.FORM: "文体特征",
    Found.BODY: "正文",
    Found.FILENAME: "文件名",
    Found.DEFAULT: "默认",
    Found.MASKED: "原文已隐去",
    Found.MISSING: "未找到",
}
# The metadata fields that carry a Found (Metadata.found).
FOUND_FIELDS = ("township", "county", "year", "period", "kind")


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

    style: HeadingStyle
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
    kind: SectionKind
    level: int
    style: HeadingStyle
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
    """Where a report comes from; `found` says how township and county were found."""

    township: str | None = None
    masked_township: str = ""
    county: str | None = None
    prefecture: str | None = None
    province: str | None = None
    found: dict[str, Found] = field(default_factory=dict)  # FOUND_FIELDS -> how each was found
    doubts: list[str] = field(default_factory=list)  # what the parser was unsure of, for the warnings

    @property
    def township_found(self) -> Found:
        return self.found.get("township", Found.MISSING)


@dataclass
class Metadata(Places):
    """Everything a report says about itself: its places, and its title, year, period and kind."""

    title: str = ""
    year: int | None = None
    period: Period = Period.ANNUAL
    kind: ReportKind = ReportKind.OTHER


@dataclass(frozen=True)
class Figure:
    """One figure of a report (parsing.figures): '农村居民人均可支配收入达到18650元' -> subject
    '农村居民人均可支配收入', value 18650, unit '元'. `value` is in the stored unit (万 and 亿 folded in; None when
    masked), `high` the top of a range; start and end are offsets into the parsed text."""

    subject: str
    value: float | None
    unit: str
    target: bool
    modifier: str
    start: int
    end: int
    text: str
    masked: bool = False
    change: bool = False  # a growth or a fall ('增长6.5%'), of the indicator named before it
    high: float | None = None


@dataclass
class ParsedReport:
    text: str
    metadata: Metadata
    sections: list[ParsedSection]
    issues: list[ParsedItem]
    plans: list[ParsedItem]
    warnings: list[str]
    figures: list[Figure] = field(default_factory=list)

    def all_sections(self) -> list[ParsedSection]:
        """Every section in reading order; ParsedItem.section_index points into this list."""
        return [s for top in self.sections for s in top.walk()]
