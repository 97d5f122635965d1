"""The copy map: each report's copied passages stored from both sides by one check, the summary the 查重
list sorts and filters by, the township pairs, and the pages that show them (real PostgreSQL, real HTTP)."""

import csv
import io

import pytest
from django.db import connection

from reports.models import CopyPassage, Report
from reports.selectors.copies import check_text, township_pairs
from reports.services.copies import check_unchecked, record_copies
from reports.services.ingest import ingest_text
from tests.test_copies import own_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def copied(archive):
    """A report that lifts 400 characters of 管仲镇's and one of its own township's report of the year before."""
    source = Report.objects.get(township__name="管仲镇")
    last_year = ingest_text("石桥乡2022年工作总结\n" + own_words(60) + "\n" + own_words(61))
    copy = ingest_text(
        "石桥乡2023年工作总结\n" + own_words(62) + "\n" + source.text[300:700] + "\n" + own_words(61)[:200]
    )
    return source, last_year, copy


def test_one_check_stores_the_report_s_passages_and_its_sources_and_summarises_both(copied):
    source, last_year, copy = copied
    assert {copy.pk, source.pk, last_year.pk} <= record_copies([copy.pk])
    copy.refresh_from_db()
    live = check_text(copy.text, township_id=copy.township_id, exclude=copy.pk)
    assert copy.copy_ratio == live.ratio > 0.2
    assert copy.copied_from == Report.CopiedFrom.BOTH
    assert copy.copy_top_source_id == live.sources[0].report_id
    assert copy.copy_top_ratio == live.sources[0].ratio
    # the sources were not checked, yet their passages shared with the copy are stored and summarised
    for other, kind in ((source, Report.CopiedFrom.OTHERS), (last_year, Report.CopiedFrom.SELF)):
        other.refresh_from_db()
        assert other.copied_from == kind and other.copy_ratio > 0
        assert copy.pk in set(CopyPassage.objects.filter(report=other).values_list("source_id", flat=True))
    assert set(CopyPassage.objects.filter(report=last_year).values_list("source_id", flat=True)) == {copy.pk}
    stretch = CopyPassage.objects.filter(report=source, source=copy).first()
    assert source.text[stretch.start : stretch.end] in copy.text


def test_checking_again_changes_nothing(copied):
    _, _, copy = copied
    record_copies([copy.pk])
    rows = sorted(CopyPassage.objects.values_list("report", "source", "start", "end"))
    record_copies([copy.pk])
    assert sorted(CopyPassage.objects.values_list("report", "source", "start", "end")) == rows


def test_unchecked_reports_are_checked_and_an_original_report_copies_nothing(archive):
    own = ingest_text("青山镇2023年工作总结\n" + own_words(70) + "\n" + own_words(71))
    assert list(Report.objects.filter(copied_from="")) == [own]
    assert check_unchecked() == 1
    own.refresh_from_db()
    assert (own.copied_from, own.copy_ratio, own.copy_top_source_id) == (Report.CopiedFrom.NONE, 0.0, None)
    assert not Report.objects.filter(copied_from="").exists()


def test_storing_a_report_queues_its_check(archive, django_capture_on_commit_callbacks):
    from procrastinate.contrib.django.models import ProcrastinateJob

    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_text("青山镇2024年工作总结\n" + own_words(72))
    job = ProcrastinateJob.objects.filter(task_name="check_copies").latest("id")
    assert job.args == {"report_ids": [report.pk]} and job.queue_name == "copies"


def test_the_township_pairs_sharing_most_text(copied):
    source, _, copy = copied
    record_copies([copy.pk])
    [pair] = township_pairs(Report.objects.all())
    assert {pair.first, pair.second} == {source.township, copy.township}
    assert pair.reports == 2 and pair.characters > 2 * 300
    assert township_pairs(Report.objects.filter(year=1999)) == []


