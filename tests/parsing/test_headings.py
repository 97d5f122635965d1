import pytest

from reports.parsing.headings import cn_to_int, first_clause, match_heading


@pytest.mark.parametrize(
    ("line", "style", "number", "title"),
    [
        ("一、2022年工作开展情况", "chinese", "一", "2022年工作开展情况"),
        ("十二、其他工作", "chinese", "十二", "其他工作"),
        ("二．存在问题", "chinese", "二", "存在问题"),
        (
            "（一）全面强化思想建设，打造学习型班子。镇党委把学懂弄通",
            "chinese_paren",
            "（一）",
            "全面强化思想建设，打造学习型班子",
        ),
        ("(三)紧扣组织建设", "chinese_paren", "（三）", "紧扣组织建设"),
        ("一是强化干部队伍。扎实开展学习", "chinese_shi", "一是", "强化干部队伍"),
        ("1.理论学习不够系统。", "arabic", "1.", "理论学习不够系统"),
        ("2、服务意识不强", "arabic", "2.", "服务意识不强"),
        ("（1）产业基础薄弱", "arabic_paren", "（1）", "产业基础薄弱"),
        ("③干部能力不足。", "circled", "③", "干部能力不足"),
        ("第一部分 2021年工作回顾", "part", "第一部分", "2021年工作回顾"),
        ("第二，加强作风建设。", "ordinal", "第二", "加强作风建设"),
        ("二、存在的问题：", "chinese", "二", "存在的问题"),
        ("（一）加强党建：全年发展党员5名。", "chinese_paren", "（一）", "加强党建"),
    ],
)
def test_it_recognises_a_numbered_heading(line, style, number, title):
    heading = match_heading(line)
    assert (heading.style, heading.number, heading.title) == (style, number, title)


@pytest.mark.parametrize(
    "line",
    [
        "2022年是“十四五”规划承上启下的重要一年",
        "2.5亿元的项目已全部开工。",
        "一年来，全镇上下共同努力",
        "十四五规划开局良好",
        "一是否合规还需研究",
        "协调旗红十字会为黑鱼泡子村修复建设通村桥",
    ],
)
def test_a_sentence_that_only_starts_like_a_number_is_not_a_heading(line):
    assert match_heading(line) is None


def test_the_body_of_a_run_in_heading_starts_after_its_title():
    line = "（二）增强政治意识，夯实政治建设根基。镇党政班子成员带头"
    heading = match_heading(line)
    assert line[heading.body_offset :] == "镇党政班子成员带头"
    assert line[heading.marker_end :].startswith("增强政治意识")


def test_a_long_first_sentence_gives_a_short_title():
    line = "（一）" + "持续深化拓展“大学习、大宣讲、大宣传、大培训、大调研、大落实”活动成果" * 2 + "。后文"
    heading = match_heading(line)
    assert len(heading.title) <= 41


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("7", 7), ("①", 1), ("⑩", 10)],
)
def test_numerals_become_numbers(numeral, value):
    assert cn_to_int(numeral) == value


def test_a_first_clause_is_cut_at_a_comma():
    text = "部分干部的工作标准不高、状态不佳、作风不硬，思维方式、担当意识和能力作风有待持续提升，需要加强"
    assert first_clause(text) == "部分干部的工作标准不高、状态不佳、作风不硬，思维方式"
