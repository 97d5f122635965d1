"""Tidy a report's text once, before parsing: line endings, invisible characters, full-width digits,
half-width Chinese punctuation, stray spaces (such as those PDF extraction puts around digits)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

_CJK = re.compile(r"[\u3400-\u9fff]")


def _replacer(table: Mapping[int, int | None]) -> Callable[[str], str]:
    """str.translate(table) for a few rare characters: a regex that finds them is ten times faster on
    long Chinese text, where str.translate looks every character up."""
    pattern = re.compile("[" + "".join(re.escape(chr(code)) for code in table) + "]")
    replacement = {chr(code): chr(new) if new is not None else "" for code, new in table.items()}
    return lambda text: pattern.sub(lambda match: replacement[match.group()], text)


_INVISIBLE = dict.fromkeys(map(ord, "\x00\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0x3000: ord(" "),
    0x00A0: ord(" "),
    0xFF0E: ord("."),
}
_drop_invisible, _halfwidth_alnum = _replacer(_INVISIBLE), _replacer(_FULLWIDTH_ALNUM)
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJKP = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJKP}]) +| +(?=[{_CJKP}])")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{_CJKP}\w])([,;:?!])(?=[{_CJKP}])|(?<=[{_CJKP}])([,;:?!])")
_PARENS = re.compile(r"\(([^()\n]{0,60})\)")


def normalise(text: str) -> str:
    """Line endings, invisible characters, full-width digits, half-width Chinese punctuation, stray spaces.

    '一、存在的问题:\\r\\n(一)学习不够 深入,' -> '一、存在的问题：\\n（一）学习不够深入，'
    """
    text = _drop_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _halfwidth_alnum(_CONTROL_CHARS.sub("", text).replace("\t", " "))
    lines = (_normalise_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _normalise_line(line: str) -> str:
    line = re.sub(" {2,}", " ", line.strip())
    line = _SPACE_NEAR_CJK.sub("", line)
    line = _HALF_PUNCT_NEAR_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], line)
    return _PARENS.sub(_full_width_parens, line)


def _full_width_parens(match: re.Match) -> str:
    inner = match.group(1)
    before = match.string[match.start() - 1 : match.start()]
    after = match.string[match.end() : match.end() + 1]
    near_cjk = any(_CJK.match(ch) for ch in (before, after) if ch) or match.start() == 0
    if _CJK.search(inner) or near_cjk:
        return f"（{inner}）"
    return match.group(0)
