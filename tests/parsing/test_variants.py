"""Hand-written reports that differ from the seeds the way real ones do, each with the exact structure
it must yield: titles, half-width punctuation, run-in headings, no headings, 街道 and 乡, masks."""

import pytest

from reports.parsing import Period, ReportKind, parse_report
from tests.parsing.helpers import issue_titles, outline, plan_titles, top_level

A, P, L, PRE = "achievements", "problems", "plans", "preamble"


def test_a_titled_street_office_report_with_two_years():
    report = parse_report(
        "白杨街道2022年工作总结及2023年工作思路\n"
        "2022年，街道党工委团结带领广大干部群众，各项工作取得新成效。\n"
        "一、2022年工作回顾\n"
        "（一）党建引领有力。全年召开党工委会议24次。\n"
        "（二）经济稳中有进。新增市场主体120户。\n"
        "二、存在的问题\n"
        "一是产业结构单一，新兴产业培育不足。二是社区治理精细化水平不高。\n"
        "三、2023年工作思路\n"
        "（一）抓党建促发展。\n"
        "（二）抓治理保稳定。\n"
    )
    meta = report.metadata
    assert (meta.title, meta.township, meta.year, meta.period) == (
        "白杨街道2022年工作总结及2023年工作思路",
        "白杨街道",
        2022,
        Period.ANNUAL,
    )
    assert meta.kind == ReportKind.ANNUAL_SUMMARY
    assert outline(report.sections) == [
        ("", "", PRE, []),
        ("一", "2022年工作回顾", A, [("（一）", "党建引领有力", A, []), ("（二）", "经济稳中有进", A, [])]),
        ("二", "存在的问题", P, []),
        ("三", "2023年工作思路", L, [("（一）", "抓党建促发展", L, []), ("（二）", "抓治理保稳定", L, [])]),
    ]
    assert issue_titles(report) == ["产业结构单一，新兴产业培育不足", "社区治理精细化水平不高"]
    assert plan_titles(report) == ["抓党建促发展", "抓治理保稳定"]


def test_half_width_punctuation_and_arabic_items():
    report = parse_report(
        "一. 工作开展情况\n"
        "(一)强化学习,提升能力。组织集中学习12次.\n"
        "(二)优化服务,改善环境。办理群众诉求300件.\n"
        "二. 存在问题\n"
        "1. 学习不够深入;部分干部满足于读文件.\n"
        "2. 服务意识不强,办事效率不高.\n"
        "三. 下一步工作打算\n"
        "1. 持续加强学习.\n"
        "2. 改进工作作风.\n"
    )
    assert outline(report.sections) == [
        ("一", "工作开展情况", A, [("（一）", "强化学习，提升能力", A, []), ("（二）", "优化服务，改善环境", A, [])]),
        ("二", "存在问题", P, [("1.", "学习不够深入", P, []), ("2.", "服务意识不强，办事效率不高", P, [])]),
        ("三", "下一步工作打算", L, [("1.", "持续加强学习", L, []), ("2.", "改进工作作风", L, [])]),
    ]
    assert issue_titles(report) == ["学习不够深入", "服务意识不强，办事效率不高"]


def test_a_run_in_problems_heading_with_its_items_in_the_same_line():
    report = parse_report(
        "一、主要工作\n全年完成固定资产投资5亿元。\n"
        "二、存在的问题：一是项目储备不足；二是财政收支矛盾突出；三是基础设施短板明显。\n"
        "三、下步打算\n围绕中心，狠抓落实。\n"
    )
    assert top_level(report) == [("主要工作", A), ("存在的问题", P), ("下步打算", L)]
    assert issue_titles(report) == ["项目储备不足", "财政收支矛盾突出", "基础设施短板明显"]


def test_a_report_without_any_heading_is_split_into_its_paragraphs():
    report = parse_report(
        "今年以来，红星乡党委政府认真贯彻上级决策部署，各项工作稳步推进。全乡完成粮食播种3万亩。\n"
        "在看到成绩的同时，我们也清醒地认识到，工作中还存在一些问题和不足：一是产业发展后劲不足；"
        "二是农村人居环境整治任务艰巨；三是干部队伍年龄老化。\n"
        "下一步，我们将重点做好以下工作：一是壮大特色产业；二是推进环境整治；三是加强队伍建设。\n"
    )
    assert [s.kind for s in report.sections] == [PRE, P, L]
    assert [s.heading for s in report.sections] == ["", "", ""]
    assert issue_titles(report) == ["产业发展后劲不足", "农村人居环境整治任务艰巨", "干部队伍年龄老化"]
    assert plan_titles(report) == ["壮大特色产业", "推进环境整治", "加强队伍建设"]
    assert report.metadata.township == "红星乡"
    assert "未识别出任何标题：全文按段落处理" in report.warnings


