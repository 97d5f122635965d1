"""Search on a real PostgreSQL over the seeds and hand-made reports: exact matches, ranking, facets, trends."""

import random
import re

import pytest

from reports.filters import Chosen
from reports.models import Passage, Report, Section, Theme, Township
from reports.selectors.search import search_issues, search_sections
from reports.selectors.trends import keyword_trends
from reports.services.ingest import ingest_text
from tests.test_services import seed_text

pytestmark = pytest.mark.django_db


def found_sections(query: str, **filters) -> set[int]:
    results = search_sections(query=query, filters=Chosen.of(**filters), per_page=10_000)
    return {hit.section.pk for group in results.groups for hit in group.hits}


def sections_containing(term: str) -> set[int]:
    return {s.pk for s in Section.objects.all() if term.lower() in s.text.lower()}


def sample_terms(count: int, seed: int = 7) -> list[str]:
    """Strings of 1 to 6 characters cut at random from the seeds, inside runs of Chinese or digits."""
    rng = random.Random(seed)
    texts = [s.text for s in Section.objects.all()]
    terms = set()
    while len(terms) < count:
        text = rng.choice(texts)
        size = rng.randint(1, 6)
        start = rng.randrange(0, max(1, len(text) - size))
        term = text[start : start + size]
        if re.fullmatch(r"[\u4e00-\u9fff0-9]+", term):
            terms.add(term)
    return sorted(terms)


def test_any_string_from_the_corpus_finds_exactly_the_sections_that_contain_it(archive):
    misses = {term: (found_sections(term), sections_containing(term)) for term in sample_terms(300)}
    wrong = {term: pair for term, pair in misses.items() if pair[0] != pair[1]}
    assert wrong == {}


def test_an_or_of_terms_of_any_lengths_finds_the_sections_that_contain_either(archive):
    terms = sample_terms(60, seed=3)
    pairs = list(zip(terms[::2], terms[1::2], strict=True))
    assert any(len(a) <= 2 < len(b) or len(b) <= 2 < len(a) for a, b in pairs)  # exact beside confirmed
    wrong = {
        (a, b): found
        for a, b in pairs
        if (found := found_sections(f"{a} OR {b}")) != sections_containing(a) | sections_containing(b)
    }
    assert wrong == {}


@pytest.mark.parametrize("term", ["党建", "乡村振兴", "廉政建设", "两个维护", "嘎查", "一岗双责", "三会一课", "2022年"])
def test_domain_terms_are_found_wherever_they_are_written(archive, term):
    assert found_sections(term) == sections_containing(term)
    assert found_sections(term)


def test_a_short_term_finds_longer_words_that_hold_it(archive):
    hits = found_sections("党建")
    assert sections_containing("党建工作") <= hits
    assert sections_containing("抓党建") <= hits


def test_all_terms_must_match_and_exclusions_remove(archive):
    both = found_sections("党建 乡村振兴")
    assert both == sections_containing("党建") & sections_containing("乡村振兴")
    without = found_sections("党建 -乡村振兴")
    assert without == sections_containing("党建") - sections_containing("乡村振兴")
    either = found_sections("嘎查 OR 招商引资")
    assert either == sections_containing("嘎查") | sections_containing("招商引资")


def test_filters_narrow_the_hits(archive):
    problems = found_sections("干部", section_kind="problems")
    assert problems and all(Section.objects.get(pk=pk).kind == "problems" for pk in problems)
    assert found_sections("党建", year_from=2023) == {
        pk for pk in sections_containing("党建") if Section.objects.get(pk=pk).report.year == 2023
    }


def test_hits_are_grouped_under_their_reports_with_marked_snippets(archive):
    results = search_sections(query="乡村振兴")
    assert results.total == len(sections_containing("乡村振兴"))
    assert len({group.report.pk for group in results.groups}) == len(results.groups)
    for group in results.groups:
        for hit in group.hits:
            assert "<mark>乡村振兴</mark>" in hit.snippet
            assert hit.section.report_id == group.report.pk


def test_a_heading_hit_ranks_above_a_passing_mention(archive):
    results = search_sections(query="意识形态")
    first = results.groups[0].hits[0].section
    assert "意识形态" in first.heading


def test_sorting_by_newest_and_oldest(archive):
    newest = [g.report.year for g in search_sections(query="党建", sort="newest").groups]
    oldest = [g.report.year for g in search_sections(query="党建", sort="oldest").groups]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)


def test_facets_count_the_hits_for_each_value(archive):
    results = search_sections(query="干部")
    years = {v.value: v.count for v in results.facets["year"]}
    expected = {}
    for pk in sections_containing("干部"):
        year = Section.objects.get(pk=pk).report.year
        expected[year] = expected.get(year, 0) + 1
    assert years == expected
    kinds = {v.label for v in results.facets["section_kind"]}
    assert "存在问题" in kinds
    assert results.facets["theme"]


