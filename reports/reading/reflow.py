"""Printed lines -> paragraphs: what a PDF's text layer or OCR gives back is one line per printed line,
cut at the page width, with page numbers and running headers between pages.

A line continues the paragraph above when that line reached the right margin and this one is neither
indented nor a numbered heading; page numbers ('- 3 -', '第3页 共9页') and lines repeated at the top or
bottom of most pages are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# The numbering that opens a heading or an item: such a line starts a paragraph wherever it stands.
_OPENS_PARAGRAPH = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}是"
    r"|第[一二三四五六七八九十]{1,3}(?:部分|篇|章)|\d{1,2}[、．.](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－―·•]*(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|\d{1,4}(?:\s*[/／]\s*\d{1,4})?"
    r"|[-—–－]\s*\d{1,4}\s*[-—–－])[\s\-—–－―·•]*$"
)
_SENTENCE_END = ("。", "！", "？", "：", "…")
_OPENING = ("“", "‘", "《", "「", "『")
_MARGIN_LINES = 2  # lines at the top and at the bottom of a page that may be a running header or footer


@dataclass(frozen=True)
class Line:
    """One printed line and where it stands across the page, as fractions of the page width
    (None where the source gives no geometry)."""

    text: str
    left: float | None = None
    right: float | None = None


def reflow(pages: list[list[Line]]) -> str:
    """Pages of printed lines -> text with one paragraph a line."""
    pages = _without_page_furniture(pages)
    paragraphs: list[str] = []
    continues = False
    for lines in pages:
        margin_left, margin_right, char_width = _margins(lines)
        for line in lines:
            text = line.text.strip()
            if not text:
                continues = False
                continue
            indented = line.left is not None and line.left - margin_left > 0.8 * char_width
            # Line-breaking rules carry an opening quote to the next line; its glyph's box starts late,
            # so such a line looks indented: after an unfinished sentence it still continues.
            carried = text.startswith(_OPENING) and bool(paragraphs) and not paragraphs[-1].endswith(_SENTENCE_END)
            if paragraphs and not _OPENS_PARAGRAPH.match(text) and ((continues and not indented) or carried):
                paragraphs[-1] = _join(paragraphs[-1], text)
            else:
                paragraphs.append(text)
            continues = _reaches_margin(line, text, margin_right, char_width)
    return "\n".join(paragraphs)


def _margins(lines: list[Line]) -> tuple[float, float, float]:
    """The page's usual left edge, its rightmost text edge, and roughly one character's width."""
    placed = [
        (line.left, line.right, line.text.strip())
        for line in lines
        if line.left is not None and line.right is not None and line.text.strip()
    ]
    if not placed:
        return 0.0, 0.0, 0.0
    lefts = Counter(round(left, 2) for left, _, _ in placed)
    margin_left = min(value for value, count in lefts.items() if count >= max(1, lefts.most_common(1)[0][1] // 3))
    margin_right = max(right for _, right, _ in placed)
    widths = sorted((right - left) / max(_width(text), 1) for left, right, text in placed)
    return margin_left, margin_right, widths[len(widths) // 2]


def _reaches_margin(line: Line, text: str, margin_right: float, char_width: float) -> bool:
    """Whether the line was cut by the page width rather than ended by its writer. Line-breaking rules
    move an opening quote or a whole word to the next line, so a cut line may stop up to three
    characters short; one that stops short after a full stop more likely ended its paragraph."""
    ends_sentence = text.endswith(_SENTENCE_END)
    if line.right is not None and char_width:
        gap = (margin_right - line.right) / char_width
        return gap < (2.0 if ends_sentence else 3.2)
    return not ends_sentence  # no geometry: a line ends its paragraph at a full stop


def _width(text: str) -> float:
    """Printed width in Chinese characters: Latin letters and digits are about half as wide."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


def _join(before: str, after: str) -> str:
    if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() and after[:1].isalnum():
        return f"{before} {after}"
    return before + after


def _without_page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers and the running headers and footers that stand at the same place on most pages."""
    repeated = _running_lines(pages)
    kept = []
    for lines in pages:
        last = len(lines) - 1
        kept.append(
            [
                line
                for index, line in enumerate(lines)
                if not (
                    (index < _MARGIN_LINES or index > last - _MARGIN_LINES)
                    and (_PAGE_NUMBER.match(line.text) or _shape(line.text) in repeated)
                )
            ]
        )
    return kept


def _running_lines(pages: list[list[Line]]) -> set[str]:
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        margins = lines[:_MARGIN_LINES] + lines[-_MARGIN_LINES:]
        seen.update({_shape(line.text) for line in margins if line.text.strip()})
    return {shape for shape, count in seen.items() if count >= max(3, len(pages) // 2)}


def _shape(text: str) -> str:
    """A running header with its page number taken out: '某镇工作总结 3' and '… 4' are one shape."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))
