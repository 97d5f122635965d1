"""Township, county, year, period and kind, read from the title, the opening, the headings and the body.

Masked names and years (*镇, XX镇, 20**) are never guessed: they come back as None with a warning.
"""

from __future__ import annotations

import re
from collections import Counter

from .sections import classify_heading
from .types import Metadata, Paragraph, ParsedSection, Period, Places, ReportKind, SectionKind

TOWNSHIP_SUFFIX = r"(?:街道办事处|街道|镇|乡|苏木)"
COUNTY_SUFFIX = r"(?:自治县|自治旗|县|旗|区|市)"
_MASK = r"(?:\*{1,4}|[X×Ｘx]{1,4}|某{1,2}|○{1,4}|□{1,4})"
MASKED_TOWNSHIP = re.compile(_MASK + r"(街道|镇|乡|苏木)")

# Words that end like a place name but are not one, or that start a phrase rather than a name.
_NOT_NAME_CHARS = set("全我本该各此其每这那个的了与及或对把被从向于以将等村社镇乡省委")
# A name does not end in a verb: '要求镇党委', '并由镇党委', '明确镇领导班子' name no township.
_NOT_NAME_ENDS = set("由求确将到至向对让使令促动施设成开善活解实督导领带请邀召建推进强抓和")
_NOT_NAME_STARTS = re.compile(
    r"^(推动|推进|促进|实施|建设|开展|加强|加快|深化|打造|发展|振兴|美丽|和谐|文明|特色|重点|示范|中心|小城|"
    r"城乡|乡镇|集镇|城镇|宜居|田园|全国|全省|全市|各级|省级|市级|县级|历史|名镇|强镇|标准|所在|驻地|乡村|"
    r"坚决|坚持|持续|扎实|全面|积极|认真|深入|切实|不断|进一步|有效|着力|围绕|执行|落实|贯彻|按照|根据|配合|协调|"
    r"组织|召开|要求|指导|帮助|督促|支持|保障|服务|联系|依托|立足|结合|参加|参与|邀请|完成|完善|推行|负责|牵头|"
    r"成立|设立|主要|相关|有关|上级|经过|通过|按期|及时|共同|统一|一起|重视|关心|政府|人大|党委)"
)
_INSTITUTION = r"(?:党委|党工委|人民政府|政府|人大|领导班子|三套班子|班子|办事处|纪委|机关|党政|委员会|\d{4}年)"
_LEFT = r"(?:^|(?<=[，。、；：“”《》（）\s]))"
_TOWNSHIP_BY_INSTITUTION = re.compile(rf"{_LEFT}([\u4e00-\u9fff]{{2,5}}?){TOWNSHIP_SUFFIX}(?={_INSTITUTION})")
_TOWNSHIP_AFTER_IN = re.compile(
    rf"(?:在|现将|位于|地处|来到|走进|\d{{4}}年(?:以来|来)?，|今年以来，|一年来，)([\u4e00-\u9fff]{{2,5}}?){TOWNSHIP_SUFFIX}(?![村域级区长亲土愁风贤情音镇间里下])"
)
_COUNTY_BY_INSTITUTION = re.compile(
    rf"(?:在|按照|根据|经|受|对照|按)([\u4e00-\u9fff]{{2,5}}?){COUNTY_SUFFIX}(?=委|人民政府|政府|人大|纪委)"
)
_TITLE_PREFIX = re.compile(r"^(关于|中共|中国共产党)")
_TITLE_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(省|自治区|自治州|州|盟|地区|自治县|自治旗|县|旗|区|市)")
_TITLE_TOWNSHIP = re.compile(rf"^([\u4e00-\u9fff]{{2,5}}?)({TOWNSHIP_SUFFIX})")

_YEAR = re.compile(r"((?:19[89]|20\d)\d)年")
MASKED_YEAR = re.compile(r"20(?:\*{2}|[X×Ｘx]{2}|○○|□□)年")
_OPENING_YEAR = re.compile(r"((?:19[89]|20\d)\d)年(?:以来|度|上半年|下半年|全年|，|是|来|里|中)")
_FIRST_HALF = re.compile(r"上半年|半年工作|半年总结|1[-—－至到]6月|一至六月|前半年")
_SECOND_HALF = re.compile(r"下半年")

