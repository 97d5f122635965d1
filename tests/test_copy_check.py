"""查重 a reader can run and print: /copies/check/ with pasted text and with a .docx, stored nowhere, bounded and
rate-limited; the same result as a stored report's 查重 page, in print layout and as JSON; the genre's
formulas boilerplate from the first report; the bands stated."""

import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from bench.samples import docx_of, scanned_pdf
from reports.copying.bands import BANDS, band_of
from reports.copying.formulas import Formulas, problem, shipped_formulas
from reports.models import Formula, OriginalFile, Report, StagedUpload
from reports.reading.ocr import available as ocr_available
from reports.selectors.copies import check_text
from reports.services.copies import record_copies
from reports.services.ingest import ingest_text

pytestmark = pytest.mark.django_db
FORMATS = Path(__file__).parent / "fixtures" / "formats"

STORED = (
    "青石县柳湾镇2022年工作总结\n一、主要工作\n"
    "全镇围绕特色产业发展，新建高标准蔬菜大棚二百座，带动周边农户稳定增收，村集体经济收入明显提高。"
    "同时深化人居环境整治，清理河道沟渠四十公里，建成垃圾中转站两座，群众满意度持续上升。\n"
    "二、存在的问题\n一是产业链条较短，农产品加工能力不足。\n三、2023年工作打算\n（一）延伸产业链条。\n"
)
# Another township's text: its first part copies the stored report's first paragraph, the rest is its own.
CHECKED = (
    "青石县白杨镇2023年工作总结\n一、主要工作\n"
    "全镇围绕特色产业发展，新建高标准蔬菜大棚二百座，带动周边农户稳定增收，村集体经济收入明显提高。"
    "此外修缮学校校舍三处，组织农技培训十二期。\n二、存在的问题\n一是干部年龄结构偏大。\n"
)


@pytest.fixture
def stored(db) -> Report:
    report = ingest_text(STORED)
    record_copies([report.pk])
    return report


def post(client: Client, **data):
    return client.post("/copies/check/", data)


def test_the_form_is_in_chinese_and_an_empty_check_is_told_what_to_do(client):
    page = client.get("/copies/check/").content.decode()
    assert "粘贴文字" in page and "不存入档案库" in page and "csrfmiddlewaretoken" in page
    empty = post(client, text="   ")
    assert empty.status_code == 400 and "请粘贴文字或选择一个文件" in empty.content.decode()


def test_pasted_text_is_checked_like_a_stored_report_and_stored_nowhere(client, stored):
    counts = (Report.objects.count(), OriginalFile.objects.count(), StagedUpload.objects.count())
    page = post(client, text=CHECKED).content.decode()
    assert "总文字复制比" in page and "没有存入档案库" in page and "[1]" in page
    assert f'href="/reports/{stored.pk}/"' in page and "其他乡镇" in page
    assert '<sup class="source-mark">[1]</sup>' in page and "各部分复制比" in page
    assert counts == (Report.objects.count(), OriginalFile.objects.count(), StagedUpload.objects.count())
    data = post(client, text=CHECKED, format="json").json()
    assert data["id"] is None and data["sources"][0]["report_id"] == stored.pk and data["sources"][0]["number"] == 1
    assert 0 < data["ratio"] < 1 and data["band"] == band_of(data["ratio"]).name
    assert data["ratio_without_own_township"] == data["ratio"]  # the source is another township's
    for passage in data["passages"]:
        assert CHECKED[passage["start"] : passage["end"]] == passage["text"]  # offsets index the text as read
    assert "全镇围绕特色产业发展" in data["passages"][0]["text"]


def test_a_docx_is_read_and_checked_and_a_scan_is_refused_with_advice(client, stored):
    docx = docx_of(CHECKED)
    upload = {"file": _file("白杨镇.docx", docx)}
    page = client.post("/copies/check/", upload).content.decode()
    assert "检查的文件：白杨镇.docx（Word（.docx））" in page and "总文字复制比" in page and "[1]" in page
    if ocr_available():
        text_pdf = (FORMATS / "000_4ccb42b5d963b38f.pdf").read_bytes()
        scan = client.post("/copies/check/", {"file": _file("扫描件.pdf", scanned_pdf(text_pdf))})
        assert scan.status_code == 400 and "网页查重不做识别" in scan.content.decode()
    broken = client.post("/copies/check/", {"file": _file("坏.docx", b"PK\x03\x04 not a zip")})
    assert broken.status_code == 400 and "无法打开" in broken.content.decode()


def test_a_file_past_the_limit_is_skipped_while_it_arrives(client, stored, settings):
    """The bound is kept while the upload is read: a bigger file never reaches memory or disk whole."""
    from reports.reading import Limits

    settings.ARCHIVE_LIMITS = Limits(max_file_bytes=2000)
    response = client.post("/copies/check/", {"file": _file("大文件.txt", ("全镇围绕特色产业发展。" * 400).encode())})
    assert response.status_code == 400 and "网页查重的文件不能超过 0 MB" in response.content.decode()
    small = client.post("/copies/check/", {"file": _file("小文件.txt", CHECKED.encode())})
    assert small.status_code == 200 and "总文字复制比" in small.content.decode()


