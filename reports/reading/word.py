"""Word-processor files -> text, one paragraph a line: .docx and .odt (zipped XML, streamed), Word 97-2003
and WPS 文字 (.doc/.wps, the [MS-DOC] binary format over olefile), and RTF (striprtf).

No library reads .doc text within bounds on PyPI today (extractous, the one candidate measured, is a
140 MB native build last released in 2024 and took 0.3 s a file), so the piece table of [MS-DOC]
2.4.1 is read here: the FIB points at the Clx, whose PlcPcd says where each run of text lies.
"""

from __future__ import annotations

import re
import struct
from xml.etree.ElementTree import Element

import olefile
from striprtf.striprtf import rtf_to_text

from .errors import UnreadableDocument, too_long
from .limits import Limits
from .packages import Budget, open_member, open_zip, xml_paragraphs
from .text import checked_text
from .types import Format, ReadDocument

# --- .docx -------------------------------------------------------------------------------------

_W = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_W_TAGS = {f"{{{ns}}}{name}": name for ns in _W for name in ("p", "t", "tab", "br", "cr")}


def read_docx(data: bytes, limits: Limits) -> ReadDocument:
    package = open_zip(data, "Word（.docx）文件", limits)
    with package, open_member(package, "word/document.xml", Budget(limits)) as stream:
        paragraphs = xml_paragraphs(stream, lambda tag: _W_TAGS.get(tag) == "p", _docx_paragraph, limits)
        text = "\n".join(paragraphs)
    return ReadDocument(text=checked_text(text, limits), format=Format.DOCX)


def _docx_paragraph(paragraph: Element) -> str:
    """The runs' text (w:t), tabs as spaces, breaks as new lines; deleted text and field codes left out."""
    parts = []
    for element in paragraph.iter():
        name = _W_TAGS.get(element.tag)
        if name == "t":
            parts.append(element.text or "")
        elif name == "tab":
            parts.append(" ")
        elif name in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


# --- .odt --------------------------------------------------------------------------------------

_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODT_PARAGRAPHS = {_TEXT_NS + "p", _TEXT_NS + "h"}
_ODT_SKIPPED = {_TEXT_NS + "note", "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}annotation"}


def read_odt(data: bytes, limits: Limits) -> ReadDocument:
    package = open_zip(data, "OpenDocument（.odt）文件", limits)
    with package, open_member(package, "content.xml", Budget(limits)) as stream:
        text = "\n".join(xml_paragraphs(stream, _ODT_PARAGRAPHS.__contains__, _odt_text, limits))
    return ReadDocument(text=checked_text(text, limits), format=Format.ODT)


def _odt_text(element: Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT_NS + "s":
            parts.append(" " * int(child.get(_TEXT_NS + "c", "1")[:3] or 1))
        elif child.tag == _TEXT_NS + "tab":
            parts.append(" ")
        elif child.tag == _TEXT_NS + "line-break":
            parts.append("\n")
        elif child.tag not in _ODT_SKIPPED:
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- .doc and .wps: [MS-DOC] over olefile --------------------------------------------------------

_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_DOC_CONTROL = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x07": "\n", "\x1e": "-", "\x1f": ""})
_OBJECTS = re.compile(r"[\x00-\x06\x08\x0e-\x12\x16-\x1d]")


def read_word97(data: bytes, limits: Limits, *, wps: bool = False) -> ReadDocument:
    """Word 97-2003 binary (.doc) or WPS 文字 (.wps, the same format): the main document's text."""
    what = "WPS 文字（.wps）文件" if wps else "Word（.doc）文件"
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error, IndexError) as error:
        raise UnreadableDocument(f"无法打开这个{what}：文件已损坏") from error
    with ole:
        if ole.exists("EncryptedPackage"):
            raise UnreadableDocument("Word 文件已加密（设有打开密码），请去掉密码后再上传")
        if not ole.exists("WordDocument"):
            raise UnreadableDocument(_not_a_word_file(ole))
        text = _word97_text(ole, what, limits)
    return ReadDocument(text=checked_text(text, limits), format=Format.WPS if wps else Format.DOC)


def _not_a_word_file(ole: olefile.OleFileIO) -> str:
    if ole.exists("Workbook") or ole.exists("Book"):
        return "这是 Excel 表格（.xls），不是工作报告；请把报告另存为 Word 或文本文件"
    if ole.exists("PowerPoint Document"):
        return "这是 PowerPoint 演示文稿（.ppt），不是工作报告"
    return "无法识别这个 Office 文件：其中没有 Word 文档内容（可能是更早版本的 WPS 文件，请在 WPS 中另存为 .docx）"


