"""Offsets into the parsed (normalised) text -> offsets into the text as read. The parser tidies a text once
(normalise, break_run_together): it drops characters (invisible ones, stray spaces, carriage returns, extra
blank lines), swaps some one for one (全角 digits, half-width Chinese punctuation, parentheses), and inserts line
breaks before headings run into a paragraph. So the parsed text is, character for character, the text as read
with deletions, swaps and inserted breaks; walking both at once finds where each parsed character came from.
A tool that holds the file's own text (copycheck --json, parse_report --json's figures) can then mark it."""

from __future__ import annotations

# Pairs the normaliser swaps one for the other, folded to one form for the comparison.
_SWAPS = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(ord("0") + i) for i in range(10)},
        **{chr(0xFF21 + i): chr(ord("A") + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(ord("a") + i) for i in range(26)},
        "，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")", "．": ".",
        "\u3000": " ", "\u00a0": " ", "\t": " ", "\r": "\n",
    }
)  # fmt: skip


def read_offsets(read: str, parsed: str) -> list[int]:
    """For each offset 0..len(parsed) of the parsed text, the offset of the same place in the text as read. A
    character the parser inserted (a line break) maps to where the next read character stands."""
    folded_read, folded_parsed = read.translate(_SWAPS), parsed.translate(_SWAPS)
    mapping, at = [], 0
    for char in folded_parsed:
        found = _next(folded_read, char, at)
        if found is None:  # inserted by the parser: a break before a heading run into its paragraph
            mapping.append(at)
            continue
        mapping.append(found)
        at = found + 1
    mapping.append(len(read) if not parsed else min(len(read), at))
    return mapping


def read_span(at: list[int], start: int, end: int) -> tuple[int, int]:
    """A stretch of the parsed text [start, end) -> the same stretch of the text as read: from its first
    character to just after its last (not to the next one, past a dropped character between)."""
    return (at[start], at[end - 1] + 1) if end > start else (at[start], at[start])


def _next(read: str, char: str, at: int, reach: int = 64) -> int | None:
    """Where `char` stands next in the read text from `at`, past only characters the parser drops (spaces,
    line ends, invisible and control characters), a few at most; None when the parser inserted it."""
    found = read.find(char, at, at + reach)
    if found < 0 or not all(_dropped(c) for c in read[at:found]):
        return None
    return found


def _dropped(char: str) -> bool:
    return char in " \n\x7f\ufeff\u200b\u200c\u200d\u2060\u00ad" or ord(char) < 32