def test_a_report_with_no_problems_says_so():
    report = parse_report("今年以来，我镇紧紧围绕年度目标任务，各项工作有序推进，完成了上级交办的各项任务。")
    assert top_level(report) == [("", PRE)]
    assert report.issues == []
    assert "未找到存在问题部分" in report.warnings


def test_a_township_and_county_in_the_title_of_a_half_year_report():
    report = parse_report(
        "和平县红旗乡2021年上半年工作总结\n"
        "一、上半年工作完成情况\n全乡上下攻坚克难，实现时间过半任务过半。\n"
        "二、存在的困难和问题\n主要是：集体经济薄弱；产业链条短。\n"
        "三、下半年工作计划\n（一）抓产业。\n（二）抓民生。\n"
    )
    meta = report.metadata
    assert (meta.township, meta.county, meta.year) == ("红旗乡", "和平县", 2021)
    assert (meta.period, meta.kind) == (Period.FIRST_HALF, ReportKind.HALF_YEAR_SUMMARY)
    assert issue_titles(report) == ["集体经济薄弱", "产业链条短"]


def test_a_masked_township_in_the_title_is_left_unknown():
    report = parse_report(
        "**镇2020年工作总结\n一、工作成效\n**镇党委坚持党建引领，各项工作取得实效。\n二、存在问题\n招商引资难度大。\n"
    )
    assert report.metadata.township is None
    assert report.metadata.masked_township == "**镇"
    assert report.metadata.year == 2020
    assert "乡镇名称被隐去（**镇），未猜测，请编辑指定" in report.warnings


def test_a_masked_year_is_not_guessed():
    report = parse_report("白杨镇20**年工作总结\n一、工作成效\n白杨镇党委认真履职，各项工作稳步推进，成效明显。\n")
    assert report.metadata.year is None
    assert report.metadata.township == "白杨镇"
    assert "年份被隐去（20**），未猜测" in report.warnings


def test_the_year_comes_from_the_plans_heading_minus_one():
    report = parse_report(
        "一、主要工作\n我镇狠抓项目建设，全年签约项目8个，经济运行稳中向好。\n"
        "二、2023年工作打算\n（一）抓项目。\n（二）抓招商。\n"
    )
    assert report.metadata.year == 2022
    assert top_level(report) == [("主要工作", A), ("2023年工作打算", L)]


def test_a_government_work_report_covers_the_previous_year():
    report = parse_report(
        "政府工作报告\n"
        "——2023年1月6日在红旗镇第十届人民代表大会第三次会议上\n"
        "各位代表：现在，我代表镇人民政府向大会报告工作，请予审议。\n"
        "一、2022年工作回顾\n过去的一年，全镇经济社会发展取得新成效。\n"
        "二、2023年工作安排\n2023年是全面贯彻党的二十大精神的开局之年。\n"
    )
    meta = report.metadata
    assert (meta.title, meta.kind, meta.year, meta.township) == ("政府工作报告", ReportKind.GOVERNMENT, 2022, "红旗镇")
    assert top_level(report) == [("", PRE), ("2022年工作回顾", A), ("2023年工作安排", L)]


def test_a_duty_report_with_arabic_problems():
    report = parse_report(
        "2022年度述职报告\n"
        "本人***，现任**镇党委书记。现将一年来履职情况报告如下：\n"
        "一、履职情况\n认真履行第一责任人职责。\n"
        "二、存在的不足\n1.理论学习不够系统。\n2.调查研究不够深入。\n"
        "三、今后的打算\n进一步加强学习，改进作风。\n"
    )
    assert report.metadata.kind == ReportKind.DUTY_REPORT
    assert report.metadata.year == 2022
    assert issue_titles(report) == ["理论学习不够系统", "调查研究不够深入"]
    assert plan_titles(report) == ["进一步加强学习，改进作风"]


def test_a_party_building_report_from_a_party_committee():
    report = parse_report(
        "中共白杨镇委员会2022年党建工作报告\n一、主要做法\n坚持抓党建促发展。\n二、存在的问题\n基层党组织作用发挥不充分。\n"
    )
    assert (report.metadata.township, report.metadata.kind) == ("白杨镇", ReportKind.PARTY_BUILDING)
    assert [issue.themes for issue in report.issues] == [("党的建设",)]


