from reports.search.vectors import chunk_spans, is_word_char, lexemes


def test_each_character_gives_the_two_characters_it_starts_and_a_run_ends_with_one():
    assert lexemes("乡村振兴战略") == {"乡村", "村振", "振兴", "兴战", "战略", "略"}
    assert lexemes("党") == {"党"}


def test_ascii_letters_are_lower_cased_and_punctuation_ends_a_run():
    assert lexemes("GDP增长，好") == {"gd", "dp", "p增", "增长", "长", "好"}


def test_word_characters_are_spelled_out_not_left_to_a_locale():
    assert all(map(is_word_char, "党𠀀Ａａ０Za9"))  # CJK (extension B too), full-width and ASCII alnum
    assert not any(map(is_word_char, "，。 _-①é"))
    assert lexemes("ＧＤＰ增长") == {"ＧＤ", "ＤＰ", "Ｐ增", "增长", "长"}  # not lower-cased


def test_long_texts_are_cut_at_line_breaks():
    text = "甲" * 10 + "\n" + "乙" * 10 + "\n" + "丙" * 10
    assert chunk_spans(text, 25, overlap=5) == [(0, 21), (22, 32)]


def test_a_line_longer_than_a_chunk_is_cut_with_an_overlap():
    spans = chunk_spans("字" * 100, 40, overlap=10)
    assert spans == [(0, 40), (30, 70), (60, 100)]
