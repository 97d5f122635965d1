import pytest

from reports.search.query import parse_query, term_tsquery, to_tsquery


@pytest.mark.parametrize(
    ("raw", "groups", "excluded"),
    [
        ("乡村振兴 招商", [["乡村振兴"], ["招商"]], []),
        ('"两个 维护"', [["两个维护"]], []),
        ("“两个维护” 党建", [["两个维护"], ["党建"]], []),
        ("-疫情 党建", [["党建"]], ["疫情"]),
        ("党建 OR 组织 或 队伍", [["党建", "组织", "队伍"]], []),
        ("党建 | 组织", [["党建", "组织"]], []),
        ("OR 党建 OR", [["党建"]], []),
        ("  ", [], []),
        ("-", [], []),
        ("“未闭合 引号", [["未闭合"], ["引号"]], []),
        ("，。、", [], []),
        ("（党建）", [["党建"]], []),
    ],
)
def test_the_search_box_syntax(raw, groups, excluded):
    parsed = parse_query(raw)
    assert [[t.text for t in group] for group in parsed.groups] == groups
    assert [t.text for t in parsed.excluded] == excluded


def test_malformed_syntax_degrades_and_says_so():
    parsed = parse_query('"乡村振兴')
    assert parsed.positive_terms == ["乡村振兴"]
    assert parsed.notes == ["引号不成对，已按普通词处理"]


@pytest.mark.parametrize(
    ("term", "tsquery"),
    [
        ("党建", "'党建':*"),
        ("党", "'党':*"),
        ("党建工作", "'党建工作'"),
        ("党风廉政建设", "(('党风廉政' <2> '廉政建设') | '党风廉政建设')"),
        ("铸牢中华民族共同体意识", "((('铸牢中华' <4> '民族共同') <3> '同体意识') | '铸牢中华民族共同体意识')"),
        ("2022年", "('2022' <-> '022年')"),
        ("GDP", "'gdp':*"),
        ("转方式、调结构", "('转方式':* <4> '调结构':*)"),
        ("、", None),
    ],
)
def test_a_term_becomes_one_lookup_or_a_chain_of_pieces(term, tsquery):
    assert term_tsquery(term) == tsquery


def test_the_whole_query_joins_groups_with_and_and_negates_exclusions():
    assert to_tsquery(parse_query("党建 OR 组织 -疫情")) == "('党建':* | '组织':*) & !('疫情':*)"
    assert to_tsquery(parse_query("")) is None


def test_quotes_in_a_term_cannot_break_the_tsquery():
    assert term_tsquery("a'b") == "('a':* <2> 'b':*)"


def test_exclusions_are_kept_apart_so_the_index_finds_them():
    from reports.search.query import split_tsquery

    assert split_tsquery(parse_query("党建 -疫情 -防控")) == ("'党建':*", ["'疫情':*", "'防控':*"])
    assert split_tsquery(parse_query("-疫情")) == (None, ["'疫情':*"])
