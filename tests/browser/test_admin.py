"""The admin as an archivist uses it in a real browser: a report's county corrected with the change form's
real widgets (inlines, selectors and all) leaves every other field and the text byte for byte as they were; and
the pages an archivist goes through speak Chinese, as the browser draws them (scripts' strings included)."""

import re

import pytest
from django.contrib.auth.models import User

from reports.models import Report, StagedUpload
from reports.services.ingest import ingest_text
from tests.browser.conftest import shoot
from tests.browser.test_upload import sign_in, wait_until
from tests.conftest import SEEDS
from tests.test_admin import latin_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_field_saved_in_the_browser_leaves_the_text_byte_identical(live_server, page, worker, tmp_path):
    text = (SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8")
    report = ingest_text(text, source_name="管仲镇.txt")
    before = Report.objects.values_list("text", "sha256", "title", "year", "township").get(pk=report.pk)
    sign_in(page, live_server)
    page.goto(live_server.url + f"/admin/reports/report/{report.pk}/change/")
    page.fill("input[name=county]", "临淄区")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    after = Report.objects.values_list("text", "sha256", "title", "year", "township").get(pk=report.pk)
    assert after[0].encode() == before[0].encode() and after[1:] == before[1:]
    report.refresh_from_db()
    assert (report.county, report.edited_fields) == ("临淄区", ["county"])

    # The pages of the day, as drawn: no English word on any (the admin's JavaScript writes some of them).
    (tmp_path / "柳湾镇.txt").write_text("青石县柳湾镇2022年工作总结\n一、主要工作\n粮食稳定。\n", encoding="utf-8")
    page.goto(live_server.url + "/admin/reports/report/upload/")
    page.set_input_files("input[type=file]", [str(tmp_path / "柳湾镇.txt")])
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    batch = page.url.removeprefix(live_server.url)
    wait_until(lambda: StagedUpload.objects.filter(status=StagedUpload.Status.AWAITING).exists())
    staged = StagedUpload.objects.get()
    user = User.objects.get(username="archivist")
    assert staged.created_by == user
    pages = [
        "/admin/",
        batch,
        f"{batch}{staged.pk}/",
        "/admin/reports/report/upload/batches/",
        "/admin/reports/stagedupload/?status__exact=awaiting",
        f"/admin/reports/report/{report.pk}/change/",
        f"/admin/reports/report/{report.pk}/history/",
        "/admin/reports/report/",
        "/admin/reports/issue/",
        f"/admin/reports/issue/{report.issues.first().pk}/change/",  # its themes' selector is drawn by script
    ]
    found = {}
    for path in pages:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found[path] = latin_words(page.content()) - {user.username}  # the signed-in user's name is data
    shoot(page, "admin-issues")
    assert not {path: words for path, words in found.items() if words}, found