def _word97_text(ole: olefile.OleFileIO, what: str, limits: Limits) -> str:
    try:
        document = ole.openstream("WordDocument").read()
        flags = struct.unpack_from("<H", document, 0x0A)[0]
        if flags & 0x0100:  # fEncrypted
            raise UnreadableDocument(f"{what}已加密（设有打开密码），请去掉密码后再上传")
        table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
        ccp_text = _fib_long(document, 3)
        fc_clx, lcb_clx = _fib_pair(document, 33)
        pieces = _pieces(table[fc_clx : fc_clx + lcb_clx])
    except (OSError, struct.error, IndexError, ValueError) as error:
        raise UnreadableDocument(f"无法读取这个{what}：文件结构已损坏") from error
    parts, length = [], 0
    for cp_start, cp_end, fc, compressed in pieces:
        if cp_start >= ccp_text:
            break
        count = min(cp_end, ccp_text) - cp_start
        length += count
        if length > limits.max_characters:
            raise UnreadableDocument(too_long(limits.max_characters))
        if compressed:  # 8-bit text at fc / 2 ([MS-DOC] 2.9.73 FcCompressed)
            raw = document[fc // 2 : fc // 2 + count]
            parts.append(raw.decode("cp1252", errors="replace"))
        else:
            parts.append(document[fc : fc + 2 * count].decode("utf-16-le", errors="replace"))
    return _without_field_codes("".join(parts)).translate(_DOC_CONTROL)


def _fib_long(document: bytes, index: int) -> int:
    """FibRgLw97's index-th 32-bit value (3 is ccpText), found past FibBase and FibRgW97."""
    csw = struct.unpack_from("<H", document, 32)[0]
    return struct.unpack_from("<i", document, 32 + 2 + csw * 2 + 2 + index * 4)[0]


def _fib_pair(document: bytes, index: int) -> tuple[int, int]:
    """FibRgFcLcb97's index-th (fc, lcb) pair (33 is the Clx)."""
    csw = struct.unpack_from("<H", document, 32)[0]
    at = 32 + 2 + csw * 2
    cslw = struct.unpack_from("<H", document, at)[0]
    at += 2 + cslw * 4 + 2
    return struct.unpack_from("<II", document, at + index * 8)


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """The Clx's PlcPcd -> (first cp, end cp, fc, 8-bit?) for each piece of text, in order."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: formatting, skipped
        at += 3 + struct.unpack_from("<h", clx, at + 1)[0]
    if at >= len(clx) or clx[at] != 0x02:
        raise ValueError("no Pcdt in the Clx")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5 : at + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for n in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * n + 2)[0]
        pieces.append((cps[n], cps[n + 1], fc & 0x3FFFFFFF, bool(fc & 0x40000000)))
    return pieces


def _without_field_codes(text: str) -> str:
    """A field is BEGIN code SEPARATOR result END (nestable): keep the result, drop the code."""
    if _FIELD_BEGIN not in text:
        return _OBJECTS.sub("", text)
    out, depth_in_code = [], []
    for char in text:
        if char == _FIELD_BEGIN:
            depth_in_code.append(True)
        elif char == _FIELD_SEPARATOR and depth_in_code:
            depth_in_code[-1] = False
        elif char == _FIELD_END and depth_in_code:
            depth_in_code.pop()
        elif not any(depth_in_code):
            out.append(char)
    return _OBJECTS.sub("", "".join(out))


# --- .rtf --------------------------------------------------------------------------------------

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_CODECS = {936: "gb18030", 950: "big5", 65001: "utf-8", 1252: "cp1252"}


def read_rtf(data: bytes, limits: Limits) -> ReadDocument:
    """RTF written by Word, WPS or LibreOffice: \\'xx bytes in the declared code page, \\uN characters."""
    declared = _CODEPAGE.search(data[:4096])
    codepage = int(declared.group(1)) if declared else 936
    encoding = _CODECS.get(codepage, f"cp{codepage}")
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except (LookupError, ValueError, IndexError) as error:
        raise UnreadableDocument("无法读取这个 RTF 文件：文件已损坏") from error
    return ReadDocument(text=checked_text(text, limits), format=Format.RTF)
