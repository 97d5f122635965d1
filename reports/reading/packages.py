"""Zip containers (.docx, .odt, a zip of reports) and the XML inside them, read within Limits.

Sizes are checked from the zip's directory first and again while inflating (a directory can lie), XML is
parsed as a stream with entities and DTDs refused (billion laughs, XXE), and nothing is inflated whole
before it is checked.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .errors import UnreadableDocument, too_long
from .limits import MB, Limits

_CHUNK = 256 * 1024


def open_zip(data: bytes, what: str, limits: Limits) -> zipfile.ZipFile:
    entries = _directory_entries(data)
    if entries > limits.max_zip_entries:
        raise UnreadableDocument(
            f"压缩文件中有 {entries:,} 个条目，超过 {limits.max_zip_entries:,} 个的上限：可能是恶意文件，未读取"
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableDocument(f"无法打开这个 {what}：文件已损坏，或并非此类文件") from error


def _directory_entries(data: bytes) -> int:
    """The entry count the zip's end record gives, read before zipfile loads the directory (0 if none)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return 0
    count = struct.unpack_from("<H", data, end + 10)[0]
    if count == 0xFFFF:  # ZIP64: the real count is in the ZIP64 end record, before this one
        z64 = data.rfind(b"PK\x06\x06", max(0, end - 4096), end)
        return struct.unpack_from("<Q", data, z64 + 32)[0] if z64 >= 0 and z64 + 40 <= len(data) else 0
    return count


class Budget:
    """What is left of Limits.max_unpacked_bytes for one package; each member read spends from it."""

    def __init__(self, limits: Limits, total: int | None = None):
        self.limits = limits
        self.total = limits.max_unpacked_bytes if total is None else total
        self.left = self.total

    def check_entry(self, info: zipfile.ZipInfo) -> None:
        """Refuse a member by what the zip's directory says of it, before inflating anything."""
        if info.flag_bits & 0x1:
            raise UnreadableDocument("文件已加密（设有密码），请去掉密码后再上传")
        if info.file_size > self.left:
            raise UnreadableDocument(self._too_big())
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > self.limits.max_ratio:
            raise UnreadableDocument(
                f"压缩比异常（{ratio:.0f} 倍，上限 {self.limits.max_ratio} 倍）：可能是恶意的“压缩炸弹”文件，未读取"
            )

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise UnreadableDocument(self._too_big())

    def _too_big(self) -> str:
        return f"解压后内容超过 {self.total / MB:.0f} MB：可能是恶意的“压缩炸弹”文件，未读取"


class _Counted(io.RawIOBase):
    """A member's stream that spends from the budget as it is read, so a lying directory is caught."""

    def __init__(self, stream: IO[bytes], budget: Budget):
        self._stream, self._budget = stream, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._stream.read(min(len(buffer), _CHUNK))
        self._budget.spend(len(chunk))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def open_member(package: zipfile.ZipFile, name: str, budget: Budget) -> IO[bytes]:
    try:
        info = package.getinfo(name)
    except KeyError as error:
        raise UnreadableDocument(f"文件不完整：缺少 {name}") from error
    budget.check_entry(info)
    try:
        return io.BufferedReader(_Counted(package.open(info), budget), _CHUNK)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
        raise UnreadableDocument("文件已损坏或使用了无法识别的压缩方式") from error


def read_member(package: zipfile.ZipFile, name: str, budget: Budget) -> bytes:
    with open_member(package, name, budget) as stream:
        try:
            return stream.read()
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
            raise UnreadableDocument("文件已损坏：压缩内容无法解开") from error


def xml_paragraphs(
    stream: IO[bytes], is_paragraph: Callable[[str], bool], text_of: Callable[[Element], str], limits: Limits
) -> Iterator[str]:
    """Each paragraph element's text, in document order, as the XML streams in; cleared once read.

    A paragraph nested in another (a text box, a table cell) comes out before the one around it."""
    characters = 0
    try:
        for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if not is_paragraph(element.tag):
                continue
            text = text_of(element)
            element.clear()
            characters += len(text) + 1
            if characters > limits.max_characters:
                raise UnreadableDocument(too_long(limits.max_characters))
            yield text
    except DefusedXmlException as error:
        raise UnreadableDocument("文件中含有不允许的 XML 实体或文档类型定义（可能是恶意文件），未读取") from error
    except SyntaxError as error:  # xml.etree.ElementTree.ParseError
        raise UnreadableDocument("文件内容损坏：XML 结构无法解析") from error
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
        raise UnreadableDocument("文件已损坏：压缩内容无法解开") from error
