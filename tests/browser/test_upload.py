"""An archivist uploads a report in a real browser: sign in, choose a file, preview, confirm."""

import re

import pytest
from django.contrib.auth.models import Group, User

from reports.models import Report
from tests.browser.conftest import shoot
from tests.conftest import SEEDS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_one_report_end_to_end(live_server, page, tmp_path):
    group, _ = Group.objects.get_or_create(name="档案管理员")
    if not group.permissions.exists():  # a flushed database loses what the data migration gave the group
        from django.contrib.auth.models import Permission

        group.permissions.set(Permission.objects.filter(content_type__app_label="reports"))
    user = User.objects.create_user("archivist", password="Archive-pass-2026", is_staff=True)
    user.groups.add(group)
    report_file = tmp_path / "管仲镇2022年度汇报.txt"
    report_file.write_bytes((SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8").encode("gbk", "replace"))

    page.goto(live_server.url + "/admin/reports/report/upload/")
    page.fill("#id_username", "archivist")
    page.fill("#id_password", "Archive-pass-2026")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/$"))
    page.set_input_files("input[type=file]", str(report_file))
    page.fill("#id_year", "2022")
    shoot(page, "admin-upload")
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    assert page.locator("text=存在的突出问题和改进措施").count() >= 1
    shoot(page, "admin-preview")
    page.click("input[name=confirm]")
    page.wait_for_selector("text=已录入 1 份报告")
    shoot(page, "admin-summary")
    report = Report.objects.get()
    assert (report.township.name, report.year, report.created_by.username) == ("管仲镇", 2022, "archivist")
