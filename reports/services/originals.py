"""The files reports came in (OriginalFile): kept once per content, linked to their report as its forms, and
dropped when nothing keeps them any more.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import models, transaction

from reports.db.freshness import after_commit
from reports.models import (
    OriginalFile,
    Report,
    StagedUpload,
)
from reports.preparing import (
    Original,
)
from reports.services.store import acting_user

logger = logging.getLogger(__name__)


@transaction.atomic
def attach_form(report: Report, original_id: int, *, user: User | None = None, pages: int = 0) -> None:
    """Keep a file as another form of a stored report (its scan, its .doc, a photo of its first pages): no second
    report is made, so the copy check can never count the report against its own forms. Nothing else changes."""
    OriginalFile.objects.filter(pk=original_id).update(report=report, added_by=acting_user(user), pages=pages or None)
    after_commit()  # its page lists its forms
    logger.info("original #%d kept as another form of report #%d", original_id, report.pk)


def keep_originals(originals: Iterable[Original]) -> dict[str, int]:
    """OriginalFile ids by content hash, storing the files not kept yet: one row per distinct content,
    however often and under whatever names it comes."""
    wanted = {original.sha256: original for original in originals}
    if not wanted:
        return {}
    kept = dict(OriginalFile.objects.filter(sha256__in=list(wanted)).values_list("sha256", "id"))
    new = [
        OriginalFile(sha256=sha, name=o.name[:255], format=o.format, size=len(o.data), content=o.data)
        for sha, o in wanted.items()
        if sha not in kept
    ]
    if new:
        OriginalFile.objects.bulk_create(new, ignore_conflicts=True)  # another writer may keep the same file
        kept = dict(OriginalFile.objects.filter(sha256__in=list(wanted)).values_list("sha256", "id"))
    return kept


def unkept_originals() -> models.QuerySet[OriginalFile]:
    """Originals nothing keeps: no report was read from them and no upload on its way in (queued, being read,
    awaiting its editor) holds them. A refused or discarded upload keeps nothing."""
    live = StagedUpload.objects.filter(status__in=StagedUpload.LIVE, original__isnull=False)
    kept = models.Q(id__in=Report.objects.filter(original__isnull=False).values("original_id"))
    return OriginalFile.objects.filter(report__isnull=True).exclude(kept).exclude(id__in=live.values("original_id"))


def drop_unkept_originals(original_ids: Iterable[int | None]) -> int:
    """Delete those of these originals that nothing keeps any more; call it in the transaction that let go of
    them (a refusal, a discard), so a file is never kept by nothing, nor dropped while something keeps it."""
    ids = {pk for pk in original_ids if pk}
    if not ids:
        return 0
    dropped, _ = unkept_originals().filter(id__in=ids).delete()
    if dropped:
        logger.info("dropped %d originals nothing keeps", dropped)
    return dropped
