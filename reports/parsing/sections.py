"""Build the section tree from the lines of a report and give each part its kind.

Levels come from the order in which numbering styles appear: the first style under a part is
its children's style, a style already open closes the deeper ones. This copes with reports that
put 一是 directly under 一、, or （一） under a plain heading line such as '2022年工作回顾'.
"""

from __future__ import annotations

import re

from .headings import has_inline_successor, match_heading, opens_part
from .types import Heading, HeadingStyle, Paragraph, ParsedSection, ReportKind, SectionKind
from .words import PLAN_LEADS, PROBLEM_WORDS

# Heading words -> kind. Problems are tested first: '存在的突出问题和改进措施' is a problems part.
_PROBLEMS = re.compile(
    rf"存在.{{0,6}}({PROBLEM_WORDS})|({PROBLEM_WORDS})(与|和|及|、)({PROBLEM_WORDS}|原因)"
    rf"|不足之处|薄弱环节|面临的.{{0,4}}({PROBLEM_WORDS})|^(主要|突出)?({PROBLEM_WORDS})+$|^(差距|不足)|(的|中)(不足|问题|差距)$"
)
_ACHIEVEMENTS = re.compile(
    r"成效|成绩|回顾|总结|开展情况|完成情况|进展情况|工作情况|推进情况|落实情况|主要做法|亮点|取得|主要工作$|^工作开展"
)
_PLANS = re.compile(rf"谋划|计划|安排|打算|思路|展望|设想|{PLAN_LEADS}|下半年|目标任务|努力方向|改进措施|整改措施")
# Inside a part, only a heading that plainly names problems or plans changes the kind.
_CHILD_PROBLEMS = re.compile(rf"^(存在|主要问题|突出问题|{PROBLEM_WORDS})")
_CHILD_PLANS = re.compile(rf"^({PLAN_LEADS}|改进|整改|努力方向)|(工作打算|工作计划|工作谋划|措施|对策|建议)$")
# Tried in order: problems first ('存在的突出问题和改进措施' is a problems part).
_PART_WORDS = (
    (_PROBLEMS, SectionKind.PROBLEMS),
    (_ACHIEVEMENTS, SectionKind.ACHIEVEMENTS),
    (_PLANS, SectionKind.PLANS),
)
_CHILD_WORDS = ((_CHILD_PROBLEMS, SectionKind.PROBLEMS), (_CHILD_PLANS, SectionKind.PLANS))
_YEAR_WORK = re.compile(r"(20\d\d)年.{0,4}(重点|主要)?(工作|任务)")
# A heading line with no number: short, no sentence inside, and it names a part of a report.
_PLAIN_HEADING_MAX = 30
_SENTENCE_INSIDE = re.compile(r"[。；，！？]")


def classify_heading(heading: str) -> SectionKind | None:
    """'存在差距与不足' -> 'problems'; '下半年工作安排' -> 'plans'; '全面加强党的建设' -> None."""
    return _first_kind(_PART_WORDS, heading)


def heading_year(heading: str) -> int | None:
    """'2023年重点工作' -> 2023: such a heading is plans or achievements depending on the report's year."""
    match = _YEAR_WORK.search(heading)
    return int(match.group(1)) if match else None


def plain_heading(paragraph: Paragraph) -> Heading | None:
    """'2020年工作回顾' alone on its line -> a heading without a number."""
    line = paragraph.text.rstrip("：:")
    if len(line) > _PLAIN_HEADING_MAX or _SENTENCE_INSIDE.search(line):
        return None
    if classify_heading(line) is None and heading_year(line) is None:
        return None
    return Heading(style=HeadingStyle.PLAIN, value=0, number="", title=line, body_offset=len(paragraph.text))


def find_heading(paragraph: Paragraph) -> Heading | None:
    heading = match_heading(paragraph.text)
    if heading and has_inline_successor(heading, paragraph.text):
        return None
    return heading or plain_heading(paragraph)


