"""Services that write the copy map (查重): each report's copied passages (CopyPassage), from both sides,
and the summary the 查重 list sorts and filters by (Report.copy_ratio, copy_top_*, copied_from).

A report is checked by the background worker soon after it is stored (ingest and re-parse queue it), or by
`reindex`, which checks every report not checked yet. One check writes the report's passages and, on the
other side, its sources' passages that it shares: a source's summary is brought up to date without
checking the source again, so adding a report costs one check however large the archive.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from django.db import OperationalError, connection, transaction

from reports.copies import check_text
from reports.copying import comparable
from reports.models import CopyPassage, Report

logger = logging.getLogger(__name__)
CHUNK = 50  # reports a thread checks before taking more


def queue_copy_check(report_ids: list[int]) -> None:
    """Check these reports in the background once the transaction storing them commits."""
    from reports.tasks import check_copies

    if report_ids:
        transaction.on_commit(lambda: check_copies.defer(report_ids=report_ids))


def record_copies(report_ids: Iterable[int]) -> int:
    """Check each report against the archive and write what it shares, both ways; returns how many."""
    count = 0
    for report in Report.objects.filter(pk__in=list(report_ids)).only("id", "text", "township_id"):
        check = check_text(report.text, township_id=report.township_id, exclude=report.pk)
        same = {source.report_id: source.same_township for source in check.sources}
        with transaction.atomic():
            CopyPassage.objects.filter(report=report).delete()
            touched = set(CopyPassage.objects.filter(source=report).values_list("report_id", flat=True))
            CopyPassage.objects.filter(source=report).delete()
            rows = []
            for p in check.passages:
                kind = same[p.report_id]
                rows.append(CopyPassage(report=report, source_id=p.report_id, start=p.start, end=p.end))
                rows.append(CopyPassage(report_id=p.report_id, source=report, start=p.source_start, end=p.source_end))
                rows[-2].same_township = rows[-1].same_township = kind
            rows.sort(key=lambda row: (row.report_id, row.source_id, row.start, row.end))  # one lock order
            CopyPassage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            summarise({report.pk, *same, *touched})
        logger.info("copy check of report #%d: %.1f%% copied, %d sources", report.pk, check.ratio * 100, len(same))
        count += 1
    return count


def summarise(report_ids: Iterable[int]) -> None:
    """Each report's 总文字复制比, 单源最大复制比 and whom it copies, from its stored passages: compared
    characters (no punctuation) inside the union of the passages, as the live check counts them."""
    reports = Report.objects.filter(pk__in=list(report_ids)).only("id", "text")
    passages: dict[int, list[CopyPassage]] = defaultdict(list)
    for passage in CopyPassage.objects.filter(report__in=reports):
        passages[passage.report_id].append(passage)
    changed = []
    for report in reports:
        offsets = comparable(report.text).offsets
        everything: set[int] = set()
        by_source: dict[int, set[int]] = defaultdict(set)
        kinds: set[bool] = set()
        for passage in passages[report.pk]:
            inside = range(bisect_left(offsets, passage.start), bisect_left(offsets, passage.end))
            everything.update(inside)
            by_source[passage.source_id].update(inside)
            kinds.add(passage.same_township)
        total = max(len(offsets), 1)
        top = max(by_source, key=lambda source: len(by_source[source]), default=None)
        report.copy_ratio = round(len(everything) / total, 4)
        report.copy_top_source_id = top
        report.copy_top_ratio = round(len(by_source[top]) / total, 4) if top else 0.0
        report.copied_from = _copied_from(kinds)
        changed.append(report)
    fields = ["copy_ratio", "copy_top_source", "copy_top_ratio", "copied_from"]
    Report.objects.bulk_update(changed, fields, batch_size=500)


def _copied_from(same_township: set[bool]) -> str:
    if same_township == {True, False}:
        return Report.CopiedFrom.BOTH
    if same_township == {True}:
        return Report.CopiedFrom.SELF
    return Report.CopiedFrom.OTHERS if same_township else Report.CopiedFrom.NONE


def check_unchecked(on_report: Callable[[int], None] | None = None, *, workers: int = 1) -> int:
    """Check the reports the copy map has no summary for (stored before it came, or queued and lost).
    With several workers (threads: half of a check is waiting for PostgreSQL), two checks may write one
    report's passages at once and summarise it before the other commits: the reports are summarised
    again, all, at the end."""
    unchecked = list(Report.objects.filter(copied_from="").order_by("id").values_list("id", flat=True))
    if workers <= 1:
        for report_id in unchecked:
            record_copies([report_id])
            if on_report:
                on_report(report_id)
        return len(unchecked)
    chunks = [unchecked[start : start + CHUNK] for start in range(0, len(unchecked), CHUNK)]
    with ThreadPoolExecutor(workers) as pool:
        for done in pool.map(_check_on_own_connection, chunks):
            for report_id in done:
                if on_report:
                    on_report(report_id)
    for start in range(0, len(unchecked), 500):
        summarise(unchecked[start : start + 500])
    return len(unchecked)


def _check_on_own_connection(report_ids: list[int]) -> list[int]:
    """One thread's share; a check that deadlocks with another thread's is done again."""
    try:
        for report_id in report_ids:
            for attempt in range(3):
                try:
                    record_copies([report_id])
                    break
                except OperationalError:
                    if attempt == 2:
                        raise
                    logger.warning("copy check of report #%d met another thread's; again", report_id)
        return report_ids
    finally:
        connection.close()