def test_circled_numbers_in_a_problems_part():
    report = parse_report(
        "一、工作成效\n各项工作有序推进。\n二、存在问题\n①产业基础薄弱。\n②公共服务不均衡。\n③干部能力不足。\n"
    )
    assert issue_titles(report) == ["产业基础薄弱", "公共服务不均衡", "干部能力不足"]
    assert [c.number for c in report.sections[1].children] == ["①", "②", "③"]


def test_parenthesised_arabic_numbers_run_in_one_paragraph():
    report = parse_report(
        "一、工作成效\n各项工作有序推进。\n"
        "二、存在问题\n主要有：（1）产业基础薄弱；（2）公共服务不均衡；（3）干部能力不足。\n"
    )
    assert issue_titles(report) == ["产业基础薄弱", "公共服务不均衡", "干部能力不足"]


def test_semicolon_problems_after_an_announcement_and_before_an_outlook():
    report = parse_report(
        "一、工作情况\n稳步推进各项工作。\n"
        "二、存在的不足\n"
        "一年来，我们的工作取得了一定成绩，但也存在一些不足。发展质量不高；民生短板较多；作风建设有待加强。\n"
        "下一步，我们将坚持问题导向，逐项抓好整改。\n"
    )
    assert issue_titles(report) == ["发展质量不高", "民生短板较多", "作风建设有待加强"]


def test_one_problem_per_line_when_lines_carry_no_numbers():
    report = parse_report(
        "一、工作成效\n各项工作有序推进。\n"
        "二、存在的问题\n"
        "当前，我镇还存在以下问题：\n"
        "产业结构单一，集体经济薄弱。\n"
        "基础设施欠账较多。\n"
        "干部队伍年龄老化。\n"
        "三、工作计划\n加快发展。\n"
    )
    assert issue_titles(report) == ["产业结构单一，集体经济薄弱", "基础设施欠账较多", "干部队伍年龄老化"]


def test_sub_sections_of_a_problems_part_are_its_items_even_with_inner_lists():
    report = parse_report(
        "一、工作成效\n各项工作有序推进。\n"
        "二、存在的问题\n"
        "（一）思想认识不到位。一是学习不深入。二是站位不够高。\n"
        "（二）工作落实不到位。\n"
        "（三）作风建设不到位。\n"
    )
    assert issue_titles(report) == ["思想认识不到位", "工作落实不到位", "作风建设不到位"]


def test_the_text_not_the_announcement_decides_how_many_problems():
    report = parse_report(
        "一、工作成效\n有序推进。\n二、存在问题\n主要表现在以下五个方面：\n"
        "（一）学习不够。\n（二）落实不够。\n（三）创新不够。\n"
    )
    assert len(report.issues) == 3


def test_parts_numbered_as_chapters_with_parts_inside():
    report = parse_report(
        "第一部分 2021年工作回顾\n一、经济发展\n全镇生产总值增长6%。\n二、社会事业\n新建学校1所。\n"
        "第二部分 2022年工作打算\n一、稳增长\n二、惠民生\n"
    )
    assert outline(report.sections) == [
        ("第一部分", "2021年工作回顾", A, [("一", "经济发展", A, []), ("二", "社会事业", A, [])]),
        ("第二部分", "2022年工作打算", L, [("一", "稳增长", L, []), ("二", "惠民生", L, [])]),
    ]
    assert report.metadata.year == 2021


def test_unnumbered_heading_lines():
    report = parse_report(
        "2021年工作回顾\n全乡上下团结奋斗，圆满完成全年目标任务。\n"
        "存在的问题\n一是增收渠道窄。二是公共服务弱。\n"
        "2022年工作打算\n围绕增收和服务两件大事用力。\n"
    )
    assert report.metadata.title == ""
    assert top_level(report) == [("2021年工作回顾", A), ("存在的问题", P), ("2022年工作打算", L)]
    assert issue_titles(report) == ["增收渠道窄", "公共服务弱"]
    assert report.metadata.year == 2021


def test_a_problems_paragraph_without_a_heading_in_a_half_year_report():
    report = parse_report(
        "今年上半年，全镇经济社会保持平稳发展。但仍然还存在不少困难和问题。一是经济下行压力加大。二是项目落地难。\n"
        "一、下半年工作安排\n（一）抓项目建设。\n（二）抓安全稳定。\n"
    )
    assert top_level(report) == [("", P), ("下半年工作安排", L)]
    assert issue_titles(report) == ["经济下行压力加大", "项目落地难"]
    assert report.metadata.period == Period.FIRST_HALF