def test_the_copies_page_lists_the_reports_that_copy_most_and_the_pairs(client, copied):
    source, _, copy = copied
    record_copies([copy.pk])
    html = client.get("/copies/").content.decode()
    assert f'href="/reports/{copy.pk}/copies/"' in html and "本乡镇往年和其他乡镇" in html
    assert f'href="/townships/{source.township_id}/"' in html
    rows = list(csv.reader(io.StringIO(client.get("/copies/", {"format": "csv"}).getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["乡镇甲", "乡镇乙", "相同文字（两边合计）", "涉及报告数"]
    assert {rows[1][0], rows[1][1]} == {"管仲镇", "石桥乡"}
    assert client.get("/copies/", {"year": "3000"}).status_code == 400


def test_the_reports_list_sorts_by_copy_ratio_and_filters_by_whom_it_copies(client, copied):
    _, _, copy = copied
    record_copies([copy.pk])
    data = client.get("/reports/", {"sort": "copied", "format": "json"}).json()["results"]
    assert data[0]["id"] == copy.pk and data[0]["copied_from"] == "本乡镇往年和其他乡镇"
    ratios = [row["copy_ratio"] for row in data if row["copy_ratio"] is not None]
    assert ratios == sorted(ratios, reverse=True)
    assert "尚未检查" not in {row["copied_from"] for row in data}
    unchecked = ingest_text("青山镇2023年工作总结\n" + own_words(73))
    data = client.get("/reports/", {"sort": "copied", "format": "json"}).json()["results"]
    assert (data[-1]["id"], data[-1]["copied_from"]) == (unchecked.pk, "尚未检查")  # unchecked come last
    both = client.get("/reports/", {"copied_from": "both", "format": "json"}).json()["results"]
    assert [row["id"] for row in both] == [copy.pk]
    assert client.get("/reports/", {"copied_from": "maybe"}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_checking_in_two_threads_gives_what_checking_one_by_one_gives(archive):
    for n in range(6):  # six reports lifting from each other and from the seeds
        seed = archive[n % len(archive)]
        ingest_text(f"第{n}号镇2023年工作总结\n" + own_words(80 + n) + "\n" + seed.text[200 + 40 * n : 500 + 40 * n])
    Report.objects.update(copied_from="")
    check_unchecked(workers=2)
    threaded = sorted(Report.objects.values_list("id", "copy_ratio", "copy_top_ratio", "copied_from"))
    passages = CopyPassage.objects.count()
    Report.objects.update(copied_from="")
    CopyPassage.objects.all().delete()
    assert check_unchecked() == len(threaded)
    assert sorted(Report.objects.values_list("id", "copy_ratio", "copy_top_ratio", "copied_from")) == threaded
    assert CopyPassage.objects.count() == passages


def test_a_build_that_counts_the_shared_hashes_once_finds_what_each_check_alone_finds(archive):
    for n in range(4):  # reports lifting from the seeds and from each other
        seed = archive[n % len(archive)]
        ingest_text(f"第{n}号镇2023年工作总结\n" + own_words(90 + n) + "\n" + seed.text[100 + 60 * n : 520 + 60 * n])

    def summaries():
        return sorted(Report.objects.values_list("id", "copy_ratio", "copy_top_source", "copied_from"))

    def stored():
        return sorted(CopyPassage.objects.values_list("report", "source", "start", "end", "same_township"))

    Report.objects.update(copied_from="")
    check_unchecked(shared_from=10**6)  # each check counts its hashes' reports itself
    alone, passages = summaries(), stored()
    Report.objects.update(copied_from="")
    CopyPassage.objects.all().delete()
    check_unchecked(shared_from=1)  # the build counts them once, in a table of its own
    assert summaries() == alone and stored() == passages and len(passages) > 10
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'copy_shared_hashes%%'")
        assert cursor.fetchone()[0] == 0  # dropped after the build


def test_deleting_a_source_brings_the_copy_s_summary_up_to_date(copied, django_capture_on_commit_callbacks):
    _, last_year, copy = copied
    record_copies([copy.pk])
    with django_capture_on_commit_callbacks(execute=True):
        last_year.delete()
    copy.refresh_from_db()
    assert copy.copied_from == Report.CopiedFrom.OTHERS
    assert copy.copy_ratio == check_text(copy.text, township_id=copy.township_id, exclude=copy.pk).ratio
