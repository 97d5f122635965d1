"""A file's bytes -> text, whatever the container: plain text in any common Chinese encoding, or .docx.

Word files keep one paragraph per line, as the parser expects.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from .decode import MAX_BYTES, DecodedText, UnreadableDocument, check_size, checked_text, decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES


def read_document(data: bytes, *, filename: str = "", max_bytes: int | None = None) -> DecodedText:
    """Raises UnreadableDocument with a Chinese message for anything that is not a readable report."""
    limit = max_bytes or MAX_BYTES
    suffix = PurePath(filename).suffix.lower()
    check_size(data, max_bytes=limit)
    if suffix == ".doc":
        raise UnreadableDocument("旧版 Word（.doc）文件无法读取，请在 Word 中另存为 .docx 后再上传")
    if suffix in DOCX_SUFFIXES or _is_word_package(data):
        return read_docx(data)
    if data.startswith(b"PK"):
        raise UnreadableDocument("这是 zip 压缩文件，不是文本文件：请解压后上传其中的报告")
    return decode_bytes(data, max_bytes=limit)


def _is_word_package(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def read_docx(data: bytes) -> DecodedText:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableDocument("无法打开这个 Word（.docx）文件：文件已损坏，或并非 Word 文档") from error
    except Exception as error:  # python-docx raises assorted errors for malformed packages
        raise UnreadableDocument(f"无法读取这个 Word（.docx）文件：{type(error).__name__}") from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("，".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return DecodedText(text=checked_text("\n".join(lines)), encoding="DOCX")
