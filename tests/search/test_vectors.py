import math

from reports.search.vectors import GAP_BUCKETS, WORD_RUN, chunk_spans, gap_lexeme, gap_lexemes, is_word_char, lexemes
from tests.conftest import seed_files


def test_each_character_gives_the_two_characters_it_starts_and_a_run_ends_with_one():
    assert lexemes("乡村振兴战略", gapped=False) == {"乡村", "村振", "振兴", "兴战", "战略", "略"}
    assert lexemes("党", gapped=False) == lexemes("党") == {"党"}


def test_ascii_letters_are_lower_cased_and_punctuation_ends_a_run():
    assert lexemes("GDP增长，好", gapped=False) == {"gd", "dp", "p增", "增长", "长", "好"}


def test_word_characters_are_spelled_out_not_left_to_a_locale():
    assert all(map(is_word_char, "党𠀀Ａａ０Za9"))  # CJK (extension B too), full-width and ASCII alnum
    assert not any(map(is_word_char, "，。 _-①é"))
    assert lexemes("ＧＤＰ增长", gapped=False) == {"ＧＤ", "ＤＰ", "Ｐ增", "增长", "长"}  # not lower-cased


def test_characters_one_apart_are_held_as_numbered_buckets_within_a_run():
    assert lexemes("乡村振兴") - lexemes("乡村振兴", gapped=False) == {gap_lexeme("乡", "振"), gap_lexeme("村", "兴")}
    assert lexemes("乡村，振兴") == lexemes("乡村，振兴", gapped=False)  # not across punctuation
    assert gap_lexemes("乡村") == []
    assert gap_lexemes("GDP".lower()) == [gap_lexeme("g", "p")]
    buckets = {gap_lexeme(a, c) for a in "乡村振兴党建工作" for c in "乡村振兴党建工作𠀀"}
    assert all(b.startswith("^") and 0 <= int(b[1:]) < GAP_BUCKETS for b in buckets)


def test_the_buckets_are_filled_as_evenly_as_by_chance():
    """The seeds' pairs one apart share buckets no more than pairs thrown at random would (7,481 of 16,381
    buckets expected for their 9,993 pairs): no pattern of code points crowds a bucket."""
    runs = [run for path in seed_files() for run in WORD_RUN.findall(path.read_text(encoding="utf-8"))]
    pairs = {(run[i], run[i + 2]) for run in runs for i in range(len(run) - 2)}
    expected = GAP_BUCKETS * (1 - math.exp(-len(pairs) / GAP_BUCKETS))
    assert len(pairs) > 5_000
    assert len({gap_lexeme(*pair) for pair in pairs}) >= 0.98 * expected


def test_long_texts_are_cut_at_line_breaks():
    text = "甲" * 10 + "\n" + "乙" * 10 + "\n" + "丙" * 10
    assert chunk_spans(text, 25, overlap=5) == [(0, 21), (22, 32)]


def test_a_line_longer_than_a_chunk_is_cut_with_an_overlap():
    spans = chunk_spans("字" * 100, 40, overlap=10)
    assert spans == [(0, 40), (30, 70), (60, 100)]