def test_townships_and_themes_are_named_by_the_search_s_own_statement(archive, django_assert_max_num_queries):
    # BEGIN (a savepoint in a test), the settings, the statement, COMMIT (its release), the page's sections
    with django_assert_max_num_queries(5) as queries:
        results = search_sections(query="干部")
    assert not [q for q in queries.captured_queries if "reports_theme" in q["sql"] and "WITH matched" not in q["sql"]]
    townships = {t.pk: t.name for t in Township.objects.all()}
    assert {v.label for v in results.facets["township"]} == {townships[v.value] for v in results.facets["township"]}
    themes = {t.pk: t.name for t in Theme.objects.all()}
    assert {(v.value, v.label) for v in results.facets["theme"]} == {
        (v.value, themes[v.value]) for v in results.facets["theme"]
    }


def test_an_empty_query_lists_by_filters_and_malformed_syntax_never_raises(archive):
    assert (
        search_sections(query="", filters=Chosen.of(year_from=2023)).total
        == Section.objects.filter(report__year=2023).count()
    )
    for raw in ['"', "-", "OR", "((", "!党建", "党建 & 组织", "'", "\\", "a:*", "<->"]:
        search_sections(query=raw)


def test_issues_are_searchable_on_their_own(archive):
    results = search_issues(query="疫情")
    assert [hit.issue.title for hit in results.issues] == ["疫情防控存在短板"]
    assert "<mark>疫情</mark>" in results.issues[0].snippet
    themed = search_issues(query="", filters=Chosen.of(theme=results.issues[0].issue.themes.first().pk))
    assert themed.total >= 1


def test_text_is_escaped_in_snippets():
    ingest_text(
        "白杨镇2022年工作总结\n一、工作成效\n<script>alert(1)</script>党建工作扎实推进，成效明显，群众满意度高。"
    )
    hit = search_sections(query="党建").groups[0].hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_a_phrase_far_into_a_long_section_and_a_term_repeated_300_times():
    filler = "全镇上下团结一心各项工作稳步推进。" * 1300  # about 22,000 characters in one paragraph
    text = "白杨镇2022年工作总结\n" + filler + "特色林果产业示范基地建设。" + "党建" * 300 + "招商引资成效显著"
    report = ingest_text(text)
    assert Passage.objects.filter(report=report).count() > 5
    assert found_sections("特色林果产业示范基地")
    assert found_sections("招商引资成效显著")


def test_a_long_term_is_confirmed_in_the_text_when_its_pieces_stand_apart():
    apart = ingest_text("白杨镇2022年工作总结\n一、工作成效\n抓好党风廉政，推进作风和廉政建设，成效明显。")
    together = ingest_text("红山乡2022年工作总结\n一、工作成效\n全面加强党风廉政建设，落实一岗双责。")
    assert {Section.objects.get(pk=pk).report for pk in found_sections("党风廉政建设")} == {together}
    assert {Section.objects.get(pk=pk).report for pk in found_sections("党风廉政")} == {apart, together}
    assert found_sections("廉政建设 -党风廉政建设") == {s.pk for s in apart.sections.all() if "廉政建设" in s.text}
    assert found_sections("党风廉政建设 OR 作风和") == found_sections("党风廉政建设") | found_sections("作风和")


def test_past_the_count_cap_the_total_and_facets_say_they_are_partial(archive, monkeypatch):
    from reports.selectors import search as selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 5)
    results = search_sections(query="党建", per_page=2)
    assert len(sections_containing("党建")) > 5
    assert (results.total_label, results.facets_are_partial, results.has_next) == ("3+", True, True)
    assert sum(v.count for v in results.facets["year"]) == 3


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize(("cap", "candidates"), [(3, 5), (10_000, 5), (10_000, 200)], ids=["capped", "past", "all"])
def test_every_hit_is_reachable_page_by_page_once(archive, monkeypatch, sort, cap, candidates):
    from reports.selectors import search as selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", cap)
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", candidates)
    seen, page = [], 1
    while True:
        results = search_sections(query="党建", sort=sort, page=page, per_page=4)
        seen += [hit.section.pk for group in results.groups for hit in group.hits]
        if not results.has_next:
            break
        page += 1
    assert sorted(seen) == sorted(sections_containing("党建"))  # each once, none left out
    years = [Section.objects.get(pk=pk).report.year for pk in seen[results.ranked :]]
    if sort != "oldest":
        assert years == sorted(years, reverse=True)  # after the ranked ones, newest first


