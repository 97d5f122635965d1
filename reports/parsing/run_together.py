"""Text that lost its line breaks (copied from a web page, or a PDF without them) -> one heading a line.

'XX镇2022年工作总结一、基本情况（一）党建工作。…（二）…。二、存在的问题一是…' ->
'XX镇2022年工作总结\\n一、基本情况\\n（一）党建工作。…\\n（二）…\\n二、存在的问题\\n一是…'

Only for a text in which no line after the first starts with a numbered heading: a well-formed report
is left as it is. A marker becomes a line break only in sequence (一、 then 二、; （一） again from the
start under each part) and only after a full stop, after the title, or right after a heading's words.
"""

from __future__ import annotations

import re

from .headings import NUMERALS, RULES, cn_to_int, match_heading
from .types import HeadingStyle

# The three levels a run-together report is cut at, as headings.STYLES writes them; a part's 一、 must
# not be the start of a list such as '一、二是' or '一、二、三'.
_TOP = re.compile(RULES[HeadingStyle.CHINESE].anywhere().pattern + f"(?!{NUMERALS['chinese']}[、是])")
_SUB = RULES[HeadingStyle.CHINESE_PAREN].anywhere()
_SHI = RULES[HeadingStyle.CHINESE_SHI].anywhere()
_FIRST_ITEM = re.compile(r"一是|[（(]1[）)]|1[、.．](?!\d)|①")
_AFTER_SENTENCE = "。！？；：”"
_TITLE = re.compile(
    r"^[^，。；：！？\n]{2,60}?(?:工作总结|工作报告|述职述廉报告|述职报告|工作汇报|情况汇报|情况报告|工作要点|总结|报告|汇报)"
    r"(?=[^，。；：！？”」）)])"
)
# Words that end a part's heading ('存在的问题', '下半年工作安排'), the longest first.
_HEADING_END = re.compile(
    r"工作总结|工作情况|工作安排|工作打算|工作计划|工作谋划|存在的问题|问题和不足|差距与不足|不足与差距|改进措施"
    r"|工作思路|重点工作|主要工作|情况|状况|成效|成绩|回顾|安排|打算|计划|谋划|思路|措施|问题|不足|差距|短板"
)
_HEADING_WORDS = 40  # a heading's own words before its first sub-heading or item


def break_run_together(text: str) -> str:
    """The text with a line break before each heading found inside running text (see module doc)."""
    lines = text.split("\n")
    if any(match_heading(line) for line in lines[1:]) or not _TOP.search(text):
        return text
    cuts: set[int] = set()
    title = _TITLE.match(text)
    if title:
        cuts.add(title.end())
    for top, top_end in _spans(_in_sequence(_TOP, text, 0, len(text), cuts), len(text)):
        subs = _in_sequence(_SUB, text, top, top_end, cuts)
        for start, end in _spans(subs, top_end) if subs else [(top, top_end)]:
            _in_sequence(_SHI, text, start, end, cuts)
    for cut in sorted(cuts):
        _cut_heading_words(text, cut, cuts)
    return _apply(text, cuts)


def _spans(starts: list[int], end: int) -> list[tuple[int, int]]:
    """[3, 9], 20 -> [(3, 9), (9, 20)]: each marker's stretch of text, up to the next one."""
    return list(zip(starts, [*starts[1:], end][: len(starts)], strict=True))


def _in_sequence(pattern: re.Pattern, text: str, start: int, end: int, cuts: set[int]) -> list[int]:
    """Positions of markers 1, 2, 3 … of one style between start and end, each where a heading may stand."""
    found, expected = [], 1
    for match in pattern.finditer(text, start, end):
        if cn_to_int(match.group(1)) != expected or not _may_start_heading(text, match.start(), cuts):
            continue
        found.append(match.start())
        cuts.add(match.start())
        expected += 1
    return found


def _may_start_heading(text: str, at: int, cuts: set[int]) -> bool:
    if at == 0 or text[at - 1] in _AFTER_SENTENCE or text[at - 1] == "\n":
        return True
    # Right after a heading's words: '一、基本情况（一）…'
    return any(0 <= at - cut <= _HEADING_WORDS and not re.search(r"[。；！？]", text[cut:at]) for cut in cuts)


def _cut_heading_words(text: str, cut: int, cuts: set[int]) -> None:
    """Where a part's heading runs into its text with no stop between, end the heading after its words:
    '二、存在的问题一是…' before 一是, '三、下阶段重点工作下一阶段工作中，…' after 工作."""
    window = text[cut : cut + _HEADING_WORDS + 10]
    heading = match_heading(window)
    if heading is None or heading.style is HeadingStyle.CHINESE_SHI:
        return
    offset = heading.marker_end
    stop = re.search(r"[。；，！？：]", window)
    words = window[offset : stop.start() if stop else len(window)]
    item = _FIRST_ITEM.search(words)
    if item and item.start() > 0:
        cuts.add(cut + offset + item.start())
    else:
        ends = (end.end() for end in _HEADING_END.finditer(words, 2) if _begins_text(words[end.end() :]))
        if (end := next(ends, None)) is not None:
            cuts.add(cut + offset + end)


def _begins_text(rest: str) -> bool:
    """'一年来' after '存在问题' begins the part's text; '及原因分析' after '问题' is still the heading."""
    return len(rest) >= 3 and not re.match(r"[及和与、的等之方]|分析|原因|情况|清单", rest)


def _apply(text: str, cuts: set[int]) -> str:
    pieces, last = [], 0
    for cut in sorted(cuts):
        if 0 < cut < len(text) and text[cut - 1] != "\n":
            pieces.append(text[last:cut])
            last = cut
    pieces.append(text[last:])
    return "\n".join(piece.strip(" ") for piece in pieces)
