"""Figures and targets read from hand-written passages in the genre's styles (not the labelled set the
extractor is scored on: bench/figures_labelled.py, `manage.py bench_figures`)."""

import pytest

from reports.parsing import parse_report
from reports.parsing.export import report_to_dict
from reports.parsing.figures import find_figures


def one(text: str, plans: bool = False):
    (figure,) = find_figures(text, [(0, len(text))] if plans else [])
    return figure


@pytest.mark.parametrize(
    ("text", "subject", "value", "unit"),
    [
        ("全年实现财政收入2.45亿元。", "财政收入", 245_000_000, "元"),
        ("新修产业路7.8公里。", "新修产业路", 7.8, "公里"),
        ("绿化面积1.5万平方米。", "绿化面积", 15_000, "平方米"),
        ("累计投入帮扶资金1,280万元。", "帮扶资金", 12_800_000, "元"),
        ("培训新型职业农民三百余人。", "培训新型职业农民", 300, "人"),
        ("全镇共建成温室大棚86座。", "温室大棚", 86, "座"),
    ],
)
def test_a_figure_has_its_indicator_its_value_with_万_and_亿_folded_in_and_its_unit(text, subject, value, unit):
    figure = one(text)
    assert (figure.subject, figure.value, figure.unit, figure.target) == (subject, value, unit, False)
    assert text[figure.start : figure.end] == figure.text


def test_a_growth_is_a_change_of_the_indicator_named_before_it():
    first, growth, points = find_figures("村民人均收入达到2.1万元，比上年增长8.4%，高于全县0.6个百分点。")
    assert (first.subject, first.value, first.modifier) == ("村民人均收入", 21_000, "达到")
    assert (growth.subject, growth.value, growth.unit, growth.change) == ("村民人均收入", 8.4, "%", True)
    assert (points.unit, points.change) == ("百分点", False)


def test_masked_figures_are_kept_masked_never_given_a_value():
    revenue, growth, area = find_figures("完成税收收入XX万元，增长X.X%，流转土地**亩。")
    assert all(f.masked and f.value is None for f in (revenue, growth, area))
    assert (revenue.unit, growth.unit, growth.change, area.unit) == ("元", "%", True, "亩")


def test_targets_with_their_modifiers():
    assert (one("力争招商引资到位资金3亿元。").target, one("力争招商引资到位资金3亿元。").modifier) == (True, "力争")
    within = one("把城镇调查失业率控制在5%以内。")
    assert (within.target, within.modifier, within.subject) == (True, "以内", "城镇调查失业率")
    assert one("明年新建村级养老服务站4个。").target  # the future anywhere in the sentence
    planned = one("新建村级养老服务站4个。", plans=True)  # in the plans part, whatever its words
    assert planned.target and planned.modifier == ""
    about = one("预计全年生产总值增长6.5%左右。")
    assert (about.target, about.modifier, about.change) == (True, "左右", True)


def test_a_plan_s_word_in_an_achievement_s_sentence_does_not_make_it_a_target():
    """'确保' here gives the purpose of what was done; only in the figure's own clause does it plan."""
    done = find_figures("为确保群众安全过冬，排查危房42户，投入资金30万元。")
    assert [f.target for f in done] == [False, False]


def test_a_range_and_an_approximation():
    spread = one("流转土地3000-3500亩。")
    assert (spread.value, spread.high) == (3000, 3500)
    assert one("带动就业近600人。").modifier == "近" and one("受益群众1.2万余人。").modifier == "余"
    assert one("受益群众1.2万余人。").value == 12_000


@pytest.mark.parametrize(
    "text",
    [
        "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "严格落实中央八项规定精神，镇三套班子成员带头。",
        "召开第十五次党代会，2023年是贯彻党的二十大精神的开局之年。",
        "每月第2个周一为党员活动日，开通12345热线。",
        "打造一批示范点，开展一次全面排查，建设千亩以上基地。",
    ],
)
def test_words_that_look_like_counts_are_no_figures(text):
    assert find_figures(text) == []


def test_parse_report_gives_the_figures_with_targets_in_the_plans_part():
    text = (
        "青石县柳湾镇2023年工作总结\n一、主要工作\n全年完成固定资产投资2.6亿元，增长12%。\n"
        "二、存在的问题\n一是产业链条短。\n三、2024年工作打算\n新建高标准农田3000亩，力争农民人均收入突破2万元。\n"
    )
    figures = report_to_dict(parse_report(text))["figures"]
    assert [(f["subject"], f["value"], f["target"]) for f in figures] == [
        ("固定资产投资", 260_000_000, False),
        ("固定资产投资", 12, False),
        ("高标准农田", 3000, True),
        ("农民人均收入", 20_000, True),
    ]
    assert {"subject", "value", "unit", "target", "modifier", "start", "end"} <= set(figures[0])
    assert text.replace("\n", "\n")[figures[0]["start"] : figures[0]["end"]] == "2.6亿元"


def test_the_extractor_keeps_its_measured_quality_on_the_labelled_set():
    """The figures `manage.py bench_figures` prints, held: precision and recall 0.9 or more on the held-out
    passages (written after the rules) and on all."""
    from bench.figures_labelled import HELD_OUT, PASSAGES
    from bench.management.commands.bench_figures import score

    for passages in (HELD_OUT, PASSAGES + HELD_OUT):
        figures, misses = score(passages)
        assert figures["labelled"] >= 50 and figures["precision"] >= 0.9 and figures["recall"] >= 0.9, misses
    assert score(PASSAGES + HELD_OUT)[0]["labelled"] >= 200
