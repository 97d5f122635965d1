"""Plain text in any common Chinese encoding -> str; and the check every reader's text passes.

'白杨镇' as GBK bytes -> ('白杨镇', 'GBK'). Detection order: a BOM, UTF-16 without one (many NUL bytes),
UTF-8, GB18030 (reported as GBK when plain GBK decodes it too), then charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from .errors import UnreadableDocument, too_long
from .limits import MB, Limits
from .types import Format, ReadDocument

MIN_CJK_CHARS = 20  # fewer Chinese characters than this is not a report

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8（带 BOM）"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]
_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def read_text(data: bytes, limits: Limits) -> ReadDocument:
    text, encoding = decode(data)
    return ReadDocument(text=checked_text(text, limits), format=Format.TEXT, encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of text -> (str, the encoding's name as users know it)."""
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


def checked_text(text: str, limits: Limits) -> str:
    """Refuse text that is empty, not Chinese, or longer than any report; return it as it is otherwise."""
    if not text.strip():
        raise UnreadableDocument("文件没有文字内容（只有空白）")
    if len(text) > limits.max_characters:
        raise UnreadableDocument(too_long(limits.max_characters))
    if len(_CJK.findall(text)) < MIN_CJK_CHARS:
        raise UnreadableDocument("文件中几乎没有中文文字，不像是一份工作报告（可能是二进制文件或编码无法识别）")
    return text


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str]:
    """Many control bytes: UTF-16 saved without a BOM, or not text at all."""
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if looks_like_chinese_text(text):
                return text, "UTF-16"
    raise UnreadableDocument("文件含有大量控制字符，不是文本文件（可能是二进制文件、图片或压缩包）")


def _decode_by_detection(data: bytes) -> tuple[str, str]:
    best = from_bytes(data[: 4 * MB]).best()
    if best is None:
        raise UnreadableDocument("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本后再上传")
    text = data.decode(best.encoding, errors="replace")
    if not looks_like_chinese_text(text):
        raise UnreadableDocument("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本后再上传")
    return text, best.encoding.upper()


def looks_like_chinese_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs") or ch == "\ufffd")
    return len(_CJK.findall(sample)) >= min(MIN_CJK_CHARS, len(sample) // 4) and odd < 0.01 * len(sample)
