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
_CJKP = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Patterns that start with the character they are about: the regex engine skips to it, where a
# lookbehind at the start would be tried at every position of the text (five times slower).
_SPACE_RUN = re.compile(" +")
_HALF_PUNCT = re.compile("[,;:?!]")
_PARENS = re.compile(r"\(([^()\n]{0,60})\)")
_EMPTY_LINES = re.compile("\n{2,}")
# '2 0 2 1 年' (letter-spaced in a title) -> '2021年'
_LETTER_SPACED_YEAR = re.compile(r"([12]) ?([09]) ?(\d) ?(\d) ?年")


def normalise(text: str) -> str:
    """Line endings, invisible characters, full-width digits, half-width Chinese punctuation, stray spaces.

    '一、存在的问题:\\r\\n(一)学习不够 深入,' -> '一、存在的问题：\\n（一）学习不够深入，'
    Each step runs over the whole text at once (none crosses a line), which is several times faster
    than line by line on a long report.
    """
    text = _drop_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _halfwidth_alnum(_CONTROL_CHARS.sub("", text).replace("\t", " "))
    if " " in text:
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
        text = _LETTER_SPACED_YEAR.sub(_joined_year, text)
        text = _SPACE_RUN.sub(_space, text)
    text = _HALF_PUNCT.sub(_full_width_punct, text)
    text = _PARENS.sub(_full_width_parens, text)
    return _EMPTY_LINES.sub("\n", text).strip("\n")


def _neighbours(match: re.Match) -> tuple[str, str]:
    text = match.string
    return text[match.start() - 1 : match.start()] if match.start() else "", text[match.end() : match.end() + 1]


def _near_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJKP.match(ch))


def _joined_year(match: re.Match) -> str:
    before, _ = _neighbours(match)
    return match.group() if before.isdigit() else "".join(match.group(1, 2, 3, 4)) + "年"


def _space(match: re.Match) -> str:
    """A run of spaces beside Chinese goes; between Latin words or figures it becomes one space."""
    before, after = _neighbours(match)
    return "" if _near_cjk(before) or _near_cjk(after) else " "


def _full_width_punct(match: re.Match) -> str:
    """',' between Chinese (or after a figure, before Chinese) is '，'; '3,000' stays."""
    before, after = _neighbours(match)
    if _near_cjk(before) or ((before.isalnum() or before == "_") and _near_cjk(after)):
        return _HALF_TO_FULL[match.group()]
    return match.group()


def _full_width_parens(match: re.Match) -> str:
    inner = match.group(1)
    before = match.string[match.start() - 1 : match.start()] if match.start() else ""
    after = match.string[match.end() : match.end() + 1]
    near_cjk = any(_CJK.match(ch) for ch in (before, after) if ch) or before in ("", "\n")
    if _CJK.search(inner) or near_cjk:
        return f"（{inner}）"
    return match.group(0)
