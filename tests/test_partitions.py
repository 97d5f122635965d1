"""Passages live in one partition per year (reports.db.partitions): made when a year's first report is stored,
followed when a report's year is corrected, read newest year first by a search, and kept by the migration
that made them, both ways."""

import pytest
from django.core.management import call_command
from django.db import connection

from reports.db import partitions
from reports.models import Passage, Report
from reports.selectors.search import search_sections
from reports.services.ingest import ingest_text
from reports.services.store import index_report

pytestmark = pytest.mark.django_db


def report_text(township: str, year: str, mentions: int = 1) -> str:
    parts = "".join(f"（{n}）第{n}项\n今年抓好干部队伍建设，第{n}次。\n" for n in "一二三四五"[:mentions])
    ending = "二、存在的问题\n一是基础薄弱。\n三、下步打算\n一是补齐短板。\n"
    return f"{township}{year}年工作总结\n一、工作成效\n{parts}{ending}"


def partitions_of(report: Report) -> set[str]:
    with connection.cursor() as cursor:
        sql = "SELECT DISTINCT tableoid::regclass::text FROM reports_passage WHERE report_id = %s"
        cursor.execute(sql, [report.pk])
        return {name for (name,) in cursor.fetchall()}


def test_a_report_s_passages_go_to_its_year_s_partition_made_with_the_first_of_them():
    assert 2031 not in partitions.stored_years()
    report = ingest_text(report_text("白杨镇", "2031"))
    assert report.year == 2031
    assert partitions_of(report) == {"reports_passage_2031"}
    assert 2031 in partitions.stored_years()
    masked = ingest_text(report_text("红山乡", "20**"))
    assert masked.year is None
    assert partitions_of(masked) == {"reports_passage_no_year"}


def test_a_corrected_year_moves_the_report_s_passages_to_that_year():
    report = ingest_text(report_text("白杨镇", "2021"))
    report.year = 2019
    report.save()
    index_report(report)
    assert partitions_of(report) == {"reports_passage_2019"}
    assert {hit.section.report_id for g in search_sections(query="干部").groups for hit in g.hits} == {report.pk}


@pytest.mark.parametrize(("sort", "counted_year"), [("relevance", 2021), ("newest", 2021), ("oldest", 2019)])
def test_past_the_count_cap_a_search_counts_the_newest_years_hits_first(monkeypatch, sort, counted_year):
    from reports.selectors import search as selectors

    for number, year in enumerate(["2020", "2019", "2021", "20**"]):  # stored out of order on purpose
        ingest_text(report_text(f"第{number}镇", year, mentions=4))
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    results = search_sections(query="干部", sort=sort)
    assert results.total_label == "3+"
    assert {value.value: value.count for value in results.facets["year"]} == {counted_year: 3}
    monkeypatch.setattr(selectors, "COUNT_CAP", 2_000)
    every = search_sections(query="干部", sort=sort)
    assert {value.value: value.count for value in every.facets["year"]} == {2019: 4, 2020: 4, 2021: 4}
    assert every.total == 16  # the report of unknown year too, read last


def test_the_walk_reads_known_years_in_order_and_the_unknown_year_last():
    assert partitions.walk_order([2019, None, 2021, 2020]) == [2021, 2020, 2019, None]
    assert partitions.walk_order([2019, None, 2021], newest_first=False) == [2019, 2021, None]
    assert partitions.walk_order([2020]) == [2020]


def relkind() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'reports_passage'::regclass")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_every_passage_both_ways_and_searches_find_the_same(archive):
    before = sorted(Passage.objects.values_list("id", "report_id", "start", "end", "text"))
    found = {hit.section.pk for g in search_sections(query="党建", per_page=500).groups for hit in g.hits}
    assert relkind() == "p" and found
    try:
        call_command("migrate", "reports", "0024", verbosity=0)
        assert relkind() == "r"
        assert sorted(Passage.objects.values_list("id", "report_id", "start", "end", "text")) == before
    finally:
        call_command("migrate", "reports", verbosity=0)
    assert relkind() == "p"
    assert sorted(Passage.objects.values_list("id", "report_id", "start", "end", "text")) == before
    assert {hit.section.pk for g in search_sections(query="党建", per_page=500).groups for hit in g.hits} == found
    again = ingest_text(report_text("白杨镇", "2024"))  # new ids follow the old ones
    assert Passage.objects.filter(report=again).order_by("id").first().id > max(row[0] for row in before)


def test_a_search_filtered_by_years_reads_only_their_partitions():
    import re

    from django.test.utils import CaptureQueriesContext

    from reports.filters import Chosen

    for number, year in enumerate(["2019", "2020", "2021", "20**"]):
        ingest_text(report_text(f"第{number}镇", year))
    partitions.ensure_years([2024])  # a year with a partition and no passage
    cases = [  # filters, the years with hits, whether a year may be read
        ({"year": 2020}, {2020}, lambda year: year == 2020),
        ({"year_from": 2020}, {2020, 2021}, lambda year: year is not None and year >= 2020),
        ({"year": 2022}, set(), lambda year: year == 2022),
    ]
    for filters, years, admitted in cases:
        with CaptureQueriesContext(connection) as queries:
            results = search_sections(query="干部", filters=Chosen.of(**filters))
        assert {group.report.year for group in results.groups} == years
        (walk,) = [query["sql"] for query in queries.captured_queries if "WITH matched" in query["sql"]]
        read = set(partitions.years_of(re.findall(r"FROM (reports_passage_\w+) p", walk)))
        assert years <= read
        assert all(admitted(year) for year in read)  # no other year's partition


def test_a_partition_admits_the_years_the_filters_admit():
    from reports.filters import Chosen

    assert Chosen.of(year_from=2020, year_to=2021).admits_year(2021)
    assert not Chosen.of(year_from=2020, year_to=2021).admits_year(2019)
    assert not Chosen.of(year=2020).admits_year(None)
    assert Chosen.of(section_kind="problems").admits_year(None)
