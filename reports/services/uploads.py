"""Uploads through the admin, step by step: receive (keep each file and queue it, at once), read (in the
background: reports.tasks), preview and confirm or discard (the editor). Each file's state is a
StagedUpload row, so a reload, a second tab or a restarted server shows where each file stands.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, transaction
from django.utils import timezone

from reports import jobs
from reports.models import Report, StagedUpload
from reports.preparing import Original
from reports.reading import Format, Limits, UnreadableDocument, members, needs_ocr, read_document, sniff
from reports.reading.registry import check_size
from reports.selectors.copies import check_text, same_report
from reports.services.ingest import DuplicateReport, Overrides, ingest_prepared, prepare_text, reading_limits
from reports.services.originals import attach_form, drop_unkept_originals, keep_originals
from reports.services.upkeep import replace_text

logger = logging.getLogger(__name__)
Status = StagedUpload.Status


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it."""

    name: str
    data: bytes
    refused: str = ""  # refused before it was read (too big to take in)


def receive_uploads(
    uploads: Iterable[Upload],
    *,
    user: User,
    limits: Limits | None = None,
) -> uuid.UUID:
    """Keep each file (each file of a zip) and queue it for reading; a file refused at once (too big, a
    bomb, past the count limit) is kept as a row that says why. Returns the batch the preview shows."""
    limits = limits or reading_limits()
    batch = uuid.uuid4()
    rows: list[StagedUpload] = []
    with transaction.atomic():
        for name, data, refused in _files(uploads, limits):
            row = StagedUpload(batch=batch, filename=name[:255], created_by=user)
            if not refused and len(rows) >= limits.max_files:
                refused = f"一次最多上传 {limits.max_files} 个文件，此文件未上传"
            if refused:
                row.status, row.reason = Status.REFUSED, refused
                logger.warning("upload %s refused: %s", name, refused)
            else:
                original = Original(name, data, sniff_or_text(data, name))
                row.original_id = keep_originals([original])[original.sha256]
            rows.append(row)
        StagedUpload.objects.bulk_create(rows)
        queued = [row.pk for row in rows if row.status == Status.QUEUED]
        logger.info("upload batch %s: %d files queued, %d refused", batch, len(queued), len(rows) - len(queued))
        for staged_id in queued:
            jobs.defer_on_commit(jobs.READ_UPLOAD, staged_id=staged_id)
    return batch


def sniff_or_text(data: bytes, name: str) -> Format:
    try:
        return sniff(data, name)
    except UnreadableDocument:
        return Format.TEXT


def _files(uploads: Iterable[Upload], limits: Limits) -> Iterable[tuple[str, bytes, str]]:
    """(name, bytes, reason refused or ''), a zip opened into its files."""
    for upload in uploads:
        if upload.refused:
            yield upload.name, b"", upload.refused
            continue
        try:
            kind = sniff(upload.data, upload.name, limits) if upload.data else None
            is_zip = kind is Format.ZIP
            check_size(upload.data, limits, kind)
        except UnreadableDocument as error:
            yield upload.name, b"", error.message
            continue
        if not is_zip:
            yield upload.name, upload.data, ""
            continue
        try:
            for member in members(upload.data, limits):
                yield f"{upload.name}/{member.name}", member.data, member.refused
        except UnreadableDocument as error:
            yield upload.name, b"", error.message


def read_staged(staged_id: int, *, ocr: bool = False) -> None:
    """Read one queued file (the background task's work). A scan or a photo met in the reading queue is passed
    on to the OCR queue (ocr=True there), so it never holds up the files behind it. Safe to run twice: a file
    read already is left."""
    staged = StagedUpload.objects.select_related("original").filter(pk=staged_id).first()
    if staged is None or staged.finished or staged.original is None:
        return
    data = bytes(staged.original.content)  # once: a scan may be 100 MB
    if not ocr and needs_ocr(data, staged.original.name):
        _set(staged, progress="排队等待文字识别")
        jobs.defer(jobs.RECOGNISE_UPLOAD, staged_id=staged.pk)
        return
    _set(staged, status=Status.READING, progress="正在读取")
    try:
        document = read_document(
            data,
            filename=staged.original.name,
            limits=reading_limits(),
            progress=lambda message: _set(staged, progress=message),
        )
    except UnreadableDocument as error:
        logger.warning("upload %s (#%d) refused: %s", staged.filename, staged.pk, error.message)
        _refuse(staged, error.message)
        return
    except DatabaseError:  # the database went away (its progress is written as it reads): the job runs again
        raise
    except Exception:  # a reader's bug must not leave the file 'reading' for ever, nor show its name
        logger.exception("upload %s (#%d): reading failed", staged.filename, staged.pk)
        _refuse(staged, "读取时出现意外错误（已记入日志），请联系管理员")
        return
    pages = [
        {"number": p.number, "method": p.method, "characters": p.characters, "confidence": p.confidence}
        | {"doubtful": p.doubtful}
        for p in document.pages
    ]
    encoding = document.description[:40]
    checked = preview_check(document.text, filename=staged.filename, encoding=encoding)
    _set(
        staged, status=Status.AWAITING, progress="", text=document.text, encoding=encoding, pages=pages, checked=checked
    )
    logger.info(
        "upload %s (#%d) read: %s, %d characters", staged.filename, staged.pk, document.description, len(document.text)
    )


