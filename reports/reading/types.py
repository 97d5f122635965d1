"""What a reader returns: the text with paragraph breaks, what the file was, and what to check."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Format(StrEnum):
    """A file's format family, told by its content; the label is what the archive shows."""

    TEXT = "text"
    DOCX = "docx"
    DOC = "doc"
    WPS = "wps"
    RTF = "rtf"
    ODT = "odt"
    PDF = "pdf"
    IMAGE = "image"
    HTML = "html"
    MHT = "mht"
    ZIP = "zip"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Format.TEXT: "纯文本",
    Format.DOCX: "Word（.docx）",
    Format.DOC: "Word 97-2003（.doc）",
    Format.WPS: "WPS 文字（.wps）",
    Format.RTF: "RTF",
    Format.ODT: "OpenDocument（.odt）",
    Format.PDF: "PDF",
    Format.IMAGE: "图片",
    Format.HTML: "网页",
    Format.MHT: "单文件网页（.mht）",
    Format.ZIP: "zip 压缩包",
}


class PageMethod(StrEnum):
    TEXT_LAYER = "text"  # the PDF's own text
    OCR = "ocr"  # recognised from the page image


@dataclass(frozen=True)
class PageReading:
    """One page of a PDF or one image: how its text was had and, for OCR, how sure the recogniser was."""

    number: int
    method: PageMethod
    characters: int
    confidence: float | None = None  # mean OCR score 0..1; None for a text layer
    doubtful_lines: tuple[str, ...] = ()  # OCR lines scored low (their text): marked in the preview

    @property
    def doubtful(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


LOW_CONFIDENCE = 0.85  # an OCR page below this mean score is flagged for checking in the preview


@dataclass(frozen=True)
class ReadDocument:
    """A file read: plain text, one paragraph a line, not yet normalised (the parser does that once)."""

    text: str
    format: Format
    encoding: str = ""  # the character encoding, where the file had one (text, web pages)
    pages: tuple[PageReading, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def description(self) -> str:
        """'GBK' for text, 'PDF（扫描件，OCR 12 页）' for a scan: what the archive records as the source's form."""
        if self.format is Format.TEXT:
            return self.encoding
        ocr = sum(1 for page in self.pages if page.method is PageMethod.OCR)
        if ocr:
            return f"{self.format.label}（OCR {ocr}/{len(self.pages)} 页）"
        return self.format.label + (f"，{self.encoding}" if self.encoding and self.format is Format.HTML else "")
