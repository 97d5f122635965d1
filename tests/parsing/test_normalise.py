"""normalise: the one tidy-up of a text before parsing."""

import pytest

from reports.parsing import normalise


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("一、存在的问题:\r\n(一)学习不够 深入,效果不好;", "一、存在的问题：\n（一）学习不够深入，效果不好；"),
        ("\ufeff全镇\x00共有\u200b党员", "全镇共有党员"),
        ("完成投资１２３万元，ＧＤＰ增长", "完成投资123万元，GDP增长"),
        ("第一行\n\n\n  第二行  \r第三行", "第一行\n第二行\n第三行"),
        ("时间为10:30,共1,000人", "时间为10:30，共1,000人"),
        ("访问 (http://example.cn) 页面", "访问（http://example.cn）页面"),
    ],
)
def test_normalise_tidies_punctuation_spaces_and_line_endings(raw, clean):
    assert normalise(raw) == clean


def test_normalise_is_idempotent_on_the_seeds(seeds_dir):
    for path in seeds_dir.glob("*.txt"):
        once = normalise(path.read_text(encoding="utf-8"))
        assert normalise(once) == once
