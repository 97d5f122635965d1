"""The reading layer: a file's bytes -> plain text with paragraph breaks. Pure Python, no Django; the
parser (reports.parsing) does the rest. One module per format family, one registry that picks the reader."""

from .archive import Member, members
from .errors import UnreadableDocument
from .limits import DEFAULT_LIMITS, Limits
from .pictures import page_count, page_picture
from .registry import ACCEPT, SUPPORTED_SUFFIXES, check_size, needs_ocr, read_document, sniff
from .types import Format, PageMethod, PageReading, ReadDocument

__all__ = [
    "ACCEPT",
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "Format",
    "Limits",
    "Member",
    "PageMethod",
    "PageReading",
    "ReadDocument",
    "UnreadableDocument",
    "check_size",
    "members",
    "needs_ocr",
    "page_count",
    "page_picture",
    "read_document",
    "sniff",
]
