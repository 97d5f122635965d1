"""parse_report: normalised text -> ParsedReport (title, places, year, period, kind, sections, issues, plans)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from .items import OUTLOOK, Span, item_spans, item_title
from .metadata import find_title, read_metadata
from .normalise import normalise
from .run_together import break_run_together
from .sections import assign_kinds, build_tree, find_heading
from .themes import DEFAULT_THEMES, tag_themes
from .types import Found, HeadingStyle, Paragraph, ParsedItem, ParsedReport, ParsedSection, ReportKind, SectionKind

# A paragraph that names problems or plans without a heading of its own.
_PROBLEMS_TRIGGER = re.compile(r"(存在|还有|仍有|面临|也有).{0,12}(问题|不足|差距|短板|困难)")
_PLANS_TRIGGER = re.compile(
    r"^(下一步|下步|下半年|下阶段|下一阶段|今后|明年|20\d\d年，?(我们|我镇|我乡|我街道|全镇|全乡))"
)


def parse_report(
    text: str, filename: str | None = None, *, theme_rules: Mapping[str, Sequence[str]] = DEFAULT_THEMES
) -> ParsedReport:
    """A report's text (already decoded) -> its structure. Pure: no I/O, no Django."""
    text = break_run_together(normalise(text))
    paragraphs = split_paragraphs(text)
    title_lines = find_title(paragraphs, find_heading)
    title = paragraphs[0].text if title_lines else ""
    top = build_tree(paragraphs[title_lines:], text)
    metadata = read_metadata(title, top, text, filename_hint=_filename_hint(filename))
    assign_kinds(top, metadata.year, metadata.kind)
    _detach_unheaded(top, text, SectionKind.PROBLEMS, _PROBLEMS_TRIGGER)
    _detach_unheaded(top, text, SectionKind.PLANS, _PLANS_TRIGGER)
    report = ParsedReport(text=text, metadata=metadata, sections=top, issues=[], plans=[], warnings=[])
    report.issues = _items(report, SectionKind.PROBLEMS, theme_rules)
    report.plans = _items(report, SectionKind.PLANS, None)
    report.warnings = _warnings(report, text)
    return report


def split_paragraphs(text: str) -> list[Paragraph]:
    paragraphs, start = [], 0
    for line in text.split("\n"):
        if line:
            paragraphs.append(Paragraph(start, start + len(line), line))
        start += len(line) + 1
    return paragraphs


def _filename_hint(filename: str | None) -> str:
    """'白杨街道2022年工作总结.docx' says where and when; '000_4ccb42b5.txt' says nothing."""
    stem = PurePath(filename).stem if filename else ""
    return stem if re.search(r"[\u4e00-\u9fff]{2}", stem) else ""


def _items(report: ParsedReport, kind: str, theme_rules) -> list[ParsedItem]:
    index = {id(section): i for i, section in enumerate(report.all_sections())}
    items = []
    for part in _outermost(report.sections, kind):
        for span in item_spans(part, report.text):
            items.append(_item(span, report.text, index, theme_rules))
    return items


def _outermost(sections: list[ParsedSection], kind: str):
    """The highest sections of a kind: a problems part, not each of its sub-sections."""
    for section in sections:
        if section.kind == kind:
            yield section
        else:
            yield from _outermost(section.children, kind)


def _item(span: Span, text: str, index: dict[int, int], theme_rules) -> ParsedItem:
    title = item_title(span, text)
    body = text[span.start : span.end]
    return ParsedItem(
        title=title,
        text=body,
        start=span.start,
        end=span.end,
        section_index=index[id(span.section)],
        themes=tag_themes(body, theme_rules) if theme_rules else (),
    )