def test_a_sumu_in_inner_mongolia():
    report = parse_report("沙日浩来苏木2023年工作总结\n一、工作成效\n全苏木各嘎查村各项工作稳步推进，成效明显。\n")
    assert report.metadata.township == "沙日浩来苏木"
    assert report.metadata.year == 2023


def test_a_run_in_heading_ended_by_a_colon():
    report = parse_report("一、工作成效\n（一）加强党建：全年发展党员5名。\n（二）发展经济：新建项目3个。\n")
    assert outline(report.sections)[0][3] == [("（一）", "加强党建", A, []), ("（二）", "发展经济", A, [])]


def test_crlf_full_width_digits_and_stray_spaces():
    report = parse_report("一、２０２２年工作 开展情况\r\n（一）抓 党建。\r\n\r\n二、存在的问题：\r\n1.学习不够。\r\n")
    assert outline(report.sections) == [
        ("一", "2022年工作开展情况", A, [("（一）", "抓党建", A, [])]),
        ("二", "存在的问题", P, [("1.", "学习不够", P, [])]),
    ]
    assert report.metadata.year == 2022


def test_a_figure_at_the_start_of_a_line_is_not_a_heading():
    report = parse_report("一、工作成效\n2.5亿元的项目已全部开工。\n3、新建道路5公里。\n")
    assert outline(report.sections) == [("一", "工作成效", A, [])]


def test_a_paragraph_that_lists_items_is_not_a_heading():
    report = parse_report("一、工作成效\n一是抓党建，成效明显。二是抓发展，势头良好。\n")
    assert outline(report.sections) == [("一", "工作成效", A, [])]


def test_a_problems_sub_section_inside_an_achievements_part():
    report = parse_report(
        "一、工作开展情况\n（一）党建工作。成效明显。\n（二）存在的问题\n1.学习不深。\n2.落实不力。\n"
        "二、下一步打算\n抓好落实。\n"
    )
    assert outline(report.sections) == [
        (
            "一",
            "工作开展情况",
            A,
            [
                ("（一）", "党建工作", A, []),
                ("（二）", "存在的问题", P, [("1.", "学习不深", P, []), ("2.", "落实不力", P, [])]),
            ],
        ),
        ("二", "下一步打算", L, []),
    ]
    assert issue_titles(report) == ["学习不深", "落实不力"]


def test_a_county_named_where_its_committee_leads():
    report = parse_report("一、工作成效\n2022年，白杨街道在和平区委的坚强领导下，各项工作取得新成效。\n")
    assert (report.metadata.county, report.metadata.township) == ("和平区", "白杨街道")


def test_achievement_items_are_never_issues():
    report = parse_report(
        "一、工作成效\n主要是：一是解决了群众反映的突出问题；二是补齐了基础设施短板。\n二、下一步打算\n继续努力。\n"
    )
    assert report.issues == []


@pytest.mark.parametrize("masked", ["20**年", "20XX年", "20xx年", "20○○年", "20××年"])
def test_a_masked_year_in_any_form_is_said_to_be_masked(masked):
    report = parse_report(
        f"红星镇{masked}工作总结\n一、工作成效\n{masked}以来，全镇各项工作取得明显成效。\n二、存在的问题\n一是学习不深。"
    )
    assert report.metadata.year is None
    assert "年份被隐去（20**），未猜测" in report.warnings


def test_a_part_of_one_item_keeps_it():
    """A problems part with one 一是 and a plans part with one （一）: each item is the part's one item, not a
    heading with nothing under it (once, both were lost, with the warning that no problem could be split)."""
    report = parse_report(
        "青石县柳湾镇2022年工作总结\n一、主要工作\n新建道路12公里。\n"
        "二、存在的问题\n一是产业基础薄弱。\n"
        "三、2023年工作打算\n（一）推进乡村振兴示范村建设。\n"
    )
    assert issue_titles(report) == ["产业基础薄弱"]
    assert plan_titles(report) == ["推进乡村振兴示范村建设"]
    assert not report.warnings
    wrapped = parse_report(  # a wrapper around its items stays a wrapper
        "青石县柳湾镇2022年工作总结\n一、主要工作\n新建道路12公里。\n"
        "二、存在的问题\n（一）主要问题\n一是产业基础薄弱。二是人才短缺。\n"
    )
    assert issue_titles(wrapped) == ["产业基础薄弱", "人才短缺"]
