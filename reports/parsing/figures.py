"""Figures in a report: '农村居民人均可支配收入达到18650元，同比增长6.5%', '力争完成固定资产投资5亿元以上'.

Each figure is a number with its unit, the indicator it measures (the words before it in its clause), whether
it is a target (a plan: 力争, 确保, 预计, 不低于 … or in the plans part) or an achievement, its modifier, and
where it stands. 万 and 亿 are folded into the value (1.35亿元 = 135,000,000 元); a growth ('增长6.5%') is a
change of the indicator named before it, not a level; a masked figure ('X万元', '**亩') is kept as masked,
never given a value. Pure Python: the archive stores what this finds (reports.services.store).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from .masks import MASK
from .types import Figure

# Units as written -> as stored. Longest first in the pattern, so 平方公里 is not read as 公里.
UNITS = {
    "元": "元", "美元": "美元", "%": "%", "％": "%", "‰": "‰", "个百分点": "百分点", "百分点": "百分点",
    "亩": "亩", "公顷": "公顷", "平方公里": "平方公里", "平方米": "平方米", "平米": "平方米", "立方米": "立方米",
    "公里": "公里", "千米": "公里", "米": "米", "吨": "吨", "公斤": "公斤", "千克": "公斤", "斤": "斤",
    "人次": "人次", "人": "人", "户": "户", "个": "个", "家": "家", "项": "项", "次": "次", "场": "场", "处": "处",
    "座": "座", "所": "所", "条": "条", "名": "名", "辆": "辆", "头": "头", "只": "只", "台": "台", "套": "套",
    "间": "间", "栋": "栋", "件": "件", "批": "批", "期": "期", "千瓦": "千瓦", "倍": "倍", "株": "株", "棵": "棵",
    "张": "张", "册": "册", "份": "份", "篇": "篇", "支": "支", "盏": "盏", "口": "口", "眼": "眼", "宗": "宗",
    "场次": "场次", "起": "起", "万千瓦": "万千瓦", "天": "天",
}  # fmt: skip
SCALES = {"万": 10_000, "亿": 100_000_000, "千": 1_000}
# What bounds a figure, before it in its clause ('力争完成…', '突破2亿元', '近40%') or after it ('以上', '左右').
BEFORE = (
    "力争",
    "确保",
    "预计",
    "计划",
    "争取",
    "力求",
    "不低于",
    "不少于",
    "控制在",
    "达到",
    "突破",
    "超过",
    "近",
    "约",
    "逾",
)
AFTER = ("以上", "左右", "以内", "以下")
# What makes a figure a target: words of the future anywhere in its sentence ('明年，…'), or a plan's own words
# in its clause ('力争完成…'); in the plans part every figure is one. Outside it a plan's word counts only in the
# figure's own clause: '确保…' in an achievement's sentence often gives its purpose, not a target.
# ('目标' alone is not a plan's word: '完成全年目标的52%'.)
FUTURE = ("明年", "下一步", "今后", "预期", "目标是", "目标到")
PLAN_WORDS = ("力争", "确保", "预计", "计划", "争取", "力求", "不低于", "不少于", "控制在")
# The words of those that bound a target when its own clause has none ('力争…，新增规上企业3家').
FUTURE_MODIFIERS = ("力争", "确保", "预计", "计划", "争取", "力求")
GROWTH = re.compile(r"(?:同比|比上年|较上年|比去年|年均)?(?:增长|增加|提高|上升|下降|减少|降低)(?:了)?$")

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = r"[一二两三四五六七八九十百千]+"
_MASKED = rf"(?:\d*(?:{MASK.pattern})[\d.]*(?:{MASK.pattern})?\d*)"
_UNIT = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
FIGURE = re.compile(
    rf"(?P<number>{_MASKED}|{_ARABIC}|{_CHINESE})"
    rf"(?:\s*(?:[-－—~～至到]\s*(?P<high>{_ARABIC}|{_CHINESE}))?)"
    rf"(?P<more_before>余|多)?(?P<scale>万亿|[万亿千])?(?P<more>余|多)?(?P<unit>{_UNIT})"
    rf"(?P<after>{'|'.join(AFTER)})?"
    r"(?!规定|班子|基本原则|注意)"  # '八项规定', '三套班子', '四项基本原则', '八项注意': names, not counts
)
# What ends the clause a figure's indicator is sought in (not quotation marks: '“一网通办”事项' is one name).
_CLAUSE_END = "，。；：！？、\n（()）"
# Frames and verbs before an indicator's name, and verbs after it: not part of the name. A verb is taken off
# only where a name of two characters or more is left ('投入1,350万元' keeps '投入').
_FRAMES = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其中|到\d{4}年(?:底)?|\d{4}年|全年|今年|去年|当年|上半年|下半年|全镇|全乡|全街道|全区|全县|我镇|我乡|本镇|"
    r"镇党委|党委|镇政府|我们|本人|共|共计|累计|已|先后|将|把|要|力争|确保|预计|计划|争取|力求|比上年|同比|较上年|是|有)+"
)
_VERBS = re.compile(
    r"^(?:完成了?|实现了?|达到了?|新建改建|新建|新增|新发展|建成(?!区)|改扩建|改造提升|改造|开展|组织开展|组织|召开|实施|"
    r"培育|发放|落实|引进|排查整改|排查化解|排查|化解|安装|硬化|栽植|清理|建立|配备|办理|消除|拆除|出栏|"
    r"发展|转正|受理|研究|惠及|带动|关停取缔|通报曝光|给予|打造|选派|牵头协调解决|走访|撰写|投入|投资|参加|设立|占|高于)+"
)
_TRAILING = re.compile(
    r"(?:达到了|达到|实现了|实现|完成了|完成|稳定在|保持在|保持|扩大到|提高到|增加到|发展到|高于|低于|控制在|不低于|不少于|"
    r"全部|达|为|是|有|共|约|近|逾|超过|突破|累计|以上|共计|总计|计|的)+$"
)
_DIGITS = dict(zip("零一二两三四五六七八九", (0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


# Names of one indicator, as reports write them: compared across years under the first.
SYNONYMS = {
    "地区生产总值": ("生产总值", "GDP", "地区生产总值（GDP）"),
    "农村居民人均可支配收入": ("农民人均可支配收入", "农村常住居民人均可支配收入", "农村居民人均收入"),
    "城镇居民人均可支配收入": ("城镇常住居民人均可支配收入",),
    "一般公共预算收入": ("一般预算收入", "地方一般公共预算收入", "公共财政预算收入"),
    "规模以上工业增加值": ("规上工业增加值",),
    "规模以上工业总产值": ("规上工业总产值",),
    "社会消费品零售总额": ("社消零总额",),
    "招商引资到位资金": ("招商引资到位资金额", "到位资金"),
}
_CANONICAL = {name: canonical for canonical, names in SYNONYMS.items() for name in names}


def indicator_of(subject: str) -> str:
    """The name an indicator is compared under across years: '规上工业增加值' -> '规模以上工业增加值'."""
    return _CANONICAL.get(subject, subject)[:100]


SENTENCE_CHARACTERS = 90  # the evidence kept with a figure: its sentence, or the stretch of it around the figure


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence a figure stands in, cut to SENTENCE_CHARACTERS around the figure when longer (a report's
    sentence may run on for 300 characters of commas): the evidence a list shows beside it."""
    begin = _sentence_start(text, start)
    stop = min((at for at in (text.find(mark, end) for mark in "。；！？\n") if at >= 0), default=len(text))
    if stop - begin > SENTENCE_CHARACTERS:
        before = (SENTENCE_CHARACTERS - (end - start)) // 2
        begin = max(begin, start - before)
        stop = min(stop, begin + SENTENCE_CHARACTERS)
    return text[begin : stop + 1].strip()