_TITLE_WORDS = re.compile(r"总结|报告|汇报|述职|情况|思路|工作|计划|讲话|发言|材料")
_TITLE_MAX = 60
# Lines under a title that belong to it: '（2023年1月5日）', '——在…会议上', '镇长 ***'.
_BYLINE = re.compile(r"^[（(].{1,40}[）)]$|^\d{4}年\d{1,2}月\d{1,2}日$|^——|^[\u4e00-\u9fff*X ]{2,20}$")


def is_valid_name(name: str) -> bool:
    """'管仲' and '沙日浩来' are names; '全' '要求' '推动城' are not."""
    return (
        2 <= len(name) <= 5
        and not (set(name) & _NOT_NAME_CHARS)
        and name[-1] not in _NOT_NAME_ENDS
        and not _NOT_NAME_STARTS.search(name)
    )


def find_title(paragraphs: list[Paragraph], heading_finder) -> int:
    """How many opening paragraphs form the title block (title line plus a date or byline): 0, 1 or 2.

    '2022年工作总结' first is a title above 一、二、 parts, but the first part's heading in a report
    whose parts are all plain lines ('2022年工作回顾' … '2023年工作打算').
    """
    if not paragraphs or not _looks_like_title(paragraphs[0].text):
        return 0
    heading = heading_finder(paragraphs[0])
    if heading and heading.style != "plain":
        return 0
    if heading:
        styles = {h.style for h in map(heading_finder, paragraphs[1:]) if h}
        if "plain" in styles and not styles & {"chinese", "part"}:
            return 0
    if len(paragraphs) > 1 and _BYLINE.match(paragraphs[1].text) and not heading_finder(paragraphs[1]):
        return 2
    return 1


def _looks_like_title(line: str) -> bool:
    return len(line) <= _TITLE_MAX and not re.search(r"[。；]|[：:]$", line) and bool(_TITLE_WORDS.search(line))


def find_places(title: str, text: str) -> Places:
    """'XX市白杨区白杨街道2022年工作总结' -> Places(township='白杨街道', county='白杨区', prefecture='XX市')."""
    places = Places()
    township_votes: Counter[str] = Counter()
    county_votes: Counter[str] = Counter()
    rest = _TITLE_PREFIX.sub("", title)
    chain: list[str] = []
    while (place := _TITLE_PLACE.match(rest)) and is_valid_name(place.group(1)):
        chain.append(place.group(0))
        rest = rest[place.end() :]
    _assign_title_chain(places, chain)
    if places.county:
        county_votes[places.county] += 3
    if (found := _TITLE_TOWNSHIP.match(rest)) and is_valid_name(found.group(1)):
        township_votes[found.group(0)] += 3
    for pattern in (_TOWNSHIP_BY_INSTITUTION, _TOWNSHIP_AFTER_IN):
        for match in pattern.finditer(text):
            if is_valid_name(match.group(1)):
                township_votes[_suffix_included(match)] += 1
    for match in _COUNTY_BY_INSTITUTION.finditer(text):
        if is_valid_name(match.group(1)):
            county_votes[_suffix_included(match)] += 1
    masked = MASKED_TOWNSHIP.search(title) or MASKED_TOWNSHIP.search(text)
    places.township = _winner(township_votes)
    places.county = _winner(county_votes)
    places.masked_township = masked.group(0) if masked and not places.township else ""
    return places


def _assign_title_chain(places: Places, chain: list[str]) -> None:
    """'内蒙古自治区', '鄂尔多斯市', 'XX旗' -> province, prefecture, county (the last one is the county)."""
    for place in chain:
        if place.endswith(("省", "自治区")):
            places.province = place
        elif place is chain[-1] and not place.endswith(("州", "盟", "地区")):
            places.county = place
        else:
            places.prefecture = place


def _suffix_included(match: re.Match) -> str:
    """The name with its 镇/乡/街道 suffix, without what came before the name."""
    return match.string[match.start(1) : match.end()]


