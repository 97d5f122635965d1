"""What a reader sees of a copy: the text cut at its copied stretches, and paragraphs side by side with
what differs marked."""

import random

from reports.copying.compare import MAX_PAIRS, PartRate, Piece, Stretch, rates, side_by_side, stretches
from tests.copying.test_copying import prose


def test_the_text_is_cut_at_the_copied_spans_and_nothing_is_lost():
    text = "甲乙丙丁戊己庚辛壬癸"
    pieces = stretches(text, [(2, 5, 7), (4, 6, 9), (8, 10, 7)])
    assert pieces == [Stretch("甲乙"), Stretch("丙丁戊", 7), Stretch("己", 9), Stretch("庚辛"), Stretch("壬癸", 7)]
    assert "".join(p.text for p in pieces) == text
    assert stretches(text, []) == [Stretch(text)]
    with_formula = stretches(text, [(6, 8, 7)], boilerplate=[(0, 3)])
    assert with_formula == [Stretch("甲乙丙", None, True), Stretch("丁戊己"), Stretch("庚辛", 7), Stretch("壬癸")]


def test_a_paragraph_copied_with_its_figures_changed_stands_beside_its_source_with_the_figures_marked():
    rng = random.Random(3)
    copied = "全镇完成固定资产投资3.2亿元，新建高标准农田1200亩，" + prose(rng, 60)
    source = prose(rng, 200) + "\n" + copied + "\n" + prose(rng, 200)
    mine = prose(rng, 150) + "\n" + copied.replace("3.2", "4.5").replace("1200", "1350") + "\n" + prose(rng, 80)
    [pair] = side_by_side(mine, source)
    assert [p.text for p in pair.mine if not p.same] == ["4.5", "35"]
    assert [p.text for p in pair.theirs if not p.same] == ["3.2", "20"]
    assert "".join(p.text for p in pair.mine) == mine.split("\n")[1]
    assert "".join(p.text for p in pair.theirs) == copied
    assert pair.same_characters >= 13


def test_a_paragraph_stands_beside_the_one_source_paragraph_it_shares_most_with():
    rng = random.Random(4)
    long, short = prose(rng, 120), prose(rng, 30)
    source = long + "\n" + prose(rng, 50) + short + prose(rng, 50)
    [pair] = side_by_side(prose(rng, 40) + long + short + prose(rng, 40), source)
    assert "".join(p.text for p in pair.theirs) == long


def test_a_chance_agreement_of_a_character_or_two_is_not_marked_the_same():
    rng = random.Random(6)
    copied = prose(rng, 80)
    [pair] = side_by_side(copied + "甲乙丙的丁戊己", copied + "庚辛的壬癸")
    assert pair.mine == [Piece(copied, True), Piece("甲乙丙的丁戊己", False)]
    assert pair.theirs == [Piece(copied, True), Piece("庚辛的壬癸", False)]


def test_texts_with_nothing_in_common_have_no_pairs():
    rng = random.Random(5)
    assert side_by_side(prose(rng, 300), prose(rng, 300)) == []


def test_many_copied_paragraphs_show_at_most_max_pairs_in_the_report_s_order():
    rng = random.Random(8)
    paragraphs = [prose(rng, 60) for _ in range(MAX_PAIRS + 5)]
    pairs = side_by_side("\n".join(paragraphs), "\n".join(reversed(paragraphs)))
    assert len(pairs) == MAX_PAIRS
    firsts = ["".join(p.text for p in pair.mine) for pair in pairs]
    assert firsts == sorted(firsts, key=paragraphs.index)
    assert all(pair.mine == [Piece(text, True)] for pair, text in zip(pairs, firsts, strict=True))


def test_each_part_has_its_own_rate_counted_in_compared_characters():
    text = "一、成绩。甲乙丙丁戊\n二、问题。己庚辛壬癸"
    parts = [("一、成绩", 0, 10), ("二、问题", 11, 21)]
    found = rates(text, [(5, 8), (16, 21)], parts)
    assert found == [PartRate("一、成绩", 8, 3), PartRate("二、问题", 8, 5)]  # 一成绩甲乙丙丁戊: no 、 or 。
    assert [part.ratio for part in found] == [0.375, 0.625]
