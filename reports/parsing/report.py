"""parse_report: normalised text -> ParsedReport (title, places, year, period, kind, sections, issues, plans)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath

from .figures import find_figures
from .items import Span, item_spans, item_title
from .metadata import find_title, read_metadata
from .normalise import normalise
from .run_together import break_run_together
from .sections import assign_kinds, build_tree, find_heading
from .themes import DEFAULT_THEMES, tag_themes
from .types import Found, Paragraph, ParsedItem, ParsedReport, ParsedSection, ReportKind, SectionKind
from .unheaded import detach_unheaded


def parse_report(
    text: str, filename: str | None = None, *, theme_rules: Mapping[str, Sequence[str]] = DEFAULT_THEMES
) -> ParsedReport:
    """A report's text (already decoded) -> its structure. Pure: no I/O, no Django."""
    text = break_run_together(normalise(text))
    paragraphs = split_paragraphs(text)
    title_lines, block = find_title(paragraphs, find_heading)
    title = "".join(p.text for p in paragraphs[:title_lines])
    top = build_tree(paragraphs[block:], text)
    metadata = read_metadata(title, top, text, filename_hint=_filename_hint(filename))
    assign_kinds(top, metadata.year, metadata.kind)
    detach_unheaded(top, text)
    report = ParsedReport(text=text, metadata=metadata, sections=top, issues=[], plans=[], warnings=[])
    report.issues = _items(report, SectionKind.PROBLEMS, theme_rules)
    report.plans = _items(report, SectionKind.PLANS, None)
    report.figures = find_figures(text, _spans(report, SectionKind.PLANS))
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


def _items(report: ParsedReport, kind: SectionKind, theme_rules) -> list[ParsedItem]:
    index = {id(section): i for i, section in enumerate(report.all_sections())}
    items = []
    for part in _outermost(report.sections, kind):
        for span in item_spans(part, report.text):
            items.append(_item(span, report.text, index, theme_rules))
    return items


def _spans(report: ParsedReport, kind: SectionKind) -> list[tuple[int, int]]:
    """Where the parts of a kind stand in the text: (start, end) of each, its sub-sections included."""
    return [(part.start, part.subtree_end) for part in _outermost(report.sections, kind)]


def _outermost(sections: list[ParsedSection], kind: SectionKind):
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


# The metadata field that warnings starting so are about. An editor who sets (or clears) the field has
# settled them, so they are dropped from the stored report (unsettled_warnings); the rest stay.
_FIELD_WARNINGS = {
    "year": ("未找到报告年份", "年份被隐去"),
    "township": ("未识别出乡镇名称", "乡镇名称"),
    "county": ("所属县", "只说到“"),
}


def warning_field(message: str) -> str | None:
    """'未识别出乡镇名称' -> 'township': the field a warning is about, or None for one about the text."""
    return next((name for name, starts in _FIELD_WARNINGS.items() if message.startswith(starts)), None)


def unsettled_warnings(warnings: Sequence[str], settled: Iterable[str]) -> list[str]:
    """The warnings still worth showing once an editor has set the `settled` fields by hand."""
    settled = set(settled)
    return [message for message in warnings if warning_field(message) not in settled]


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
