"""What the editor decides about uploaded files once they are read: corrections kept before confirming, then
confirm (store as a new report), attach (keep as another form of a stored report), replace (a better text of
one), or discard. Confirming stores through the same ingest as the command line; each decision is written in
the report's history (the admin's LogEntry), so its page says who did what, and when.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reports.copying import FormsIndex
from reports.models import Report, StagedUpload
from reports.parsing import normalise
from reports.preparing import text_digest
from reports.selectors.uploads import Corrections, StagedFile
from reports.services.ingest import DuplicateReport, Overrides, ingest_prepared, prepare_text
from reports.services.originals import attach_form, drop_unkept_originals
from reports.services.upkeep import replace_text
from reports.services.uploads import check_staged_again, refuse, set_state

logger = logging.getLogger(__name__)
Status = StagedUpload.Status


def overrides_of(corrections: Corrections) -> Overrides:
    """Corrections as the ingest takes them: given values win over the parser, cleared ones are stored empty."""
    filled = corrections.filled()
    return Overrides(**filled, cleared=frozenset(set(corrections.fields) - set(filled)))


def correct_staged(staged: StagedUpload, changed: dict[str, Any], *, action: str = "") -> Corrections:
    """Keep the editor's changes to a file read and not yet stored: they show in the batch's table and are what
    confirming stores. A field changed by hand is no longer the batch's preset."""
    before = Corrections.of(staged)
    after = Corrections(before.fields | changed, before.preset - set(changed), action or before.action)
    set_state(staged, corrections=after.as_json())
    logger.info("upload %s (#%d) corrected: %s", staged.filename, staged.pk, ", ".join(changed) or action)
    return after


@dataclass
class Confirmed:
    """What one confirmation did, counted for the editor's message."""

    added: int = 0
    attached: int = 0
    replaced: int = 0
    repeated: int = 0
    held: int = 0  # mostly a report this confirmation stored: left for the editor to choose

    def message(self) -> str:
        said = [f"已录入 {self.added} 份报告"]
        said += [f"{self.attached} 个文件作为已有报告的另一原件保存"] if self.attached else []
        said += [f"{self.replaced} 个文件替换了已有报告的全文（旧全文保留）"] if self.replaced else []
        said += [f"{self.repeated} 份与已有报告重复未录入"] if self.repeated else []
        return "，".join(said) + "。"

    def waiting(self) -> str:
        """What was left for the editor, and why ('' when nothing)."""
        said = []
        if self.held:
            said.append(
                f"{self.held} 个文件与本批刚录入的报告基本相同，暂未录入：请打开该文件，选择它是另一原件还是新报告。"
            )
        return "".join(said)


def confirm_selection(files: Iterable[StagedFile], *, user: User) -> Confirmed:
    """Confirm each file as its corrections and its choice say (selectors.uploads.StagedFile.action): a new
    report, another form of the stored report it mostly is, or that report's better text. A file offered no
    choice that is by now mostly a report this confirmation stored is held, for the editor to choose."""
    done, stored_now = Confirmed(), StoredNow()
    for file in files:
        staged = file.row
        if staged.status != Status.AWAITING:
            continue
        if file.same is not None and file.action in ("attach", "replace"):
            _keep_form(staged, file.same.report, file.action, user, done)
            continue
        if file.same is None and stored_now.holds(normalise(staged.text)):
            check_staged_again(staged)  # its page now offers the choice
            done.held += 1  # another file of this batch, just stored, is the same report: the editor chooses
            continue
        try:
            report = confirm_staged(staged, overrides=overrides_of(file.corrections), user=user)
        except DuplicateReport:
            done.repeated += 1
            continue
        stored_now.add(report.pk, report.text)
        done.added += 1
    return done


def _keep_form(staged: StagedUpload, report: Report, action: str, user: User, done: Confirmed) -> None:
    if action == "attach":
        attach_staged(staged, report, user=user)
        done.attached += 1
        return
    try:
        replace_with_staged(staged, report, user=user)
    except DuplicateReport:
        done.repeated += 1
        return
    done.replaced += 1


