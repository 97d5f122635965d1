"""Which reader a file gets: by its content (magic bytes) first, its name second; and the limits every
file passes before any reader sees it.

A '.doc' that holds HTML or RTF (office systems export such files) is read as what it holds; a PNG
named '.txt' is read as an image.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePath

from . import ocr, pdf, text, web, word
from .errors import UnreadableDocument, too_big
from .limits import DEFAULT_LIMITS, Limits
from .ocr import Progress
from .packages import open_zip
from .types import Format, ReadDocument

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM", b"GIF87a", b"GIF89a")
_REFUSED = [
    (b"Rar!", "这是 RAR 压缩包，暂不支持：请改用 zip 压缩，或解压后上传其中的报告"),
    (b"7z\xbc\xaf\x27\x1c", "这是 7z 压缩包，暂不支持：请改用 zip 压缩，或解压后上传其中的报告"),
    (b"\x1f\x8b", "这是 gzip 压缩文件，暂不支持：请解压后上传其中的报告"),
    (b"\x7fELF", "这是可执行程序，不是工作报告"),
    (b"MZ", "这是 Windows 程序，不是工作报告"),
]
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL
)
_MIME_START = re.compile(rb"^\s*(mime-version|from|subject|date|content-type)\s*:", re.IGNORECASE)
_SUFFIXES: dict[str, Format] = {
    ".txt": Format.TEXT, ".text": Format.TEXT, ".docx": Format.DOCX, ".doc": Format.DOC, ".wps": Format.WPS,
    ".rtf": Format.RTF, ".odt": Format.ODT, ".pdf": Format.PDF, ".html": Format.HTML, ".htm": Format.HTML,
    ".shtml": Format.HTML, ".mht": Format.MHT, ".mhtml": Format.MHT, ".zip": Format.ZIP,
    ".jpg": Format.IMAGE, ".jpeg": Format.IMAGE, ".png": Format.IMAGE, ".tif": Format.IMAGE,
    ".tiff": Format.IMAGE, ".bmp": Format.IMAGE,
}  # fmt: skip
SUPPORTED_SUFFIXES = frozenset(_SUFFIXES)
# What a file picker offers, for the upload form.
ACCEPT = ",".join(sorted(SUPPORTED_SUFFIXES))


def sniff(data: bytes, filename: str = "", limits: Limits = DEFAULT_LIMITS) -> Format:
    """'%PDF-1.7…' -> Format.PDF whatever the name; the name decides only where the content cannot."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    suffix = _SUFFIXES.get(PurePath(filename).suffix.lower())
    for magic, message in _REFUSED:
        if data.startswith(magic):
            raise UnreadableDocument(message)
    # A zip first, by its structure (a local header at 0, then its directory): a zip of PDFs stored uncompressed
    # has '%PDF-' in its first kilobyte, and read as a PDF it would silently become its last member.
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, f"{suffix.label}文件" if suffix else Format.ZIP.label, limits)
    if b"%PDF-" in data[:1024]:
        return Format.PDF
    if data.startswith(_OLE):
        return Format.WPS if suffix is Format.WPS else Format.DOC
    if head.startswith(b"{\\rtf"):
        return Format.RTF
    if data.startswith(_IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return Format.IMAGE
    if _MIME_START.match(head) and b"multipart/related" in data[:8192].lower():
        return Format.MHT
    if _HTML_START.match(head):
        return Format.HTML
    if suffix in (Format.HTML, Format.MHT) and b"<" in head:
        return suffix
    return Format.TEXT


def _zip_kind(data: bytes, what: str, limits: Limits) -> Format:
    with open_zip(data, what, limits) as package:
        names = set(package.namelist())
    if "word/document.xml" in names:
        return Format.DOCX
    if "content.xml" in names and "mimetype" in names:
        return Format.ODT
    if any(name.startswith("xl/") for name in names):
        raise UnreadableDocument("这是 Excel 表格（.xlsx），不是工作报告；请把报告另存为 Word 或文本文件")
    if any(name.startswith("ppt/") for name in names):
        raise UnreadableDocument("这是 PowerPoint 演示文稿（.pptx），不是工作报告")
    return Format.ZIP


def check_size(data: bytes, limits: Limits, kind: Format | None = None) -> None:
    """Refuse an empty file, and one bigger than its kind may be (`kind` None: than any file may be)."""
    if not data:
        raise UnreadableDocument("文件为空（0 字节）")
    what = "压缩包" if kind is Format.ZIP else "扫描件或图片" if kind in _SCANS else "单个报告"
    limit = {
        "压缩包": limits.max_archive_bytes,
        "扫描件或图片": limits.max_scan_bytes,
        "单个报告": limits.max_file_bytes if kind else limits.largest_file_bytes,
    }[what]
    if len(data) > limit:
        raise UnreadableDocument(too_big(len(data), limit, what))


_SCANS = (Format.PDF, Format.IMAGE)  # kinds a scanner or a camera makes: bigger files, bounded by pages and pixels


def suffix_format(name: str) -> Format | None:
    """'第一章.PDF' -> Format.PDF: the kind a name says, before the content is seen."""
    return _SUFFIXES.get(PurePath(name).suffix.lower())


def limit_by_name(name: str, limits: Limits) -> int:
    """What a file so named may be, before its content is read (a zip's member): a scan's or another's."""
    return limits.file_bytes(scan=suffix_format(name) in _SCANS)


Reader = Callable[[bytes, Limits], ReadDocument]
_READERS: dict[Format, Reader] = {
    Format.TEXT: text.read_text,
    Format.DOCX: word.read_docx,
    Format.DOC: word.read_word97,
    Format.WPS: lambda data, limits: word.read_word97(data, limits, wps=True),
    Format.RTF: word.read_rtf,
    Format.ODT: word.read_odt,
    Format.HTML: web.read_html,
    Format.MHT: web.read_mht,
}


def needs_ocr(data: bytes, filename: str = "", limits: Limits = DEFAULT_LIMITS) -> bool:
    """Whether reading the file means recognising images (seconds a page) rather than reading text: an image,
    or a PDF whose first pages have no text layer. A file that cannot be sniffed is read, to be refused."""
    try:
        kind = sniff(data, filename, limits)
    except UnreadableDocument:
        return False
    if kind is Format.IMAGE:
        return ocr.available()
    return kind is Format.PDF and ocr.available() and not pdf.has_text_layer(data)


def read_document(data: bytes, *, filename: str = "", limits: Limits, progress: Progress | None = None) -> ReadDocument:
    """A file's bytes -> its text. Raises UnreadableDocument, with the reason in Chinese, for anything that
    is not a readable report (a zip included: its members are read one by one, see archive.members)."""
    check_size(data, limits)
    kind = sniff(data, filename, limits)
    check_size(data, limits, kind)
    if kind is Format.ZIP:
        raise UnreadableDocument("这是 zip 压缩包，其中的文件需逐个读取（压缩包中不能再套压缩包）")
    if kind is Format.PDF:
        return pdf.read_pdf(data, limits, progress=progress)
    if kind is Format.IMAGE:
        return ocr.read_image(data, limits, progress=progress)
    return _READERS[kind](data, limits)