def test_trends_count_reports_and_mentions_per_year(archive):
    (trend,) = keyword_trends(keywords=["乡村振兴"])
    by_year = {p.year: p for p in trend.points}
    for year in (2022, 2023):
        reports = Report.objects.filter(year=year)
        assert by_year[year].reports == reports.count()
        assert by_year[year].mentioning == sum("乡村振兴" in r.text for r in reports)
        sections = Section.objects.filter(report__in=reports)
        assert by_year[year].mentions == sum("乡村振兴" in s.text for s in sections)
        assert by_year[year].characters == sum(len(r.text) for r in reports)
    assert by_year[2022].per_10k == round(by_year[2022].mentions * 10_000 / by_year[2022].characters, 3)


def test_trends_per_township(archive):
    (trend,) = keyword_trends(keywords=["乡村振兴"], by_township=True)
    assert list(trend.by_township) == ["管仲镇"]
    sections = Section.objects.filter(report__township__name="管仲镇")
    assert trend.by_township["管仲镇"][0].mentions == sum("乡村振兴" in s.text for s in sections) > 0


def test_postgresql_computes_the_n_grams_python_computes():
    from django.db import connection

    from reports.search.vectors import INDEXED_FIELDS, NGRAMS_FUNCTION, TERMS_FUNCTION, lexemes

    texts = [seed_text(prefix) for prefix in ("000", "001", "002", "003", "004")]
    texts += ["党建，党建工作", "GDP增长5%，ＧＤＰ增长；X镇**村", "𠀀字乡𠀁", "", "。，", "a_b-c", "乡村振兴"]
    no_fields = ", ".join(["%s", *("NULL" for _ in INDEXED_FIELDS)])  # the text's lexemes alone
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute(f"SELECT tsvector_to_array({TERMS_FUNCTION}({no_fields}))", [text])
            assert set(cursor.fetchone()[0]) == lexemes(text)
            cursor.execute(f"SELECT tsvector_to_array({NGRAMS_FUNCTION}(%s))", [text])  # the expression before
            assert set(cursor.fetchone()[0]) == lexemes(text, gapped=False)
        cursor.execute(f"SELECT length({TERMS_FUNCTION}({no_fields}))", ["党" * 40_000])
        assert cursor.fetchone()[0] == 3  # 党党, 党 and 党_党, in a text of any length: no position limit


def test_the_index_holds_each_passage_s_filterable_fields_as_lexemes(archive):
    from django.db import connection

    from reports.search.vectors import INDEXED_FIELDS, field_lexeme
    from reports.selectors.search import indexed

    themed = Passage.objects.exclude(theme_ids=[]).filter(township__isnull=False).first()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tsvector_to_array({indexed('p')}) FROM reports_passage p WHERE p.id = %s", [themed.pk])
        held = set(cursor.fetchone()[0])
    for name, kind in INDEXED_FIELDS:
        values = getattr(themed, name) if kind.endswith("[]") else [getattr(themed, name)]
        assert values and {field_lexeme(name, value) for value in values} <= held
    assert {lexeme for lexeme in held if lexeme.startswith("~")} == {
        field_lexeme(name, value)
        for name, kind in INDEXED_FIELDS
        for value in (getattr(themed, name) if kind.endswith("[]") else [getattr(themed, name)])
    }


def explained(query: str, filters: Chosen, *, issues: bool) -> tuple[str, str]:
    """(what the GIN index is asked, what is tested on each row it found) in the plan of a search."""
    from django.db import connection, transaction

    from reports.search.query import parse_query
    from reports.selectors.search import HitQuery, _use_the_index

    hits = HitQuery(parse_query(query), filters, issues=issues)
    with transaction.atomic(), connection.cursor() as cursor:
        _use_the_index(cursor)
        cursor.execute(f"EXPLAIN SELECT p.id FROM reports_passage p WHERE {hits.where}", hits.params)
        plan = [row[0] for row in cursor.fetchall()]
    asked = next(line for line in plan if "Index Cond" in line)
    return asked, "\n".join(line for line in plan if "Cond" not in line)


def test_a_filter_the_index_holds_is_an_operand_of_the_index_query_not_a_test_of_each_hit(archive):
    asked, tested = explained("干部", Chosen.of(section_kind="problems", year_from=2020), issues=False)
    assert "~section_kind=problems" in asked and "section_kind" not in tested
    assert "year >=" in tested  # a range of years is tested on each hit
    assert "NOT is_issue" in tested  # nearly every hit of a word is a section's: cheaper tested than intersected
    asked, tested = explained("干部", Chosen.of(theme=1), issues=True)
    assert "~is_issue=true" in asked and "~theme_ids=1" in asked and "is_issue" not in tested
