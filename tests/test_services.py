"""Ingest and re-parse on a real PostgreSQL: whole reports or nothing, no duplicates, hand edits kept."""

import pytest

from bench.samples import docx_of
from reports.models import SEARCH_INDEX, Issue, OriginalFile, Plan, Report, Section, Theme, Township
from reports.preparing import Original
from reports.reading import Format
from reports.services import ingest, originals, store
from reports.services.ingest import DuplicateReport, Overrides, ingest_prepared, ingest_text, prepare_file
from reports.services.store import find_or_create_township
from reports.services.upkeep import reparse_report, retag_issues
from tests.conftest import SEEDS, seed_files

pytestmark = pytest.mark.django_db


def seed_text(prefix: str) -> str:
    return next(p for p in seed_files() if p.name.startswith(prefix)).read_text(encoding="utf-8")


def test_it_stores_a_report_with_its_tree_issues_plans_and_themes():
    report = ingest_text(seed_text("001"), source_name="001.txt")
    assert (report.year, report.period, report.kind) == (2022, "annual", "party_building")
    assert report.township is None and report.masked_township == "**镇"
    top = list(report.sections.filter(parent=None).order_by("order"))
    assert [(s.kind, s.heading) for s in top] == [
        ("preamble", ""),
        ("achievements", "工作成效"),
        ("problems", "存在问题"),
        ("plans", "下阶段重点工作"),
    ]
    assert top[2].children.count() == 6
    assert report.issues.count() == 6 and report.plans.count() == 4
    epidemic = report.issues.get(title="疫情防控存在短板")
    assert set(epidemic.themes.values_list("name", flat=True)) == {"疫情防控", "干部队伍"}
    for section in report.sections.all():
        assert report.text[section.start : section.end] == section.text


def test_it_refuses_the_same_text_twice_and_names_the_report_that_has_it():
    first = ingest_text(seed_text("000"))
    with pytest.raises(DuplicateReport) as duplicate:
        ingest_text(seed_text("000") + "\n\n")  # the same text once normalised
    assert duplicate.value.existing == first
    assert f"#{first.pk}" in duplicate.value.message
    assert Report.objects.count() == 1


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch):
    """Plans are written after the report, its township, sections and issues: all of those roll back."""
    copy_rows = store.copy_rows

    def broken(table, columns, rows):
        if table == Plan._meta.db_table:
            raise RuntimeError("disk full")
        copy_rows(table, columns, rows)

    monkeypatch.setattr(store, "copy_rows", broken)
    with pytest.raises(RuntimeError):
        ingest_text(seed_text("002"))
    assert (Report.objects.count(), Section.objects.count(), Issue.objects.count(), Township.objects.count()) == (
        0,
        0,
        0,
        0,
    )


def test_an_editors_overrides_win_and_are_remembered():
    report = ingest_text(seed_text("002"), overrides=Overrides(township="马兰镇", county="某某旗", year=2021))
    assert (report.township.name, report.township.county, report.year) == ("马兰镇", "某某旗", 2021)
    assert report.masked_township == ""
    assert report.edited_fields == ["county", "township", "year"]


def test_reparse_keeps_identity_and_hand_edits():
    report = ingest_text(seed_text("004"))
    report.year = 2021
    report.edited_fields = ["year"]
    report.save()
    Section.objects.filter(report=report).update(heading="被改坏的标题")

    again = reparse_report(report)
    assert again.pk == report.pk
    assert again.year == 2021
    assert again.township.name == "管仲镇"
    assert again.sections.filter(parent=None, heading="存在的突出问题和改进措施").exists()
    assert not again.sections.filter(heading="被改坏的标题").exists()
    assert again.issues.count() == 5


def test_retagging_follows_edited_keywords():
    report = ingest_text(seed_text("004"))
    issue = report.issues.get(order=0)  # 群众工作还需更加精细精准
    Theme.objects.create(name="群众工作", keywords="群众工作\n精细精准", order=99)
    assert retag_issues() >= 1
    assert "群众工作" in set(issue.themes.values_list("name", flat=True))


