"""The year a report's work was done and its period, written as the genre writes them."""

import pytest

from reports.parsing import parse_report
from reports.parsing.types import Found, Period, ReportKind


def year_of(text: str) -> tuple[int | None, Found]:
    meta = parse_report(text).metadata
    return meta.year, meta.found["year"]


BODY = "\n一、主要工作\n各项工作稳步推进。\n二、存在问题\n人才短缺。\n"


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("2019抓党建工作述职报告", 2019),  # no 年 in the title
        ("2 0 2 1 年工作总结", 2021),  # letter-spaced
        ("二〇二一年工作总结", 2021),
        ("二○二二年度工作总结", 2022),
        ("2022年工作总结和2023年工作计划", 2022),  # two years: the one reviewed
        ("2023年工作思路暨2022年工作总结", 2022),
        ("2022年度党建工作述职报告", 2022),
    ],
)
def test_a_year_in_the_title_as_titles_write_it(title, year):
    assert year_of(title + BODY) == (year, Found.TITLE)


@pytest.mark.parametrize(
    ("opening", "year"),
    [
        ("今年是“十四五”开局之年，全镇上下砥砺奋进。", 2021),
        ("今年是十三五规划收官之年，也是脱贫攻坚决战决胜之年。", 2020),
        ("在建党100周年的重要时刻，我镇各项工作取得新成效。", 2021),
        ("二〇二二年，全镇干部群众团结奋进。", 2022),
        ("2022年以来，镇党委带领全镇干部群众攻坚克难。", 2022),
    ],
)
def test_a_year_in_the_opening_as_a_date_or_a_phrase(opening, year):
    assert year_of("工作总结\n" + opening + BODY) == (year, Found.OPENING)


def test_a_government_report_reviews_the_year_before_its_title_year():
    text = (
        "柳湾镇2023年政府工作报告\n各位代表：\n现在，我代表镇人民政府向大会报告工作。\n过去的一年，全镇经济稳中向好。\n"
    )
    meta = parse_report(text).metadata
    assert (meta.kind, meta.year, meta.found["year"]) == (ReportKind.GOVERNMENT, 2022, Found.TITLE)


def test_a_government_report_without_a_year_in_the_title_reviews_the_year_before_its_session():
    text = (
        "政府工作报告\n——2024年1月8日在石桥乡第十一届人民代表大会第四次会议上\n"
        "各位代表：\n现在，我代表乡人民政府向大会报告工作，请予审议。\n过去一年，全乡上下团结一心。\n"
    )
    meta = parse_report(text).metadata
    assert (meta.kind, meta.year, meta.found["year"]) == (ReportKind.GOVERNMENT, 2023, Found.FORM)


def test_a_work_plan_is_about_the_year_it_plans():
    report = parse_report(
        "柳湾镇2024年工作要点\n一、总体要求\n坚持稳中求进。\n二、重点任务\n（一）壮大集体经济。\n（二）改善人居环境。\n"
    )
    meta = report.metadata
    assert (meta.kind, meta.year) == (ReportKind.WORK_PLAN, 2024)
    assert [s.kind for s in report.sections] == ["plans", "plans"]
    assert [p.title for p in report.plans] == ["坚持稳中求进", "壮大集体经济", "改善人居环境"]
    assert "未找到存在问题部分" not in report.warnings


def test_a_year_counted_in_the_body_says_so():
    text = "工作总结\n一、主要工作\n2022年完成投资1亿元。2022年新增就业300人。\n二、存在问题\n人才短缺。\n"
    assert year_of(text) == (2022, Found.BODY)


@pytest.mark.parametrize("masked", ["20**年工作总结", "20XX年工作总结", "20○○年工作总结"])
def test_a_masked_year_is_said_to_be_masked(masked):
    report = parse_report(masked + BODY)
    assert (report.metadata.year, report.metadata.found["year"]) == (None, Found.MASKED)
    assert "年份被隐去（20**），未猜测" in report.warnings


@pytest.mark.parametrize(
    ("text", "period", "found"),
    [
        ("柳湾镇2022年上半年工作总结" + BODY, Period.FIRST_HALF, Found.TITLE),
        ("柳湾镇2022年半年工作总结" + BODY, Period.FIRST_HALF, Found.TITLE),
        (
            "工作总结\n一、上半年工作开展情况\n稳步推进。\n二、下半年工作打算\n抓落实。\n",
            Period.FIRST_HALF,
            Found.HEADING,
        ),
        ("工作总结" + BODY, Period.ANNUAL, Found.DEFAULT),
    ],
)
def test_the_period(text, period, found):
    meta = parse_report(text).metadata
    assert (meta.period, meta.found["period"]) == (period, found)
