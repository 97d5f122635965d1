"""The year a report's work was done, and the period it covers (a whole year or a half).

A careful reader trusts, in order: a part's heading ('2022年工作回顾'; a plans heading's year minus one),
the title (its year of review, not the year it plans for), the opening ('2022年以来', '今年是“十四五”
开局之年'), and last the year most written in the body outside the plans. A 政府工作报告 is given early
in the year after the one it reviews. A masked year (20**年) is said to be masked, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .masks import MASKED_YEAR
from .sections import classify_heading
from .types import Found, ParsedSection, Period, ReportKind, SectionKind

_DIGIT_YEAR = r"(?:19[89]|20\d)\d"
_YEAR = re.compile(rf"({_DIGIT_YEAR})年")
_CN_DIGIT = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_YEAR = re.compile(r"([一二][〇○零O九][〇○零O一二三四五六七八九]{2})年")
# In a title a year may stand without 年: '2019抓党建工作述职报告'.
_TITLE_YEAR = re.compile(rf"(?<!\d)({_DIGIT_YEAR})(?!\d)")
# A year followed by what it plans: '2023年工作思路', '2023年重点工作安排'.
_PLANNED = re.compile(r"^年?度?(?:工作|重点|主要|的)?.{0,4}(?:计划|思路|打算|安排|要点|目标|谋划|设想)")
_OPENING_YEAR = re.compile(rf"({_DIGIT_YEAR})年(?:以来|度|上半年|下半年|全年|，|是|来|里|中)")
# '今年是“十四五”开局之年': a five-year plan's first or last year.
_PLAN_PHRASE = re.compile(r"[“\"]?十([一二三四五])五[”\"]?(?:规划)?(?:的)?(开局|起步|收官|决胜)")
_ANNIVERSARIES = (
    (re.compile(r"建党(?:一百|100|百)(?:周)?年"), 2021),
    (re.compile(r"新中国成立(?:七十|70)周年"), 2019),
    (re.compile(r"新中国成立(?:七十五|75)周年"), 2024),
    (re.compile(r"改革开放(?:四十|40)周年"), 2018),
    (re.compile(r"党的二十大(?:胜利)?召开之年"), 2022),
    (re.compile(r"党的十九大(?:胜利)?召开之年"), 2017),
    (re.compile(r"(?:学习)?贯彻(?:落实)?党的二十大精神的开局之年"), 2023),
)
_DATELINE = re.compile(rf"({_DIGIT_YEAR})年\d{{1,2}}月\d{{1,2}}日")

_FIRST_HALF = re.compile(r"上半年|半年工作|半年总结|1[-—－至到]6月|一至六月|前半年")
_SECOND_HALF = re.compile(r"下半年")


@dataclass(frozen=True)
class Year:
    value: int | None
    found: Found


def find_year(title: str, opening: str, top: list[ParsedSection], body_without_plans: str, kind: ReportKind) -> Year:
    """See the module doc for the order of trust. `kind` matters: a work plan's year is the year it
    plans; a government report's title names the year it is given in, one after the year it reviews."""
    for section in top:
        if classify_heading(section.heading) == SectionKind.ACHIEVEMENTS and (found := _YEAR.search(section.heading)):
            return Year(int(found.group(1)), Found.HEADING)
    if kind != ReportKind.WORK_PLAN:
        for section in top:
            if classify_heading(section.heading) == SectionKind.PLANS and (found := _YEAR.search(section.heading)):
                return Year(int(found.group(1)) - 1, Found.HEADING)
    if (year := _title_year(title, kind)) is not None:
        return Year(year, Found.TITLE)
    if kind == ReportKind.GOVERNMENT and (given := _DATELINE.search(opening[:200])):
        return Year(int(given.group(1)) - 1, Found.FORM)
    if (year := _opening_year(opening[:300])) is not None:
        return Year(year, Found.OPENING)
    counts = Counter(int(y) for y in _YEAR.findall(body_without_plans))
    if counts:
        return Year(max(counts, key=lambda y: (counts[y], y)), Found.BODY)
    masked = any(MASKED_YEAR.search(part) for part in (title, opening, body_without_plans))
    return Year(None, Found.MASKED if masked else Found.MISSING)


def _title_year(title: str, kind: ReportKind) -> int | None:
    """'2022年工作总结及2023年工作思路' -> 2022; '2023年工作要点' -> 2023 (a plan: its own year);
    '2023年政府工作报告' -> 2022; '二〇二一年工作总结' -> 2021; '2019抓党建工作述职报告' -> 2019."""
    years = [(int(m.group(1)), m.end()) for m in _TITLE_YEAR.finditer(title)]
    years += [(_cn_year(m.group(1)), m.end() - 1) for m in _CN_YEAR.finditer(title)]
    if not years:
        return None
    reviewed = [year for year, end in years if not _PLANNED.search(title[end:])]
    if kind == ReportKind.WORK_PLAN:
        return years[0][0]
    if kind == ReportKind.GOVERNMENT:
        return years[0][0] - 1
    return reviewed[0] if reviewed else years[0][0] - 1


def _opening_year(opening: str) -> int | None:
    """'2022年以来' -> 2022; '二〇二二年，' -> 2022; '今年是“十四五”开局之年' -> 2021."""
    found = [(m.start(), int(m.group(1))) for m in _OPENING_YEAR.finditer(opening)]
    found += [(m.start(), _cn_year(m.group(1))) for m in _CN_YEAR.finditer(opening)]
    for phrase in _PLAN_PHRASE.finditer(opening):
        first = 2006 + 5 * ("一二三四五".index(phrase.group(1)))  # 十一五 began in 2006
        found.append((phrase.start(), first if phrase.group(2) in ("开局", "起步") else first + 4))
    for pattern, year in _ANNIVERSARIES:
        found += [(m.start(), year) for m in pattern.finditer(opening)]
    return min(found)[1] if found else None


def _cn_year(numerals: str) -> int:
    return int("".join(str(_CN_DIGIT[ch]) for ch in numerals))


def find_period(title: str, opening: str, top: list[ParsedSection]) -> tuple[Period, Found]:
    """'2022年上半年工作总结' -> first-half; a plans part '下半年工作安排' also means first-half."""
    achievements = [s.heading for s in top if classify_heading(s.heading) == SectionKind.ACHIEVEMENTS]
    plans = [s.heading for s in top if classify_heading(s.heading) == SectionKind.PLANS]
    for described, found in ((title, Found.TITLE), (" ".join(achievements), Found.HEADING)):
        if _FIRST_HALF.search(described):
            return Period.FIRST_HALF, found
        if _SECOND_HALF.search(described):
            return Period.SECOND_HALF, found
    if any(_SECOND_HALF.search(h) for h in plans):
        return Period.FIRST_HALF, Found.HEADING
    if re.search(r"^(今年)?上半年", opening):
        return Period.FIRST_HALF, Found.OPENING
    return Period.ANNUAL, Found.DEFAULT