def test_a_township_found_without_a_county_is_completed_not_duplicated():
    first = find_or_create_township("白杨镇")
    second = find_or_create_township("白杨镇", county="和平县")
    assert first.pk == second.pk and second.county == "和平县"
    other = find_or_create_township("白杨镇", county="太平县")
    assert other.pk != first.pk


def test_a_township_another_writer_made_since_the_lookup_is_taken_not_created_twice():
    lookup = store.TownshipLookup(["白杨镇"])  # reads none
    made_meanwhile = Township.objects.create(name="白杨镇", county="和平县")  # as the other batch writer would
    found = lookup.find_or_create("白杨镇", county="和平县")
    assert found.pk == made_meanwhile.pk
    assert Township.objects.filter(name="白杨镇").count() == 1
    assert lookup.find_or_create("白杨镇", county="和平县").pk == made_meanwhile.pk  # and kept for the batch


def test_prepare_reads_a_gbk_file_without_writing(seeds_dir):
    data = (seeds_dir / "004_088a82f410e5b682.txt").read_text(encoding="utf-8").encode("gb18030")
    prepared = prepare_file(data, filename="管仲镇.txt")
    assert prepared.encoding in ("GBK", "GB18030")
    assert prepared.parsed.metadata.township == "管仲镇"
    assert Report.objects.count() == 0


def test_a_word_file_keeps_its_paragraphs():
    prepared = prepare_file(docx_of(seed_text("000")), filename="report.docx")
    assert prepared.encoding == "Word（.docx）"
    assert [s.heading for s in prepared.parsed.sections][1:] == ["2022年工作开展情况", "存在的问题", "2023年工作谋划"]


def test_reindex_stale_rebuilds_only_what_an_older_index_made():
    from reports.models import Passage
    from reports.search.vectors import INDEX_SCHEME
    from reports.selectors.search import search_sections
    from reports.services.upkeep import reindex

    old, current = (ingest_text(seed_text(prefix)) for prefix in ("001", "002"))
    # An index written by an earlier scheme: passages with no text of their own, as migration 0021 left them.
    Passage.objects.filter(report=old).update(text="", index_version="old-scheme")
    assert old.pk not in {g.report.pk for g in search_sections(query="党建").groups}
    assert reindex(stale_only=True) == 1
    assert old.pk in {g.report.pk for g in search_sections(query="党建").groups}
    assert reindex(stale_only=True) == 0
    assert {p.index_version for p in Passage.objects.filter(report__in=[old, current])} == {INDEX_SCHEME}


def test_a_batch_is_stored_whole_or_not_at_all():
    from django.db import IntegrityError

    from reports.services.ingest import ingest_batch, prepare_text

    first, second = (prepare_text(seed_text(prefix)) for prefix in ("001", "002"))
    with pytest.raises(IntegrityError):
        ingest_batch([first, second, prepare_text(seed_text("001"))])
    assert Report.objects.count() == Section.objects.count() == 0
    reports = ingest_batch([first, second])
    assert [r.pk for r in reports] == list(Report.objects.order_by("id").values_list("id", flat=True))
    assert [r.characters for r in reports] == [len(first.text), len(second.text)]


def test_store_batch_falls_back_to_one_report_at_a_time_around_a_duplicate():
    from reports.models import Passage
    from reports.services.ingest import prepare_text, store_batch

    early = prepare_text(seed_text("003"))  # prepared before its twin is stored: not yet a duplicate
    ingest_text(seed_text("003"))
    batch = [prepare_text(seed_text("001")), early, prepare_text(seed_text("002")), prepare_text(seed_text("002"))]
    outcomes = store_batch(batch)
    assert [type(o).__name__ for o in outcomes] == ["Report", "DuplicateReport", "Report", "DuplicateReport"]
    assert Report.objects.count() == 3
    stored = outcomes[0]
    assert stored.sections.count() == len(batch[0].parsed.all_sections())
    assert stored.issues.count() == len(batch[0].parsed.issues) > 0
    assert Passage.objects.filter(report=stored, is_issue=True).count() == stored.issues.count()
    assert set(stored.issues.first().themes.values_list("name", flat=True)) == set(batch[0].parsed.issues[0].themes)


