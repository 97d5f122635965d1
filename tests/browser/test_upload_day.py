"""An archivist's whole day with a county's batch, in a real browser with the real worker: sixty files of mixed
formats (five of them other forms of reports the archive holds), reviewed through the batch's table; most
confirmed, some discarded after the browser asks, a scan's other form attached to its report; the batch left
and found again from the admin's index; the reports found again by search. Screenshots at 1366 and 390 px."""

import re

import pytest

from bench import samples
from bench.corpus import Corpus
from reports.models import Report, StagedUpload
from reports.services.ingest import ingest_text
from tests.browser.conftest import shoot
from tests.browser.test_upload import sign_in, wait_until
from tests.conftest import SEEDS, seed_files
from tests.test_report_forms import as_scanned

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FORMATS = SEEDS.parent / "tests" / "fixtures" / "formats"
Status = StagedUpload.Status
MAKERS = {
    "txt": lambda text: text.encode(),
    "gbk.txt": lambda text: text.encode("gb18030"),
    "docx": samples.docx_of,
    "html": samples.government_page,
    "mht": lambda text: samples.mht(samples.government_page(text)),
}


def batch_of_sixty(folder) -> list[str]:
    """55 new reports in five formats; the text-layer PDFs of three seeds the archive holds already (the same
    text: refused), and an OCR reading of two others (mostly the same: another form of the stored report)."""
    corpus, paths = Corpus(count=55), []
    for number in range(55):
        suffix, make = list(MAKERS.items())[number % len(MAKERS)]
        path = folder / f"{number:02}.{suffix}"
        path.write_bytes(make(corpus.report(number)[0]))
        paths.append(str(path))
    for seed in seed_files()[:3]:
        path = folder / f"{seed.stem}.pdf"
        path.write_bytes((FORMATS / f"{seed.stem}.pdf").read_bytes())
        paths.append(str(path))
    for seed in seed_files()[3:]:
        path = folder / f"扫描识别稿_{seed.stem}.txt"
        path.write_text(as_scanned(seed.read_text(encoding="utf-8")), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_sixty_file_batch_reviewed_through_the_table(live_server, page, worker, tmp_path):
    stored = [ingest_text(seed.read_text(encoding="utf-8"), source_name=seed.name) for seed in seed_files()]
    sign_in(page, live_server)
    page.set_input_files("input[type=file]", batch_of_sixty(tmp_path))
    page.click("#upload-form input[type=submit]")
    page.wait_for_url(re.compile(r"/upload/[0-9a-f-]{36}/$"))
    batch = page.url
    wait_until(lambda: not StagedUpload.objects.filter(status__in=[Status.QUEUED, Status.READING]).exists(), 300)
    page.wait_for_selector("#pending-note", state="detached", timeout=60_000)  # the page reloaded itself, done
    page.wait_for_load_state()
    assert page.locator("text=已读取 60/60 个文件").count() == 1
    assert page.locator("#files tbody tr").count() == 60
    # The other forms of stored reports are flagged and not ticked; every new report is.
    flagged = page.locator("#files tbody tr", has=page.locator("text=/基本相同|相同/"))
    assert flagged.count() == 5 and flagged.locator("input[name=selected]:checked").count() == 0
    assert page.locator("input[name=selected]:checked").count() == 55
    shoot(page, "admin-batch-60")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "admin-batch-60-phone")
    page.set_viewport_size({"width": 1366, "height": 900})

    # Left for the day, found again from the admin's index.
    page.goto(live_server.url + "/admin/")
    page.click("text=/60 个文件待确认/")
    page.locator("a", has_text="上传的一批").first.click()
    page.wait_for_url(batch)

    # Five new reports kept back and discarded (the browser asks first); fifty confirmed.
    for name in ("00.txt", "01.gbk.txt", "02.docx", "03.html", "04.mht"):
        page.get_by_role("checkbox", name=f"选择 {name}", exact=True).uncheck()
    page.click("input[name=confirm]")
    page.wait_for_selector("text=已录入 50 份报告")
    assert Report.objects.count() == 55
    # Thrown away: the five held back and the three PDFs the archive has word for word; the browser asks first.
    page.locator("#select-all").check()
    for row in page.locator("#files tbody tr", has=page.locator("text=基本相同")).all():
        row.locator("input[name=selected]").uncheck()
    assert page.locator("input[name=selected]:checked").count() == 8
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("input[name=discard]")
    assert StagedUpload.objects.filter(status=Status.DISCARDED).count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("input[name=discard]")
    page.wait_for_selector("text=已放弃 8 个文件")
    assert StagedUpload.objects.filter(status=Status.DISCARDED).count() == 8

    # An OCR reading of a stored report, opened, kept as another form of the report it is.
    page.locator("#files a", has_text="扫描识别稿_004").click()
    page.wait_for_selector("text=基本相同")
    shoot(page, "admin-batch-file")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "admin-batch-file-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.locator("input[name=action][value=attach]").is_checked()
    page.click("input[name=confirm]")
    page.wait_for_selector("text=1 个文件作为已有报告的另一原件保存")
    township = next(r for r in stored if r.source_name.startswith("004_"))
    assert list(township.forms.values_list("name", flat=True)) == ["扫描识别稿_004_088a82f410e5b682.txt"]
    assert Report.objects.count() == 55

    # Found again: a confirmed report by its township, in the public search.
    confirmed = Report.objects.exclude(pk__in=[r.pk for r in stored]).select_related("township").first()
    page.goto(live_server.url + f"/reports/?q={confirmed.township.name}")
    assert page.locator(f"a[href^='/reports/{confirmed.pk}/']").count() >= 1