def preview_check(text: str, *, filename: str, encoding: str) -> dict:
    """The copy check a preview shows, made once as the file is read (the batch page then checks nothing
    again): its summary, and the stored report the file is mostly a form of, if any."""
    prepared = prepare_text(text, encoding=encoding, source_name=filename)
    copies = check_text(prepared.text)
    meta = prepared.parsed.metadata
    same = same_report(prepared.text, copies, year=meta.year, township=meta.township)
    return {"copies": copies.summary(), "same": same.summary() if same else None}


def replace_with_staged(staged: StagedUpload, report: Report, *, user: User) -> None:
    """The editor's choice: this file's text becomes the report's (its old text kept in its history). Raises
    DuplicateReport, after which the file is marked refused with the report whose text it is."""
    prepared = prepare_text(staged.text, encoding=staged.encoding, source_name=staged.filename)
    try:
        with transaction.atomic():
            replace_text(report, prepared, original_id=staged.original_id, user=user, pages=len(staged.pages))
            _set(staged, status=Status.STORED, report=report, reason="替换了已有报告的全文（旧全文保留在其历史中）")
    except DuplicateReport as duplicate:
        _refuse(staged, duplicate.message, report=duplicate.existing)
        raise


def check_staged_again(staged: StagedUpload) -> None:
    """A file's kept check, made again: a report stored since it was read (another file of its batch) may
    be what it is a form of."""
    _set(staged, checked=preview_check(staged.text, filename=staged.filename, encoding=staged.encoding))


def _refuse(staged: StagedUpload, reason: str, **fields: Any) -> None:
    """Refused: said on its row, and its original dropped with it unless something else keeps that file."""
    with transaction.atomic():
        _set(staged, status=Status.REFUSED, progress="", reason=reason, **fields)
        drop_unkept_originals([staged.original_id])


def _set(staged: StagedUpload, **fields: Any) -> None:
    """Write a state change at once (not in the task's transaction): the upload page polls for it."""
    for name, value in fields.items():
        setattr(staged, name, value)
    StagedUpload.objects.filter(pk=staged.pk).update(**fields, updated_at=timezone.now())


def confirm_staged(staged: StagedUpload, *, overrides: Overrides, user: User) -> Report:
    """Store a previewed file through the same ingest as the command line, with its original. Raises
    DuplicateReport, after which the file is marked refused with the report it repeats."""
    prepared = prepare_text(staged.text, encoding=staged.encoding, source_name=staged.filename, overrides=overrides)
    prepared.original_id = staged.original_id
    try:
        with transaction.atomic():
            report = ingest_prepared(prepared, user=user)
            _set(staged, status=Status.STORED, report=report)
    except DuplicateReport as duplicate:
        _refuse(staged, duplicate.message, report=duplicate.existing)
        raise
    logger.info("upload %s (#%d) stored as report #%d", staged.filename, staged.pk, report.pk)
    return report


def attach_staged(staged: StagedUpload, report: Report, *, user: User) -> None:
    """Keep a previewed file as another form of a stored report (the editor's choice): no report is made."""
    if staged.original_id is None:  # every upload keeps its file on receipt; one without is no form of anything
        raise ValueError(f"upload #{staged.pk} keeps no file")
    with transaction.atomic():
        attach_form(report, staged.original_id, user=user, pages=len(staged.pages))
        _set(staged, status=Status.STORED, report=report, reason="作为已有报告的另一原件保存")
    logger.info("upload %s (#%d) kept as another form of report #%d", staged.filename, staged.pk, report.pk)


@transaction.atomic
def discard_staged(staged: Iterable[StagedUpload], *, reason: str = "") -> int:
    """The editor's discard: nothing of these files is stored, their originals neither (unless kept otherwise)."""
    rows = [row for row in staged if row.status in StagedUpload.LIVE]
    count = StagedUpload.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=Status.DISCARDED, reason=reason, updated_at=timezone.now()
    )
    drop_unkept_originals(row.original_id for row in rows)
    return count


def expire_unconfirmed(*, days: int | None = None) -> int:
    """Files uploaded ARCHIVE_UPLOAD_EXPIRY_DAYS ago or more and never confirmed nor discarded are discarded,
    their originals with them: an upload left behind does not keep its files for ever."""
    days = settings.ARCHIVE_UPLOAD_EXPIRY_DAYS if days is None else days
    old = StagedUpload.objects.filter(
        status__in=StagedUpload.LIVE, created_at__lt=timezone.now() - timedelta(days=days)
    )
    count = discard_staged(list(old), reason=f"上传 {days} 天后仍未确认，已自动放弃")
    if count:
        logger.info("expired %d uploaded files left unconfirmed for %d days", count, days)
    return count
