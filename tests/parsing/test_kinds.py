"""The genre, from the title when it names it, else from the form of the text."""

import pytest

from reports.parsing import parse_report
from reports.parsing.types import Found, ReportKind

BODY = "\n一、主要工作\n各项工作稳步推进。\n二、存在问题\n人才短缺。\n三、下一步打算\n抓好落实。\n"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("柳湾镇领导班子2022年上半年工作总结", ReportKind.HALF_YEAR_SUMMARY),  # not 班子工作汇报
        ("柳湾镇2022年半年工作总结", ReportKind.HALF_YEAR_SUMMARY),
        ("柳湾镇领导班子2022年工作情况汇报", ReportKind.LEADERSHIP),
        ("2022年度述责述廉报告", ReportKind.DUTY_REPORT),
        ("柳湾镇2023年政府工作报告", ReportKind.GOVERNMENT),
        ("中共柳湾镇委员会2022年抓基层党建工作报告", ReportKind.PARTY_BUILDING),
        ("柳湾镇2022年工作总结", ReportKind.ANNUAL_SUMMARY),
        ("柳湾镇2023年工作要点", ReportKind.WORK_PLAN),
    ],
)
def test_a_title_that_names_the_genre(title, kind):
    meta = parse_report(title + BODY).metadata
    assert (meta.kind, meta.found["kind"]) == (kind, Found.TITLE)


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("各位代表：\n现在，我代表镇人民政府向大会报告工作，请予审议。", ReportKind.GOVERNMENT),
        ("现在，我代表乡人民政府，向大会作工作报告，请各位代表审议。", ReportKind.GOVERNMENT),
        ("本人自2021年3月任柳湾镇党委书记以来，在县委的坚强领导下，认真履职。", ReportKind.DUTY_REPORT),
        ("根据安排，现将本人一年来的述职述廉情况报告如下。", ReportKind.DUTY_REPORT),
        ("本人继续担任镇长职务，一年来尽职尽责。", ReportKind.DUTY_REPORT),
    ],
)
def test_a_genre_recognised_by_its_form(opening, kind):
    meta = parse_report("工作报告\n" + opening + BODY).metadata
    assert (meta.kind, meta.found["kind"]) == (kind, Found.FORM)


def test_a_personal_summary_told_in_the_first_person_is_a_duty_report():
    meta = parse_report("镇长年度工作总结\n本人继续担任镇长职务。现将本年度工作汇报如下：" + BODY).metadata
    assert (meta.kind, meta.found["kind"]) == (ReportKind.DUTY_REPORT, Found.FORM)


def test_a_dateline_under_the_title_makes_a_government_report():
    text = "工作报告\n——在柳湾镇第十八届人民代表大会第三次会议上\n过去的一年，全镇上下团结奋进。" + BODY
    assert parse_report(text).metadata.kind == ReportKind.GOVERNMENT


def test_parts_without_a_genre_word_make_an_annual_summary_by_form():
    meta = parse_report("全镇各项工作稳步推进。" + BODY).metadata
    assert (meta.kind, meta.found["kind"]) == (ReportKind.ANNUAL_SUMMARY, Found.FORM)
