"""The upload flow as an archivist lives it, over real HTTP: files (a zip among them) are kept and queued at
once, read in the background, previewed, corrected and confirmed; each file's state survives a reload."""

import codecs
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bench.samples import docx_of, zip_of
from reports.models import OriginalFile, Report, StagedUpload
from reports.reading import Limits
from reports.services.ingest import ingest_text
from reports.services.uploads import read_staged
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:reports_report_upload")
FORMATS = SEEDS.parent / "tests" / "fixtures" / "formats"
TEXT_004 = (SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8")
TEXT_001 = (SEEDS / "001_63944fab751146e4.txt").read_text(encoding="utf-8")
Status = StagedUpload.Status


def upload(client, files, **fields) -> str:
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files], **fields}
    response = client.post(UPLOAD, data)
    assert response.status_code == 302, response.content[:400]
    return response["Location"]


def run_queue() -> int:
    """What the background workers do with each queued file: the reading queue's worker, then the OCR queue's
    for the scans it passes on (tests/browser run the real workers)."""
    queued = list(StagedUpload.objects.filter(status=Status.QUEUED).values_list("pk", flat=True))
    for pk in queued:
        read_staged(pk)
    for pk in StagedUpload.objects.filter(pk__in=queued, status=Status.QUEUED).values_list("pk", flat=True):
        read_staged(pk, ocr=True)
    return len(queued)


def states() -> dict[str, tuple[str, str]]:
    return {row.filename: (row.status, row.reason) for row in StagedUpload.objects.all()}


def file_url(row) -> str:
    return reverse("admin:reports_report_upload_file", args=[row.batch, row.pk])


def file_form(client, row) -> dict:
    """One file's form as a browser posts it from the file's page: every field with the value it shows."""
    data = {}
    for field in client.get(file_url(row)).context["form"]:
        value = field.value()
        data[field.html_name] = "" if value is None else str(value)
    return data


def shown_forms(client, batch_url) -> dict:
    """What the batch shows of each file read, keyed f<id>-<field>: its form's values from its own page, and
    'include' when the table ticks it at first."""
    page = client.get(batch_url)
    ticked = set(re.findall(r'name="selected" value="(\d+)" [^>]*checked', page.content.decode()))
    data = {}
    for row in StagedUpload.objects.filter(status=Status.AWAITING):
        data |= {f"f{row.pk}-{name}": value for name, value in file_form(client, row).items()}
        if str(row.pk) in ticked:
            data[f"f{row.pk}-include"] = "on"
    return data


def correct(client, row, **changes):
    """Keep corrections on a file's own page (保存修改), as an archivist does before confirming."""
    response = client.post(file_url(row), {**file_form(client, row), **changes, "save": "1"})
    assert response.status_code == 302, response.content[:600]
    return response


def confirm_all(client, batch_url, **per_file):
    """Confirm the files the table ticks (and those named with include 'on'), after the corrections named per
    file are kept on each file's page."""
    waiting = list(StagedUpload.objects.filter(status=Status.AWAITING))
    for row in waiting:
        changes = {k: v for k, v in per_file.get(row.filename, {}).items() if k != "include"}
        if changes:
            correct(client, row, **changes)
    shown = shown_forms(client, batch_url)  # the table as it is now: a choice made on a file's page ticks it
    selected = [
        row.pk
        for row in waiting
        if per_file.get(row.filename, {}).get("include", shown.get(f"f{row.pk}-include")) == "on"
    ]
    return client.post(batch_url, {"confirm": "确认录入所选", "selected": selected})


def test_files_are_queued_at_once_and_read_in_the_background(editor_client):
    batch_url = upload(editor_client, [("管仲镇.txt", TEXT_004.encode("gb18030")), ("空.txt", b"")])
    page = editor_client.get(batch_url).content.decode()
    assert "排队等待读取" in page and "文件为空（0 字节）" in page
    assert Report.objects.count() == 0
    assert run_queue() == 1
    page = editor_client.get(batch_url).content.decode()
    assert "待确认" in page and "管仲镇" in page and "GB18030" in page
    own = editor_client.get(file_url(StagedUpload.objects.get(filename="管仲镇.txt"))).content.decode()
    assert "存在的突出问题和改进措施" in own  # the outline on the file's own page