def build_tree(paragraphs: list[Paragraph], text: str) -> list[ParsedSection]:
    """Paragraphs (title removed) -> top-level sections, preamble first when there is one."""
    top: list[ParsedSection] = []
    open_parts: list[ParsedSection] = []  # the path from a top-level section to the current one
    preamble: ParsedSection | None = None
    for paragraph in paragraphs:
        heading = find_heading(paragraph)
        if heading and _fits(heading, open_parts):
            section = _open_section(heading, paragraph, open_parts, top)
            section.paragraphs.append(paragraph)
            continue
        if open_parts:
            open_parts[-1].paragraphs.append(paragraph)
            continue
        if preamble is None:
            preamble = _section(None, paragraph, level=1, kind=SectionKind.PREAMBLE)
            top.append(preamble)
        preamble.paragraphs.append(paragraph)
    for section in (s for part in top for s in part.walk()):
        _close(section, text)
    return top


def _fits(heading: Heading, open_parts: list[ParsedSection]) -> bool:
    """A new nesting level must start at 1; a stray '3.' or '二是' inside a paragraph run is text."""
    if opens_part(heading.style):
        return True
    if any(part.style == heading.style for part in open_parts):
        return True
    return heading.value == 1


def _open_section(
    heading: Heading, paragraph: Paragraph, open_parts: list[ParsedSection], top: list[ParsedSection]
) -> ParsedSection:
    if heading.style is HeadingStyle.PLAIN:
        open_parts.clear()
    else:
        for depth, part in enumerate(open_parts):
            if part.style == heading.style:
                del open_parts[depth:]
                break
    section = _section(heading, paragraph, level=len(open_parts) + 1, kind=SectionKind.OTHER)
    (open_parts[-1].children if open_parts else top).append(section)
    open_parts.append(section)
    return section


def _section(heading: Heading | None, paragraph: Paragraph, *, level: int, kind: SectionKind) -> ParsedSection:
    return ParsedSection(
        number=heading.number if heading else "",
        heading=heading.title if heading else "",
        kind=kind,
        level=level,
        style=heading.style if heading else HeadingStyle.PREAMBLE,
        start=paragraph.start,
        end=paragraph.end,
        body_start=paragraph.start + (heading.body_offset if heading else 0),
        title_start=paragraph.start + (heading.marker_end if heading else 0),
    )


def _close(section: ParsedSection, text: str) -> None:
    section.end = section.paragraphs[-1].end
    section.text = text[section.start : section.end]


def assign_kinds(sections: list[ParsedSection], year: int | None, report_kind: ReportKind) -> None:
    """Top-level kinds by heading; an unnamed part before problems and plans is achievements, except
    in a work plan (工作要点), whose unnamed parts are what it plans.

    Children take their part's kind unless their own heading clearly names problems or plans.
    """
    seen_problems_or_plans = False
    unnamed = SectionKind.PLANS if report_kind == ReportKind.WORK_PLAN else SectionKind.ACHIEVEMENTS
    for section in sections:
        if section.kind == SectionKind.PREAMBLE:
            continue
        kind = _kind_of(section.heading, year)
        if kind is None:
            kind = SectionKind.OTHER if seen_problems_or_plans and unnamed != SectionKind.PLANS else unnamed
        seen_problems_or_plans |= kind in (SectionKind.PROBLEMS, SectionKind.PLANS)
        _set_kind(section, kind)


def _kind_of(heading: str, year: int | None) -> SectionKind | None:
    kind = classify_heading(heading)
    if kind is None and (found := heading_year(heading)) is not None and year is not None:
        kind = SectionKind.PLANS if found > year else SectionKind.ACHIEVEMENTS
    return kind


def _set_kind(section: ParsedSection, kind: SectionKind) -> None:
    section.kind = kind
    for child in section.children:
        _set_kind(child, _child_kind(child.heading) or kind)


def _child_kind(heading: str) -> SectionKind | None:
    return _first_kind(_CHILD_WORDS, heading)


def _first_kind(rules: tuple[tuple[re.Pattern, SectionKind], ...], heading: str) -> SectionKind | None:
    return next((kind for pattern, kind in rules if pattern.search(heading)), None)
