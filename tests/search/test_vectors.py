from reports.search.vectors import build_vector, chunk_spans, lexemes


def entries(vector: str) -> set[str]:
    return set(vector.split(" "))


def test_each_character_gives_the_strings_of_two_to_four_it_starts():
    assert sorted(lexemes("乡村振兴"), key=lambda pair: (pair[1], len(pair[0]))) == [
        ("乡村", 1),
        ("乡村振", 1),
        ("乡村振兴", 1),
        ("村振", 2),
        ("村振兴", 2),
        ("振兴", 3),
        ("兴", 4),
    ]


def test_letters_and_digits_are_characters_too_and_punctuation_keeps_its_place():
    found = set(lexemes("GDP增长，好"))
    assert {("gd", 1), ("gdp", 1), ("gdp增", 1), ("增长", 4), ("长", 5), ("好", 7)} <= found
    assert not any(position == 6 for _, position in found)


def test_words_and_heading_weights():
    vector = build_vector("乡村振兴。", words=[("乡村振兴", 0)], heading_chars=1)
    assert {"'乡村':1A", "'乡村振兴':1A", "'村振':2", "'兴':4"} <= entries(vector)


def test_long_texts_are_cut_at_line_breaks():
    text = "甲" * 10 + "\n" + "乙" * 10 + "\n" + "丙" * 10
    assert chunk_spans(text, 25) == [(0, 21), (22, 32)]


def test_a_line_longer_than_a_chunk_is_cut_with_an_overlap():
    spans = chunk_spans("字" * 100, 40, overlap=10)
    assert spans == [(0, 40), (30, 70), (60, 100)]