def test_the_preview_says_how_each_field_was_found_and_what_to_check(editor_client):
    text = (
        "青石县柳湾镇2022年工作总结\n"
        "今年是“十四五”规划承上启下的关键之年，柳湾镇党委团结带领全镇干部群众砥砺奋进。\n"
        "一、主要工作\n粮食播种面积稳定在3万亩。\n二、存在的问题\n一是产业链条短；二是基础设施薄弱。\n"
    )
    untitled = "一年来，石桥乡党委团结带领全乡干部群众，攻坚克难，各项工作稳步推进，群众满意度不断提高。" * 3
    upload(editor_client, [("1.txt", text.encode()), ("2.txt", untitled.encode())])
    run_queue()
    titled, opening = (editor_client.get(file_url(row)).content.decode() for row in StagedUpload.objects.all())

    def note(item: str, field: str) -> str:
        return re.search(rf'name="{field}".*?<small class="(found[^"]*)">([^<]*)</small>', item, re.S).group(1, 2)

    assert note(titled, "township") == note(titled, "county") == note(titled, "year") == ("found", "依据：标题")
    assert note(titled, "period") == ("found", "依据：默认")
    assert note(opening, "township") == ("found check", "依据：开头 · 请核对")
    assert note(opening, "year") == note(opening, "kind") == ("found check", "未找到 · 请填写")


def test_an_archivist_uploads_previews_and_confirms(editor_client):
    batch_url = upload(
        editor_client,
        [
            ("管仲镇.txt", TEXT_004.encode("gb18030")),
            ("党建.docx", docx_of(TEXT_001)),
            ("图片.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
            ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40),
            ("损坏.docx", b"PK\x03\x04broken"),
        ],
    )
    run_queue()
    assert states()["图片.txt"] == (Status.REFUSED, "无法打开这个图片文件：文件已损坏，或格式无法识别")
    assert states()["旧版.doc"] == (Status.REFUSED, "无法打开这个Word（.doc）文件：文件已损坏")
    assert states()["损坏.docx"][1].startswith("无法打开这个 Word（.docx）文件")
    response = confirm_all(
        editor_client,
        batch_url,
        **{
            "管仲镇.txt": {"township": "管仲镇", "year": "2021", "kind": "leadership"},
            "党建.docx": {"township": "红旗镇", "year": "2022", "kind": "party_building"},
        },
    )
    assert response.status_code == 302 and response["Location"] == batch_url  # back to the batch page: a reload is safe
    page = editor_client.get(batch_url).content.decode()
    assert "已录入 2 份报告" in page and page.count("已录入") >= 3
    corrected = Report.objects.get(source_name="管仲镇.txt")
    assert (corrected.year, corrected.township.name, corrected.encoding) == (2021, "管仲镇", "GB18030")
    assert "year" in corrected.edited_fields
    assert bytes(corrected.original.content) == TEXT_004.encode("gb18030")
    assert Report.objects.get(source_name="党建.docx").original.format == "docx"
    again = editor_client.get(batch_url).content.decode()
    assert "已录入 2 份报告" not in again and Report.objects.count() == 2  # the message was shown once


def test_a_zip_of_a_folder_becomes_one_file_each(editor_client):
    folder = {
        "2022年/白杨镇工作总结.doc": (FORMATS / "004_088a82f410e5b682.doc").read_bytes(),
        "2022年/红旗镇.rtf": (FORMATS / "001_63944fab751146e4.rtf").read_bytes(),
        "2022年/说明.odt": (FORMATS / "003_8ed8cfca5c16b57e.odt").read_bytes(),
        "../逃逸.txt": TEXT_001.encode(),
        "套娃.zip": zip_of({"a.txt": TEXT_001.encode()}),
    }
    batch_url = upload(editor_client, [("材料.zip", zip_of(folder, gbk_names=True))])
    assert states()["材料.zip/../逃逸.txt"] == (Status.REFUSED, "文件路径不安全（含有 .. 或绝对路径），未读取")
    run_queue()
    found = states()
    assert found["材料.zip/2022年/白杨镇工作总结.doc"][0] == Status.AWAITING
    assert found["材料.zip/2022年/红旗镇.rtf"][0] == Status.AWAITING
    assert found["材料.zip/套娃.zip"] == (Status.REFUSED, "压缩包中又套了压缩包：请解压后再上传其中的报告")
    confirm_all(editor_client, batch_url)
    assert Report.objects.count() == 3
    assert {r.encoding for r in Report.objects.all()} == {"Word 97-2003（.doc）", "RTF", "OpenDocument（.odt）"}