def test_a_batch_stores_each_tree_with_its_items_where_the_parser_put_them():
    from reports.models import Passage
    from reports.services.ingest import ingest_batch, prepare_text

    batch = [prepare_text(seed_text(prefix)) for prefix in ("001", "002", "003")]
    for prepared, report in zip(batch, ingest_batch(batch), strict=True):
        flat = prepared.parsed.all_sections()
        sections = list(report.sections.order_by("order"))
        assert [(s.heading, s.kind, s.level) for s in sections] == [(p.heading, p.kind, p.level) for p in flat]
        parents = {id(child): n for n, parsed in enumerate(flat) for child in parsed.children}
        assert [s.parent.order if s.parent else None for s in sections] == [parents.get(id(p)) for p in flat]
        issues = list(report.issues.order_by("order"))
        assert [i.section.order for i in issues] == [item.section_index for item in prepared.parsed.issues]
        assert [i.section.order for i in report.plans.order_by("order")] == [
            item.section_index for item in prepared.parsed.plans
        ]
        for issue in issues:
            passage = Passage.objects.get(issue=issue)
            assert passage.theme_ids == sorted(issue.themes.values_list("id", flat=True))


def test_a_batch_looks_townships_up_once_and_resolves_them_as_one_report_at_a_time_would():
    from reports.services.ingest import ingest_batch, prepare_text

    named = [Overrides(township="白杨镇", county="和平县"), Overrides(township="白杨镇"), Overrides(township="红旗乡")]
    batch = [
        prepare_text(seed_text(prefix), overrides=o) for prefix, o in zip(("001", "003", "004"), named, strict=True)
    ]
    reports = ingest_batch(batch)
    assert reports[0].township == reports[1].township  # the one 白杨镇 there is, found without a county
    assert reports[1].township.county == "和平县"
    assert sorted(Township.objects.values_list("name", "county")) == [("白杨镇", "和平县"), ("红旗乡", "")]


def test_store_batch_stores_one_by_one_a_batch_aborted_by_a_deadlock_with_another_writer(monkeypatch):
    import psycopg
    from django.db import OperationalError

    from reports.services.ingest import ingest_batch, prepare_text, store_batch

    def deadlocked(batch, **kwargs):
        if len(batch) > 1:
            raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected()
        return ingest_batch(batch, **kwargs)

    monkeypatch.setattr(ingest, "ingest_batch", deadlocked)
    outcomes = store_batch([prepare_text(seed_text("001")), prepare_text(seed_text("002"))])
    assert [type(o).__name__ for o in outcomes] == ["Report", "Report"]


