import pytest

from reports.search.query import (
    MatchPlan,
    ParsedQuery,
    TermMatch,
    match_plan,
    parse_query,
    split_on_exact_terms,
    term_items,
    term_match,
)
from reports.search.vectors import gap_lexeme, lexemes, quote


def gap(pair: str) -> str:
    """The quoted bucket of two characters one apart, as a tsquery holds it."""
    return quote(gap_lexeme(*pair))


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
    ("term", "tsquery", "check"),
    [
        ("党建", "'党建'", None),
        ("党", "'党':*", None),
        ("GD", "'gd'", None),
        ("振兴战", f"('振兴' & '兴战' & {gap('振战')})", "振兴战"),
        ("GDP", f"('gd' & 'dp' & {gap('gp')})", "gdp"),
        ("党风廉政", f"('党风' & '风廉' & '廉政' & {gap('党廉')} & {gap('风政')})", "党风廉政"),
        ("哈哈哈哈", f"('哈哈' & {gap('哈哈')})", "哈哈哈哈"),
        ("2022年", f"('20' & '02' & '22' & '2年' & {gap('22')} & {gap('02')} & {gap('2年')})", "2022年"),
        ("转方式、调结构", f"('转方' & '方式' & {gap('转式')} & '调结' & '结构' & {gap('调构')})", "转方式、调结构"),
        ("a'b", "('a':* & 'b':*)", "a'b"),
    ],
)
def test_a_term_is_one_lookup_or_pieces_confirmed_in_the_text(term, tsquery, check):
    assert term_match(term) == TermMatch(tsquery, check)


def test_a_text_holding_a_term_s_pieces_apart_is_left_out_by_its_characters_one_apart():
    apart = "推进乡村建设，农村振兴有力"  # 乡村, 村振 and 振兴, but not 乡村振兴
    whole = "全面推进乡村振兴"
    needed = {lexeme for lexeme, _ in term_items("乡村振兴")}
    assert {"乡村", "村振", "振兴"} <= lexemes(apart)
    assert not needed <= lexemes(apart)
    assert needed <= lexemes(whole)


def test_a_term_without_word_characters_cannot_be_searched():
    assert term_match("、") is None


def test_the_plan_joins_groups_with_and_and_keeps_exclusions_apart():
    plan = match_plan(parse_query("党建 OR 组织 -疫情 -党风廉政建设"))
    assert plan.tsquery == "('党建' | '组织')"
    assert plan.checks == []
    gaps = " & ".join(gap(pair) for pair in ("党廉", "风政", "廉建", "政设"))
    long_term = TermMatch(f"('党风' & '风廉' & '廉政' & '政建' & '建设' & {gaps})", "党风廉政建设")
    assert plan.excluded == [TermMatch("'疫情'"), long_term]


def test_a_group_with_a_long_term_is_confirmed_in_the_text_by_any_of_its_terms():
    plan = match_plan(parse_query("从严治党 OR 党建 振兴"))
    assert plan.tsquery == f"(('从严' & '严治' & '治党' & {gap('从治')} & {gap('严党')}) | '党建') & '振兴'"
    assert plan.checks == [["从严治党", "党建"]]


def test_an_empty_query_has_nothing_to_look_up():
    assert match_plan(parse_query("")) == MatchPlan()


def holds(parsed: ParsedQuery, text: str) -> bool:
    """What a query means, read on a text: a term of every group, and no excluded term."""
    return all(any(term.text in text for term in group) for group in parsed.groups) and not any(
        term.text in text for term in parsed.excluded
    )


def shapes(parts: list[ParsedQuery]) -> list[tuple[list[list[str]], list[str]]]:
    return [([[t.text for t in group] for group in part.groups], [t.text for t in part.excluded]) for part in parts]


def test_an_or_group_of_exact_and_long_terms_splits_into_the_exact_terms_and_the_rest_without_them():
    parts = split_on_exact_terms(parse_query("人居环境 OR 生态 OR 党 党建 -疫情"))
    assert shapes(parts) == [
        ([["生态", "党"], ["党建"]], ["疫情"]),
        ([["人居环境"], ["党建"]], ["疫情", "生态", "党"]),
    ]
    # Only the long term is left to read in each candidate's text.
    assert match_plan(parts[0]).checks == []
    assert match_plan(parts[1]).checks == [["人居环境"]]


@pytest.mark.parametrize("raw", ["党建 OR 组织", "乡村振兴 OR 从严治党", "乡村振兴", "党建 -乡村振兴", ""])
def test_a_query_without_a_mixed_group_is_not_split(raw):
    assert split_on_exact_terms(parse_query(raw)) == [parse_query(raw)]


@pytest.mark.parametrize(
    "raw",
    [
        "人居环境 OR 生态",
        "从严治党 OR 党建 OR 村 振兴",
        "人居环境 OR 生态 从严治党 OR 党建 -疫情",
        "党风廉政 OR 党 -廉政建设",
    ],
)
def test_the_parts_together_match_each_text_the_query_matches_once(raw):
    texts = [
        "改善人居环境，保护生态",
        "人居环境整治",
        "生态优先，绿色发展",
        "全面从严治党，抓党建促振兴",
        "村级组织振兴",
        "疫情防控与生态保护",
        "加强党风廉政建设",
        "党风廉政教育",
        "人居环境 从严治党 疫情",
        "无关的一句话",
    ]
    parsed = parse_query(raw)
    parts = split_on_exact_terms(parsed)
    for text in texts:
        assert sum(holds(part, text) for part in parts) == int(holds(parsed, text)), text
