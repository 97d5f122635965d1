"""Services that write the copy map (查重): each report's copied passages (CopyPassage), from both sides,
and the summary the 查重 list sorts and filters by (Report.copy_ratio, copy_top_*, copied_from).

A report is checked by the background worker soon after it is stored (ingest and re-parse queue it), or by
`reindex`, which checks every report not checked yet. One check writes the report's passages and, on the
other side, its sources' passages that it shares: a source's summary is brought up to date without
checking the source again, so adding a report costs one check however large the archive.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from typing import Any

from django.db import OperationalError, connection, transaction

from reports import jobs
from reports.copying import comparable
from reports.copying.formulas import Formulas
from reports.models import CopyPassage, Report
from reports.selectors.copies import Passage, SharedHashes, check_text
from reports.services import copy_processes

logger = logging.getLogger(__name__)
CHUNK = 50  # reports a worker process checks before taking more
SHARED_FROM = 500  # unchecked reports from which a build counts the shared hashes once, first (SharedHashes)


def queue_copy_check(report_ids: list[int]) -> None:
    """Check these reports in the background once the transaction storing them commits."""
    if report_ids:
        jobs.defer_on_commit(jobs.CHECK_COPIES, report_ids=report_ids)


def formulas_changed(formulas: list[str]) -> None:
    """Staff added, changed or took off these formulas: the reports holding them are found and checked again
    in the background (finding them reads every report's text)."""
    jobs.defer_on_commit(jobs.RECHECK_FORMULAS, formulas=formulas)


def recheck_formula_reports(formulas: list[str]) -> int:
    """Queue the copy check of the reports that hold any of these formulas, wherever punctuation stands in
    them (so no plain SQL filter finds them: each text is matched). Returns how many were queued."""
    wanted = Formulas.of(formulas)
    texts = Report.objects.values_list("id", "text").order_by("id").iterator(chunk_size=200)
    ids = [pk for pk, text in texts if wanted.spans(text)]
    for start in range(0, len(ids), 500):
        queue_copy_check(ids[start : start + 500])
    logger.info("formulas changed: %d reports queued for the copy check again", len(ids))
    return len(ids)


def record_copies(
    report_ids: Iterable[int],
    *,
    summarise_now: bool = True,
    earlier_only: bool = False,
    shared: SharedHashes | None = None,
) -> set[int]:
    """Check each report against the archive and write what it shares, both ways; returns the reports
    whose passages changed (the checked ones and their sources), summarised unless `summarise_now` is
    False (a bulk build summarises each report once, at the end). With `earlier_only`, a report is checked
    against the reports with smaller ids only and rewrites only those pairs: building the map, every pair
    is then written once, by its later report, whatever order or process the checks run in."""
    changed: set[int] = set()
    # Each check writes the pair's passages as it sees them (a formula near a run's end is judged from
    # each text's own fingerprints), so the last check of a pair decides: checked in id order, always.
    reports = Report.objects.filter(pk__in=list(report_ids)).only("id", "text", "township_id").order_by("id")
    for report in reports:
        before = report.pk if earlier_only else None
        check = check_text(report.text, township_id=report.township_id, exclude=report.pk, before=before, shared=shared)
        same = {source.report_id: source.same_township for source in check.sources}
        with transaction.atomic():
            mine = CopyPassage.objects.filter(report=report)
            theirs = CopyPassage.objects.filter(source=report)
            if earlier_only:
                mine, theirs = mine.filter(source__lt=report.pk), theirs.filter(report__lt=report.pk)
            touched = set(theirs.values_list("report_id", flat=True))
            mine.delete()
            theirs.delete()
            rows = []
            for p in check.passages:
                kind = same[p.report_id]  # one pair, one answer: the same township's or another's
                rows.append(
                    CopyPassage(report=report, source_id=p.report_id, **_mirrored(p, False), same_township=kind)
                )
                rows.append(CopyPassage(report_id=p.report_id, source=report, **_mirrored(p, True), same_township=kind))
            rows.sort(key=lambda row: (row.report_id, row.source_id, row.start, row.end))  # one lock order
            CopyPassage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
            Report.objects.filter(pk=report.pk).update(copy_boilerplate=[list(span) for span in check.boilerplate])
            if summarise_now:
                summarise({report.pk, *same, *touched})
        changed |= {report.pk, *same, *touched}
        logger.info("copy check of report #%d: %.1f%% copied, %d sources", report.pk, check.ratio * 100, len(same))
    return changed


def _mirrored(passage: Passage, from_the_source: bool) -> dict[str, int]:
    """A passage's offsets as the report's row keeps them, or as its source's row does (the sides swapped)."""
    mine, theirs = (passage.start, passage.end), (passage.source_start, passage.source_end)
    (start, end), (source_start, source_end) = (theirs, mine) if from_the_source else (mine, theirs)
    return {"start": start, "end": end, "source_start": source_start, "source_end": source_end}


def summarise(report_ids: Iterable[int]) -> None:
    """Each report's 总文字复制比, 单源最大复制比 and whom it copies, from its stored passages: compared
    characters (no punctuation) inside the union of the passages, as the live check counts them."""
    reports = Report.objects.filter(pk__in=list(report_ids)).only("id", "text")
    passages: dict[int, list[CopyPassage]] = defaultdict(list)
    for passage in CopyPassage.objects.filter(report__in=reports):
        passages[passage.report_id].append(passage)
    changed = []
    for report in reports:
        compared = comparable(report.text)
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for passage in passages[report.pk]:
            spans[passage.source_id].append((passage.start, passage.end))
        by_source = {source: compared.within(found) for source, found in spans.items()}
        everything = set().union(*by_source.values())
        kinds = {passage.same_township for passage in passages[report.pk]}
        total = max(len(compared.chars), 1)
        top = max(by_source, key=lambda source: len(by_source[source]), default=None)
        report.copy_ratio = round(len(everything) / total, 4)
        report.copy_top_source_id = top
        report.copy_top_ratio = round(len(by_source[top]) / total, 4) if top else 0.0
        report.copied_from = _copied_from(kinds)
        changed.append(report)
    fields = ["copy_ratio", "copy_top_source", "copy_top_ratio", "copied_from"]
    Report.objects.bulk_update(changed, fields, batch_size=500)


def on_report_deleted(sender: object, instance: Report, **kwargs: Any) -> None:
    """A report deleted takes its passages with it (cascade): the reports that shared text with it are
    summarised again once the deletion commits."""
    others = {
        *CopyPassage.objects.filter(source=instance).values_list("report_id", flat=True),
        *CopyPassage.objects.filter(report=instance).values_list("source_id", flat=True),
    }
    if others:
        transaction.on_commit(lambda: summarise(others))


def _copied_from(same_township: set[bool]) -> str:
    if same_township == {True, False}:
        return Report.CopiedFrom.BOTH
    if same_township == {True}:
        return Report.CopiedFrom.SELF
    return Report.CopiedFrom.OTHERS if same_township else Report.CopiedFrom.NONE


def check_unchecked(
    on_report: Callable[[int], None] | None = None, *, workers: int = 1, shared_from: int = SHARED_FROM
) -> int:
    """Check the reports the copy map has no summary for (stored before it came, or queued and lost), each
    against the reports before it (a pair is found by its later report), then summarise each report whose
    passages changed, once. With several workers (processes) two checks may write one report's passages at
    once; summarising at the end sees what both wrote. From `shared_from` reports on, the hashes they share
    are counted once for all the checks (SharedHashes)."""
    unchecked = list(Report.objects.filter(copied_from="").order_by("id").values_list("id", flat=True))
    chunks = [unchecked[start : start + CHUNK] for start in range(0, len(unchecked), CHUNK)]
    changed: set[int] = set()
    with SharedHashes() if len(unchecked) >= max(shared_from, 1) else nullcontext() as shared:
        for chunk, touched in zip(chunks, _checked(chunks, workers, shared), strict=True):
            changed |= touched
            if on_report:
                for report_id in chunk:
                    on_report(report_id)
    ordered = sorted(changed)
    for start in range(0, len(ordered), 500):
        summarise(ordered[start : start + 500])
    return len(unchecked)


def _checked(chunks: list[list[int]], workers: int, shared: SharedHashes | None) -> Iterator[set[int]]:
    """The reports each chunk's checks changed, in order: on this connection, or in `workers` processes
    (most of a check is Python, which threads would take turns at), each on a connection of its own."""
    if workers <= 1:
        yield from (check_earlier_pairs(chunk, shared) for chunk in chunks)
        return
    context = multiprocessing.get_context("spawn")
    database = connection.settings_dict["NAME"]  # a benchmark's or a test's database, not the configured one
    table = shared.table if shared else None
    with context.Pool(workers, initializer=copy_processes.start, initargs=(database, table)) as pool:
        yield from pool.imap(copy_processes.check, chunks)


def check_earlier_pairs(report_ids: list[int], shared: SharedHashes | None) -> set[int]:
    """Check each report against the reports before it, summaries left for later; a check that deadlocks
    with another process's is done again."""
    changed: set[int] = set()
    for report_id in report_ids:
        for attempt in range(3):
            try:
                changed |= record_copies([report_id], summarise_now=False, earlier_only=True, shared=shared)
                break
            except OperationalError:
                if attempt == 2:
                    raise
                logger.warning("copy check of report #%d met another process's; again", report_id)
    return changed
