"""One definition of a mask: names, years and figures the publisher hid."""

import pytest

from reports.parsing.masks import MASK, MASKED_FIGURE, MASKED_TOWNSHIP, MASKED_YEAR, is_masked


@pytest.mark.parametrize("text", ["*镇", "**镇", "XX镇", "xx乡", "某街道", "○○苏木", "□□镇", "×镇"])
def test_masked_townships(text):
    assert MASKED_TOWNSHIP.fullmatch(text)


@pytest.mark.parametrize("text", ["20**年", "20XX年", "20xx年", "20○○年", "20××年", "20□□年"])
def test_masked_years(text):
    assert MASKED_YEAR.fullmatch(text)


@pytest.mark.parametrize(
    ("text", "masked"),
    [("完成投资X万元", "X"), ("流转土地**亩", "**"), ("新增就业1X人", "X"), ("增长X%", "X"), ("完成投资3万元", None)],
)
def test_masked_figures(text, masked):
    found = MASKED_FIGURE.search(text)
    assert (found.group() if found else None) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("**镇", True),
        ("XML格式", False),
        ("Windows XP", False),
        ("管仲镇", False),
        ("20○○年", True),
        ("二○二二年", False),
        ("It&#x27;s", False),  # an escaped apostrophe in a snippet
    ],
)
def test_what_is_a_mask_on_the_page(text, masked):
    assert is_masked(text) is masked
    assert bool(MASK.search(text)) is masked
