"""Ingest: files and texts read, parsed and stored as reports. Each public function that writes is one
transaction: a report is stored whole or not at all, with its sections, problems, plans, search passages and
fingerprints, and its copy check queued.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, transaction

from reports.db.freshness import after_commit
from reports.models import (
    OriginalFile,
    Report,
)
from reports.preparing import (
    PARALLEL_FROM,
    Job,
    Reading,
    read_file,
    read_in_parallel,
    read_job,
    read_text,
)
from reports.reading import Limits, UnreadableDocument
from reports.selectors.copies import stored_duplicate, stored_duplicates
from reports.services.copies import queue_copy_check
from reports.services.originals import keep_originals
from reports.services.store import (
    Rules,
    TownshipLookup,
    acting_user,
    apply_metadata,
    mark_across_years,
    store_fingerprints,
    store_passages,
    store_structures,
    store_words,
    township_name,
)

logger = logging.getLogger(__name__)
MAX_WORKERS = 4  # processes reading reports for a big batch
BATCH = 20  # reports stored in one transaction by store_batch (a few statements for all of them)


class DuplicateReport(Exception):
    """The same normalised text is already stored, as `existing`."""

    def __init__(self, existing: Report):
        super().__init__(f"内容与已有报告 #{existing.pk}《{existing.display_title}》相同，未重复录入")
        self.existing = existing
        self.message = str(self)


# What a field holds when an editor empties it: no year is None, every other field the empty string.
_EMPTY: dict[str, Any] = {"year": None}


@dataclass
class Overrides:
    """What an editor says about a report before it is stored; it wins over the parser and is kept on re-parse.
    A field left empty is not said; a field the editor emptied on purpose (a wrong county cleared) is named in
    `cleared` and stored empty, as a correction like any other."""

    township: str = ""
    county: str = ""
    year: int | None = None
    period: str = ""
    kind: str = ""
    title: str = ""
    cleared: frozenset[str] = frozenset()

    def given(self) -> dict[str, Any]:
        """The fields the editor decided, with their values: the ones filled in, and the ones cleared."""
        filled = {name: getattr(self, name) for name in Report.EDITABLE_FIELDS if getattr(self, name) not in ("", None)}
        return {name: _EMPTY.get(name, "") for name in self.cleared} | filled


@dataclass
class Prepared(Reading):
    """A file read and parsed, not yet stored: what a preview or a dry run shows."""

    duplicate_of: Report | None = None
    overrides: Overrides = field(default_factory=Overrides)
    original_id: int | None = None  # an OriginalFile kept already (an upload), else `original` is kept on ingest

    @classmethod
    def from_reading(
        cls, reading: Reading, overrides: Overrides | None = None, *, stored: dict[str, Report] | None = None
    ) -> Prepared:
        """A reading, with the stored report it duplicates if there is one (`stored`: looked up already
        for a whole batch by stored_duplicates)."""
        duplicate = stored.get(reading.sha256) if stored is not None else stored_duplicate(reading.sha256)
        return cls(**vars(reading), duplicate_of=duplicate, overrides=overrides or Overrides())


def reading_limits() -> Limits:
    """The limits every file is read within, from settings (ARCHIVE_MAX_* in the environment)."""
    return settings.ARCHIVE_LIMITS


def prepare_many(
    jobs: list[Job], *, rules: Rules | None = None, workers: int | None = None
) -> Iterator[tuple[Job, Prepared | UnreadableDocument]]:
    """Read many reports, in worker processes when there are enough of them; in the order given.
    Each result is ready for ingest_prepared, or the reason the file cannot be read."""
    rules = rules or Rules.load()
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS) if len(jobs) >= PARALLEL_FROM else 1
    limits = reading_limits()
    if workers > 1:
        readings = read_in_parallel(
            jobs, theme_rules=rules.keywords, limits=limits, workers=workers, formulas=rules.formulas
        )
    else:
        readings = (read_job(job, rules.keywords, limits, rules.formulas) for job in jobs)
    results = zip(jobs, readings, strict=True)
    while chunk := list(islice(results, BATCH)):
        stored = stored_duplicates(reading.sha256 for _, reading in chunk if isinstance(reading, Reading))
        for job, reading in chunk:
            if isinstance(reading, UnreadableDocument):
                logger.warning("refused %s: %s", job.name, reading.message)
                yield job, reading
            else:
                yield job, Prepared.from_reading(reading, stored=stored)


def prepare_file(
    data: bytes,
    *,
    filename: str,
    limits: Limits | None = None,
    overrides: Overrides | None = None,
    rules: Rules | None = None,
) -> Prepared:
    """Read, decode and parse a file without writing anything. Raises UnreadableDocument."""
    rules = rules or Rules.load()
    reading = read_file(data, filename=filename, limits=limits or reading_limits(), **rules.for_reading())
    return Prepared.from_reading(reading, overrides)


def prepare_text(
    text: str,
    *,
    encoding: str = "UTF-8",
    source_name: str = "",
    overrides: Overrides | None = None,
    rules: Rules | None = None,
) -> Prepared:
    rules = rules or Rules.load()
    reading = read_text(text, encoding=encoding, source_name=source_name, **rules.for_reading())
    return Prepared.from_reading(reading, overrides)


def ingest_prepared(prepared: Prepared, *, user: User | None = None, rules: Rules | None = None) -> Report:
    """Store a prepared report with its sections, issues, plans and search passages. Raises DuplicateReport."""
    return ingest_batch([prepared], user=user, rules=rules)[0]


def ingest_batch(batch: list[Prepared], *, user: User | None = None, rules: Rules | None = None) -> list[Report]:
    """Store several prepared reports in one transaction, with a few statements for all of them (a big
    ingest spends its time on the number of statements). All or none: raises DuplicateReport if any is
    stored already; `store_batch` then stores the others one by one."""
    for prepared in batch:
        if prepared.duplicate_of:
            raise DuplicateReport(prepared.duplicate_of)
    rules = rules or Rules.load()
    try:
        with transaction.atomic():
            originals = keep_originals(p.original for p in batch if p.original and not p.original_id)
            townships = TownshipLookup(township_name(p.parsed, p.overrides.given()) for p in batch)
            reports = [_new_report(prepared, user, townships, originals) for prepared in batch]
            Report.objects.bulk_create(reports)
            _link_first_forms(reports, batch, user)
            stored = store_structures(reports, [prepared.parsed for prepared in batch], rules)
            store_passages(stored, [prepared.passages for prepared in batch])
            store_fingerprints(reports, [prepared.fingerprints for prepared in batch])
            store_words(reports, [prepared.words for prepared in batch])
            changed: dict[int, set[int | None]] = {}
            for report in reports:
                if report.township_id:
                    changed.setdefault(report.township_id, set()).add(report.year)
            mark_across_years(changed, years=changed)
            queue_copy_check([r.pk for r in reports])
            after_commit()
        for r in reports:
            logger.info(
                "stored report #%d from %s: township %s, %s, %s", r.pk, r.source_name, r.township_id, r.year, r.kind
            )
    except IntegrityError:
        existing = Report.objects.filter(sha256__in=[prepared.sha256 for prepared in batch]).first()
        if existing:
            raise DuplicateReport(existing) from None
        raise
    return reports


def store_batch(
    batch: list[Prepared], *, user: User | None = None, rules: Rules | None = None
) -> list[Report | DuplicateReport]:
    """ingest_batch, falling back to one transaction per report when one of them turns out a duplicate
    (of a stored report, or of another in the batch), or when PostgreSQL aborted it to let another
    writer's batch go on (a deadlock over new townships): for each, the stored report or the duplicate it was."""
    rules = rules or Rules.load()
    try:
        return list(ingest_batch(batch, user=user, rules=rules))
    except (DuplicateReport, IntegrityError, OperationalError) as error:  # IntegrityError: a text twice
        if isinstance(error, OperationalError) and not _lost_to_another_writer(error):
            raise
        outcomes: list[Report | DuplicateReport] = []
        for prepared in batch:
            try:
                outcomes.append(ingest_prepared(prepared, user=user, rules=rules))
            except DuplicateReport as duplicate:
                outcomes.append(duplicate)
        return outcomes