def test_store_batch_lets_other_database_errors_through(monkeypatch):
    from django.db import OperationalError

    from reports.services.ingest import prepare_text, store_batch

    def down(batch, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(ingest, "ingest_batch", down)
    with pytest.raises(OperationalError):
        store_batch([prepare_text(seed_text("001"))])
    assert Report.objects.count() == 0


def test_a_batch_writer_stores_reports_in_batches_and_says_what_became_of_each_in_order(monkeypatch):
    from reports.services.batch_writer import BatchWriter
    from reports.services.ingest import prepare_text
    from reports.services.store import Rules

    monkeypatch.setattr(ingest, "BATCH", 2)
    rules = Rules.load()
    first, second, again = (prepare_text(seed_text(prefix)) for prefix in ("001", "002", "001"))
    with BatchWriter(rules) as writer:
        assert writer.add("a.txt", first) == []
        stored = writer.add("b.txt", second)  # a full batch is stored at once with one writer
        assert [(name, type(outcome).__name__) for name, _, outcome in stored] == [
            ("a.txt", "Report"),
            ("b.txt", "Report"),
        ]
        assert Report.objects.count() == 2
        writer.add("c.txt", again)
        (last,) = writer.finish()
    assert last[0] == "c.txt" and isinstance(last[2], ingest.DuplicateReport)


def test_a_batch_writer_left_by_an_error_stores_nothing_more_and_resets_the_connection(monkeypatch):
    from django.db import connection

    from reports.services.batch_writer import BatchWriter
    from reports.services.ingest import prepare_text
    from reports.services.store import Rules

    def work_mem() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW work_mem")
            return cursor.fetchone()[0]

    monkeypatch.setattr(ingest, "BATCH", 2)
    before = work_mem()
    with pytest.raises(KeyboardInterrupt), BatchWriter(Rules.load()) as writer:
        for prefix in ("001", "002", "003"):
            writer.add(prefix, prepare_text(seed_text(prefix)))
        assert work_mem() != before  # the first two were stored in a bulk-load session
        raise KeyboardInterrupt
    assert Report.objects.count() == 2
    assert work_mem() == before


def search_index_exists() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX])
        return cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_a_big_load_into_an_empty_archive_builds_the_search_index_once_at_its_end(monkeypatch):
    from reports.selectors.search import search_sections
    from reports.services.batch_writer import BatchWriter
    from reports.services.ingest import prepare_text
    from reports.services.store import Rules

    monkeypatch.setattr(ingest, "BATCH", 2)
    with BatchWriter(Rules.load(), writers=2) as writer:
        for prefix in ("000", "001", "002"):
            writer.add(prefix, prepare_text(seed_text(prefix)))
        assert not search_index_exists()  # nothing to search yet: built when the load ends
    assert search_index_exists()
    found = {group.report.pk for group in search_sections(query="党建").groups}
    assert found == {report.pk for report in Report.objects.all() if "党建" in report.text} and len(found) >= 2
    with pytest.raises(KeyboardInterrupt), BatchWriter(Rules.load(), writers=2) as writer:
        writer.add("003", prepare_text(seed_text("003")))
        assert search_index_exists()  # an archive with reports keeps its index up as a load goes
        raise KeyboardInterrupt


@pytest.mark.django_db
def test_the_same_report_as_doc_and_as_pdf_is_one_report():
    formats = SEEDS.parent / "tests" / "fixtures" / "formats"
    doc = prepare_file((formats / "004_088a82f410e5b682.doc").read_bytes(), filename="管仲镇.doc")
    ingest_prepared(doc)
    pdf = prepare_file((formats / "004_088a82f410e5b682.pdf").read_bytes(), filename="管仲镇.pdf")
    assert pdf.text != doc.text  # the PDF's lines were reflowed: one paragraph fewer
    assert pdf.duplicate_of is not None and pdf.duplicate_of.source_name == "管仲镇.doc"


@pytest.mark.django_db
def test_an_ingested_file_keeps_its_original_and_can_be_read_again():
    formats = SEEDS.parent / "tests" / "fixtures" / "formats"
    data = (formats / "001_63944fab751146e4.rtf").read_bytes()
    report = ingest_prepared(prepare_file(data, filename="党建.rtf"))
    assert (bytes(report.original.content), report.original.format, report.original.name) == (data, "rtf", "党建.rtf")
    report.text = "被改坏的全文"
    report.save()
    reparse_report(report, reread=True)
    report.refresh_from_db()
    assert report.text.startswith("2022年以来") and report.sections.filter(kind="problems").exists()
    same_bytes = originals.keep_originals([Original("又一份.rtf", data, Format.RTF)])
    assert list(same_bytes.values()) == [report.original_id] and OriginalFile.objects.count() == 1
