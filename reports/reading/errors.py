"""The one error every reader raises: the file cannot become a report, and `message` says why in Chinese."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """Shown to the user as it is (command line, upload preview), so it never names an exception."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def too_long(max_characters: int) -> str:
    return f"文字超过 {max_characters:,} 字，远多于一份工作报告，未录入（上限可由管理员调整）"


def too_big(size: int, limit: int, what: str = "单个报告") -> str:
    mb = 1024 * 1024
    return f"文件过大（{size / mb:.1f} MB），{what}的上限为 {limit / mb:.0f} MB"
