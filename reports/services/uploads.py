"""Uploads through the admin, the first two steps: receive (keep each file and queue it, at once) and read (in
the background: reports.tasks), with the parse and copy check a preview shows made once, as each file is read.
What the editor then decides (correct, confirm, attach, discard) is reports.services.review. Each file's state
is a StagedUpload row, so a reload, a second tab or a restarted server shows where each file stands.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import DatabaseError, transaction
from django.utils import timezone

from reports import jobs
from reports.models import StagedUpload
from reports.parsing.export import preview_to_dict
from reports.preparing import Original
from reports.reading import Format, Limits, UnreadableDocument, members, needs_ocr, page_count, read_document, sniff
from reports.reading.registry import check_size
from reports.selectors.copies import check_text, same_report
from reports.services.ingest import prepare_text, reading_limits
from reports.services.originals import drop_unkept_originals, keep_originals

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
    preset: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Keep each file (each file of a zip) and queue it for reading; a file refused at once (too big, a
    bomb, past the count limit) is kept as a row that says why. `preset`: fields the upload form set for every
    file (township, year, kind), kept with each as a correction, so they hold whoever confirms and whenever.
    Returns the batch the preview shows."""
    corrections = {"fields": preset, "preset": sorted(preset)} if preset else {}
    limits = limits or reading_limits()
    batch = uuid.uuid4()
    rows: list[StagedUpload] = []
    with transaction.atomic():
        for name, data, refused in _files(uploads, limits):
            row = StagedUpload(batch=batch, filename=name[:255], created_by=user, corrections=corrections)
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
    limits = reading_limits()
    if not ocr and needs_ocr(data, staged.original.name):
        set_state(staged, progress="排队等待文字识别", pages_total=page_count(data, staged.original.name, limits))
        jobs.defer(jobs.RECOGNISE_UPLOAD, staged_id=staged.pk)
        return
    started = {"recognition_started_at": timezone.now()} if ocr else {}  # the batch's pace counts from here
    set_state(staged, status=Status.READING, progress="正在读取", pages_done=0, **started)

    def recognising(page: int, pages: int) -> None:
        set_state(staged, progress=f"文字识别第 {page}/{pages} 页", pages_done=page - 1, pages_total=pages)

    try:
        document = read_document(data, filename=staged.original.name, limits=limits, progress=recognising)
    except UnreadableDocument as error:
        logger.warning("upload %s (#%d) refused: %s", staged.filename, staged.pk, error.message)
        refuse(staged, error.message)
        return
    except DatabaseError:  # the database went away (its progress is written as it reads): the job runs again
        raise
    except Exception:  # a reader's bug must not leave the file 'reading' for ever, nor show its name
        logger.exception("upload %s (#%d): reading failed", staged.filename, staged.pk)
        refuse(staged, "读取时出现意外错误（已记入日志），请联系管理员")
        return
    pages = [
        {"number": p.number, "method": p.method, "characters": p.characters, "confidence": p.confidence}
        | {"doubtful": p.doubtful, "doubtful_lines": list(p.doubtful_lines)}
        for p in document.pages
    ]
    encoding = document.description[:40]
    checked = preview_of(document.text, filename=staged.filename, encoding=encoding)
    done = len(pages) if ocr else 0
    fields = {"text": document.text, "encoding": encoding, "pages": pages, "checked": checked}
    set_state(staged, status=Status.AWAITING, progress="", pages_done=done, pages_total=done, **fields)
    logger.info(
        "upload %s (#%d) read: %s, %d characters", staged.filename, staged.pk, document.description, len(document.text)
    )


def preview_of(text: str, *, filename: str, encoding: str) -> dict:
    """What a preview shows, made once as the file is read (the batch page and the file's page then parse and
    check nothing again): the parse (parsing.export.preview_to_dict), the text's digest (to tell a duplicate
    stored since), the copy check's summary, and the stored report the file is mostly a form of, if any."""
    prepared = prepare_text(text, encoding=encoding, source_name=filename)
    copies = check_text(prepared.text)
    meta = prepared.parsed.metadata
    same = same_report(prepared.text, copies, year=meta.year, township=meta.township)
    return {
        "parsed": preview_to_dict(prepared.parsed),
        "digest": prepared.sha256,
        "copies": copies.summary(),
        "same": same.summary() if same else None,
    }


def check_staged_again(staged: StagedUpload) -> None:
    """A file's kept preview, made again: a report stored since it was read (another file of its batch) may
    be what it is a form of."""
    set_state(staged, checked=preview_of(staged.text, filename=staged.filename, encoding=staged.encoding))


def complete_previews(rows: Iterable[StagedUpload]) -> None:
    """Files read before previews kept their parse are given one now, once (their page then reads it)."""
    for staged in rows:
        if staged.status == Status.AWAITING and "parsed" not in staged.checked:
            check_staged_again(staged)


def refuse(staged: StagedUpload, reason: str, **fields: Any) -> None:
    """Refused: said on its row, and its original dropped with it unless something else keeps that file."""
    with transaction.atomic():
        set_state(staged, status=Status.REFUSED, progress="", reason=reason, **fields)
        drop_unkept_originals([staged.original_id])


def set_state(staged: StagedUpload, **fields: Any) -> None:
    """Write a state change at once (not in the task's transaction): the upload page polls for it."""
    for name, value in fields.items():
        setattr(staged, name, value)
    StagedUpload.objects.filter(pk=staged.pk).update(**fields, updated_at=timezone.now())