def _winner(votes: Counter[str]) -> str | None:
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def find_year(title: str, opening: str, top: list[ParsedSection], body_without_plans: str) -> tuple[int | None, bool]:
    """The year the work was done, and whether a masked year (20**) was seen.

    Order of trust: a year in an achievements heading, a plans heading's year minus one,
    the title, the opening ('2022年以来'), the year most written in the body outside plans.
    """
    for section in top:
        kind = classify_heading(section.heading)
        if kind == SectionKind.ACHIEVEMENTS and (found := _YEAR.search(section.heading)):
            return int(found.group(1)), False
    for section in top:
        if classify_heading(section.heading) == SectionKind.PLANS and (found := _YEAR.search(section.heading)):
            return int(found.group(1)) - 1, False
    if found := _YEAR.search(title):
        return int(found.group(1)), False
    if found := _OPENING_YEAR.search(opening[:300]):
        return int(found.group(1)), False
    counts = Counter(int(y) for y in _YEAR.findall(body_without_plans))
    if counts:
        return max(counts, key=lambda y: (counts[y], y)), False
    masked = bool(MASKED_YEAR.search(title) or MASKED_YEAR.search(opening) or MASKED_YEAR.search(body_without_plans))
    return None, masked


def find_period(title: str, opening: str, top: list[ParsedSection]) -> str:
    """'2022年上半年工作总结' -> first-half; a plans part '下半年工作安排' also means first-half."""
    achievements = [s.heading for s in top if classify_heading(s.heading) == SectionKind.ACHIEVEMENTS]
    plans = [s.heading for s in top if classify_heading(s.heading) == SectionKind.PLANS]
    described = " ".join([title, *achievements])
    if _FIRST_HALF.search(described):
        return Period.FIRST_HALF
    if _SECOND_HALF.search(described):
        return Period.SECOND_HALF
    if any(_SECOND_HALF.search(h) for h in plans) or re.search(r"^(今年)?上半年", opening):
        return Period.FIRST_HALF
    return Period.ANNUAL


def find_kind(title: str, opening: str, period: str, top: list[ParsedSection]) -> str:
    """The genre: 述职报告, 政府工作报告, 党建工作报告, 班子工作汇报, 半年/年度工作总结, or other."""
    head = f"{title}\n{opening[:200]}"
    if "述职" in head:
        return ReportKind.DUTY_REPORT
    if "政府工作报告" in head:
        return ReportKind.GOVERNMENT
    if "党建" in title or re.search(r"党建工作(报告|总结)|抓基层党建", head):
        return ReportKind.PARTY_BUILDING
    if re.search(r"班子.{0,20}(汇报|报告|情况)|班子成员共|领导班子", head):
        return ReportKind.LEADERSHIP
    if period != Period.ANNUAL:
        return ReportKind.HALF_YEAR_SUMMARY
    if re.search(r"总结|回顾", title):
        return ReportKind.ANNUAL_SUMMARY
    if re.search(r"党委", opening[:200]) and re.search(r"党建|党的建设|从严治党", opening) and "报告如下" in opening:
        return ReportKind.PARTY_BUILDING
    if any(s.kind == SectionKind.ACHIEVEMENTS for s in top):
        return ReportKind.ANNUAL_SUMMARY
    return ReportKind.OTHER


def read_metadata(title: str, top: list[ParsedSection], text: str) -> Metadata:
    """Everything the report says about itself; sections must already carry their kinds."""
    opening = next((s.text for s in top if s.kind == SectionKind.PREAMBLE), "")
    outside_plans = "\n".join(s.text for part in top if part.kind != SectionKind.PLANS for s in part.walk())
    places = find_places(title, text)
    year, _ = find_year(title, opening, top, outside_plans)
    period = find_period(title, opening, top)
    return Metadata(
        title=title,
        township=places.township,
        masked_township=places.masked_township,
        county=places.county,
        prefecture=places.prefecture,
        province=places.province,
        year=year,
        period=period,
        kind=find_kind(title, opening, period, top),
    )
