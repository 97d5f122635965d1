from reports.search.vectors import build_vector, chunk_spans, lexemes


def test_each_character_gives_the_two_and_four_characters_it_starts():
    assert lexemes("乡村振兴战略") == {
        *("乡村振兴", "村振兴战", "振兴战略", "兴战略", "战略", "略"),
        *("乡村", "村振", "振兴", "兴战"),
    }


def test_letters_are_lower_cased_and_punctuation_ends_a_run():
    assert lexemes("GDP增长，好") == {"gdp增", "dp增长", "p增长", "增长", "长", "gd", "dp", "p增", "好"}


def test_the_vector_lists_each_lexeme_once_with_the_segmenter_words():
    vector = build_vector("振兴振兴。", words=["振兴振兴"])
    assert sorted(vector.split(" ")) == sorted(["'振兴振兴'", "'兴振兴'", "'振兴'", "'兴振'", "'兴'"])
    assert build_vector("。，") == ""


def test_long_texts_are_cut_at_line_breaks():
    text = "甲" * 10 + "\n" + "乙" * 10 + "\n" + "丙" * 10
    assert chunk_spans(text, 25, overlap=5) == [(0, 21), (22, 32)]


def test_a_line_longer_than_a_chunk_is_cut_with_an_overlap():
    spans = chunk_spans("字" * 100, 40, overlap=10)
    assert spans == [(0, 40), (30, 70), (60, 100)]