def confirm_staged(staged: StagedUpload, *, overrides: Overrides, user: User) -> Report:
    """Store a previewed file through the same ingest as the command line, with its original. Raises
    DuplicateReport, after which the file is marked refused with the report it repeats."""
    prepared = prepare_text(staged.text, encoding=staged.encoding, source_name=staged.filename, overrides=overrides)
    prepared.original_id = staged.original_id
    try:
        with transaction.atomic():
            report = ingest_prepared(prepared, user=user)
            set_state(staged, status=Status.STORED, report=report)
            _log(user, report, ADDITION, f"上传文件 {report.source_name}")
    except DuplicateReport as duplicate:
        refuse(staged, duplicate.message, report=duplicate.existing)
        raise
    logger.info("upload %s (#%d) stored as report #%d", staged.filename, staged.pk, report.pk)
    return report


def attach_staged(staged: StagedUpload, report: Report, *, user: User) -> None:
    """Keep a previewed file as another form of a stored report (the editor's choice): no report is made."""
    if staged.original_id is None:  # every upload keeps its file on receipt; one without is no form of anything
        raise ValueError(f"upload #{staged.pk} keeps no file")
    with transaction.atomic():
        attach_form(report, staged.original_id, user=user, pages=len(staged.pages))
        set_state(staged, status=Status.STORED, report=report, reason="作为已有报告的另一原件保存")
        _log(user, report, CHANGE, f"添加另一原件 {staged.filename}")
    logger.info("upload %s (#%d) kept as another form of report #%d", staged.filename, staged.pk, report.pk)


def replace_with_staged(staged: StagedUpload, report: Report, *, user: User) -> None:
    """The editor's choice: this file's text becomes the report's (its old text kept in its history). Raises
    DuplicateReport, after which the file is marked refused with the report whose text it is."""
    prepared = prepare_text(staged.text, encoding=staged.encoding, source_name=staged.filename)
    try:
        with transaction.atomic():
            replace_text(report, prepared, original_id=staged.original_id, user=user, pages=len(staged.pages))
            reason = "替换了已有报告的全文（旧全文保留在其历史中）"
            set_state(staged, status=Status.STORED, report=report, reason=reason)
            _log(user, report, CHANGE, f"以 {staged.filename} 替换全文（旧全文保留）")
    except DuplicateReport as duplicate:
        refuse(staged, duplicate.message, report=duplicate.existing)
        raise
    logger.info("upload %s (#%d) replaced the text of report #%d", staged.filename, staged.pk, report.pk)


@transaction.atomic
def discard_staged(staged: Iterable[StagedUpload], *, reason: str = "") -> int:
    """The editor's discard: nothing of these files is stored, their originals neither (unless kept otherwise)."""
    rows = [row for row in staged if row.status in StagedUpload.LIVE]
    count = StagedUpload.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=Status.DISCARDED, reason=reason, updated_at=timezone.now()
    )
    drop_unkept_originals(row.original_id for row in rows)
    logger.info("discarded %d uploaded files", count)
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


class StoredNow:
    """The reports one confirmation has stored so far, to tell whether a file offered no choice at preview is by
    now mostly one of them (a .doc and its scan sent together): measured in memory (copying.FormsIndex), as the
    preview's check measured the archive, so confirming a big batch checks nothing against the database again."""

    def __init__(self) -> None:
        self.index, self.digests = FormsIndex(), set[str]()

    def add(self, report_id: int, text: str) -> None:
        self.index.add(report_id, text)
        self.digests.add(text_digest(text))

    def holds(self, text: str) -> bool:
        if text_digest(text) in self.digests:
            return False  # the same text exactly: refused as a duplicate, as ever
        found = self.index.most_of(text)
        return found is not None and found[1] >= settings.ARCHIVE_SAME_REPORT_RATIO


def _log(user: User, report: Report, flag: int, message: str) -> None:
    """The report's history page says who did what to it, and when (an upload, another form kept)."""
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[report], action_flag=flag, change_message=message, single_object=True
    )
