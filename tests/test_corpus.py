"""The realistic benchmark corpus: the genre's structure, townships' cores, planted copies, and a vocabulary
that keeps growing as real text's does (reports/corpus.py)."""

import itertools
from pathlib import Path

import pytest

from bench import corpus
from bench import search as benchmark
from reports.copying import comparable, covered, runs_between
from reports.parsing import ReportKind, SectionKind, parse_report

CORPUS = corpus.Corpus(600)


def test_a_report_is_made_the_same_every_time():
    assert corpus.Corpus(600).report(321) == CORPUS.report(321)


@pytest.mark.parametrize("number", [0, 250, 599])
def test_a_report_parses_as_the_genre_does(number):
    text, planted = CORPUS.report(number)
    town, year, kind = CORPUS.place(number)
    parsed = parse_report(text)
    assert (parsed.metadata.township, parsed.metadata.county, parsed.metadata.year) == (town.name, town.county, year)
    assert parsed.metadata.kind == ReportKind(kind)
    assert [s.kind for s in parsed.sections] == [
        SectionKind.PREAMBLE,
        SectionKind.ACHIEVEMENTS,
        SectionKind.PROBLEMS,
        SectionKind.PLANS,
    ]
    assert len(parsed.issues) >= 2 and len(parsed.plans) >= 2
    assert 1500 < planted.characters == len(text) < 12000


def test_the_townships_reports_span_the_years():
    years = {CORPUS.place(n)[1] for n in range(CORPUS.count) if CORPUS.place(n)[0].number == 7}
    assert len(years) >= 3 and min(years) >= corpus.FIRST_YEAR


def test_a_townships_reports_of_two_years_share_a_core_but_not_all_of_it():
    province = corpus.Corpus(30000)  # 1,500 townships, a report each a year: 3 and 1503 are 2005 and 2006
    assert province.place(3)[0] == province.place(1503)[0]
    assert (province.place(3)[1], province.place(1503)[1]) == (2005, 2006)
    first, second = province.report(3)[0], province.report(1503)[0]
    shared = covered(runs_between(comparable(second), comparable(first)))
    assert 0.1 < shared / len(comparable(second).chars) < 0.9


def test_a_planted_copy_stands_whole_in_its_source():
    copied = [(n, CORPUS.report(n)[1]) for n in range(CORPUS.count) if CORPUS.report(n)[1].sources]
    assert copied, "some reports copy from other townships"
    number, planted = copied[0]
    text = CORPUS.report(number)[0]
    for source in planted.sources:
        assert CORPUS.place(source)[0] != CORPUS.place(number)[0] and source < number
        found = covered(runs_between(comparable(text), comparable(CORPUS.report(source)[0])))
        assert found >= 13
    share = sum(CORPUS.report(n)[1].copied_from_others for n in range(CORPUS.count)) / sum(
        len(CORPUS.report(n)[0]) for n in range(CORPUS.count)
    )
    assert 0.005 < share < 0.1


def test_distinct_strings_keep_growing_unlike_the_recombined_seeds():
    realistic = corpus.vocabulary_curve(itertools.islice(CORPUS.texts(), 300))
    recombined = corpus.vocabulary_curve(benchmark.synthetic_reports(300))
    assert corpus.heaps_exponent(realistic[-4:]) > 0.4
    assert corpus.heaps_exponent(recombined[-4:]) < 0.2


def test_the_curve_and_the_slopes_on_hand_made_text():
    curve = corpus.vocabulary_curve(["甲乙丙丁", "甲乙丙丁", "戊己庚辛"], points=3)
    assert [(p.characters, p.bigrams, p.fourgrams) for p in curve] == [(4, 3, 1), (8, 3, 1), (12, 6, 2)]
    assert corpus.zipf_exponent(["甲乙"]) == 0.0


def test_the_seeds_are_the_yardstick_the_command_prints_beside():
    assert len(list(Path(corpus.SEEDS).glob("*.txt"))) == 5
