import pytest

from reports.parsing import ReportKind
from reports.parsing.report import split_paragraphs
from reports.parsing.sections import assign_kinds, build_tree, classify_heading
from tests.parsing.helpers import outline


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("存在的问题", "problems"),
        ("存在问题", "problems"),
        ("存在差距与不足", "problems"),
        ("存在的突出问题和改进措施", "problems"),
        ("问题与不足", "problems"),
        ("困难和问题", "problems"),
        ("当前面临的困难和挑战", "problems"),
        ("工作中的不足", "problems"),
        ("短板不足", "problems"),
        ("主要短板", "problems"),
        ("困难挑战", "problems"),
        ("工作成效", "achievements"),
        ("2022年工作开展情况", "achievements"),
        ("2022年上半年工作总结", "achievements"),
        ("2021年工作回顾", "achievements"),
        ("主要工作及成效", "achievements"),
        ("2023年工作谋划", "plans"),
        ("下半年工作安排", "plans"),
        ("下阶段重点工作", "plans"),
        ("下一步工作打算", "plans"),
        ("今后的打算", "plans"),
        ("工作计划", "plans"),
        ("全面加强党的建设", None),
        ("思想政治及理论学习状况", None),
    ],
)
def test_a_heading_names_its_part(heading, kind):
    assert classify_heading(heading) == kind


def tree(text: str, year: int | None = 2022):
    sections = build_tree(split_paragraphs(text), text)
    assign_kinds(sections, year, ReportKind.ANNUAL_SUMMARY)
    return outline(sections)


def test_styles_nest_in_the_order_they_appear():
    text = "一、甲\n一是乙。\n二是丙。\n二、丁\n（一）戊\n1.己\n（二）庚\n"
    assert tree(text) == [
        ("一", "甲", "achievements", [("一是", "乙", "achievements", []), ("二是", "丙", "achievements", [])]),
        (
            "二",
            "丁",
            "achievements",
            [
                ("（一）", "戊", "achievements", [("1.", "己", "achievements", [])]),
                ("（二）", "庚", "achievements", []),
            ],
        ),
    ]


def test_a_new_level_must_start_at_one():
    assert tree("一、甲\n二是一段正文里的话。\n") == [("一", "甲", "achievements", [])]


def test_a_year_only_heading_is_plans_when_it_is_after_the_report_year():
    text = "一、主要工作\n正文。\n二、2023年重点工作\n正文。\n"
    assert [kind for _, _, kind, _ in tree(text, year=2022)] == ["achievements", "plans"]
    assert [kind for _, _, kind, _ in tree(text, year=2023)] == ["achievements", "achievements"]


def test_untitled_parts_after_problems_are_other():
    text = "一、工作成效\n正文。\n二、存在问题\n正文。\n三、附件说明\n正文。\n"
    assert [kind for _, _, kind, _ in tree(text)] == ["achievements", "problems", "other"]


def test_each_section_knows_its_span():
    text = "开篇一段。\n一、工作成效\n（一）甲。正文\n"
    sections = build_tree(split_paragraphs(text), text)
    assert [s.text for s in sections] == ["开篇一段。", "一、工作成效"]
    child = sections[1].children[0]
    assert text[child.start : child.end] == "（一）甲。正文"
    assert text[child.body_start : child.end] == "正文"