def test_a_duplicate_is_refused_with_a_link_to_the_report_that_has_it(editor_client):
    existing = ingest_text(TEXT_004)
    batch_url = upload(editor_client, [("again.txt", codecs.BOM_UTF16_LE + TEXT_004.encode("utf-16-le"))])
    run_queue()
    assert reverse("admin:reports_report_change", args=[existing.pk]) in editor_client.get(batch_url).content.decode()
    confirm_all(editor_client, batch_url, **{"again.txt": {"include": "on"}})  # ticked although not pre-ticked
    page = editor_client.get(batch_url).content.decode()
    assert "与已有报告重复未录入" in page and f"#{existing.pk}" in page
    assert Report.objects.count() == 1


def test_an_oversized_file_is_refused_by_its_size(editor_client, settings):
    settings.ARCHIVE_LIMITS = Limits(max_file_bytes=1024)
    batch_url = upload(editor_client, [("big.txt", TEXT_004.encode("utf-8"))])
    assert (
        "文件过大（0.0 MB），单个报告的上限为 0 MB：请拆分为几个文件，或另存为 .docx 后再上传"
        in editor_client.get(batch_url).content.decode()
    )
    assert OriginalFile.objects.count() == 0


def test_files_past_the_count_limit_are_named_not_taken(editor_client, settings):
    settings.ARCHIVE_LIMITS = Limits(max_files=2)
    upload(editor_client, [(f"{n}.txt", f"{TEXT_004}\n第{n}份".encode()) for n in range(4)])
    assert [status for status, _ in states().values()].count(Status.QUEUED) == 2
    assert states()["3.txt"] == (Status.REFUSED, "一次最多上传 2 个文件，此文件未上传")


def test_discarding_stores_nothing(editor_client):
    batch_url = upload(editor_client, [("a.txt", TEXT_004.encode())])
    run_queue()
    nothing = editor_client.post(batch_url, {"discard": "1"}, follow=True)  # nothing selected: nothing happens
    assert "没有选择任何待确认的文件" in nothing.content.decode() and states()["a.txt"][0] == Status.AWAITING
    response = editor_client.post(batch_url, {"discard": "1", "selected": [StagedUpload.objects.get().pk]})
    assert response.status_code == 302
    assert Report.objects.count() == 0
    assert states()["a.txt"][0] == Status.DISCARDED


def test_the_status_of_each_file_can_be_followed(editor_client):
    batch_url = upload(editor_client, [("a.txt", TEXT_004.encode()), ("b.txt", b"")])
    status = json.loads(editor_client.get(batch_url + "status/").content)
    assert status["pending"] is True
    assert sorted(f["label"] for f in status["files"]) == ["排队等待读取", "未能录入"]
    run_queue()
    assert json.loads(editor_client.get(batch_url + "status/").content)["pending"] is False


def test_reading_twice_changes_nothing(editor_client):
    """A job run again after a worker restart leaves a file read already as it is."""
    upload(editor_client, [("a.txt", TEXT_004.encode())])
    (row,) = StagedUpload.objects.all()
    read_staged(row.pk)
    row.refresh_from_db()
    first = (row.status, row.text, row.updated_at)
    read_staged(row.pk)
    row.refresh_from_db()
    assert (row.status, row.text, row.updated_at) == first


def test_another_archivist_cannot_see_the_batch(editor_client, client):
    from tests.conftest import archivist

    batch_url = upload(editor_client, [("a.txt", TEXT_004.encode())])
    client.force_login(archivist("other"))
    response = client.get(batch_url)
    assert response.status_code == 302 and Report.objects.count() == 0


