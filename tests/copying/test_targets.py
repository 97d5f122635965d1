"""Targets judged by the next report's achieved figure: met, exceeded, missed, ceilings, 'about', unreported."""

import pytest

from reports.copying.targets import Measure, Outcome, match_targets, outcome_of


def target(value, modifier="", unit="元", change=False, indicator="固定资产投资"):
    return Measure(indicator, unit, change, value, modifier, target=True)


def done(value, unit="元", change=False, indicator="固定资产投资"):
    return Measure(indicator, unit, change, value)


@pytest.mark.parametrize(
    ("goal", "modifier", "achieved", "outcome"),
    [
        (500_000_000, "力争", 520_000_000, Outcome.MET),
        (500_000_000, "力争", 600_000_000, Outcome.EXCEEDED),
        (500_000_000, "突破", 480_000_000, Outcome.MISSED),
        (5.5, "以内", 5.2, Outcome.MET),  # a ceiling: staying under it meets it
        (5.5, "控制在", 5.9, Outcome.MISSED),
        (6, "左右", 5.6, Outcome.MET),  # about 6: within a tenth of it
        (6, "左右", 5.2, Outcome.MISSED),
        (6, "左右", 6.9, Outcome.EXCEEDED),
    ],
)
def test_an_outcome_is_judged_by_the_target_s_modifier(goal, modifier, achieved, outcome):
    assert outcome_of(target(goal, modifier), done(achieved)) is outcome


def test_nothing_to_judge_by_is_said_as_such():
    assert outcome_of(target(100), None) is Outcome.UNREPORTED
    assert outcome_of(target(None), done(100)) is Outcome.UNKNOWN  # masked: never guessed
    assert outcome_of(target(100), done(None)) is Outcome.UNKNOWN


def test_a_target_is_matched_with_the_same_indicator_unit_and_kind_only():
    following = [
        done(7.1, unit="%", change=True, indicator="地区生产总值"),  # a growth rate
        done(1_300_000_000, indicator="地区生产总值"),  # a level
        target(8, unit="%", change=True, indicator="地区生产总值"),  # next year's own target: not an outcome
        done(12, unit="%", change=True, indicator="固定资产投资"),
    ]
    growth = target(7, "左右", unit="%", change=True, indicator="地区生产总值")
    level = target(1_200_000_000, "力争", indicator="地区生产总值")
    roads = target(15, unit="公里", indicator="道路")
    assert match_targets([growth, level, roads], following) == [
        (Outcome.MET, 0),
        (Outcome.MET, 1),
        (Outcome.UNREPORTED, None),
    ]