def find_figures(text: str, plans: Sequence[tuple[int, int]] = ()) -> list[Figure]:
    """Every figure of `text`, in order. `plans`: the (start, end) of the plans part, where a figure is a target
    whatever words come with it ('新建道路12公里' in 下一步工作打算 is next year's aim)."""
    figures: list[Figure] = []
    for match in FIGURE.finditer(text):
        figure = _figure(text, match, plans, figures[-1] if figures else None)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(text: str, match: re.Match, plans: Sequence[tuple[int, int]], before: Figure | None) -> Figure | None:
    number, unit = match.group("number"), UNITS[match.group("unit")]
    if re.fullmatch(_CHINESE, number) and (
        unit == "个" or number == "一" or not re.search("[一二两三四五六七八九]", number)
    ):
        return None  # '两个维护', '四个意识', '一批', '一次', '千亩以上': words, not counts
    if _is_not_a_figure(text, match):
        return None
    clause_start = max(_clause_start(text, match.start()), before.end if before else 0)  # '农户1200户户均增收3000元'
    lead = text[clause_start : match.start()]
    sentence = text[_sentence_start(text, match.start()) : match.start()]
    change = bool(GROWTH.search(lead)) and unit in ("%", "百分点", "倍", "元", "万元")
    subject = _subject(GROWTH.sub("", lead) if change else lead)
    if not subject and before and before.end >= _sentence_start(text, match.start()):
        subject = before.subject  # '增长6.8%', '486户812人', '到2028年突破30亿元': the indicator named before
    masked = bool(MASK.search(number))
    scale = _scale(match.group("scale"))
    value = None if masked else _value(number, scale)
    high = _value(match.group("high"), scale) if match.group("high") else None
    in_plans = any(start <= match.start() < end for start, end in plans)
    target = in_plans or any(word in sentence for word in FUTURE) or any(word in lead for word in PLAN_WORDS)
    more = bool(match.group("more") or match.group("more_before"))
    modifier = _modifier(lead, sentence if target else "", match.group("after") or "", more)
    return Figure(
        subject=subject,
        value=value,
        unit=unit,
        target=target,
        modifier=modifier,
        start=match.start(),
        end=match.end(),
        text=match.group(),
        masked=masked,
        change=change,
        high=high,
    )


