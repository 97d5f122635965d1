"""Plans followed up in the next year's report: done, planned again, or not mentioned, with the evidence."""

from reports.copying.followup import Finding, FollowUp, follow_up


def test_each_plan_is_done_planned_again_or_not_mentioned_with_the_sentence_that_counts():
    plans = ["持续壮大特色产业，发展肉牛养殖", "推进人居环境整治", "加强干部队伍建设"]
    achievements = [
        "完成道路硬化12公里。一年来，我们持续壮大特色产业，新建肉牛养殖基地两处，发展肉牛养殖户120户。带动群众增收。",
        "完成道路硬化12公里，新建文化广场3处。",
    ]
    next_plans = ["深入推进人居环境整治提升", "抓好安全生产"]
    assert follow_up(plans, achievements, next_plans) == [
        Finding(FollowUp.DONE, "一年来，我们持续壮大特色产业，新建肉牛养殖基地两处，发展肉牛养殖户120户。"),
        Finding(FollowUp.AGAIN, "深入推进人居环境整治提升"),
        Finding(FollowUp.NOT_MENTIONED),
    ]
    assert FollowUp.NOT_MENTIONED.label == "次年报告未提及" and FollowUp.NO_NEXT_REPORT.label == "无次年报告"


def test_a_plan_with_no_next_report_text_is_not_mentioned():
    assert follow_up(["加强学习"], [], []) == [Finding(FollowUp.NOT_MENTIONED)]
