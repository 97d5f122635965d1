import codecs

import pytest

from reports.parsing.decode import UnreadableDocument, decode_bytes, normalise

REPORT = "白杨镇2022年工作总结\n一、工作成效\n全镇上下团结一心，各项工作取得明显成效，群众满意度不断提升。\n"


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
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.startswith("白杨镇2022年工作总结\n一、工作成效")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空（0 字节）"),
        (b"   \n\r\n  ", "文件没有文字内容（只有空白）"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "这是 PNG 图片，不是文本文件"),
        (b"%PDF-1.7\n", "暂不支持 PDF 文件：请在 Word 中另存为 .docx，或导出为 .txt 后再上传"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "这是旧版 Word（.doc）或 Excel 文件，请另存为 .docx 或 .txt 后再上传",
        ),
        (bytes(range(256)) * 40, "文件含有大量控制字符，不是文本文件（可能是二进制文件、图片或压缩包）"),
        (
            b"hello world, this is only English text." * 3,
            "文件中几乎没有中文文字，不像是一份工作报告（可能是二进制文件或编码无法识别）",
        ),
    ],
)
def test_it_refuses_what_is_not_a_report_with_a_chinese_message(data, message):
    with pytest.raises(UnreadableDocument) as refused:
        decode_bytes(data)
    assert refused.value.message == message


def test_it_refuses_an_oversized_file():
    with pytest.raises(UnreadableDocument) as refused:
        decode_bytes((REPORT.encode() * (20 * 1024 * 1024 // len(REPORT.encode()) + 1))[: 20 * 1024 * 1024])
    assert refused.value.message == "文件过大（20.0 MB），单个报告的上限为 10 MB"


def test_a_damaged_file_that_claims_utf16_is_refused():
    with pytest.raises(UnreadableDocument, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + "白杨镇".encode("utf-16-le") + b"\x00\xd8")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("一、存在的问题:\r\n(一)学习不够 深入,效果不好;", "一、存在的问题：\n（一）学习不够深入，效果不好；"),
        ("\ufeff全镇\x00共有\u200b党员", "全镇共有党员"),
        ("完成投资１２３万元，ＧＤＰ增长", "完成投资123万元，GDP增长"),
        ("第一行\n\n\n  第二行  \r第三行", "第一行\n第二行\n第三行"),
        ("时间为10:30,共1,000人", "时间为10:30，共1,000人"),
        ("访问 (http://example.cn) 页面", "访问（http://example.cn）页面"),
    ],
)
def test_normalise_tidies_punctuation_spaces_and_line_endings(raw, clean):
    assert normalise(raw) == clean


def test_normalise_is_idempotent_on_the_seeds(seeds_dir):
    for path in seeds_dir.glob("*.txt"):
        once = normalise(path.read_text(encoding="utf-8"))
        assert normalise(once) == once