def test_far_too_many_files_in_one_form_get_a_chinese_page(editor_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    response = editor_client.post(UPLOAD, {"files": [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(5)]})
    assert response.status_code == 400 and "一次上传的文件过多" in response.content.decode()
    assert StagedUpload.objects.count() == 0


def test_sixty_and_a_hundred_and_one_files_are_each_taken_and_named(editor_client):
    """Once, 60 files silently kept 50 and 101 gave a bare English 'Bad Request (400)'."""
    for count in (60, 101):
        StagedUpload.objects.all().delete()
        files = [(f"{n:03}.txt", f"{TEXT_004}\n第{n}份".encode()) for n in range(count)]
        upload(editor_client, files)
        assert StagedUpload.objects.filter(status=Status.QUEUED).count() == count


CLEARABLE = (
    "青石县柳湾镇2022年工作总结\n一、主要工作\n粮食播种面积稳定在3万亩。\n"
    "二、存在的问题\n一是产业链条短；二是基础设施薄弱。\n"
)


def test_a_county_cleared_in_the_preview_is_stored_cleared_and_stays_so_on_reparse(editor_client):
    """Once, an emptied field counted as 'not given' and the parser's wrong county was stored anyway."""
    from reports.services.upkeep import reparse_report

    batch_url = upload(editor_client, [("柳湾镇.txt", CLEARABLE.encode())])
    run_queue()
    row = StagedUpload.objects.get()
    assert shown_forms(editor_client, batch_url)[f"f{row.pk}-county"] == "青石县"
    confirm_all(editor_client, batch_url, **{"柳湾镇.txt": {"county": ""}})
    report = Report.objects.get()
    assert (report.county, report.township.name, report.township.county) == ("", "柳湾镇", "")
    assert report.edited_fields == ["county"]
    assert reparse_report(report).county == ""
    assert not Report.objects.filter(county="青石县").exists()


def test_a_year_cleared_in_the_preview_is_stored_as_unknown(editor_client):
    batch_url = upload(editor_client, [("柳湾镇.txt", CLEARABLE.encode())])
    run_queue()
    confirm_all(editor_client, batch_url, **{"柳湾镇.txt": {"year": ""}})
    report = Report.objects.get()
    assert (report.year, report.edited_fields) == (None, ["year"])


def test_fields_left_as_shown_are_not_marked_edited(editor_client):
    batch_url = upload(editor_client, [("柳湾镇.txt", CLEARABLE.encode())])
    run_queue()
    confirm_all(editor_client, batch_url)
    report = Report.objects.get()
    assert (report.county, report.year, report.edited_fields) == ("青石县", 2022, [])


def test_a_township_given_in_the_preview_settles_its_warning(editor_client):
    """Once, a report showed its township and '未识别出乡镇名称' together."""
    untitled = "一、主要工作\n粮食播种面积稳定在3万亩，群众满意度不断提高。\n二、存在的问题\n一是产业链条短。\n"
    batch_url = upload(editor_client, [("无名.txt", untitled.encode())])
    run_queue()
    staged = StagedUpload.objects.get()
    assert "未识别出乡镇名称" in editor_client.get(file_url(staged)).content.decode()
    correct(editor_client, staged, township="柳湾镇")
    shown = editor_client.get(file_url(staged)).content.decode()
    assert "未识别出乡镇名称" not in shown and "未找到报告年份" in shown  # settled in the preview too, the other not
    confirm_all(editor_client, batch_url, **{"无名.txt": {"year": "2021"}})
    report = Report.objects.get()
    assert report.township.name == "柳湾镇"
    assert "未识别出乡镇名称" not in report.warnings and "未找到报告年份" not in report.warnings
    assert "未找到工作计划部分" in report.warnings  # a warning about the text, not a field, stays


def test_a_zip_of_two_pdfs_stored_uncompressed_gives_two_files(editor_client):
    first, second = (
        (FORMATS / "004_088a82f410e5b682.pdf").read_bytes(),
        (FORMATS / "001_63944fab751146e4.pdf").read_bytes(),
    )
    upload(editor_client, [("两份.zip", zip_of({"甲.pdf": first, "乙.pdf": second}, stored=True))])
    assert sorted(states()) == ["两份.zip/乙.pdf", "两份.zip/甲.pdf"]
    run_queue()
    assert {status for status, _ in states().values()} == {Status.AWAITING}


def test_a_refused_file_keeps_no_original(editor_client):
    """The README says nothing of a refused file is stored: once, 328 originals (65 MB) stayed behind."""
    upload(editor_client, [("损坏.png", b"\x89PNG\r\n\x1a\n" + bytes(40)), ("好.txt", TEXT_004.encode())])
    assert OriginalFile.objects.count() == 2
    run_queue()
    assert states()["损坏.png"][0] == Status.REFUSED
    assert list(OriginalFile.objects.values_list("name", flat=True)) == ["好.txt"]


def test_a_discarded_file_keeps_no_original_but_one_another_report_has_stays(editor_client):
    report = ingest_text(TEXT_001)
    report.original = OriginalFile.objects.create(sha256="a" * 64, name="旧.txt", format="text", size=3, content=b"abc")
    report.save()
    batch_url = upload(editor_client, [("a.txt", TEXT_004.encode()), ("同一文件.txt", b"abc")])
    run_queue()
    editor_client.post(batch_url, {"discard": "1", "selected": list(StagedUpload.objects.values_list("pk", flat=True))})
    assert list(OriginalFile.objects.values_list("name", flat=True)) == ["旧.txt"]


def test_a_duplicate_refused_at_confirmation_keeps_no_second_original(editor_client):
    ingest_text(TEXT_004)
    batch_url = upload(editor_client, [("again.txt", ("\ufeff" + TEXT_004).encode())])
    run_queue()
    confirm_all(editor_client, batch_url, **{"again.txt": {"include": "on"}})
    assert states()["again.txt"][0] == Status.REFUSED and OriginalFile.objects.count() == 0


def test_prune_originals_reports_and_removes_what_nothing_keeps(editor_client, capsys):
    from django.core.management import call_command

    OriginalFile.objects.create(sha256="b" * 64, name="孤儿.pdf", format="pdf", size=2 * 1024 * 1024, content=b"x")
    upload(editor_client, [("待读.txt", TEXT_004.encode())])  # queued: its original is kept for it
    call_command("prune_originals", "--dry-run")
    assert "可删除 1 个无人引用的原始文件，共 2.0 MB" in capsys.readouterr().out
    assert OriginalFile.objects.count() == 2
    call_command("prune_originals")
    assert list(OriginalFile.objects.values_list("name", flat=True)) == ["待读.txt"]


def test_a_batch_left_behind_is_found_again_from_the_admin_index(editor_client):
    """Once, only the batch's UUID address led back to files awaiting confirmation."""
    batch_url = upload(editor_client, [("a.txt", TEXT_004.encode()), ("b.txt", TEXT_001.encode()), ("空.txt", b"")])
    run_queue()
    index = editor_client.get("/admin/").content.decode()
    assert "2 个文件待确认" in index and reverse("admin:reports_report_upload_batches") in index
    batches = editor_client.get(reverse("admin:reports_report_upload_batches")).content.decode()
    assert batch_url in batches and "待确认 2，未能录入 1" in batches
    waiting = editor_client.get(reverse("admin:reports_stagedupload_changelist"), {"status__exact": "awaiting"})
    page = waiting.content.decode()
    assert waiting.status_code == 200 and "a.txt" in page and "b.txt" in page and "空.txt" not in page
    assert batch_url in page and "天后自动放弃" in page


def test_another_archivist_does_not_see_my_files_in_the_list(editor_client, client):
    from tests.conftest import archivist

    upload(editor_client, [("我的.txt", TEXT_004.encode())])
    client.force_login(archivist("other"))
    page = client.get(reverse("admin:reports_stagedupload_changelist")).content.decode()
    assert "我的.txt" not in page
    assert "个文件待确认" not in client.get("/admin/").content.decode()


def test_files_left_unconfirmed_expire_with_their_originals(editor_client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from reports.services.review import expire_unconfirmed

    settings.ARCHIVE_UPLOAD_EXPIRY_DAYS = 30
    upload(editor_client, [("旧.txt", TEXT_004.encode()), ("新.txt", TEXT_001.encode())])
    run_queue()
    StagedUpload.objects.filter(filename="旧.txt").update(created_at=timezone.now() - timedelta(days=31))
    assert expire_unconfirmed() == 1
    assert states()["旧.txt"] == (Status.DISCARDED, "上传 30 天后仍未确认，已自动放弃")
    assert states()["新.txt"][0] == Status.AWAITING
    assert list(OriginalFile.objects.values_list("name", flat=True)) == ["新.txt"]


def test_a_scan_is_passed_on_to_the_ocr_queue_and_text_files_are_read_at_once(editor_client):
    """Once, a .doc and a web page waited behind a photo being recognised."""
    from django.db import connection

    from bench.samples import scanned_pdf
    from reports.reading.ocr import available

    if not available():
        pytest.skip("OCR (rapidocr-onnxruntime) is not installed")
    scan = scanned_pdf((FORMATS / "004_088a82f410e5b682.pdf").read_bytes())
    upload(editor_client, [("扫描.pdf", scan), ("文字.txt", TEXT_001.encode())])
    for row in StagedUpload.objects.all():
        read_staged(row.pk)  # the reading queue's worker
    assert states()["文字.txt"][0] == Status.AWAITING
    scanned = StagedUpload.objects.get(filename="扫描.pdf")
    assert (scanned.status, scanned.progress) == (Status.QUEUED, "排队等待文字识别")
    with connection.cursor() as cursor:
        cursor.execute("SELECT queue_name, args::text FROM procrastinate_jobs WHERE task_name = 'recognise_upload'")
        assert [(queue, json.loads(args)) for queue, args in cursor.fetchall()] == [("ocr", {"staged_id": scanned.pk})]


def test_a_duplicate_is_not_ticked_for_录入_and_leaves_nothing_behind(editor_client):
    ingest_text(TEXT_004)
    batch_url = upload(editor_client, [("again.txt", ("\ufeff" + TEXT_004).encode()), ("new.txt", TEXT_001.encode())])
    run_queue()
    shown = shown_forms(editor_client, batch_url)
    again, new = (StagedUpload.objects.get(filename=name).pk for name in ("again.txt", "new.txt"))
    assert f"f{again}-include" not in shown and shown[f"f{new}-include"] == "on"
    assert 'data-confirm="放弃所选的文件' in editor_client.get(batch_url).content.decode()
    confirm_all(editor_client, batch_url)
    assert states()["again.txt"][0] == Status.AWAITING and Report.objects.count() == 2  # left for the editor
    editor_client.post(batch_url, {"discard": "1", "selected": [again]})
    assert states()["again.txt"][0] == Status.DISCARDED
    assert not OriginalFile.objects.filter(name="again.txt").exists()


def test_the_parse_and_copy_check_are_made_once_when_a_file_is_read_not_on_each_load(editor_client, monkeypatch):
    """Once, every load of a 26-file batch page re-parsed and re-checked each file (0.5–0.65 s)."""
    from reports.services import uploads

    ingest_text(TEXT_004)
    batch_url = upload(editor_client, [("抄.txt", ("石桥乡2023年工作总结\n" + TEXT_004[100:900]).encode())])
    run_queue()
    kept = StagedUpload.objects.get().checked
    assert kept["copies"]["copied_characters"] > 0 and kept["copies"]["sources"][0]["township"] == "管仲镇"

    def again(*args, **kwargs):
        raise AssertionError("a page parsed or checked the text again")

    for name in ("check_text", "prepare_text", "preview_of"):
        monkeypatch.setattr(uploads, name, again)
    page = editor_client.get(batch_url).content.decode()
    assert re.search(r'<td class="copies"[^>]*>[^<]*(<[^>]+>[^<]*){0,3}\d+\.\d%', page) and "石桥乡" in page
    own = editor_client.get(file_url(StagedUpload.objects.get())).content.decode()
    assert "查重：总文字复制比" in own and "管仲镇" in own
