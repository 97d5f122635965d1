"""One report, many forms: a scan, a photo or another save of a stored report is kept as another original of
that report, never as a second report that the copy check would then show as a copier."""

import re

import pytest
from django.urls import reverse

from reports.models import OriginalFile, Report, StagedUpload
from reports.services.copies import record_copies
from tests.conftest import SEEDS
from tests.test_uploads import confirm_all, file_url, run_queue, shown_forms, states, upload

pytestmark = pytest.mark.django_db

TEXT_004 = (SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8")
Status = StagedUpload.Status


def as_scanned(text: str, every: int = 150) -> str:
    """The text as OCR reads a scan of it: a character misread every `every` (天/大, 自/目, full-width marks)."""
    misread = {"天": "大", "自": "目", "，": ",", "。": ".", "０": "0", "人": "入", "日": "目"}
    out = list(text)
    for at in range(every // 2, len(out), every):
        out[at] = misread.get(out[at], "口")
    return "".join(out)


def stored_from_a_file(client) -> Report:
    """A report stored the way an archivist stores one: uploaded, read, confirmed."""
    batch = upload(client, [("管仲镇2022年工作总结.txt", TEXT_004.encode())])
    run_queue()
    confirm_all(client, batch)
    return Report.objects.get()


def test_a_scan_of_a_stored_report_is_offered_as_its_other_form_and_kept_so(editor_client, client):
    """Once, a scan showed 96.7% in the preview, was stored as a new report, and made the original a copier."""
    report = stored_from_a_file(editor_client)
    batch = upload(editor_client, [("扫描件.txt", as_scanned(TEXT_004).encode())])
    run_queue()
    row = StagedUpload.objects.get(filename="扫描件.txt")
    table = editor_client.get(batch).content.decode()
    assert re.search(rf"与 <a [^>]+>#{report.pk}</a> 基本相同（9\d\.\d%）", table)
    page = editor_client.get(file_url(row)).content.decode()
    assert re.search(rf"与报告 #{report.pk}《[^》]+》基本相同（9\d\.\d%）", page)
    shown = shown_forms(editor_client, batch)
    assert shown[f"f{row.pk}-action"] == "attach" and f"f{row.pk}-include" not in shown  # not ticked unasked
    confirm_all(editor_client, batch, **{"扫描件.txt": {"include": "on"}})
    assert Report.objects.count() == 1
    assert states()["扫描件.txt"] == (Status.STORED, "作为已有报告的另一原件保存")
    forms = list(report.forms.order_by("id").values_list("name", flat=True))
    assert forms == ["管仲镇2022年工作总结.txt", "扫描件.txt"]
    record_copies([report.pk])
    report.refresh_from_db()
    assert report.copy_ratio == 0.0  # a report is never counted against its own forms
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "各种形式" in html and "扫描件.txt" in html
    scan = OriginalFile.objects.get(name="扫描件.txt")
    download = client.get(reverse("reports:report-form", args=[report.pk, scan.pk]))
    assert download.status_code == 200 and download.content == as_scanned(TEXT_004).encode()
    assert "attachment" in download["Content-Disposition"]
    assert (
        "添加另一原件 扫描件.txt"
        in editor_client.get(reverse("admin:reports_report_history", args=[report.pk])).content.decode()
    )


def test_a_form_is_served_only_under_its_own_report(editor_client, client):
    report = stored_from_a_file(editor_client)
    other = OriginalFile.objects.create(sha256="c" * 64, name="别人的.txt", format="text", size=1, content=b"x")
    assert client.get(reverse("reports:report-form", args=[report.pk, other.pk])).status_code == 404


def test_storing_it_as_a_new_report_is_an_explicit_choice(editor_client):
    stored_from_a_file(editor_client)
    batch = upload(editor_client, [("扫描件.txt", as_scanned(TEXT_004).encode())])
    run_queue()
    row = StagedUpload.objects.get(filename="扫描件.txt")
    confirm_all(editor_client, batch, **{"扫描件.txt": {"action": "new"}})
    assert Report.objects.count() == 2 and states()["扫描件.txt"][0] == Status.STORED
    assert not OriginalFile.objects.filter(pk=row.original_id, report__isnull=True).exists()


def test_next_year_s_report_that_copies_this_one_is_not_attached_by_default(editor_client):
    """A township's new summary may copy most of last year's: its year says it is a report of its own."""
    report = stored_from_a_file(editor_client)
    next_year = as_scanned(TEXT_004).replace(str(report.year), str(report.year + 1))
    batch = upload(editor_client, [("次年.txt", next_year.encode())])
    run_queue()
    row = StagedUpload.objects.get(filename="次年.txt")
    assert "但年份或乡镇与之不同" in editor_client.get(file_url(row)).content.decode()
    assert shown_forms(editor_client, batch)[f"f{row.pk}-action"] == "new"
    confirm_all(editor_client, batch, **{"次年.txt": {"include": "on"}})
    assert Report.objects.count() == 2


def test_a_file_and_its_scan_sent_in_one_batch_are_not_stored_twice_unasked(editor_client):
    batch = upload(editor_client, [("原文.txt", TEXT_004.encode()), ("扫描件.txt", as_scanned(TEXT_004).encode())])
    run_queue()
    response = confirm_all(editor_client, batch)
    assert Report.objects.count() == 1
    assert states()["扫描件.txt"][0] == Status.AWAITING  # held back: the editor says what it is
    page = editor_client.get(response["Location"]).content.decode()
    assert "与本批刚录入的报告基本相同，暂未录入" in page and "基本相同（" in page
    confirm_all(editor_client, batch, **{"扫描件.txt": {"include": "on"}})  # ticked: attached, the default
    assert Report.objects.count() == 1 and states()["扫描件.txt"][0] == Status.STORED
    assert Report.objects.get().forms.count() == 2


def ingest(*paths, json_out: bool = True) -> dict | str:
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("ingest", *map(str, paths), *(["--json"] if json_out else []), stdout=out)
    return json.loads(out.getvalue()) if json_out else out.getvalue()


def test_ingest_keeps_a_scan_of_a_stored_report_as_its_other_form(tmp_path):
    ingest(SEEDS / "004_088a82f410e5b682.txt")
    report = Report.objects.get()
    (tmp_path / "扫描件.txt").write_text(as_scanned(TEXT_004), encoding="utf-8")
    output = ingest(tmp_path, json_out=False)
    assert f"另一原件 {tmp_path / '扫描件.txt'} → 报告 #{report.pk}" in output and "作为已有报告的另一原件 1" in output
    assert Report.objects.count() == 1
    assert sorted(report.forms.values_list("name", flat=True)) == ["004_088a82f410e5b682.txt", "扫描件.txt"]


def test_ingest_of_a_folder_with_a_file_and_its_scan_makes_one_report_with_both(tmp_path):
    (tmp_path / "a-原文.txt").write_text(TEXT_004, encoding="utf-8")
    (tmp_path / "b-扫描件.txt").write_text(as_scanned(TEXT_004), encoding="utf-8")
    summary = ingest(tmp_path)
    assert summary["counts"] == {"ingested": 1, "skipped": 0, "failed": 0, "attached": 1}
    report = Report.objects.get()
    assert summary["attached"][0]["report_id"] == report.pk
    assert sorted(report.forms.values_list("name", flat=True)) == ["a-原文.txt", "b-扫描件.txt"]


def test_ingest_stores_next_year_s_copy_as_a_report_of_its_own_with_a_note(tmp_path):
    ingest(SEEDS / "004_088a82f410e5b682.txt")
    year = Report.objects.get().year
    (tmp_path / "次年.txt").write_text(as_scanned(TEXT_004).replace(str(year), str(year + 1)), encoding="utf-8")
    output = ingest(tmp_path, json_out=False)
    assert Report.objects.count() == 2 and "但年份或乡镇与之不同，录入为新报告，请核对" in output


def test_two_stored_reports_that_are_one_are_merged_in_the_admin_keeping_both_originals(
    editor_client, django_capture_on_commit_callbacks
):
    """A scan stored as a report of its own before forms were kept: merged, it stops being a 'copier'."""
    original = stored_from_a_file(editor_client)
    batch = upload(editor_client, [("扫描件.txt", as_scanned(TEXT_004).encode())])
    run_queue()
    confirm_all(editor_client, batch, **{"扫描件.txt": {"action": "new"}})
    scan = Report.objects.exclude(pk=original.pk).get()
    record_copies([original.pk, scan.pk])
    original.refresh_from_db()
    assert original.copy_ratio > 0.8 and original.copy_top_source_id == scan.pk  # the false copier
    changelist = reverse("admin:reports_report_changelist")
    chosen = {"action": "merge_selected", "_selected_action": [original.pk, scan.pk]}
    assert "保留哪一份" in editor_client.post(changelist, chosen).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # what follows the merge's commit
        editor_client.post(changelist, chosen | {"apply": "1", "keep": original.pk})
    assert list(Report.objects.values_list("pk", flat=True)) == [original.pk]
    assert sorted(original.forms.values_list("name", flat=True)) == ["扫描件.txt", "管仲镇2022年工作总结.txt"]
    original.refresh_from_db()
    assert original.copy_ratio == 0.0 and original.copy_top_source_id is None
    assert StagedUpload.objects.get(filename="扫描件.txt").report_id == original.pk
    history = editor_client.get(reverse("admin:reports_report_history", args=[original.pk])).content.decode()
    assert f"合并了报告 #{scan.pk}" in history


def test_the_same_text_twice_in_one_batch_is_still_refused_as_a_duplicate(editor_client):
    batch = upload(editor_client, [("原文.txt", TEXT_004.encode()), ("又一份.txt", ("\ufeff" + TEXT_004).encode())])
    run_queue()
    confirm_all(editor_client, batch)
    assert Report.objects.count() == 1
    assert states()["又一份.txt"][0] == Status.REFUSED and "内容与已有报告" in states()["又一份.txt"][1]


def test_a_better_form_can_replace_a_report_s_text_and_the_old_text_is_kept(editor_client):
    """A poor scan stored first, its clean .doc later: the editor makes the .doc the report's text."""
    from reports.models import ReportVersion
    from reports.services.curation import correct_report

    batch = upload(editor_client, [("扫描件.txt", as_scanned(TEXT_004).encode())])
    run_queue()
    confirm_all(editor_client, batch)
    report = Report.objects.get()
    report.county = "某某区"
    correct_report(report, corrected=["county"])
    scanned_text = report.text
    batch = upload(editor_client, [("原文.txt", TEXT_004.encode())])
    run_queue()
    confirm_all(editor_client, batch, **{"原文.txt": {"action": "replace"}})
    report.refresh_from_db()
    from reports.services.ingest import prepare_text

    assert Report.objects.count() == 1 and report.sha256 == prepare_text(TEXT_004).sha256
    assert report.text != scanned_text
    assert (report.county, report.edited_fields) == ("某某区", ["county"])  # the editor's correction kept
    (version,) = ReportVersion.objects.filter(report=report)
    assert version.text == scanned_text and version.reason == "替换为 原文.txt 的全文"
    assert sorted(report.forms.values_list("name", flat=True)) == ["原文.txt", "扫描件.txt"]
    assert report.original.name == "原文.txt" and report.sections.exists()
    assert states()["原文.txt"] == (Status.STORED, "替换了已有报告的全文（旧全文保留在其历史中）")


def test_reading_an_original_again_keeps_the_text_it_replaces(editor_client):
    """`reparse --reread` once overwrote a report's text with no copy of the old one."""
    from reports.models import ReportVersion
    from reports.services.upkeep import reparse_report

    report = stored_from_a_file(editor_client)
    older = report.text.replace("管仲镇", "管仲镇（旧读法）", 1)
    Report.objects.filter(pk=report.pk).update(text=older, sha256="0" * 64)
    report.refresh_from_db()
    reparse_report(report, reread=True)
    report.refresh_from_db()
    assert report.text != older and ReportVersion.objects.get(report=report).text == older
    reparse_report(report, reread=True)  # the same text again: nothing more to keep
    assert ReportVersion.objects.filter(report=report).count() == 1
