"""Staff upload and curation in the admin, over real HTTP: preview, correct, confirm, refuse, permissions."""

import codecs
import io
import re

import docx
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports.models import Report, StagedUpload, Township
from reports.services import ingest_text
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:reports_report_upload")
TEXT_004 = (SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8")
TEXT_001 = (SEEDS / "001_63944fab751146e4.txt").read_text(encoding="utf-8")


def archivist(username="archivist") -> User:
    user = User.objects.create_user(username, password="x-archive-1", is_staff=True)
    user.groups.add(Group.objects.get(name="档案管理员"))
    return user


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(archivist())
    return client


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, files, **fields):
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files], **fields}
    response = client.post(UPLOAD, data)
    assert response.status_code == 302, response.content[:400]
    return response["Location"]


def test_an_archivist_uploads_previews_and_confirms(editor_client):
    preview_url = upload(
        editor_client,
        [
            ("管仲镇.txt", TEXT_004.encode("gb18030")),
            ("党建.docx", docx_bytes(TEXT_001)),
            ("空.txt", b""),
            ("图片.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
            ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40),
            ("损坏.docx", b"PK\x03\x04broken"),
        ],
    )
    html = editor_client.get(preview_url).content.decode()
    assert "管仲镇.txt" in html and "编码：GB18030" in html and "编码：DOCX" in html
    assert "存在的突出问题和改进措施" in html and "群众工作还需更加精细精准" in html
    assert "空.txt</strong>：文件为空（0 字节）" in html
    assert "图片.txt</strong>：这是 PNG 图片，不是文本文件" in html
    assert "旧版.doc</strong>：旧版 Word（.doc）文件无法读取" in html
    assert "损坏.docx</strong>：无法打开这个 Word（.docx）文件" in html
    assert Report.objects.count() == 0

    staged = {s.filename: s.pk for s in StagedUpload.objects.all()}
    form = {f"f{pk}-{k}": v for pk in staged.values() for k, v in {"include": "on", "period": "annual"}.items()}
    form |= {
        f"f{staged['管仲镇.txt']}-township": "管仲镇",
        f"f{staged['管仲镇.txt']}-year": "2021",
        f"f{staged['管仲镇.txt']}-kind": "leadership",
    }
    form |= {
        f"f{staged['党建.docx']}-year": "2022",
        f"f{staged['党建.docx']}-kind": "party_building",
        f"f{staged['党建.docx']}-township": "红旗镇",
        "confirm": "确认录入",
    }
    summary = editor_client.post(preview_url, form).content.decode()
    assert "已录入 2 份报告" in summary
    corrected = Report.objects.get(source_name="管仲镇.txt")
    assert (corrected.year, corrected.township.name, corrected.encoding) == (2021, "管仲镇", "GB18030")
    assert "year" in corrected.edited_fields
    assert Report.objects.get(source_name="党建.docx").township.name == "红旗镇"
    assert LogEntry.objects.filter(object_id=str(corrected.pk), change_message__contains="上传文件").exists()
    assert StagedUpload.objects.count() == 0


def test_a_duplicate_is_refused_with_a_link_to_the_report_that_has_it(editor_client):
    existing = ingest_text(TEXT_004)
    preview_url = upload(editor_client, [("again.txt", codecs.BOM_UTF16_LE + TEXT_004.encode("utf-16-le"))])
    html = editor_client.get(preview_url).content.decode()
    assert reverse("admin:reports_report_change", args=[existing.pk]) in html
    (staged,) = StagedUpload.objects.all()
    summary = editor_client.post(
        preview_url,
        {
            f"f{staged.pk}-include": "on",
            f"f{staged.pk}-period": "annual",
            f"f{staged.pk}-kind": "leadership",
            "confirm": "1",
        },
    ).content.decode()
    assert "内容重复，未录入" in summary and f"#{existing.pk}" in summary
    assert Report.objects.count() == 1


def test_an_oversized_file_is_refused(editor_client, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1024
    preview_url = upload(editor_client, [("big.txt", TEXT_004.encode("utf-8"))])
    assert (
        "big.txt</strong>：文件过大（0.0 MB），单个报告的上限为 0 MB" in editor_client.get(preview_url).content.decode()
    )


def test_discarding_stores_nothing(editor_client):
    preview_url = upload(editor_client, [("a.txt", TEXT_004.encode())])
    response = editor_client.post(preview_url, {"discard": "1"})
    assert response.status_code == 302
    assert (Report.objects.count(), StagedUpload.objects.count()) == (0, 0)


def test_anonymous_visitors_must_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_staff_without_the_group_can_look_but_not_upload_or_edit(client):
    ingest_text(TEXT_004)
    client.force_login(User.objects.create_user("reader", password="x-archive-2", is_staff=True))
    assert client.get(reverse("admin:reports_report_changelist")).status_code == 200
    assert client.get(UPLOAD).status_code == 403
    report = Report.objects.get()
    response = client.post(reverse("admin:reports_report_change", args=[report.pk]), {"year": "1999"})
    assert response.status_code == 403
    assert Report.objects.get().year == 2022


def test_uploads_need_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(archivist())
    response = client.post(UPLOAD, {"files": [SimpleUploadedFile("a.txt", TEXT_004.encode())]})
    assert response.status_code == 403
    assert StagedUpload.objects.count() == 0


def test_assign_a_masked_report_to_a_township(editor_client):
    report = ingest_text(TEXT_001)
    assert report.township is None
    changelist = reverse("admin:reports_report_changelist")
    form = editor_client.post(changelist, {"action": "assign_township_to_selected", "_selected_action": [report.pk]})
    assert "乡镇名称" in form.content.decode()
    editor_client.post(
        changelist,
        {
            "action": "assign_township_to_selected",
            "_selected_action": [report.pk],
            "apply": "1",
            "name": "白杨镇",
            "county": "和平县",
        },
    )
    report.refresh_from_db()
    assert (report.township.name, report.county, report.masked_township) == ("白杨镇", "和平县", "")
    assert "township" in report.edited_fields
    assert report.passages.filter(township=report.township).exists()


def test_merge_two_townships(editor_client):
    first = ingest_text(TEXT_004)
    second = ingest_text(TEXT_001)
    other = Township.objects.create(name="管仲乡", county="")
    second.township = other
    second.save()
    changelist = reverse("admin:reports_township_changelist")
    keep = first.township
    editor_client.post(
        changelist,
        {"action": "merge_selected", "_selected_action": [keep.pk, other.pk], "apply": "1", "keep": keep.pk},
    )
    assert not Township.objects.filter(pk=other.pk).exists()
    assert keep.reports.count() == 2


def test_reparse_a_selection_from_the_list(editor_client):
    report = ingest_text(TEXT_004)
    report.sections.filter(kind="problems").update(heading="坏了")
    editor_client.post(
        reverse("admin:reports_report_changelist"), {"action": "reparse_selected", "_selected_action": [report.pk]}
    )
    assert report.sections.filter(heading="存在的突出问题和改进措施").exists()
    history = editor_client.get(reverse("admin:reports_report_history", args=[report.pk])).content.decode()
    assert "重新解析" in history and "archivist" in history


def test_the_whole_archive_can_require_a_sign_in(client, settings):
    settings.ARCHIVE_LOGIN_REQUIRED = True
    response = client.get("/search/?q=党建")
    assert response.status_code == 302 and re.search(r"/admin/login/\?next=", response["Location"])
    settings.ARCHIVE_LOGIN_REQUIRED = False
    assert client.get("/").status_code == 200
