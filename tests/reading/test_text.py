"""Plain text in each common Chinese encoding, and what is refused before any reader sees it."""

import codecs

import pytest

from reports.reading import DEFAULT_LIMITS, Format, Limits, UnreadableDocument, read_document

REPORT = "白杨镇2022年工作总结\n一、工作成效\n全镇上下团结一心，各项工作取得明显成效，群众满意度不断提升。\n"


def read(data: bytes, name: str = "报告.txt", limits: Limits = DEFAULT_LIMITS):
    return read_document(data, filename=name, limits=limits)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (REPORT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "UTF-8（带 BOM）"),
        (REPORT.encode("gbk"), "GBK"),
        ((REPORT + "䶮").encode("gb18030"), "GB18030"),
        (codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "UTF-16"),
        (REPORT.encode("utf-16-le"), "UTF-16"),
    ],
)
def test_it_reads_each_common_chinese_encoding(data, encoding):
    document = read(data)
    assert (document.format, document.encoding, document.description) == (Format.TEXT, encoding, encoding)
    assert document.text.lstrip("\ufeff").startswith("白杨镇2022年工作总结\n一、工作成效")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空（0 字节）"),
        (b"   \n\r\n  ", "文件没有文字内容（只有空白）"),
        (bytes(range(256)) * 40, "文件含有大量控制字符，不是文本文件（可能是二进制文件、图片或压缩包）"),
        (
            b"hello world, this is only English text." * 3,
            "文件中几乎没有中文文字，不像是一份工作报告（可能是二进制文件或编码无法识别）",
        ),
        (b"Rar!\x1a\x07\x00" + bytes(100), "这是 RAR 压缩包，暂不支持：请改用 zip 压缩，或解压后上传其中的报告"),
        (b"MZ\x90\x00" + bytes(100), "这是 Windows 程序，不是工作报告"),
    ],
)
def test_it_refuses_what_is_not_a_report_with_a_chinese_message(data, message):
    with pytest.raises(UnreadableDocument) as refused:
        read(data)
    assert refused.value.message == message


def test_it_refuses_an_oversized_file_before_reading_it():
    with pytest.raises(UnreadableDocument) as refused:
        read(REPORT.encode() * 100, limits=Limits(max_file_bytes=1024))
    assert (
        refused.value.message == "文件过大（0.0 MB），单个报告的上限为 0 MB：请拆分为几个文件，或另存为 .docx 后再上传"
    )


def test_it_refuses_a_text_longer_than_any_report():
    with pytest.raises(UnreadableDocument, match="文字超过 1,000 字"):
        read(REPORT.encode() * 100, limits=Limits(max_characters=1000))


def test_a_damaged_file_that_claims_utf16_is_refused():
    with pytest.raises(UnreadableDocument, match="UTF-16"):
        read(codecs.BOM_UTF16_LE + "白杨镇".encode("utf-16-le") + b"\x00\xd8")


def test_limits_come_from_the_environment_in_their_units():
    limits = Limits.from_environ({"ARCHIVE_MAX_UPLOAD_MB": "3", "ARCHIVE_MAX_PAGES": "40", "OTHER": "1"})
    assert (limits.max_file_bytes, limits.max_pages) == (3 * 1024 * 1024, 40)
    assert limits.max_characters == DEFAULT_LIMITS.max_characters
    assert Limits.described("max_pages") == "ARCHIVE_MAX_PAGES"
