"""Word statistics on hand-written reports across years: what is counted (stop words and formulas aside, by
part), which words rose, fell and are new, the sums kept in step by the database through corrections,
re-parses and deletions, and /words/ and /api/words over real HTTP."""

from collections import Counter

import pytest
from django.db.models import Sum

from reports.copying.formulas import Formulas
from reports.filters import Chosen
from reports.models import Report, ReportWords, WordTally
from reports.parsing import parse_report
from reports.selectors.words import word_statistics
from reports.services.curation import correct_report
from reports.services.ingest import ingest_text
from reports.services.upkeep import reparse_report
from reports.vocabulary import Counts, compare, count_parts, counted_words

OLD_WORK = (
    "一、主要工作\n抓好脱贫攻坚，巩固脱贫成果，脱贫户全部稳定增收。开展秸秆禁烧巡查，秸秆综合利用率提高，"
    "秸秆还田面积扩大，秸秆收储点建成运行。组织村组干部培训，整治农村人居环境。\n"
)
NEW_WORK = (
    "一、主要工作\n推进数字乡村建设，数字乡村平台覆盖全部村组，数字乡村服务站投入使用，数字乡村培训覆盖干部群众。"
    "巩固脱贫成果，防止返贫监测到户。组织村组干部培训，整治农村人居环境。\n"
)
TAIL = "二、存在的问题\n一是村集体经济薄弱。\n三、下一步工作打算\n（一）发展特色种植。\n"


def report(township: str, year: int, work: str) -> str:
    return f"青石县{township}{year}年工作总结\n{work}{TAIL}"


@pytest.fixture
def three_years(db) -> list[Report]:
    texts = [report("柳湾镇", 2020, OLD_WORK), report("白杨镇", 2021, OLD_WORK.replace("稳定", "持续"))]
    texts += [report("柳湾镇", 2022, NEW_WORK), report("白杨镇", 2022, NEW_WORK.replace("投入", "开始"))]
    return [ingest_text(text) for text in texts]


def tally_matches_reports() -> None:
    """WordTally holds exactly the sums of ReportWords by year, kind, period and part (zero rows aside)."""
    expected: Counter = Counter()
    for row in ReportWords.objects.exclude(year=None):
        for word, count in zip(row.words, row.counts, strict=True):
            expected[(row.year, row.kind, row.period, row.part, word)] += count
    held = Counter({(t.year, t.kind, t.period, t.part, t.word): t.count for t in WordTally.objects.exclude(count=0)})
    assert held == expected


def test_counted_words_leave_out_stop_words_formulas_and_non_words():
    text = "我镇切实加强党风廉政建设，完成投资3.2亿元，XX村修路12公里。"
    assert "党风廉政建设" in counted_words(text)
    words = counted_words(text, Formulas.of(["党风廉政"]))
    assert "党风廉政建设" not in words and "党风廉政" not in words  # the formula is cut out first
    assert not {"我镇", "切实", "加强", "亿元", "公里", "3.2"} & set(words)
    assert "投资" in words and all(len(w) >= 2 for w in words)


def test_each_part_is_counted_apart():
    parsed = parse_report(report("柳湾镇", 2022, NEW_WORK))
    parts = count_parts(parsed.all_sections())
    assert parts["achievements"]["数字乡村"] == 4
    assert parts["problems"]["村集体经济"] == 1 and "数字乡村" not in parts["problems"]
    assert "特色" in parts["plans"] or "种植" in parts["plans"]


def test_a_rare_rise_does_not_outrank_a_large_one():
    now = Counts({"数字乡村": 80, "秸秆": 2, "脱贫": 10}, 2000)
    before = Counts({"数字乡村": 20, "秸秆": 0, "脱贫": 60}, 2000)
    prior = Counts({"数字乡村": 100, "秸秆": 2, "脱贫": 70}, 4000)
    risen, fallen = compare(now, before, prior, keep=3)
    assert [r.word for r in risen] == ["数字乡村", "秸秆", "脱贫"] and fallen == risen[::-1]
    assert risen[0].z > 1.96 > risen[1].z and risen[-1].z < -1.96
    assert (risen[0].now, risen[0].before) == (80, 20)
    assert compare(now, Counts({}, 0), prior, keep=3) == ([], [])  # nothing to compare with


