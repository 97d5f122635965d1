"""The report parser: pure Python, no Django. Django code calls it; it never calls Django."""

from .decode import MAX_BYTES, DecodedText, UnreadableDocument, decode_bytes, normalise
from .report import parse_report
from .themes import DEFAULT_THEMES, tag_themes
from .types import Metadata, ParsedItem, ParsedReport, ParsedSection, Period, ReportKind, SectionKind

__all__ = [
    "DEFAULT_THEMES",
    "MAX_BYTES",
    "DecodedText",
    "Metadata",
    "ParsedItem",
    "ParsedReport",
    "ParsedSection",
    "Period",
    "ReportKind",
    "SectionKind",
    "UnreadableDocument",
    "decode_bytes",
    "normalise",
    "parse_report",
    "tag_themes",
]
