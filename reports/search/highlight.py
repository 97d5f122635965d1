"""Snippets cut from the original text, escaped first, then the hits wrapped in <mark>."""

from __future__ import annotations

import re
from html import escape

SNIPPET_CHARS = 160
LEAD_CHARS = 40


def find_hits(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of every term in the text, Latin letters case-insensitive."""
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True)), re.I)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def mark(text: str, hits: list[tuple[int, int]]) -> str:
    """Escape each piece of text, then wrap the hits: '<b>党建</b>' never becomes markup."""
    pieces, last = [], 0
    for start, end in hits:
        pieces.append(escape(text[last:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def snippet(text: str, terms: list[str], *, length: int = SNIPPET_CHARS) -> str:
    """A window of the text around its first hit, as safe HTML with the hits marked."""
    hits = find_hits(text, terms)
    start = max(0, hits[0][0] - LEAD_CHARS) if hits else 0
    end = min(len(text), start + length)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in hits if s < end and e > start]
    body = mark(text[start:end], window)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def highlight_all(text: str, terms: list[str]) -> str:
    return mark(text, find_hits(text, terms))
