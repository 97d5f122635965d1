"""Text that lost its line breaks (copied from a web page) parses like its well-formed twin."""

import pytest

from reports.parsing import normalise, parse_report
from reports.parsing.run_together import break_run_together
from tests.conftest import seed_files

WELL_FORMED = """红星镇2023年工作总结
2023年，红星镇在县委、县政府的坚强领导下，统筹推进各项工作，取得了明显成效。
一、主要工作成效
（一）党建引领有力。全镇新发展党员12名，整顿软弱涣散党组织2个。
（二）产业发展加快。新建设施农业大棚300座，引进企业5家。
二、存在的问题
一是产业结构单一，抗风险能力弱。
二是基础设施欠账较多。
三是干部队伍活力不足。
三、2024年工作打算
（一）持续抓好党建。深化党建引领基层治理。
（二）全力发展产业。力争新增大棚500座。"""


def run_together(text: str) -> str:
    return "".join(text.split("\n"))


def outline(text: str) -> list[tuple]:
    report = parse_report(text, "红星镇.html")
    sections = [(s.number, s.heading, s.kind, len(s.children)) for s in report.sections]
    return [report.metadata.title, report.metadata.year, sections, [i.title for i in report.issues], len(report.plans)]


def test_a_report_with_no_line_breaks_parses_like_its_twin():
    assert outline(run_together(WELL_FORMED)) == outline(WELL_FORMED)


def test_items_listed_in_one_paragraph_give_the_same_problems():
    inline = WELL_FORMED.replace("弱。\n二是", "弱。二是").replace("多。\n三是", "多。三是")
    assert [i.title for i in parse_report(inline).issues] == [i.title for i in parse_report(WELL_FORMED).issues]


def test_headings_run_into_their_text_without_a_stop_are_cut_after_their_words():
    text = (
        "二、存在问题一年来，全镇上下共同努力，各项任务顺利推进。但也存在短板。"
        "三、下阶段重点工作下一阶段，我镇将持续发力。"
    )
    lines = break_run_together("白杨镇工作总结一、工作成效全年完成各项任务。" + text).split("\n")
    assert lines == [
        "白杨镇工作总结",
        "一、工作成效",
        "全年完成各项任务。",
        "二、存在问题",
        "一年来，全镇上下共同努力，各项任务顺利推进。但也存在短板。",
        "三、下阶段重点工作",
        "下一阶段，我镇将持续发力。",
    ]


@pytest.mark.parametrize(
    "text",
    [
        WELL_FORMED,  # headings already start lines
        "全镇一、二、三产业融合发展，一产增加值增长5%。",  # 一、二、三产业 is not a list of parts
        "完成二、三季度的任务。没有标题的报告也照样读。",  # a marker out of sequence
    ],
)
def test_a_text_that_needs_no_breaks_is_left_as_it_is(text):
    assert break_run_together(text) == text


def test_a_heading_words_followed_by_more_heading_words_are_kept_whole():
    lines = break_run_together("一、存在的问题及原因分析一是学习不深。二是作风不实。二、下一步打算继续努力。").split(
        "\n"
    )
    assert lines[0] == "一、存在的问题及原因分析"


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_each_seed_run_together_keeps_its_parts_problems_and_plans(path):
    text = path.read_text(encoding="utf-8")
    joined = run_together(normalise(text))
    whole, flat = parse_report(text, path.name), parse_report(joined, path.name)
    assert [(s.heading, s.kind) for s in flat.sections] == [(s.heading, s.kind) for s in whole.sections]
    assert (len(flat.issues), len(flat.plans), flat.metadata.year) == (
        len(whole.issues),
        len(whole.plans),
        whole.metadata.year,
    )