def _lost_to_another_writer(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in ("40P01", "40001")  # deadlock, serialization failure


def _new_report(prepared: Prepared, user: User | None, townships: TownshipLookup, originals: dict[str, int]) -> Report:
    kept = originals.get(prepared.original.sha256) if prepared.original else None
    report = Report(
        text=prepared.text,
        characters=len(prepared.text),  # Report.save() would set it; bulk_create does not call save()
        sha256=prepared.sha256,
        encoding=prepared.encoding[:40],
        source_name=prepared.source_name[:255],
        original_id=prepared.original_id or kept,
        created_by=acting_user(user),
    )
    apply_metadata(report, prepared.parsed, prepared.overrides.given(), townships)
    report.edited_fields = sorted(prepared.overrides.given())
    return report


def _link_first_forms(reports: list[Report], batch: list[Prepared], user: User | None) -> None:
    """Each stored report's original is its first form (OriginalFile.report)."""
    by = acting_user(user)
    forms = [
        OriginalFile(pk=report.original_id, report_id=report.pk, added_by=by, pages=len(prepared.pages) or None)
        for report, prepared in zip(reports, batch, strict=True)
        if report.original_id
    ]
    OriginalFile.objects.bulk_update(forms, ["report", "added_by", "pages"])


def ingest_text(
    text: str,
    *,
    source_name: str = "",
    encoding: str = "UTF-8",
    user: User | None = None,
    overrides: Overrides | None = None,
    rules: Rules | None = None,
) -> Report:
    """Parse and store one report's text. Raises DuplicateReport."""
    rules = rules or Rules.load()
    prepared = prepare_text(text, encoding=encoding, source_name=source_name, overrides=overrides, rules=rules)
    return ingest_prepared(prepared, user=user, rules=rules)
