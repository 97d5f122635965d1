"""The genre of a report: 述职报告, 政府工作报告, 党建工作报告, 班子工作汇报, 工作要点, 半年/年度工作总结.

The title decides when it names the genre; otherwise the form does: '各位代表：' and '我代表镇人民政府
向大会报告工作' make a 政府工作报告, '本人自2021年3月任…以来' a 述职报告.
"""

from __future__ import annotations

import re

from .sections import classify_heading
from .types import Found, ParsedSection, Period, ReportKind, SectionKind

# Title words, tried in this order (a '半年工作总结' of a 班子 is a half-year summary).
_BY_TITLE: tuple[tuple[re.Pattern, ReportKind | None], ...] = (
    (re.compile(r"述职|述责述廉"), ReportKind.DUTY_REPORT),
    (re.compile(r"政府工作报告"), ReportKind.GOVERNMENT),
    (re.compile(r"半年.{0,4}(总结|汇报|报告)|上半年|下半年"), ReportKind.HALF_YEAR_SUMMARY),
    (re.compile(r"党建|党的建设|从严治党.{0,6}(报告|情况)"), ReportKind.PARTY_BUILDING),
    (re.compile(r"班子.{0,20}(汇报|报告|情况)"), ReportKind.LEADERSHIP),
    (re.compile(r"总结|回顾"), None),  # a summary: of a year or a half, by the period
    (re.compile(r"工作要点|工作计划|工作思路|工作打算|工作安排|重点任务"), ReportKind.WORK_PLAN),
)
_GOVERNMENT_FORM = re.compile(
    r"(?m)^各位代表[：:]|我代表.{0,30}政府.{0,8}向(?:大会|本次会议|各位代表)|"
    r"——在.{0,40}人民代表大会.{0,20}会议上|请予审议|请各位代表.{0,6}审议"
)
_DUTY_FORM = re.compile(
    r"述职述廉|述责述廉|述职如下|(?:本人|我)(?:自|于)?.{0,24}(?:任|担任).{0,30}(?:以来|期间)|(?:本人|我)(?:是|叫)"
    r"|本人.{0,8}(?:担任|现任|任职)"
)
_PARTY_FORM = re.compile(r"党建|党的建设|从严治党")
_PARTY_REPORT = re.compile(r"党建工作(报告|总结)|抓基层党建")
_LEADERSHIP_FORM = re.compile(r"班子.{0,20}(汇报|报告|情况)|班子成员共|领导班子")


def find_kind(title: str, opening: str, period: Period, top: list[ParsedSection]) -> tuple[ReportKind, Found]:
    """See the module doc; `opening` is the text before the first part."""
    head = opening[:300]
    for pattern, kind in _BY_TITLE:
        if pattern.search(title):
            if kind is None and _DUTY_FORM.search(head):  # '镇长年度工作总结' told in the first person
                return ReportKind.DUTY_REPORT, Found.FORM
            return (kind or _summary(period)), Found.TITLE
    if _GOVERNMENT_FORM.search(head):
        return ReportKind.GOVERNMENT, Found.FORM
    if _DUTY_FORM.search(head):
        return ReportKind.DUTY_REPORT, Found.FORM
    if _PARTY_REPORT.search(head) or ("党委" in head[:200] and _PARTY_FORM.search(opening) and "报告如下" in opening):
        return ReportKind.PARTY_BUILDING, Found.OPENING
    if period != Period.ANNUAL:
        return ReportKind.HALF_YEAR_SUMMARY, Found.HEADING
    if _LEADERSHIP_FORM.search(head[:200]):
        return ReportKind.LEADERSHIP, Found.OPENING
    if _has_achievements(top):
        return ReportKind.ANNUAL_SUMMARY, Found.FORM
    return ReportKind.OTHER, Found.MISSING


def _summary(period: Period) -> ReportKind:
    return ReportKind.ANNUAL_SUMMARY if period == Period.ANNUAL else ReportKind.HALF_YEAR_SUMMARY


def _has_achievements(top: list[ParsedSection]) -> bool:
    """A part before the problems and plans, named or not, is the review of the work done."""
    for section in top:
        kind = classify_heading(section.heading) if section.kind != SectionKind.PREAMBLE else SectionKind.PREAMBLE
        if kind in (SectionKind.PROBLEMS, SectionKind.PLANS):
            return False
        if kind != SectionKind.PREAMBLE:
            return True
    return False
