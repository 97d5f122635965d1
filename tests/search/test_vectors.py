from reports.search.vectors import build_vector, chunk_spans, lexemes


def entries(vector: str) -> set[str]:
    return set(vector.split(" "))


def test_each_character_gives_the_four_characters_it_starts():
    assert lexemes("乡村振兴战略") == [
        ("乡村振兴", 1),
        ("村振兴战", 2),
        ("振兴战略", 3),
        ("兴战略", 4),
        ("战略", 5),
        ("略", 6),
    ]


def test_letters_and_digits_are_characters_too_and_punctuation_keeps_its_place():
    assert lexemes("GDP增长，好") == [("gdp增", 1), ("dp增长", 2), ("p增长", 3), ("增长", 4), ("长", 5), ("好", 7)]


def test_words_and_heading_weights():
    vector = build_vector("乡村振兴。", words=[("乡村振兴", 0)], heading_chars=1)
    assert entries(vector) == {"'乡村振兴':1A", "'村振兴':2", "'振兴':3", "'兴':4"}


def test_long_texts_are_cut_at_line_breaks():
    text = "甲" * 10 + "\n" + "乙" * 10 + "\n" + "丙" * 10
    assert chunk_spans(text, 25) == [(0, 21), (22, 32)]


def test_a_line_longer_than_a_chunk_is_cut_with_an_overlap():
    spans = chunk_spans("字" * 100, 40, overlap=10)
    assert spans == [(0, 40), (30, 70), (60, 100)]