def test_a_long_text_is_cut_with_a_notice(client, stored, settings):
    settings.ARCHIVE_CHECK_MAX_CHARACTERS = 60
    page = post(client, text=CHECKED).content.decode()
    assert "只检查了前 60 字" in page


def test_the_print_layout_of_a_stored_report_and_of_a_checked_text(client, stored):
    other = ingest_text(CHECKED)
    record_copies([other.pk])
    printed = client.get(f"/reports/{other.pk}/copies/", {"view": "print"}).content.decode()
    assert "文本复制检测报告单" in printed and "全文标明引文" in printed and "全文对照" in printed
    assert "css/print.css" in printed and 'class="pair"' in printed and "来源 [1]" in printed
    assert "去除本乡镇往年报告后的复制比" in printed and "单源最大复制比" in printed
    page = client.get(f"/reports/{other.pk}/copies/").content.decode()
    assert "?view=print" in page and "打印版" in page and "?format=csv" in page
    csv = b"".join(client.get(f"/reports/{other.pk}/copies/", {"format": "csv"}).streaming_content).decode()
    header, first = csv.splitlines()[:2]
    assert header == "\ufeff编号,来源报告,乡镇,年份,相同字数,复制比,来源,链接"
    assert first.startswith("1,") and "%," in first and f"/reports/{stored.pk}/" in first
    checked = post(client, text=CHECKED, view="print").content.decode()
    assert "文本复制检测报告单" in checked and "本次检查的文字未存入档案库" in checked


def test_the_same_township_s_earlier_report_is_set_apart(client, stored):
    own = CHECKED.replace("白杨镇", "柳湾镇")
    data = post(client, text=own, format="json").json()
    assert data["sources"][0]["same_township"] is True
    assert data["ratio"] > 0 and data["ratio_without_own_township"] == 0


def test_anonymous_checks_are_rate_limited(client, admin_client, stored, settings):
    cache.clear()
    settings.ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE = 2
    assert post(client, text=CHECKED).status_code == 200
    assert post(client, text=CHECKED).status_code == 200
    limited = post(client, text=CHECKED)
    assert limited.status_code == 429 and "请求过于频繁" in limited.content.decode()
    assert post(admin_client, text=CHECKED).status_code == 200


def test_the_csrf_token_is_required(stored):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/copies/check/", {"text": CHECKED}).status_code == 403


def test_formulas_are_boilerplate_from_the_first_report(stored):
    dateline = "在柳湾镇第十八届人民代表大会第六次会议上，"
    assert Formula.objects.filter(text="人民代表大会第*次会议").exists()  # shipped
    text = (
        "青石县白杨镇2023年政府工作报告\n"
        + dateline
        + "我代表镇人民政府报告工作，请予审议。\n一、主要工作\n修路五公里。"
    )
    check = check_text(text)
    assert check.boilerplate_characters >= len("人民代表大会第六次会议") and check.copied_characters == 0
    Formula.objects.all().delete()
    assert check_text(text).boilerplate_characters == 0  # only one report has it: not boilerplate by the rule


def test_formulas_match_across_punctuation_and_wildcards_and_refuse_short_ones():
    formulas = Formulas.of(shipped_formulas())
    text = "增强“四个意识”、坚定“四个自信”、做到“两个维护”，在镇第十二届人民代表大会第三次会议上"
    found = [text[a:b] for a, b in formulas.spans(text)]
    assert found == ["增强“四个意识”、坚定“四个自信”、做到“两个维护", "人民代表大会第三次会议"]
    assert problem("一年来") and problem("*会议上") and not problem("人民代表大会第*次会议")


def test_staff_edit_the_formulas_in_the_admin(admin_client, stored):
    response = admin_client.post("/admin/reports/formula/add/", {"text": "工作", "note": ""})
    assert response.status_code == 200 and "至少要有 4 个字" in response.content.decode()
    response = admin_client.post("/admin/reports/formula/add/", {"text": "特色产业发展", "note": "测试"})
    assert response.status_code == 302 and Formula.objects.filter(text="特色产业发展").exists()


def test_the_bands_cover_every_ratio_once():
    assert [band_of(r).name for r in (0.0, 0.049, 0.05, 0.149, 0.15, 0.399, 0.4, 1.0)] == [
        "low", "low", "some", "some", "much", "much", "most", "most",
    ]  # fmt: skip
    assert len({b.name for b in BANDS}) == len(BANDS)


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.django_db(transaction=True)
def test_upgrading_queues_the_copy_check_of_reports_that_hold_a_formula():
    """0039: reports stored before formulas were boilerplate are checked again, by the worker."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    Formula.objects.get_or_create(text="在县委县政府的正确领导下")  # shipped; a transactional test before may flush
    holding = ingest_text(STORED.replace("一、主要工作\n", "一、主要工作\n在县委县政府的正确领导下，"))
    plain = ingest_text(CHECKED)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    executor = MigrationExecutor(connection)
    executor.migrate([("reports", "0038_saved_searches")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("reports", "0039_recheck_formula_reports")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, args::text FROM procrastinate_jobs")
        queued = [(name, json.loads(args)) for name, args in cursor.fetchall()]
    assert queued == [("check_copies", {"report_ids": [holding.pk]})]
    assert plain.pk not in queued[0][1]["report_ids"]
