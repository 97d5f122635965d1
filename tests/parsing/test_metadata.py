"""read_metadata: each field once, with how it was found, so the upload preview can say what to check."""

import pytest

from reports.parsing import parse_report
from reports.parsing.types import Found, Period, ReportKind


def test_each_field_says_where_it_was_found():
    report = parse_report(
        "和平县红旗乡2022年工作总结\n"
        "2022年，红旗乡党委政府团结带领全乡干部群众，各项工作取得新进展。\n"
        "一、主要成效\n全年完成固定资产投资1.2亿元。\n"
        "二、存在问题\n一是产业基础薄弱；二是人才短缺。\n"
        "三、下一步打算\n持续壮大特色产业。\n"
    )
    meta = report.metadata
    assert (meta.township, meta.county, meta.year, meta.period, meta.kind) == (
        "红旗乡",
        "和平县",
        2022,
        Period.ANNUAL,
        ReportKind.ANNUAL_SUMMARY,
    )
    assert meta.found == {
        "township": Found.TITLE,
        "county": Found.TITLE,
        "year": Found.TITLE,
        "period": Found.DEFAULT,
        "kind": Found.TITLE,
    }


def test_a_file_name_stands_in_for_a_missing_title_and_says_so():
    report = parse_report("一、主要工作\n稳步推进。\n二、存在问题\n人才短缺。\n", "红旗乡2022年工作总结.docx")
    meta = report.metadata
    assert (meta.township, meta.year) == ("红旗乡", 2022)
    assert (meta.found["township"], meta.found["year"], meta.found["kind"]) == (Found.FILENAME,) * 3
    assert meta.title == ""


def test_nothing_found_is_said_to_be_missing():
    meta = parse_report("全年各项工作稳步推进，群众满意度不断提高。\n").metadata
    assert (meta.found["township"], meta.found["year"], meta.found["kind"]) == (Found.MISSING,) * 3
    assert not Found.MISSING.sure and Found.TITLE.sure
    assert Found.OPENING.label == "开头"


def test_doubts_become_warnings():
    report = parse_report("2022年，柳湾镇党委、石桥镇党委共同推动两镇联建工作。\n")
    assert "乡镇名称不确定：正文同样多次提到柳湾镇和石桥镇，未作判断" in report.warnings
    assert "未识别出乡镇名称" not in report.warnings


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["青石镇2022年工作总结及", "2023年工作计划"], "青石镇2022年工作总结及2023年工作计划"),
        (["东湖乡2021年上半年工作总结和", "下半年工作打算"], "东湖乡2021年上半年工作总结和下半年工作打算"),
        (
            ["柳林镇党委2022年工作总结暨", "2023年工作思路", "（2023年1月6日）"],
            "柳林镇党委2022年工作总结暨2023年工作思路",
        ),
    ],
)
def test_a_title_wrapped_after_及_和_暨_is_one_title_and_no_part(lines, title):
    """Once the title stopped at 及 and its second line became a part holding the whole report."""
    body = (
        "2022年以来，全镇上下团结一心，各项工作取得明显成效。\n"
        "一、主要工作\n（一）抓党建。\n二、存在的问题\n一是基础薄弱。\n"
    )
    report = parse_report("\n".join(lines) + "\n" + body)
    assert report.metadata.title == title
    assert [s.heading for s in report.sections] == ["", "主要工作", "存在的问题"]