def _detach_unheaded(top: list[ParsedSection], text: str, kind: str, trigger: re.Pattern) -> None:
    """'上半年……但仍然还存在不少困难和问题。一是…二是…' in another part becomes a problems part of its own.

    Only when the report has no part of that kind, and only from a section without sub-sections,
    so that the text stays in reading order.
    """
    if any(s.kind == kind for part in top for s in part.walk()):
        return
    for siblings in _sibling_lists(top):
        for position, owner in enumerate(siblings):
            if owner.children or owner.kind in (SectionKind.PROBLEMS, SectionKind.PLANS):
                continue
            for number, paragraph in enumerate(owner.paragraphs):
                own_heading = number == 0 and owner.style not in (HeadingStyle.PREAMBLE, HeadingStyle.UNHEADED)
                body = text[max(paragraph.start, owner.body_start) : paragraph.end]
                found = trigger.search(body)
                if own_heading or not found or not _lists_items(body[found.end() :]):
                    continue
                parts = _split_off(owner, number, text, kind)
                siblings[position : position + 1] = ([owner] if owner.paragraphs else []) + parts
                return


def _lists_items(rest: str) -> bool:
    probe = ParsedSection("", "", SectionKind.OTHER, 0, HeadingStyle.UNHEADED, 0, len(rest), 0)
    probe.paragraphs = [Paragraph(0, len(rest), rest)]
    return len(item_spans(probe, rest)) >= 2 and bool(re.search(r"一是|[（(]一[）)]|1[.、]|；", rest))


def _split_off(owner: ParsedSection, number: int, text: str, kind: str) -> list[ParsedSection]:
    """Cut `owner` before paragraph `number`: that paragraph (and what follows it, up to an outlook or
    plans paragraph) becomes an unheaded part of `kind`; anything after that stays in a part of its own."""
    end = number + 1
    while end < len(owner.paragraphs) and not _ends_part(owner.paragraphs[end].text):
        end += 1
    moved, rest = owner.paragraphs[number:end], owner.paragraphs[end:]
    owner.paragraphs = owner.paragraphs[:number]
    if owner.paragraphs:
        owner.end = owner.paragraphs[-1].end
        owner.text = text[owner.start : owner.end]
    parts = [_unheaded(moved, kind, owner.level, text)]
    if rest:
        rest_kind = SectionKind.OTHER if owner.kind == SectionKind.PREAMBLE else owner.kind
        parts.append(_unheaded(rest, rest_kind, owner.level, text))
    return parts


def _ends_part(paragraph: str) -> bool:
    return bool(_PLANS_TRIGGER.search(paragraph) or OUTLOOK.search(paragraph))


def _unheaded(paragraphs: list[Paragraph], kind: str, level: int, text: str) -> ParsedSection:
    start, end = paragraphs[0].start, paragraphs[-1].end
    return ParsedSection(
        number="",
        heading="",
        kind=kind,
        level=level,
        style=HeadingStyle.UNHEADED,
        start=start,
        end=end,
        body_start=start,
        title_start=start,
        text=text[start:end],
        paragraphs=paragraphs,
    )


def _sibling_lists(top: list[ParsedSection]):
    yield top
    for section in top:
        for child in section.walk():
            if child.children:
                yield child.children


def _warnings(report: ParsedReport, text: str) -> list[str]:
    meta, warnings = report.metadata, []
    kinds = {s.kind for s in report.all_sections()}
    if kinds <= {SectionKind.PREAMBLE, SectionKind.PROBLEMS, SectionKind.PLANS} and not any(
        s.number for s in report.all_sections()
    ):
        warnings.append("未识别出任何标题：全文按段落处理")
    if meta.year is None:
        warnings.append("年份被隐去（20**），未猜测" if meta.found["year"] is Found.MASKED else "未找到报告年份")
    if meta.township is None and not any(doubt.startswith("乡镇名称") for doubt in meta.doubts):
        warnings.append(
            f"乡镇名称被隐去（{meta.masked_township}），未猜测，请编辑指定"
            if meta.masked_township
            else "未识别出乡镇名称"
        )
    warnings.extend(meta.doubts)
    if SectionKind.PROBLEMS not in kinds and meta.kind != ReportKind.WORK_PLAN:
        warnings.append("未找到存在问题部分")
    elif not report.issues:
        warnings.append("存在问题部分未能拆分出具体问题")
    if SectionKind.PLANS not in kinds:
        warnings.append("未找到工作计划部分")
    return warnings
