"""Upkeep of stored reports: parsed again (a better parser), read again (a better reader), given a better
text (the old one kept in their history), re-indexed (a new index scheme, edited themes) and fingerprinted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from itertools import islice

from django.contrib.auth.models import User
from django.db import connection, models, transaction

from reports.copying import comparable, fingerprints
from reports.db.bulk import index_built_after, search_index_built_after
from reports.models import (
    Fingerprint,
    Issue,
    Passage,
    Report,
    ReportVersion,
)
from reports.parsing import tag_themes
from reports.preparing import (
    PARALLEL_FROM,
    Reading,
    read_file,
    read_text,
)
from reports.search.vectors import INDEX_SCHEME
from reports.services.copies import queue_copy_check
from reports.services.ingest import DuplicateReport, Prepared, reading_limits
from reports.services.originals import attach_form
from reports.services.store import (
    Rules,
    acting_user,
    apply_metadata,
    current_value,
    index_report,
    mark_across_years,
    store_fingerprints,
    store_passages,
    store_structures,
    store_words,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def reparse_report(report: Report, rules: Rules | None = None, *, reread: bool = False) -> Report:
    """Parse the stored text again, keeping the report's identity and the fields an editor corrected.
    With `reread`, read the kept original file again first (a better reader came since). Raises
    UnreadableDocument when the original cannot be read now, or DuplicateReport when its new text is
    another report's."""
    rules = rules or Rules.load()
    original = report.original if reread and report.original_id else None
    if original is not None:
        reading = read_file(
            bytes(original.content), filename=original.name, limits=reading_limits(), **rules.for_reading()
        )
        _take_text(report, reading, reason="重新读取原始文件")
    else:
        reading = read_text(
            report.text, encoding=report.encoding, source_name=report.source_name, **rules.for_reading()
        )
    kept = {name: current_value(report, name) for name in report.edited_fields}
    apply_metadata(report, reading.parsed, kept)
    report.copied_from = ""  # its copy map is checked again, in the background
    report.save()
    Passage.objects.filter(report=report).delete()  # first, on its report's index (none on section)
    checked = dict(report.plans.filter(follow_up_checked=True).values_list("title", "follow_up"))
    report.figures.all().delete()  # those before the first section have none to cascade from
    report.sections.all().delete()  # cascades to issues, plans and figures
    stored = store_structures([report], [reading.parsed], rules)
    for title, status in checked.items():  # a person's reading of a plan outlives its re-parsed rows
        report.plans.filter(title=title).update(follow_up=status, follow_up_checked=True)
    store_passages(stored, [reading.passages])
    Fingerprint.objects.filter(report=report).delete()
    store_fingerprints([report], [reading.fingerprints])
    report.word_counts.all().delete()
    store_words([report], [reading.words])
    mark_across_years({report.township_id} if report.township_id else set())
    queue_copy_check([report.pk])
    return report


def _take_text(report: Report, reading: Reading, *, reason: str, user: User | None = None) -> None:
    """Give the report another text (not yet saved): refused when it is another report's text, and the text it
    replaces kept in the report's history first, so no replacement loses what was there."""
    clash = Report.objects.filter(sha256=reading.sha256).exclude(pk=report.pk).first()
    if clash:
        raise DuplicateReport(clash)
    if reading.sha256 != report.sha256:
        keep_version(report, reason=reason, user=user)
    report.text, report.sha256, report.encoding = reading.text, reading.sha256, reading.encoding[:40]


def keep_version(report: Report, *, reason: str, user: User | None = None) -> None:
    """The report's text as it stands, kept in its history before it is replaced."""
    ReportVersion.objects.create(
        report=report,
        text=report.text,
        sha256=report.sha256,
        source_name=report.source_name,
        encoding=report.encoding,
        reason=reason,
        replaced_by=acting_user(user),
    )


@transaction.atomic
def replace_text(
    report: Report, prepared: Prepared, *, original_id: int | None, user: User | None = None, pages: int = 0
) -> Report:
    """A better form of a report becomes its text (a clean .doc for a poor scan): the old text is kept in the
    report's history, the new file kept as one of its forms, and the report parsed again from the new text,
    keeping every field an editor corrected. Raises DuplicateReport when the new text is another report's."""
    _take_text(report, prepared, reason=f"替换为 {prepared.source_name} 的全文", user=user)
    report.source_name = prepared.source_name[:255]
    if original_id:
        attach_form(report, original_id, user=user, pages=pages)
        report.original_id = original_id
    logger.info("report #%d: text replaced by %s", report.pk, prepared.source_name)
    return reparse_report(report)


def stale_reports(*, stale_only: bool) -> models.QuerySet[Report]:
    """Every report, or those indexed by another scheme (vectors.INDEX_SCHEME), or not at all."""
    reports = Report.objects.order_by("id")
    if stale_only:
        stale = Passage.objects.exclude(index_version=INDEX_SCHEME).values("report_id")
        unindexed = Report.objects.filter(passages__isnull=True).values("id")
        reports = reports.filter(models.Q(id__in=stale) | models.Q(id__in=unindexed))
    return reports


def reindex(*, stale_only: bool = False, on_report: Callable[[Report], None] | None = None) -> int:
    """Rebuild the index of every report (or of those indexed by another scheme, or not at all). When
    every report is rebuilt (a new index scheme), the passages go first and the search index is built
    once at the end, compact, as for a big load into an empty archive."""
    reports = stale_reports(stale_only=stale_only)
    stale = reports.count()
    whole = stale >= PARALLEL_FROM and stale == Report.objects.count()
    if whole:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Passage._meta.db_table}")
    count = 0
    with search_index_built_after(empty=whole):
        for report in reports.iterator():
            index_report(report)
            count += 1
            if on_report:
                on_report(report)
    return count


def retag_issues(issues: Iterable[Issue] | None = None) -> int:
    """Re-assign themes after editors changed the keywords, and re-index the reports whose issues
    changed (passages carry their themes); returns how many issues changed."""
    rules = Rules.load()
    changed = 0
    reports: set[int] = set()
    for issue in issues if issues is not None else Issue.objects.prefetch_related("themes"):
        wanted = {rules.themes[name] for name in tag_themes(issue.text, rules.keywords)}
        if wanted != set(issue.themes.all()):
            issue.themes.set(wanted)
            changed += 1
            reports.add(issue.report_id)
    for report in Report.objects.filter(id__in=reports):
        index_report(report)
    return changed


def fingerprint_missing(on_report: Callable[[Report], None] | None = None) -> int:
    """Fingerprints for the reports stored before the copy check came (or whose were lost): a hundred
    reports a transaction, each stored whole with its fingerprints or not at all. Into an empty table (a
    restore, a new copy map) the hash index is built once at the end, not kept up row by row."""
    count = 0
    missing = Report.objects.filter(~models.Exists(Fingerprint.objects.filter(report=models.OuterRef("pk"))))
    reports = missing.only("id", "text", "characters").order_by("id").iterator(chunk_size=100)
    with index_built_after(Fingerprint, "fingerprint_hash", empty=not Fingerprint.objects.exists()):
        while batch := list(islice(reports, 100)):
            with transaction.atomic():
                store_fingerprints(batch, [fingerprints(comparable(report.text)) for report in batch])
            count += len(batch)
            if on_report:
                for report in batch:
                    on_report(report)
    return count
