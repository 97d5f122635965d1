from reports.search.vectors import build_vector, chunk_spans, lexemes


def entries(vector: str) -> set[str]:
    return set(vector.split(" "))


def test_each_character_gives_the_bigram_it_starts():
    assert lexemes("乡村振兴") == [("乡村", 1), ("村振", 2), ("振兴", 3), ("兴", 4)]


def test_letters_and_digits_are_characters_too_and_punctuation_keeps_its_place():
    assert lexemes("GDP增长，好") == [("gd", 1), ("dp", 2), ("p增", 3), ("增长", 4), ("长", 5), ("好", 7)]


def test_words_and_heading_weights():
    vector = build_vector("乡村振兴。", words=[("乡村振兴", 0)], heading_chars=2)
    assert entries(vector) == {"'乡村':1A", "'村振':2A", "'振兴':3", "'兴':4", "'乡村振兴':1A"}


def test_long_texts_are_cut_at_line_breaks():
    text = "甲" * 10 + "\n" + "乙" * 10 + "\n" + "丙" * 10
    assert chunk_spans(text, 25) == [(0, 21), (22, 32)]


def test_a_line_longer_than_a_chunk_is_cut_with_an_overlap():
    spans = chunk_spans("字" * 100, 40, overlap=10)
    assert spans == [(0, 40), (30, 70), (60, 100)]
