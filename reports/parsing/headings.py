"""Recognise numbered headings: 一、 （一） (一) 一是 1. （1） ① 第一部分, alone on a line or run into it.

Each numbering style is one record in STYLES: how its marker looks, how the archive writes its number,
whether it may open a part anywhere, and where it ranks as an item list. Everything else (the line
pattern, the inline pattern for 'item n', run-together text) is made from that record.
A heading's level is not part of its style: the section tree is built from the order in which styles
appear, because reports disagree about the levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .types import Heading, HeadingStyle

CN_DIGITS = "〇零一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0}

# How the numeral of a style is written, as a pattern (one group) and from an int.
_CLAUSE_START = r"(?:^|(?<=[。；;：:！？\s，]))"  # where an inline item may start
NUMERALS = {"chinese": f"[{CN_DIGITS}]{{1,3}}", "arabic": r"\d{1,2}", "circled": f"[{CIRCLED}]"}


@dataclass(frozen=True)
class StyleRule:
    """One numbering style. `marker` is a pattern with {} where the numeral stands; `trail` is what may
    follow the marker on a heading line (spaces, a stray comma)."""

    style: HeadingStyle
    marker: str
    numerals: str  # a key of NUMERALS
    number_format: str  # how the archive writes the number: '（{}）'
    opens_part: bool = False  # may start a new level at any number ('三、' after a list): parts, not items
    needs_title: bool = False  # '第一，' alone on a line is a word, not a heading
    item_rank: int | None = None  # order in which inline item lists are tried; None: never an item list
    trail: str = r"\s*"
    line_pattern: re.Pattern = field(init=False, repr=False, compare=False)
    _inline: dict[int, re.Pattern] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "line_pattern", re.compile(self.marker.format(f"({NUMERALS[self.numerals]})") + self.trail)
        )

    def inline(self, value: int) -> re.Pattern:
        """Item number `value` of this style where it starts a clause inside a paragraph."""
        if value not in self._inline:
            numeral = re.escape(write_numeral(self.numerals, value))
            self._inline[value] = re.compile(_CLAUSE_START + self.marker.format(numeral))
        return self._inline[value]

    def anywhere(self) -> re.Pattern:
        """Any marker of this style anywhere in a text, the numeral in group 1 (for run-together text)."""
        return re.compile(self.marker.format(f"({NUMERALS[self.numerals]})"))


STYLES: tuple[StyleRule, ...] = (
    StyleRule(HeadingStyle.PART, "第{}(?:部分|篇|章)", "chinese", "第{}部分", opens_part=True, trail="[、，：:.． ]*"),
    StyleRule(HeadingStyle.CHINESE, r"{} ?(?:、|[．.](?!\d))", "chinese", "{}", opens_part=True, item_rank=6),
    StyleRule(HeadingStyle.CHINESE_PAREN, r"[（(]{}[）)] ?[、．.，]?", "chinese", "（{}）", item_rank=1),
    StyleRule(HeadingStyle.CHINESE_SHI, "{}是(?![非否]) ?[：:，]?", "chinese", "{}是", item_rank=0),
    StyleRule(HeadingStyle.ORDINAL, "(?:第|其){}[，、：:]", "chinese", "第{}", needs_title=True, item_rank=5),
    StyleRule(HeadingStyle.ARABIC, r"(?<!\d){} ?(?:、|[.．](?!\d))", "arabic", "{}.", item_rank=2),
    StyleRule(HeadingStyle.ARABIC_PAREN, r"[（(]{}[）)] ?[、．.]?", "arabic", "（{}）", item_rank=3),
    StyleRule(HeadingStyle.CIRCLED, "{}", "circled", "{}", item_rank=4),
)
RULES = {rule.style: rule for rule in STYLES}
# The conventional order of item lists, used to look for them inside a paragraph.
ITEM_STYLES = tuple(rule.style for rule in sorted(STYLES, key=lambda r: r.item_rank or 0) if rule.item_rank is not None)
# A line can only be a numbered heading if it starts with one of these characters (a fast first test).
_MAY_START = set(CN_DIGITS + CIRCLED + "0123456789（(第其")

MAX_RUN_IN_TITLE = 60
_SENTENCE_END = re.compile(r"[。！？；：:]")
_TRAILING_PUNCT = "。，、；：:,.;！？ "


def cn_to_int(numeral: str) -> int:
    """'三' -> 3, '十二' -> 12, '二十' -> 20, '②' -> 2, '7' -> 7."""
    if numeral in CIRCLED:
        return CIRCLED.index(numeral) + 1
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return int("".join(str(_CN_VALUES[ch]) for ch in numeral))
    tens, _, units = numeral.partition("十")
    return (_CN_VALUES[tens] if tens else 1) * 10 + (_CN_VALUES[units] if units else 0)


def write_numeral(numerals: str, value: int) -> str:
    """3 -> '三' (chinese), '3' (arabic), '③' (circled): the inverse of cn_to_int."""
    if numerals == "arabic":
        return str(value)
    if numerals == "circled":
        return CIRCLED[min(value, len(CIRCLED)) - 1]
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, units = divmod(value, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")


def match_heading(line: str) -> Heading | None:
    """'（一）全面强化思想建设。镇党委…' -> Heading(style=CHINESE_PAREN, value=1, title='全面强化思想建设', …)"""
    if not line or line[0] not in _MAY_START:
        return None
    for rule in STYLES:
        match = rule.line_pattern.match(line)
        if not match:
            continue
        rest = line[match.end() :]
        if rule.needs_title and not rest:
            return None
        title, body_offset = split_run_in(rest)
        return Heading(
            style=rule.style,
            value=cn_to_int(match.group(1)),
            number=rule.number_format.format(match.group(1)),
            title=title,
            body_offset=match.end() + body_offset,
            marker_end=match.end(),
        )
    return None


def opens_part(style: HeadingStyle) -> bool:
    """A plain heading line, 一、 or 第一部分 may start a part at any number; items must start at 1."""
    return style is HeadingStyle.PLAIN or (style in RULES and RULES[style].opens_part)


def split_run_in(rest: str) -> tuple[str, int]:
    """'全面强化思想建设，打造学习型班子。镇党委…' -> ('全面强化思想建设，打造学习型班子', <offset of 镇>)."""
    end = _SENTENCE_END.search(rest)
    if end and end.start() <= MAX_RUN_IN_TITLE:
        return rest[: end.start()].strip(_TRAILING_PUNCT), end.end()
    if len(rest) <= MAX_RUN_IN_TITLE:
        return rest.strip(_TRAILING_PUNCT), len(rest)
    return first_clause(rest), 0


def first_clause(text: str, limit: int = 40) -> str:
    """The opening of a sentence, cut at a comma so it stays short: a title for a long item."""
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip(_TRAILING_PUNCT)
    if len(sentence) <= limit:
        return sentence
    cut = max(sentence.rfind("，", 0, limit), sentence.rfind("、", 0, limit))
    return (sentence[:cut] if cut >= 8 else sentence[:limit] + "…").strip(_TRAILING_PUNCT)


def inline_marker(style: HeadingStyle, value: int) -> re.Pattern:
    """A pattern for item number `value` of `style` where it starts a clause inside a paragraph."""
    return RULES[style].inline(value)


def has_inline_successor(heading: Heading, line: str) -> bool:
    """True when a line that opens with item 一是 also holds 二是: it is a list, not a heading."""
    return bool(inline_marker(heading.style, heading.value + 1).search(line, heading.body_offset))
