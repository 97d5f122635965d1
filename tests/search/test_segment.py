from reports.search.segment import Segmenter, get_segmenter


def test_dictionary_terms_come_out_whole():
    words = get_segmenter().words("认真落实党风廉政建设责任制，坚持三会一课制度，做到两个维护。")
    assert {"党风廉政建设", "三会一课", "两个维护"} <= set(words)


def test_only_chinese_words_of_three_or_more_characters_are_kept():
    words = get_segmenter().words("2023年GDP增长5%，乡村振兴取得实效")
    assert words and all(len(word) >= 3 for word in words)
    assert not any(char.isascii() for word in words for char in word)


def test_an_added_term_is_kept_whole():
    plain, edited = get_segmenter(), Segmenter(["嘎查村两委"])
    assert "嘎查村两委" not in plain.words("加强嘎查村两委班子建设")
    assert "嘎查村两委" in edited.words("加强嘎查村两委班子建设")


def test_word_statistics_cut_as_jieba_does():
    """rjieba is used for its speed (docs/performance.md: 20 MB/s against jieba's 0.9); the words must be jieba's,
    the segmenter the card names, with the same dictionary."""
    import jieba

    from reports.search.segment import shipped_words
    from tests.conftest import seed_files

    jieba.setLogLevel(60)
    reference = jieba.Tokenizer()
    for word in shipped_words():
        reference.add_word(word)
    texts = [path.read_text(encoding="utf-8") for path in seed_files()]
    texts.append("我镇以数字乡村建设为抓手，推进嘎查村两委换届，村集体经济收入突破10万元，XX村修路3.5公里。")
    for text in texts:
        assert get_segmenter().precise(text) == reference.lcut(text, HMM=True)
