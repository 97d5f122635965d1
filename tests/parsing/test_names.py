import pytest

from reports.parsing.names import is_county_name, is_valid_name


@pytest.mark.parametrize(
    ("name", "valid"), [("管仲", True), ("沙日浩来", True), ("全", False), ("要求", False), ("推动城", False)]
)
def test_what_counts_as_a_name(name, valid):
    assert is_valid_name(name) is valid


@pytest.mark.parametrize(
    ("name", "suffix", "county"),
    [
        ("和平", "区", True),
        ("乌审", "旗", True),
        ("经济开发", "区", False),
        ("风景", "区", False),
        ("工业园", "区", False),
    ],
)
def test_what_counts_as_a_county(name, suffix, county):
    assert is_county_name(name, suffix) is county


@pytest.mark.parametrize("name", ["泰和", "平和", "太和"])
def test_a_name_may_end_in_he(name):
    assert is_valid_name(name)


@pytest.mark.parametrize("name", ["县政府和", "镇党委", "区人大"])
def test_an_institution_is_no_name(name):
    assert not is_valid_name(name)
