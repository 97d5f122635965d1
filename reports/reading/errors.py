"""The one error every reader raises: the file cannot become a report, and `message` says why in Chinese."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """Shown to the user as it is (command line, upload preview), so it never names an exception."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def too_long(max_characters: int) -> str:
    return f"文字超过 {max_characters:,} 字，远多于一份工作报告，未录入（上限可由管理员调整）"


# What to do about a file too big, by what it is.
ADVICE = {
    "压缩包": "请分成几个压缩包上传",
    "扫描件或图片": "请降低扫描分辨率（300 dpi 已足够）、改为灰度扫描，或拆分为几个 PDF",
    "单个报告": "请拆分为几个文件，或另存为 .docx 后再上传",
}


def too_big(size: int, limit: int, what: str = "单个报告") -> str:
    """'文件过大（20.0 MB），单个报告的上限为 10 MB：请拆分为几个文件，或另存为 .docx 后再上传'."""
    mb = 1024 * 1024
    return f"文件过大（{size / mb:.1f} MB），{what}的上限为 {limit / mb:.0f} MB：{ADVICE[what]}"


def too_many_pixels(size: str, limit: int, what: str = "图片") -> str:
    """'图片过大（12000×12000 像素）…': an image refused by its declared size, before it is decoded."""
    return f"{what}过大（{size} 像素），超过 {limit:,} 像素的上限：请降低扫描分辨率（300 dpi 已足够）后再上传"