def _is_not_a_figure(text: str, match: re.Match) -> bool:
    """'第3个' (an ordinal), a digit glued to a Latin word or to a number before it ('G320')."""
    before = text[max(0, match.start() - 1) : match.start()]
    return before in ("第", ".") or (before.isascii() and before.isalnum())


def _clause_start(text: str, at: int) -> int:
    return max(text.rfind(mark, 0, at) for mark in _CLAUSE_END) + 1


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(mark, 0, at) for mark in "。；！？\n") + 1


def _subject(lead: str) -> str:
    """'全年完成固定资产投资' -> '固定资产投资': the clause's words before the figure, frames and verbs aside."""
    words = _TRAILING.sub("", _FRAMES.sub("", lead.strip()))  # '' when only frames: the indicator named before
    bare = _TRAILING.sub("", _VERBS.sub("", words))
    return (bare if len(bare) >= 2 else words).strip(" 　")


def _modifier(clause: str, sentence: str, after: str, more: bool) -> str:
    """The word that bounds the figure: what follows it ('以上', '左右'), else the nearest bounding word before it
    in its clause ('突破', '近'), else for a target the plan's own word in its sentence ('力争'), else '余'."""
    if after:
        return after
    for words, where in ((BEFORE, clause), (FUTURE_MODIFIERS, sentence)):
        found = [(where.rfind(word), word) for word in words if word in where]
        if found:
            return max(found)[1]
    return "余" if more else ""


def _scale(scale: str | None) -> int:
    if not scale:
        return 1
    return SCALES["万"] * SCALES["亿"] if scale == "万亿" else SCALES[scale]


def _value(number: str, scale: int) -> float:
    """('1,250.5', 1) -> 1250.5; ('2.45', 10**8) -> 245000000 (in decimal: no 245000000.00000003); '十二' -> 12."""
    if re.fullmatch(_ARABIC, number):
        return float(Decimal(number.replace(",", "")) * scale)
    return _chinese(number) * scale


def _chinese(number: str) -> float:
    """'十二' -> 12; '三千' -> 3000; '二百' -> 200."""
    total, current = 0, 0
    for char in number:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            total += (current or 1) * unit
            current = 0
    return float(total + current)
