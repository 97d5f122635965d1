"""Recognise numbered headings: 一、 （一） (一) 一是 1. （1） ① 第一部分, alone on a line or run into it.

A heading's *style* is its numbering pattern; the section tree is built from the order in which
styles appear, not from a fixed level per style, because reports disagree about the levels.
"""

from __future__ import annotations

import re

from .types import Heading

CN_DIGITS = "〇零一二三四五六七八九十"
_CN_NUM = f"[{CN_DIGITS}]{{1,3}}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Each style: a pattern anchored at the start of a line, and how to write its number.
STYLES: dict[str, tuple[re.Pattern, str]] = {
    "part": (re.compile(rf"第({_CN_NUM})(?:部分|篇|章)[、，：:.． ]*"), "第{}部分"),
    "chinese": (re.compile(rf"({_CN_NUM})\s*(?:、|[．.](?!\d))\s*"), "{}"),
    "chinese_paren": (re.compile(rf"[（(]({_CN_NUM})[）)]\s*[、．.，]?\s*"), "（{}）"),
    "chinese_shi": (re.compile(rf"({_CN_NUM})是(?![非否])\s*[：:，]?\s*"), "{}是"),
    "ordinal": (re.compile(rf"(?:第|其)({_CN_NUM})[，、：:]\s*"), "第{}"),
    "arabic": (re.compile(r"(\d{1,2})\s*(?:、|[.．](?!\d))\s*"), "{}."),
    "arabic_paren": (re.compile(r"[（(](\d{1,2})[）)]\s*[、．.]?\s*"), "（{}）"),
    "circled": (re.compile(f"([{_CIRCLED}])\\s*"), "{}"),
}

# The conventional order, used to break ties between styles and to look for inline item lists.
ITEM_STYLES = ("chinese_shi", "chinese_paren", "arabic", "arabic_paren", "circled", "ordinal", "chinese")

MAX_RUN_IN_TITLE = 60
_SENTENCE_END = re.compile(r"[。！？；：:]")
_TRAILING_PUNCT = "。，、；：:,.;！？ "


def cn_to_int(numeral: str) -> int:
    """'三' -> 3, '十二' -> 12, '二十' -> 20, '②' -> 2, '7' -> 7."""
    if numeral in _CIRCLED:
        return _CIRCLED.index(numeral) + 1
    if numeral.isdigit():
        return int(numeral)
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0}
    if "十" not in numeral:
        return int("".join(str(digits[ch]) for ch in numeral))
    tens, _, units = numeral.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


def match_heading(line: str) -> Heading | None:
    """'（一）全面强化思想建设。镇党委…' -> Heading(style='chinese_paren', value=1, title='全面强化思想建设', …)"""
    for style, (pattern, number_format) in STYLES.items():
        match = pattern.match(line)
        if not match:
            continue
        rest = line[match.end() :]
        if style == "ordinal" and not rest:
            return None
        title, body_offset = split_run_in(rest)
        return Heading(
            style=style,
            value=cn_to_int(match.group(1)),
            number=number_format.format(match.group(1)),
            title=title,
            body_offset=match.end() + body_offset,
            marker_end=match.end(),
        )
    return None


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


def inline_marker(style: str, value: int) -> re.Pattern:
    """A pattern for item number `value` of `style` where it starts a clause inside a paragraph."""
    numeral = _int_to_marker(style, value)
    boundary = r"(?:^|(?<=[。；;：:！？\s，]))"
    forms = {
        "part": rf"第{numeral}(?:部分|篇|章)",
        "chinese_shi": rf"{numeral}是(?![非否])[：:，]?",
        "chinese_paren": rf"[（(]{numeral}[）)][、．.，]?",
        "chinese": rf"{numeral}(?:、|[．](?!\d))",
        "ordinal": rf"(?:第|其){numeral}[，、：:]",
        "arabic": rf"(?<!\d){numeral}(?:、|[.．](?!\d))",
        "arabic_paren": rf"[（(]{numeral}[）)]",
        "circled": numeral,
    }
    return re.compile(boundary + forms[style])


def _int_to_marker(style: str, value: int) -> str:
    if style in ("arabic", "arabic_paren"):
        return str(value)
    if style == "circled":
        return _CIRCLED[value - 1] if value <= len(_CIRCLED) else "⑳"
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, units = divmod(value, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")


def has_inline_successor(heading: Heading, line: str) -> bool:
    """True when a line that opens with item 一是 also holds 二是: it is a list, not a heading."""
    return bool(inline_marker(heading.style, heading.value + 1).search(line, heading.body_offset))
