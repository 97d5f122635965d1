"""The report parser: pure Python, no Django. Django code calls it; it never calls Django."""

from .normalise import normalise
from .report import parse_report, unsettled_warnings, warning_field
from .themes import DEFAULT_THEMES, tag_themes
from .types import Metadata, ParsedItem, ParsedReport, ParsedSection, Period, ReportKind, SectionKind

__all__ = [
    "DEFAULT_THEMES",
    "Metadata",
    "ParsedItem",
    "ParsedReport",
    "ParsedSection",
    "Period",
    "ReportKind",
    "SectionKind",
    "normalise",
    "parse_report",
    "tag_themes",
    "unsettled_warnings",
    "warning_field",
]
