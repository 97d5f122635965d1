"""Township and county, as a careful reader finds them: in the title, then in the opening, then in the body.

The title's chain of places ('XX市白杨区人民政府白杨街道办事处…') is read level by level; in the text a
name counts only in a strong context ('白杨镇党委', '在白杨镇', '和平县白杨镇位于…', '位于和平县西北部').
Masked names (*镇, XX镇) are never guessed; two names with equal claims are reported, not chosen.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .masks import MASKED_TOWNSHIP
from .names import ABOVE_COUNTY_SUFFIX, COUNTY_SUFFIX, HAN, TOWNSHIP_SUFFIX, is_county_name, is_valid_name
from .types import Found, Places

_INSTITUTION = (
    r"(?:党委|党工委|人民政府|政府|人大|领导班子|三套班子|班子|办事处|纪委|机关|党政|委员会|\d{4}年"
    r"|在[县区旗市]委|第?[一二三四五六七八九十]+届|人民代表大会)"
)
# A name's left edge: punctuation or a line break, consumed rather than looked behind for (twice as fast).
_LEFT = r"(?:^|[，。、；：“”《》（）\s在与及同])"
# Where a name may start inside running text: after punctuation, or after a word such as 在 or 以来.
_NAME_START = r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[在于对将是的和与及从向到年来]))"
_TOWNSHIP_BY_INSTITUTION = re.compile(rf"{_LEFT}({HAN}{{2,5}}?){TOWNSHIP_SUFFIX}(?={_INSTITUTION})")


def _led_by(*words: str) -> str:
    """'在', '现将', '今年以来，' -> a pattern for any of them that starts with a character class: the
    regex engine tests a class at each position far faster than an alternation of words (4×)."""
    firsts = "".join(sorted({word[0] for word in words}))
    return f"[{firsts}](?:" + "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in words) + ")"


_TOWNSHIP_AFTER_IN = re.compile(
    _led_by(
        "在",
        "现将",
        "位于",
        "地处",
        "来到",
        "走进",
        "调入",
        "调任",
        "今年以来，",
        "一年来，",
        "年以来，",
        "年来，",
        "年，",
    )
    + rf"({HAN}{{2,5}}?){TOWNSHIP_SUFFIX}(?![村域级区长亲土愁风贤情音镇间里下])"
)
_INSTITUTION_AFTER_TOWNSHIP = re.compile(_led_by("镇", "乡", "街道", "苏木") + f"(?={_INSTITUTION})")
# '和平县白杨镇', '和平区人民政府白杨街道办事处': a county and the township in it, named together.
_COUNTY_AND_TOWNSHIP = re.compile(
    rf"{_NAME_START}({HAN}{{2,5}}?)({COUNTY_SUFFIX})(?:人民政府)?({HAN}{{2,5}}?{TOWNSHIP_SUFFIX})"
)
# What every such match holds from its county suffix on: found first, cheaply, then read in full.
_COUNTY_THEN_TOWNSHIP = re.compile(rf"[县旗区市](?:人民政府)?{HAN}{{2,5}}?{TOWNSHIP_SUFFIX}")
_COUNTY_BY_INSTITUTION = re.compile(
    rf"(?:在|按照|根据|经|受|对照|按)({HAN}{{2,5}}?)({COUNTY_SUFFIX})(?=委|人民政府|政府|人大|纪委)"
)
# '…位于和平县西北部', '地处乌审旗境内'.
_COUNTY_BY_LOCATION = re.compile(
    rf"(?:位于|地处|坐落于|地处于)({HAN}{{2,5}}?)(自治县|自治旗|县|旗|区)(?=[东西南北中]{{1,2}}部|境内|城区|腹地|[东西南北]{{1,2}}[面端边])"
)
# '在区委、区政府的坚强领导下' says the county is a 区 without naming it.
_COUNTY_LEVEL = re.compile(r"(?:^|[在，、。])(县|旗|区|市)委(?:[、和]\1政府)?(?=[、和的正坚])")
# What may come before a title's chain of places: '关于', the party's name, the year ('2020年上海市…', '2022年度…').
_TITLE_PREFIX = re.compile(r"^(?:关于|中共|中国共产党)?(?:\d{4}年度?)?")
_TITLE_PLACE = re.compile(rf"^({HAN}{{2,6}}?)({ABOVE_COUNTY_SUFFIX}|{COUNTY_SUFFIX})(?:人民政府|委员会)?")
_TITLE_TOWNSHIP = re.compile(rf"^({HAN}{{2,5}}?)({TOWNSHIP_SUFFIX})")
_OPENING = 300  # characters of the text in which a name counts as found in the opening
_DECISIVE = 1000  # a name in the title outweighs any number of mentions in the text


@dataclass
class _Votes:
    """Claims for a name, with the best place each was found in."""

    count: Counter[str] = field(default_factory=Counter)
    found: dict[str, Found] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)  # where each counted mention starts: one vote a mention

    def add(self, name: str, weight: int, found: Found, at: int = -1) -> None:
        if at >= 0 and at in self.seen:
            return
        self.seen.add(at)
        self.count[name] += weight
        if _RANK[found] < _RANK.get(self.found.get(name, Found.MISSING), 99):
            self.found[name] = found

    def winner(self, what: str, doubts: list[str]) -> tuple[str | None, Found]:
        """The name with most claims; None, and a doubt, when two names tie."""
        ranked = self.count.most_common(2)
        if not ranked:
            return None, Found.MISSING
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            doubts.append(f"{what}不确定：正文同样多次提到{ranked[0][0]}和{ranked[1][0]}，未作判断")
            return None, Found.MISSING
        return ranked[0][0], self.found[ranked[0][0]]


_RANK = {Found.TITLE: 0, Found.FILENAME: 1, Found.OPENING: 2, Found.BODY: 3, Found.MISSING: 99}


def find_places(title: str, text: str, *, title_found: Found = Found.TITLE) -> Places:
    """'XX市白杨区白杨街道2022年工作总结' -> Places(township='白杨街道', county='白杨区', prefecture='XX市')."""
    places = Places()
    townships, counties = _Votes(), _Votes()
    rest = _read_title_chain(places, _TITLE_PREFIX.sub("", title))
    if places.county:
        counties.add(places.county, _DECISIVE, title_found)
    found = _TITLE_TOWNSHIP.match(rest)
    if found and is_valid_name(found.group(1), in_title=True) and not _names_a_county(found.group(0)):
        townships.add(_township_name(found.group(0)), _DECISIVE, title_found)
    _vote_in_text(text, townships, counties)
    places.township, places.found["township"] = townships.winner("乡镇名称", places.doubts)
    places.county, places.found["county"] = counties.winner("所属县（旗、区）", places.doubts)
    if places.county is None and (level := _COUNTY_LEVEL.search(text[:_OPENING])):
        places.county, places.found["county"] = _county_of_level(text, level.group(1), places.doubts)
    masked = MASKED_TOWNSHIP.search(title) or MASKED_TOWNSHIP.search(text)
    if masked and not places.township:
        places.masked_township, places.found["township"] = masked.group(0), Found.MASKED
    return places


def _county_of_level(text: str, level: str, doubts: list[str]) -> tuple[str | None, Found]:
    """'在区委、区政府的坚强领导下' and one 区 named in the opening (or, failing that, in the whole text):
    that 区 is the county. Each 区 is read with the shortest name before it ('紧扣南城区' -> '南城区')."""
    for where, stretch in ((Found.OPENING, text[:_OPENING]), (Found.BODY, text)):
        names = set()
        for found in re.finditer(level, stretch):
            before = (stretch[found.start() - n : found.start()] for n in (2, 3, 4) if found.start() >= n)
            if name := next((n for n in before if _HAN_ONLY.fullmatch(n) and is_county_name(n, level)), None):
                names.add(name + level)
        if len(names) == 1:
            return names.pop(), where
        if names:
            doubts.append(f"只说到“{level}委”，提到的{level}不止一个（{'、'.join(sorted(names))}），未作判断")
            return None, Found.MISSING
    doubts.append(f"只说到“{level}委”，未写出{level}名")
    return None, Found.MISSING


_HAN_ONLY = re.compile(f"{HAN}+")


def _read_title_chain(places: Places, rest: str) -> str:
    """'内蒙古自治区鄂尔多斯市乌审旗图克镇…' -> province, prefecture, county set; returns '图克镇…'.
    The last place of the chain at county level is the county; 人民政府 after a place is skipped."""
    chain: list[tuple[str, str]] = []
    while (place := _TITLE_PLACE.match(rest)) and is_valid_name(place.group(1)):
        chain.append((place.group(1) + place.group(2), place.group(2)))
        rest = rest[place.end() :]
    for name, suffix in chain:
        if suffix in ("省", "自治区"):
            places.province = name
        elif (name, suffix) == chain[-1] and suffix not in ("州", "自治州", "盟", "地区"):
            places.county = name
        else:
            places.prefecture = name
    return rest


def _vote_in_text(text: str, townships: _Votes, counties: _Votes) -> None:
    for matches in _at_anchors(text, _COUNTY_THEN_TOWNSHIP, _COUNTY_AND_TOWNSHIP, reach=5):
        valid = (m for m in matches if is_county_name(m.group(1), m.group(2)) and is_valid_name(_bare(m.group(3))))
        if match := next(valid, None):
            where = _where(match.start(1))
            counties.add(match.group(1) + match.group(2), 2, where, match.start(1))
            townships.add(_township_name(match.group(3)), 1, where, match.start(3))
    institutions = (
        next((m for m in matches if is_valid_name(m.group(1))), None)
        for matches in _at_anchors(text, _INSTITUTION_AFTER_TOWNSHIP, _TOWNSHIP_BY_INSTITUTION, reach=6, after=6)
    )
    for match in itertools.chain(institutions, _TOWNSHIP_AFTER_IN.finditer(text)):
        if match is None:
            continue
        name = match.string[match.start(1) : match.end()]
        if is_valid_name(match.group(1)) and not _names_a_county(name):
            townships.add(_township_name(name), 1, _where(match.start(1)), match.start(1))
    for pattern in (_COUNTY_BY_INSTITUTION, _COUNTY_BY_LOCATION):
        for match in pattern.finditer(text):
            if is_county_name(match.group(1), match.group(2)):
                counties.add(match.group(1) + match.group(2), 1, _where(match.start(1)), match.start(1))


def _at_anchors(
    text: str, anchor: re.Pattern, pattern: re.Pattern, reach: int, after: int = 0
) -> Iterator[list[re.Match]]:
    """For each place word `anchor` finds, the matches of `pattern` that start up to `reach` characters
    before it, the nearest first (the shortest name). Trying only there is several times faster than
    pattern.finditer over the whole text, and a wrong longer reading ('在乌兰旗') does not hide the right one."""
    for found in anchor.finditer(text):
        starts = range(found.start() - 1, max(found.start() - reach, 0) - 1, -1)
        yield [m for start in starts if (m := pattern.match(text, start, found.end() + after))]


def _where(position: int) -> Found:
    return Found.OPENING if position < _OPENING else Found.BODY


def _names_a_county(name: str) -> bool:
    """'和平区白杨苏木' is two places (_COUNTY_AND_TOWNSHIP counts them), not one township."""
    return bool(_COUNTY_THEN_NAME.match(name))


_COUNTY_THEN_NAME = re.compile(rf"{HAN}{{2,}}?{COUNTY_SUFFIX}{HAN}{{2,}}")


def _township_name(name: str) -> str:
    """'白杨街道办事处' -> '白杨街道': the office and its street are one township."""
    return name.removesuffix("办事处")


def _bare(name: str) -> str:
    return re.sub(f"{TOWNSHIP_SUFFIX}$", "", name)
