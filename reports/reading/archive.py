"""A zip of reports (a folder sent in one file) -> its members, each to be read as a report of its own.

Nested folders are walked; names written in GBK by Chinese Windows are decoded as such; members with
'..' or absolute paths, nested zips and files over the limits are refused one by one, by name.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .errors import UnreadableDocument, too_big
from .limits import Limits
from .packages import Budget, open_zip, read_member
from .registry import limit_by_name


@dataclass(frozen=True)
class Member:
    """One file of the zip: its path inside, and its bytes or the reason it was not taken."""

    name: str
    data: bytes = b""
    refused: str = ""


_SKIPPED_PARTS = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


def members(data: bytes, limits: Limits) -> Iterator[Member]:
    """The zip's files in its order, each read within the limits; the whole zip within max_unpacked_bytes."""
    package = open_zip(data, "zip 压缩包", limits)
    budget = Budget(limits, limits.zip_unpacked_bytes)
    taken = 0
    with package:
        for info in package.infolist():
            name = _member_name(info)
            if info.is_dir() or any(part in _SKIPPED_PARTS or part.startswith("~$") for part in name.split("/")):
                continue
            refused = _refusal(info, name, limits)
            if not refused and taken >= limits.max_files:
                refused = f"压缩包中的文件超过 {limits.max_files} 个，此文件未读取"
            if refused:
                yield Member(name, refused=refused)
                continue
            try:
                budget.check_entry(info)
                content = read_member(package, info.filename, budget)
            except UnreadableDocument as error:
                yield Member(name, refused=error.message)
                if budget.left <= 0:
                    return
                continue
            taken += 1
            if content.startswith(b"PK\x03\x04") and name.lower().endswith(".zip"):
                yield Member(name, refused="压缩包中又套了压缩包：请解压后再上传其中的报告")
            else:
                yield Member(name, content)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows writes names in GBK without saying so; Python then reads them as cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gb18030")
    return name.replace("\\", "/")


def _refusal(info: zipfile.ZipInfo, name: str, limits: Limits) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
        return "文件路径不安全（含有 .. 或绝对路径），未读取"
    limit = limit_by_name(name, limits)
    if info.file_size > limit:
        return too_big(info.file_size, limit, "扫描件或图片" if limit == limits.max_scan_bytes else "单个报告")
    return ""
