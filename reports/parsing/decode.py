"""Bytes -> normalised text: detect the encoding, refuse what is not a text report, tidy the text.

Every refusal raises UnreadableDocument with a message in Chinese that says what was wrong,
so the command line and the upload page can show it as it is.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAX_BYTES = 10 * 1024 * 1024
MIN_CJK_CHARS = 20

_MAGIC = [
    (b"%PDF", "暂不支持 PDF 文件：请在 Word 中另存为 .docx，或导出为 .txt 后再上传"),
    (b"\x89PNG", "这是 PNG 图片，不是文本文件"),
    (b"\xff\xd8\xff", "这是 JPEG 图片，不是文本文件"),
    (b"GIF8", "这是 GIF 图片，不是文本文件"),
    (b"\xd0\xcf\x11\xe0", "这是旧版 Word（.doc）或 Excel 文件，请另存为 .docx 或 .txt 后再上传"),
    (b"Rar!", "这是 RAR 压缩包，请解压后上传其中的报告"),
    (b"\x1f\x8b", "这是 gzip 压缩文件，请解压后上传其中的报告"),
    (b"\x7fELF", "这是可执行程序，不是文本文件"),
    (b"MZ", "这是 Windows 程序，不是文本文件"),
]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8（带 BOM）"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]

_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")


class UnreadableDocument(Exception):
    """The file cannot become a report; `message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes, *, max_bytes: int = MAX_BYTES) -> DecodedText:
    """Raw file bytes -> normalised text and the name of the encoding it was written in."""
    check_size(data, max_bytes=max_bytes)
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise UnreadableDocument(message)
    raw, encoding = _decode(data)
    return DecodedText(text=checked_text(raw), encoding=encoding)


def check_size(data: bytes, *, max_bytes: int = MAX_BYTES) -> None:
    if not data:
        raise UnreadableDocument("文件为空（0 字节）")
    if len(data) > max_bytes:
        raise UnreadableDocument(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），单个报告的上限为 {max_bytes / 1024 / 1024:.0f} MB"
        )


def checked_text(raw: str) -> str:
    """Normalise decoded text and refuse it when nothing Chinese is left."""
    text = normalise(raw)
    if not text.strip():
        raise UnreadableDocument("文件没有文字内容（只有空白）")
    if len(_CJK.findall(text)) < MIN_CJK_CHARS:
        raise UnreadableDocument("文件中几乎没有中文文字，不像是一份工作报告（可能是二进制文件或编码无法识别）")
    return text


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as error:
                raise UnreadableDocument(f"文件声明为 {label} 编码，但第 {error.start} 字节处内容损坏") from error
    if len(_CONTROL_BYTES.findall(data[:65536])) > 0.01 * min(len(data), 65536):
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return _decode_by_detection(data)
    try:
        data.decode("gbk")
        return text, "GBK"
    except UnicodeDecodeError:
        return text, "GB18030"


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    """Many control bytes: UTF-16 saved without a BOM, or not text at all."""
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _looks_like_chinese_text(text):
                return text, "UTF-16"
    raise UnreadableDocument("文件含有大量控制字符，不是文本文件（可能是二进制文件、图片或压缩包）")


def _decode_by_detection(data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None or not _looks_like_chinese_text(str(best)):
        raise UnreadableDocument("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本后再上传")
    return str(best), best.encoding.upper()


def _looks_like_chinese_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs") or ch == "\ufffd")
    return len(_CJK.findall(sample)) >= min(MIN_CJK_CHARS, len(sample) // 4) and odd < 0.01 * len(sample)


# --- normalisation -------------------------------------------------------------------------


def _replacer(table: dict[int, int | None]) -> Callable[[str], str]:
    """str.translate(table) for a few rare characters: a regex that finds them is ten times faster on
    long Chinese text, where str.translate looks every character up."""
    pattern = re.compile("[" + "".join(re.escape(chr(code)) for code in table) + "]")
    replacement = {chr(code): chr(new) if new is not None else "" for code, new in table.items()}
    return lambda text: pattern.sub(lambda match: replacement[match.group()], text)


_INVISIBLE = dict.fromkeys(map(ord, "\x00\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0x3000: ord(" "),
    0x00A0: ord(" "),
    0xFF0E: ord("."),
}
_drop_invisible, _halfwidth_alnum = _replacer(_INVISIBLE), _replacer(_FULLWIDTH_ALNUM)
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJKP = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJKP}]) +| +(?=[{_CJKP}])")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{_CJKP}\w])([,;:?!])(?=[{_CJKP}])|(?<=[{_CJKP}])([,;:?!])")
_PARENS = re.compile(r"\(([^()\n]{0,60})\)")


def normalise(text: str) -> str:
    """Line endings, invisible characters, full-width digits, half-width Chinese punctuation, stray spaces.

    '一、存在的问题:\\r\\n(一)学习不够 深入,' -> '一、存在的问题：\\n（一）学习不够深入，'
    """
    text = _drop_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _halfwidth_alnum(_CONTROL_CHARS.sub("", text).replace("\t", " "))
    lines = (_normalise_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _normalise_line(line: str) -> str:
    line = re.sub(" {2,}", " ", line.strip())
    line = _SPACE_NEAR_CJK.sub("", line)
    line = _HALF_PUNCT_NEAR_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], line)
    return _PARENS.sub(_full_width_parens, line)


def _full_width_parens(match: re.Match) -> str:
    inner = match.group(1)
    before = match.string[match.start() - 1 : match.start()]
    after = match.string[match.end() : match.end() + 1]
    near_cjk = any(_CJK.match(ch) for ch in (before, after) if ch) or match.start() == 0
    if _CJK.search(inner) or near_cjk:
        return f"（{inner}）"
    return match.group(0)
