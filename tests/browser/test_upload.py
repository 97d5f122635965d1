"""An archivist uploads reports in a real browser, with the real background worker: a zip of a folder in
mixed formats and a scanned PDF, followed live while they are read, confirmed, then found in the archive.
A worker killed in the middle of an OCR loses nothing and stores nothing twice."""

import re
import time

import pytest
from django.contrib.auth.models import Group, Permission, User

from bench.samples import docx_bomb, government_page, scanned_pdf, zip_of
from reports.models import Report, StagedUpload
from tests.browser.conftest import shoot
from tests.conftest import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FORMATS = SEEDS.parent / "tests" / "fixtures" / "formats"
Status = StagedUpload.Status


def sign_in(page, live_server) -> None:
    group, _ = Group.objects.get_or_create(name="档案管理员")
    if not group.permissions.exists():  # a flushed database loses what the data migration gave the group
        group.permissions.set(Permission.objects.filter(content_type__app_label="reports"))
    user = User.objects.create_user("archivist", password="Archive-pass-2026", is_staff=True)
    user.groups.add(group)
    page.goto(live_server.url + "/admin/reports/report/upload/")
    page.fill("#id_username", "archivist")
    page.fill("#id_password", "Archive-pass-2026")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/$"))


def wait_until(condition, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def test_upload_a_zip_of_mixed_formats_and_a_scan(live_server, page, worker, tmp_path):
    folder = {
        "2022年/白杨镇.doc": (FORMATS / "004_088a82f410e5b682.doc").read_bytes(),
        "2022年/党建工作报告.rtf": (FORMATS / "001_63944fab751146e4.rtf").read_bytes(),
        "网页/半年总结.html": government_page((SEEDS / "002_d96798714193cfae.txt").read_text(encoding="utf-8")),
        "炸弹.docx": docx_bomb(20),
    }
    (tmp_path / "材料.zip").write_bytes(zip_of(folder, gbk_names=True))
    (tmp_path / "扫描件.pdf").write_bytes(scanned_pdf((FORMATS / "003_8ed8cfca5c16b57e.pdf").read_bytes()))
    sign_in(page, live_server)
    page.set_input_files("input[type=file]", [str(tmp_path / "材料.zip"), str(tmp_path / "扫描件.pdf")])
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    page.wait_for_selector("text=/文字识别第 \\d\\/2 页/", timeout=120_000)  # followed live, without a reload
    shoot(page, "admin-upload-reading")
    wait_until(lambda: not StagedUpload.objects.filter(status__in=[Status.QUEUED, Status.READING]).exists())
    page.wait_for_selector("#pending-note", state="detached", timeout=30_000)  # the page saw it too and reloaded
    page.wait_for_load_state()
    page.wait_for_selector("input[name=confirm]")
    assert page.locator("text=压缩比异常").count() == 1
    assert page.locator("input[name=selected]:checked").count() == 4
    shoot(page, "admin-upload-preview")
    page.click("text=扫描件.pdf")  # the scan's own page: its pages drawn beside the text read from them
    page.wait_for_selector("img[alt='原件第 2 页']")
    assert page.locator(".original img").evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
    shoot(page, "admin-upload-file")
    page.go_back()
    page.click("input[name=confirm]")
    page.wait_for_selector("text=已录入 4 份报告")
    shoot(page, "admin-upload-stored")
    assert Report.objects.count() == 4
    page.reload()  # redirected after the post: a reload asks nothing again and stores nothing twice
    assert page.locator("text=已录入 4 份报告").count() == 0 and page.locator("text=已录入 0").count() == 0
    assert page.locator("#files tr.state-stored").count() == 4 and page.locator(".breadcrumbs").count() == 1
    page.go_back()  # the batch page as it was before confirming is read again: it says what happened
    assert page.locator("#files tr.state-stored").count() == 4 and page.locator("text=没有可以录入").count() == 0
    assert Report.objects.count() == 4
    scanned = Report.objects.get(encoding="PDF（OCR 2/2 页）")
    page.goto(live_server.url + "/search/?q=全面加强党的建设")  # a heading of the scanned report
    page.locator(f"a[href^='/reports/{scanned.pk}/']").first.click()
    page.wait_for_url(re.compile(rf"/reports/{scanned.pk}/"))
    assert page.locator("text=下载原始文件").count() == 1
    shoot(page, "report-from-scan")


def test_a_worker_killed_during_ocr_loses_nothing(live_server, page, worker, tmp_path):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(scanned_pdf((FORMATS / "004_088a82f410e5b682.pdf").read_bytes()))
    sign_in(page, live_server)
    page.set_input_files("input[type=file]", str(scan))
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    wait_until(lambda: StagedUpload.objects.filter(progress__startswith="文字识别第").exists())
    worker.kill()
    assert StagedUpload.objects.get().status == Status.READING
    time.sleep(3)  # longer than the test's stalled-worker time (2 s)
    worker.start()
    wait_until(lambda: StagedUpload.objects.get().status == Status.AWAITING)
    # The page reloads itself when the file is read (reloading it here too raced with that, ERR_ABORTED).
    page.wait_for_selector("input[name=confirm]", timeout=60_000)
    page.click("input[name=confirm]")
    page.wait_for_selector("text=已录入 1 份报告")
    staged = StagedUpload.objects.get()
    assert (staged.status, staged.report_id) == (Status.STORED, Report.objects.get().pk)
    assert Report.objects.count() == 1


def test_a_cleared_county_stays_cleared_and_discarding_asks_first(live_server, page, worker, tmp_path):
    """Two corrections an archivist makes every day, in the browser: a wrong county emptied on the file's own
    page, a file thrown away from the batch's table."""
    first = "青石县柳湾镇2022年工作总结\n一、主要工作\n粮食播种面积稳定在3万亩。\n二、存在的问题\n一是产业链条短。\n"
    (tmp_path / "柳湾镇.txt").write_text(first, encoding="utf-8")
    sign_in(page, live_server)
    page.set_input_files("input[type=file]", [str(tmp_path / "柳湾镇.txt")])
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    batch = page.url
    wait_until(lambda: StagedUpload.objects.filter(status=Status.AWAITING).exists())
    page.goto(batch)
    page.click("text=柳湾镇.txt")
    county = page.locator("input[name=county]")
    assert county.input_value() == "青石县"
    county.fill("")
    page.click("input[name=confirm]")
    page.wait_for_url(batch)
    report = Report.objects.get()
    assert (report.county, report.edited_fields) == ("", ["county"])

    (tmp_path / "另一份.txt").write_text(first.replace("柳湾镇", "石桥乡"), encoding="utf-8")
    page.goto(live_server.url + "/admin/reports/report/upload/")
    page.set_input_files("input[type=file]", [str(tmp_path / "另一份.txt")])
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    wait_until(lambda: StagedUpload.objects.filter(filename="另一份.txt", status=Status.AWAITING).exists())
    page.goto(page.url)
    page.once("dialog", lambda dialog: dialog.dismiss())  # 取消: nothing happens
    page.click("input[name=discard]")
    assert StagedUpload.objects.get(filename="另一份.txt").status == Status.AWAITING
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("input[name=discard]")
    page.wait_for_selector("text=已放弃 1 个文件")
    assert StagedUpload.objects.get(filename="另一份.txt").status == Status.DISCARDED
    assert Report.objects.count() == 1