def test_the_year_s_words_against_the_years_before(three_years):
    stats = word_statistics(Chosen())
    assert (stats.year, stats.first_year, stats.reports) == (2022, 2020, 2)
    assert stats.frequent[0].word == "数字乡村" and stats.frequent[0].count == 8
    assert stats.frequent[0].per_10k == pytest.approx(8 * 10_000 / stats.words_now)
    assert "数字乡村" in [w.word for w in stats.risen] and "秸秆" in [w.word for w in stats.fallen]
    assert "数字乡村" in [w.word for w in stats.new] and "脱贫" not in [w.word for w in stats.new]
    assert word_statistics(Chosen.of(year_to=2021)).year == 2021  # the latest year of the range, not of all
    assert word_statistics(Chosen.of(year_to=2021, county="青石县")).year == 2021
    outside = word_statistics(Chosen.of(year=2022, year_to=2021))  # a year the range leaves out: nothing
    assert (outside.year, outside.frequent, outside.words_now) == (None, [], 0)
    first = word_statistics(Chosen.of(year=2020))
    assert first.frequent and not first.compared and first.new == [] and first.risen == []


def test_a_township_or_county_reads_its_reports_counts_and_agrees_with_the_sums(three_years):
    """The two ways of summing give the same answer where their scopes are the same (one county here)."""
    whole, county = word_statistics(Chosen()), word_statistics(Chosen.of(county="青石县"))
    assert (county.frequent, county.risen, county.new) == (whole.frequent, whole.risen, whole.new)
    township = word_statistics(Chosen.of(township=three_years[0].township_id))
    assert township.reports == 1 and township.first_year == 2020
    part = word_statistics(Chosen.of(section_kind="problems"))
    assert [w.word for w in part.frequent] == [] or "数字乡村" not in [w.word for w in part.frequent]


def test_the_sums_follow_every_change_of_the_reports(three_years):
    tally_matches_reports()
    first = three_years[0]
    first.year = 2019
    first.save()
    correct_report(first, corrected=["year"])  # an archivist's correction of the year
    assert ReportWords.objects.filter(report=first).values_list("year", flat=True).distinct().get() == 2019
    tally_matches_reports()
    reparse_report(Report.objects.get(pk=three_years[2].pk))  # its counts made anew
    tally_matches_reports()
    Report.objects.get(pk=three_years[3].pk).delete()
    tally_matches_reports()
    assert (
        WordTally.objects.filter(year=2022).aggregate(n=Sum("count"))["n"]
        == ReportWords.objects.filter(year=2022).aggregate(n=Sum("total"))["n"]
    )


def test_the_words_page_its_exports_and_api(client, three_years):
    html = client.get("/words/").content.decode()
    assert "2022年" in html and "上升最多的词" in html and "新出现的词" in html
    assert "/search/?q=%E6%95%B0%E5%AD%97%E4%B9%A1%E6%9D%91&amp;year=2022" in html  # 数字乡村, in its year
    assert "/trends/?q=%E6%95%B0%E5%AD%97%E4%B9%A1%E6%9D%91" in html
    assert 'data-filter="kind"' in html
    data = client.get("/api/words", {"county": "青石县"}).json()
    assert data["year"] == 2022 and data["compared"] and data["frequent"][0]["word"] == "数字乡村"
    rows = client.get("/words/", {"format": "json", "year": "2022"}).json()["results"]
    assert {"table": "新出现的词", "word": "数字乡村"}.items() <= next(
        r for r in rows if r["table"] == "新出现的词"
    ).items()
    csv = b"".join(client.get("/words/", {"format": "csv"}).streaming_content).decode()
    assert csv.startswith("\ufeff类别,词,年份") and "最常用的词,数字乡村,2022,8," in csv
    empty = client.get("/words/", {"year": "1999"}).content.decode()
    assert "所选范围内没有可统计用词的报告" in empty or "1999年" in empty
    assert client.get("/api/words", {"year": "abc"}).status_code == 400
