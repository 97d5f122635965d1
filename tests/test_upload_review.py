"""Reviewing a batch as an archivist does, over real HTTP: a table with one row a file, files selected and
confirmed or discarded, a file's own page with its original's pages beside the text, corrections kept before
confirming, and the batch's progress while scans are recognised."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, StagedUpload
from tests.conftest import SEEDS, archivist
from tests.test_uploads import FORMATS, TEXT_001, TEXT_004, correct, file_form, file_url, run_queue, states, upload

pytestmark = pytest.mark.django_db
Status = StagedUpload.Status
LIUWAN = "青石县柳湾镇2022年工作总结\n一、主要工作\n粮食播种面积稳定在3万亩。\n二、存在的问题\n一是产业链条短。\n"


def row_of(page: str, staged: StagedUpload) -> str:
    return re.search(rf'<tr id="file-{staged.pk}".*?</tr>', page, re.S).group()


def test_the_batch_is_a_table_of_its_files_with_what_the_parser_found(editor_client):
    batch = upload(editor_client, [("柳湾镇.txt", LIUWAN.encode()), ("空.txt", b""), ("管仲镇.txt", TEXT_004.encode())])
    run_queue()
    page = editor_client.get(batch).content.decode()
    liuwan = row_of(page, StagedUpload.objects.get(filename="柳湾镇.txt"))
    assert "柳湾镇" in liuwan and "青石县" in liuwan and "2022" in liuwan and "依据：标题" in liuwan
    assert 'name="selected"' in liuwan and "checked" in liuwan  # a new report is ticked
    assert f'href="{file_url(StagedUpload.objects.get(filename="柳湾镇.txt"))}"' in liuwan
    empty = row_of(page, StagedUpload.objects.get(filename="空.txt"))
    assert "文件为空" in empty and 'name="selected"' not in empty  # nothing to confirm
    assert page.count('<tr id="file-') == 3 and "已读取 3/3 个文件" in page


def test_only_the_selected_files_are_confirmed_and_the_others_wait(editor_client):
    batch = upload(editor_client, [("柳湾镇.txt", LIUWAN.encode()), ("管仲镇.txt", TEXT_004.encode())])
    run_queue()
    chosen = StagedUpload.objects.get(filename="柳湾镇.txt")
    response = editor_client.post(batch, {"confirm": "1", "selected": [chosen.pk]}, follow=True)
    assert "已录入 1 份报告" in response.content.decode()
    assert states()["柳湾镇.txt"][0] == Status.STORED and states()["管仲镇.txt"][0] == Status.AWAITING
    assert Report.objects.get().township.name == "柳湾镇"


def test_what_the_upload_form_set_for_the_batch_holds_in_another_session(editor_client):
    """Once, the batch's township and year lived in the session: coming back from another browser lost them."""
    untitled = "一、主要工作\n粮食播种面积稳定在3万亩，群众满意度不断提高。\n二、存在的问题\n一是产业链条短。\n"
    batch = upload(editor_client, [("无名.txt", untitled.encode())], township="石桥乡", year="2021")
    run_queue()
    elsewhere = Client()  # another browser, signed in afresh
    elsewhere.force_login(User.objects.get(username="archivist"))
    page = elsewhere.get(batch).content.decode()
    assert "石桥乡" in page and "上传时指定" in page
    elsewhere.post(batch, {"confirm": "1", "selected": [StagedUpload.objects.get().pk]})
    report = Report.objects.get()
    assert (report.township.name, report.year) == ("石桥乡", 2021)
    assert {"township", "year"} <= set(report.edited_fields)


def test_corrections_are_kept_on_the_file_s_page_shown_in_the_table_and_stored_on_confirming(editor_client):
    batch = upload(editor_client, [("柳湾镇.txt", LIUWAN.encode())])
    run_queue()
    staged = StagedUpload.objects.get()
    correct(editor_client, staged, county="", year="2023")
    row = row_of(editor_client.get(batch).content.decode(), staged)
    assert "青石县" not in row and "2023" in row and row.count("已修改") == 2
    assert states()["柳湾镇.txt"][0] == Status.AWAITING  # kept, not confirmed
    form = file_form(editor_client, staged)
    assert (form["county"], form["year"]) == ("", "2023")  # the page shows the kept corrections
    response = editor_client.post(file_url(staged), {**form, "confirm": "1"})
    assert response["Location"] == batch
    report = Report.objects.get()
    assert (report.county, report.year) == ("", 2023) and set(report.edited_fields) == {"county", "year"}


