"""What the archive says of promises, measured on hand-written pairs of years (bench/followup_labelled.py):
the share it gets right is held, and a pair it gets wrong is named (bench_followup --misses prints them)."""

from bench.followup import judged_plans, judged_target, score_plans, score_targets
from bench.followup_labelled import PlanPair, TargetPair


def test_targets_are_judged_against_next_year_s_figure():
    score = score_targets()
    assert score.total >= 20 and score.share >= 0.9, score.misses


def test_plans_are_judged_with_the_sentence_that_counts():
    scores = score_plans()
    assert scores.status.total >= 20 and scores.status.share >= 0.9, scores.status.misses
    assert scores.done_precision >= 0.9 and scores.done_recall >= 0.9 and scores.evidence_precision >= 0.9


def test_a_pair_is_judged_from_both_parsed_reports():
    """The scoring can fail: a wrong label is a miss."""
    assert judged_target(TargetPair("力争完成固定资产投资5亿元。", "全年完成固定资产投资4亿元。", "met")) == "missed"
    pair = PlanPair(["新建村级文化广场三处", "开展党员冬训"], ["全年新建村级文化广场三处。"], [], [])
    assert [status for status, _ in judged_plans(pair)] == ["done", "not_mentioned"]
