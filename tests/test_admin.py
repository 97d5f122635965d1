"""The admin as staff see it, over real HTTP through Django's test client."""

import re

import pytest
from django.urls import reverse

from reports.models import Issue, Plan, Report, Section, Theme, Township

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Report, Township, Section, Issue, Plan, Theme])
def test_each_list_opens_for_an_admin(admin_client, archive, model):
    url = reverse(f"admin:reports_{model._meta.model_name}_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200


def test_a_report_page_shows_what_was_parsed(admin_client, archive):
    report = Report.objects.get(township__name="管仲镇")
    response = admin_client.get(reverse("admin:reports_report_change", args=[report.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "存在的突出问题和改进措施" in page
    assert "群众工作还需更加精细精准" in page


def test_the_report_list_filters_by_year(admin_client, archive):
    response = admin_client.get(reverse("admin:reports_report_changelist") + "?year=2023")
    assert response.context["cl"].result_count == 1


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("admin:reports_report_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_edit_in_the_admin_is_kept_when_the_report_is_parsed_again(admin_client, archive):
    from reports.services.upkeep import reparse_report

    report = Report.objects.get(township__name="管仲镇")
    url = reverse("admin:reports_report_change", args=[report.pk])
    data = change_form_data(admin_client, url) | {"year": "2021"}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    report.refresh_from_db()
    assert (report.year, report.edited_fields) == (2021, ["year"])
    assert reparse_report(report).year == 2021


@pytest.mark.parametrize("model", [Report, Township, Issue], ids=lambda m: m.__name__)
def test_every_column_heading_of_an_admin_list_is_chinese(admin_client, archive, model):
    html = admin_client.get(reverse(f"admin:reports_{model._meta.model_name}_changelist")).content.decode()
    assert "Procrastinate" not in html  # the queue's own (English) job list is not shown
    html = html.split('id="result_list"', 1)[1]
    headings = re.findall(r'<th scope="col"[^>]*>.*?<(?:a|span)[^>]*>([^<]*)</', html, re.S)
    assert headings and all(not h.strip().isascii() for h in headings if h.strip()), headings


def change_form_data(admin_client, url: str) -> dict:
    """The change form as a browser posts it: every field with the value it shows, each inline's management
    form (its rows are read-only, so none is posted)."""
    context = admin_client.get(url).context
    form = context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for inline in context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data | {"_save": "保存"}


def test_saving_one_field_in_the_admin_leaves_the_text_byte_identical(admin_client, archive):
    """Once, changing only the county rewrote the text with CRLF (756 -> 766 characters), logged as 全文."""
    from django.contrib.admin.models import LogEntry

    report = Report.objects.get(township__name="管仲镇")
    before = Report.objects.values_list("text", "sha256", "title", "year").get(pk=report.pk)
    url = reverse("admin:reports_report_change", args=[report.pk])
    data = change_form_data(admin_client, url)
    assert "text" not in data  # the text is not a form field at all
    data |= {"county": "临淄区", "text": before[0].replace("\n", "\r\n")}  # a browser's textarea sends CRLF
    response = admin_client.post(url, data)
    assert response.status_code == 302
    after = Report.objects.values_list("text", "sha256", "title", "year").get(pk=report.pk)
    assert after[0].encode() == before[0].encode() and after[1:] == before[1:]
    report.refresh_from_db()
    assert (report.county, report.edited_fields) == ("临淄区", ["county"])
    assert LogEntry.objects.get(object_id=str(report.pk)).get_change_message() == "已修改县（旗、区、市）。"


def test_a_correction_in_the_admin_settles_the_warnings_about_its_field(admin_client, db):
    from reports.services.ingest import ingest_text

    report = ingest_text("一、主要工作\n粮食播种面积稳定在3万亩。\n二、存在的问题\n一是产业链条短。\n")
    assert {"未找到报告年份", "未识别出乡镇名称"} <= set(report.warnings)
    url = reverse("admin:reports_report_change", args=[report.pk])
    admin_client.post(url, change_form_data(admin_client, url) | {"year": "2020"})
    report.refresh_from_db()
    assert report.year == 2020 and "未找到报告年份" not in report.warnings
    assert "未识别出乡镇名称" in report.warnings  # the township is still unknown


def test_reports_come_in_as_files_not_through_the_add_form(admin_client, db):
    response = admin_client.get(reverse("admin:reports_report_add"))
    assert response.status_code == 403
    changelist = admin_client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert reverse("admin:reports_report_upload") in changelist


# Words of Latin letters a Chinese admin page may show: formats and encodings users know by these names, and
# the keys Django's own Chinese names for them (按住 Control 键或 Mac 上的 Command 键).
LATIN_ALLOWED = {
    *("PDF", "RTF", "ODT", "WPS", "Word", "UTF", "SHA", "OCR", "CSV", "JSON", "GBK", "OpenDocument", "RAR", "zip"),
    *("doc", "docx", "html", "htm", "jpg", "png", "tif", "txt", "wps", "mht", "odt", "pdf", "rtf", "jpeg"),
    *("Control", "Command", "Mac", "admin", "reindex", "stale", "axes_reset"),
}


def latin_words(html: str) -> set[str]:
    """The words of three or more Latin letters a reader sees on a page (scripts, styles, tags and values of
    the report's own data such as hashes and file names aside)."""
    import html as entities

    html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", html)
    html = entities.unescape(re.sub(r"(?s)<[^>]+>", " ", html))
    html = re.sub(r"\S+@\S+", " ", html)  # a user's e-mail address is data
    words = set(re.findall(r"[A-Za-z]{3,}", html))
    return {w for w in words if w not in LATIN_ALLOWED and not re.fullmatch(r"[a-f]+", w)}


def test_the_admin_pages_show_no_english(admin_client, archive):
    """Once: 'Report', 'Section', 'Parent', 'Model name', 'Choose all' on the staff's pages."""
    from django.contrib.admin import site

    from reports.models import StagedUpload
    from tests.test_uploads import run_queue, upload

    batch = upload(admin_client, [("管仲镇.txt", "红旗乡2022年工作总结\n一、主要工作\n我们做了很多工作。\n".encode())])
    run_queue()
    staged = StagedUpload.objects.get()
    own = reverse("admin:reports_report_upload_file", args=[staged.batch, staged.pk])
    pages = ["/admin/", reverse("admin:reports_report_upload"), batch, own, "/admin/password_change/"]
    pages.append(reverse("admin:reports_report_upload_batches"))
    for model in site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        if meta.app_label == "reports" and (obj := model.objects.first()):
            pages += [
                reverse(f"admin:reports_{meta.model_name}_{view}", args=[obj.pk]) for view in ("change", "history")
            ]
    found = {page: latin_words(admin_client.get(page).content.decode()) for page in pages}
    assert not {page: words for page, words in found.items() if words}, found


def test_the_admin_widgets_speak_chinese_too(admin_client):
    """The selector of a problem's themes is drawn by the admin's JavaScript, from its catalogue."""
    import json

    script = admin_client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["Choose all %s"] == "选择全部%s" and catalogue["Remove selected %s"] == "删除选中的%s"
    assert (
        catalogue['Choose %s by selecting them and then select the "Choose" arrow button.']
        == "选中%s后点击“选择”箭头按钮。"
    )


def test_the_compiled_catalogues_say_what_their_sources_say():
    """locale/*.mo are compiled from the .po beside them (msgfmt): a .po edited without compiling fails here."""
    import gettext
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES"
    for name in ("django", "djangojs"):
        source = (folder / f"{name}.po").read_text(encoding="utf-8")
        pairs = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', source, re.M))
        compiled = gettext.GNUTranslations((folder / f"{name}.mo").open("rb"))
        said = {msgid.replace('\\"', '"'): compiled.gettext(msgid.replace('\\"', '"')) for msgid in pairs}
        assert said == {msgid.replace('\\"', '"'): msgstr.replace('\\"', '"') for msgid, msgstr in pairs.items()}
