"""Curation in the admin over real HTTP, and who may do what (the upload flow: tests/test_uploads.py)."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reports.models import Report, StagedUpload, Township
from reports.services.ingest import ingest_text
from tests.conftest import SEEDS, archivist

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:reports_report_upload")
TEXT_004 = (SEEDS / "004_088a82f410e5b682.txt").read_text(encoding="utf-8")
TEXT_001 = (SEEDS / "001_63944fab751146e4.txt").read_text(encoding="utf-8")


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
