"""An editor's curation in the admin: corrections of a report's fields, the township of a masked report,
merging reports that are one, and townships that are one. Each writes exactly what the editor decided.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import models, transaction

from reports.db.freshness import after_commit
from reports.models import (
    OriginalFile,
    Plan,
    Report,
    StagedUpload,
    Township,
)
from reports.parsing import unsettled_warnings
from reports.services.copies import queue_copy_check
from reports.services.store import find_or_create_township, index_report, mark_across_years

logger = logging.getLogger(__name__)


# --- curation in the admin -------------------------------------------------------------------------


@transaction.atomic
def assign_township(report: Report, *, name: str, county: str = "") -> Report:
    """An editor says which township a (masked) report belongs to; kept when the report is re-parsed."""
    report.township = find_or_create_township(name, county=county or report.county)
    report.masked_township = ""
    if county:
        report.county = county
    report.edited_fields = sorted(set(report.edited_fields) | {"township"} | ({"county"} if county else set()))
    report.warnings = unsettled_warnings(report.warnings, report.edited_fields)
    report.save()
    index_report(report)
    mark_across_years({report.township_id} if report.township_id else set())
    queue_copy_check([report.pk])  # whose reports are its own township's changed
    return report


@transaction.atomic
def correct_report(report: Report, *, corrected: Iterable[str], previous_township_id: int | None = None) -> Report:
    """An editor's corrections, already set on `report` (the admin's form): exactly those columns are written,
    nothing else (the text above all), each marked edited so re-parsing keeps it, and the warnings they settle
    are dropped. The search index copies the fields, so it follows; a report moved to another township or
    year changes which problems recur and whose reports are its own township's (the copy check)."""
    corrected = set(corrected) & set(Report.EDITABLE_FIELDS)
    if not corrected:
        return report
    report.edited_fields = sorted(set(report.edited_fields) | corrected)
    if "township" in corrected and report.township_id:
        report.masked_township = ""
    report.warnings = unsettled_warnings(report.warnings, corrected)
    report.save(update_fields=[*sorted(corrected), "edited_fields", "masked_township", "warnings", "updated_at"])
    index_report(report)
    if corrected & {"township", "year"}:
        mark_across_years({t for t in (previous_township_id, report.township_id) if t})
        queue_copy_check([report.pk])
    logger.info("report #%d corrected: %s", report.pk, ", ".join(sorted(corrected)))
    return report


@transaction.atomic
def merge_reports(keep: Report, others: Iterable[Report]) -> int:
    """Reports that are one (a scan and its .doc stored before forms were kept): `keep` takes every form of
    the others and they are deleted, with their sections, index and copy map; the reports that shared text
    with them are summarised again (services.copies.on_report_deleted). Returns how many forms moved."""
    moved = 0
    townships = {keep.township_id}
    for other in others:
        if other.pk == keep.pk:
            continue
        forms = models.Q(report=other) | models.Q(pk=other.original_id)
        moved += OriginalFile.objects.filter(forms).update(report=keep)
        StagedUpload.objects.filter(report=other).update(report=keep)
        townships.add(other.township_id)
        logger.info("report #%d merged into #%d", other.pk, keep.pk)
        other.delete()
    mark_across_years({t for t in townships if t})
    queue_copy_check([keep.pk])
    after_commit()
    return moved


@transaction.atomic
def merge_townships(keep: Township, others: Iterable[Township]) -> int:
    """Two entries that are one township: move the reports of `others` to `keep` and delete them."""
    moved: list[int] = []
    for other in others:
        if other.pk == keep.pk:
            continue
        for report in other.reports.all():
            report.township = keep
            report.save(update_fields=["township", "updated_at"])
            index_report(report)
            moved.append(report.pk)
        other.delete()
    mark_across_years([keep.pk])
    queue_copy_check(moved)
    return len(moved)


@transaction.atomic
def set_follow_up(plan: Plan, status: str) -> Plan:
    """An archivist's reading of what the next report says of a plan: kept through every recomputation. An
    empty status hands the plan back to the computation, which sets it at once."""
    if status:
        Plan.objects.filter(pk=plan.pk).update(follow_up=status, follow_up_checked=True)
        plan.follow_up, plan.follow_up_checked = status, True
    else:
        Plan.objects.filter(pk=plan.pk).update(follow_up_checked=False)
        plan.follow_up_checked = False
        township = Report.objects.values_list("township_id", flat=True).get(pk=plan.report_id)
        mark_across_years([township] if township else [])
        plan.refresh_from_db()
    logger.info("plan #%d follow-up set to %r", plan.pk, status or "computed")
    return plan
