"""A problems part without a heading: a paragraph that announces problems, then 一是…二是…"""

import pytest

from reports.parsing import parse_report
from tests.parsing.helpers import issue_titles

ACHIEVEMENTS = "一、主要工作\n（一）产业发展提速。新建大棚200座。\n（二）民生持续改善。新建村级养老站3个。\n"
PLANS = "二、下一步工作打算\n（一）壮大特色产业。\n（二）补齐民生短板。\n"


@pytest.mark.parametrize(
    "announcement",
    [
        "在肯定成绩的同时，我们也清醒地看到，发展中还存在不少困难和问题：",
        "但也清醒地认识到，全镇工作与群众期盼相比仍有差距：",
        "同时，我们也看到，工作中还面临一些困难和挑战，主要是：",
        "回顾一年的工作，我们还存在一些短板和不足。",
    ],
)
def test_an_announcing_paragraph_with_items_on_the_same_line(announcement):
    text = ACHIEVEMENTS + announcement + "一是产业链条偏短；二是基础设施欠账较多；三是干部队伍活力不足。\n" + PLANS
    report = parse_report(text)
    assert issue_titles(report) == ["产业链条偏短", "基础设施欠账较多", "干部队伍活力不足"]


def test_an_announcing_paragraph_with_its_items_on_the_lines_after_it():
    text = (
        ACHIEVEMENTS + "但也清醒地看到，发展中还存在不少困难和问题。\n"
        "一是产业链条偏短，带动能力不强。\n二是基础设施欠账较多。\n三是干部队伍活力不足。\n" + PLANS
    )
    report = parse_report(text)
    assert issue_titles(report) == ["产业链条偏短，带动能力不强", "基础设施欠账较多", "干部队伍活力不足"]
    assert [s.kind for s in report.sections] == ["achievements", "problems", "plans"]


def test_a_paragraph_that_only_mentions_difficulties_is_not_a_problems_part():
    text = ACHIEVEMENTS + "面对困难和问题，全镇干部迎难而上，一是抓项目，二是抓服务，取得明显成效。\n" + PLANS
    assert issue_titles(parse_report(text)) == []
