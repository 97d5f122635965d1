from reports.parsing.themes import DEFAULT_THEMES, tag_themes


def test_every_theme_with_a_keyword_in_the_text_is_given_in_rule_order():
    assert tag_themes("疫情防控存在短板。部分干部未规范佩戴口罩。", DEFAULT_THEMES) == ("干部队伍", "疫情防控")


def test_rules_are_data_passed_in():
    assert tag_themes("营商环境有待优化", {"营商环境": ["营商环境"], "其他": ["无关"]}) == ("营商环境",)
    assert tag_themes("任何文字", {}) == ()