def test_a_file_is_discarded_from_its_own_page(editor_client):
    upload(editor_client, [("柳湾镇.txt", LIUWAN.encode())])
    run_queue()
    staged = StagedUpload.objects.get()
    assert 'data-confirm="放弃这个文件' in editor_client.get(file_url(staged)).content.decode()  # asks first
    editor_client.post(file_url(staged), {"discard": "1"})
    assert states()["柳湾镇.txt"][0] == Status.DISCARDED and not Report.objects.exists()
    assert editor_client.get(file_url(staged))["Location"].endswith(f"/upload/{staged.batch}/")  # done: back


def test_a_pdf_s_pages_are_shown_as_pictures_beside_its_text_and_only_to_its_uploader(editor_client):
    pdf = (FORMATS / "003_8ed8cfca5c16b57e.pdf").read_bytes()
    upload(editor_client, [("报告.pdf", pdf), ("报告.txt", TEXT_001.encode())])
    run_queue()
    scan, text = StagedUpload.objects.get(filename="报告.pdf"), StagedUpload.objects.get(filename="报告.txt")
    page = editor_client.get(file_url(scan)).content.decode()
    pictures = re.findall(r'<img src="([^"]+)" alt="原件第 \d 页"', page)
    assert len(pictures) == 2 and "全面加强党的建设" in page
    first = editor_client.get(pictures[0])
    assert first["Content-Type"] == "image/jpeg" and first.content[:3] == b"\xff\xd8\xff"
    assert "private" in first["Cache-Control"]
    beyond = reverse("admin:reports_report_upload_page", args=[scan.batch, scan.pk, 9])
    assert editor_client.get(beyond).status_code == 404
    assert "这种格式没有页面图像" in editor_client.get(file_url(text)).content.decode()
    original = editor_client.get(reverse("admin:reports_report_upload_original", args=[scan.batch, scan.pk]))
    assert original.content == pdf and "attachment" in original["Content-Disposition"]
    other = Client()
    other.force_login(archivist("another"))
    assert other.get(file_url(scan)).status_code == 404 and other.get(pictures[0]).status_code == 404


def test_lines_the_recogniser_was_unsure_of_are_marked_and_the_text_is_escaped(editor_client):
    text = (
        "白杨镇2022年工作总结\n一、主要工作\n<script>alert(1)</script>修建道路12公里。\n"
        "二、存在的问题\n产业基础簿弱。\n"
    )
    upload(editor_client, [("扫描.txt", text.encode())])
    run_queue()
    staged = StagedUpload.objects.get()
    ocr = {"number": 1, "method": "ocr", "characters": 60, "confidence": 0.8, "doubtful": True}
    StagedUpload.objects.filter(pk=staged.pk).update(pages=[ocr | {"doubtful_lines": ["产业基础簿弱。"]}])
    page = editor_client.get(file_url(staged)).content.decode()
    assert '<mark class="doubtful" title="识别可信度低，请对照原件">产业基础簿弱。</mark>' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "第 1 页是扫描件，文字识别的可信度低" in page


def test_the_batch_says_pages_recognised_of_all_and_the_time_left(editor_client):
    batch = upload(editor_client, [("扫描.pdf", b"%PDF-1.4 not really"), ("柳湾镇.txt", LIUWAN.encode())])
    scan = StagedUpload.objects.get(filename="扫描.pdf")
    started = timezone.now() - timedelta(seconds=40)  # 4 pages in 40 s: 10 s a page, 6 pages left
    StagedUpload.objects.filter(pk=scan.pk).update(
        status=Status.READING, pages_total=10, pages_done=4, recognition_started_at=started
    )
    status = editor_client.get(reverse("admin:reports_report_upload_status", args=[scan.batch])).json()
    assert (status["pages_done"], status["pages_total"], status["pending"]) == (4, 10, True)
    assert 55 <= status["seconds_left"] <= 65
    assert status["progress"] == "已读取 0/2 个文件，扫描件已识别 4/10 页，约还需 1 分钟"
    assert "扫描件已识别 4/10 页" in editor_client.get(batch).content.decode()


def test_a_batch_s_table_stays_a_few_queries_however_many_files(editor_client, django_assert_max_num_queries):
    files = [(f"{n:02}.txt", (SEEDS / "004_088a82f410e5b682.txt").read_bytes() + str(n).encode()) for n in range(30)]
    batch = upload(editor_client, files)
    run_queue()
    with django_assert_max_num_queries(15):
        page = editor_client.get(batch).content.decode()
    assert page.count('name="selected"') == 30


def test_a_file_read_before_previews_were_kept_gets_one_on_its_page(editor_client):
    upload(editor_client, [("柳湾镇.txt", LIUWAN.encode())])
    run_queue()
    staged = StagedUpload.objects.get()
    StagedUpload.objects.filter(pk=staged.pk).update(checked={})  # as a file read by an older version
    page = editor_client.get(file_url(staged)).content.decode()
    assert 'name="township"' in page and 'value="柳湾镇"' in page
    assert "parsed" in StagedUpload.objects.get().checked
