"""Writes to the archive. Each public function is one transaction: a report is stored whole or not at all.

The command line (ingest, reparse) and the admin call these; nothing else writes reports.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, OperationalError, connection, models, transaction

from reports import partitions
from reports.bulk import bulk_load_session, copy_rows, next_ids, search_index_built_after
from reports.copying import comparable, fingerprints
from reports.copying.recurring import Problem, recurring
from reports.copymap import queue_copy_check
from reports.freshness import after_commit
from reports.models import (
    Fingerprint,
    Issue,
    OriginalFile,
    Passage,
    Plan,
    Report,
    ReportVersion,
    Section,
    StagedUpload,
    Theme,
    Township,
)
from reports.parsing import ParsedItem, ParsedReport, ParsedSection, tag_themes, unsettled_warnings
from reports.preparing import (
    PARALLEL_FROM,
    Job,
    Original,
    Reading,
    read_file,
    read_in_parallel,
    read_job,
    read_text,
)
from reports.reading import Limits, UnreadableDocument
from reports.search.passages import IssueText, PassageDraft, draft_passages
from reports.search.vectors import INDEX_SCHEME

logger = logging.getLogger(__name__)

# Raise when the parser changes what it produces, so `reparse --stale` finds the reports to redo.
PARSER_VERSION = 5  # 5: titles wrapped after 及/和/暨, years before a title's chain, 新村 streets, no 申报县
MAX_WORKERS = 4  # processes reading reports for a big batch
BATCH = 20  # reports stored in one transaction by store_batch (a few statements for all of them)
WRITERS = 2  # connections storing batches at once in a big ingest (BatchWriter)


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


def stored_duplicates(digests: Iterable[str]) -> dict[str, Report]:
    """The stored reports with these texts (normalised, as text_digest hashes them), by digest."""
    return {report.sha256: report for report in Report.objects.defer("text").filter(sha256__in=list(digests))}


def stored_duplicate(sha256: str) -> Report | None:
    return stored_duplicates([sha256]).get(sha256)


@dataclass
class Rules:
    """What ingest reads from the editable tables: themes with their keywords. Load once for a batch;
    each call without one loads it afresh."""

    themes: dict[str, Theme]
    keywords: dict[str, list[str]]

    @classmethod
    def load(cls) -> Rules:
        themes = {theme.name: theme for theme in Theme.objects.all()}
        keywords = {name: theme.keyword_list() for name, theme in themes.items()}
        return cls(themes, keywords)

    def for_reading(self) -> dict[str, Any]:
        return {"theme_rules": self.keywords}


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
        readings = read_in_parallel(jobs, theme_rules=rules.keywords, limits=limits, workers=workers)
    else:
        readings = (read_job(job, rules.keywords, limits) for job in jobs)
    results = zip(jobs, readings, strict=True)
    while chunk := list(islice(results, BATCH)):
        stored = stored_duplicates(reading.sha256 for _, reading in chunk if isinstance(reading, Reading))
        for job, reading in chunk:
            unreadable = isinstance(reading, UnreadableDocument)
            if unreadable:
                logger.warning("refused %s: %s", job.name, reading.message)
            yield job, reading if unreadable else Prepared.from_reading(reading, stored=stored)


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


def ingest_prepared(prepared: Prepared, *, user: AbstractBaseUser | None = None, rules: Rules | None = None) -> Report:
    """Store a prepared report with its sections, issues, plans and search passages. Raises DuplicateReport."""
    return ingest_batch([prepared], user=user, rules=rules)[0]


def ingest_batch(
    batch: list[Prepared], *, user: AbstractBaseUser | None = None, rules: Rules | None = None
) -> list[Report]:
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
            townships = TownshipLookup(_township_name(p.parsed, p.overrides.given()) for p in batch)
            reports = [_new_report(prepared, user, townships, originals) for prepared in batch]
            Report.objects.bulk_create(reports)
            _link_first_forms(reports, batch, user)
            stored = _store_structures(reports, [prepared.parsed for prepared in batch], rules)
            _store_passages(stored, [prepared.passages for prepared in batch])
            store_fingerprints(reports, [prepared.fingerprints for prepared in batch])
            mark_recurring({r.township_id for r in reports if r.township_id})
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
    batch: list[Prepared], *, user: AbstractBaseUser | None = None, rules: Rules | None = None
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


Outcome = tuple[str, Prepared, "Report | DuplicateReport"]  # a report's name, what was read, what became of it


def writers_for(reports: int) -> int:
    """Several writers pay off for a big ingest only, like several reading processes."""
    return WRITERS if reports >= PARALLEL_FROM else 1


class BatchWriter:
    """Stores reports as they are read, BATCH at a time with store_batch, `writers` batches at once: each
    writer a thread with its own connection, so PostgreSQL indexes one batch while this process sends
    the next. One writer stores each batch here, on this thread's connection. Every connection used is
    in a bulk_load_session.

    Outcomes come back in the order the reports were added: from `add`, those stored meanwhile; from
    `finish`, the rest."""

    def __init__(self, rules: Rules, *, writers: int = 1, user: AbstractBaseUser | None = None):
        self.rules, self.user = rules, user
        threads = writers if writers > 1 else 0
        self._threads = [ThreadPoolExecutor(1, thread_name_prefix="writer") for _ in range(threads)]
        self._pending: list[tuple[str, Prepared]] = []
        self._in_flight: deque[tuple[list[tuple[str, Prepared]], Future]] = deque()
        self._submitted = 0
        self._session = threading.local()
        # A big load (several writers) into an empty archive builds the search index at its end.
        self._index_after = search_index_built_after(empty=bool(threads) and not Passage.objects.exists())
        self._index_after.__enter__()

    def add(self, name: str, prepared: Prepared) -> list[Outcome]:
        self._pending.append((name, prepared))
        return self._submit() if len(self._pending) >= BATCH else []

    def finish(self) -> list[Outcome]:
        """Store what is left and wait for every batch."""
        try:
            done = self._submit() if self._pending else []
            while self._in_flight:
                done += self._collect()
        finally:
            self._end()
        return done

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, error_type, *_) -> None:
        if error_type is None:
            self.finish()
        else:  # store nothing more; batches under way end as their transactions do
            self._pending = []
            self._end()

    def _end(self) -> None:
        """End the writers' sessions (merging the index's pending entries) and their connections."""
        for thread in self._threads:
            thread.submit(self._end_session, close=True).result()
            thread.shutdown()
        self._threads, self._in_flight = [], deque()
        self._end_session(close=False)
        self._index_after.__exit__(None, None, None)

    def _submit(self) -> list[Outcome]:
        batch, self._pending = self._pending, []
        if not self._threads:
            return self._outcomes(batch, self._store([prepared for _, prepared in batch]))
        # A new year's partition is made here, outside the writers' transactions: made inside one, its lock on
        # the passages would stand until that batch commits, and the other writer's batch would deadlock on it.
        partitions.ensure_years({stored_year(p.parsed, p.overrides.given()) for _, p in batch})
        thread = self._threads[self._submitted % len(self._threads)]
        self._submitted += 1
        self._in_flight.append((batch, thread.submit(self._store, [prepared for _, prepared in batch])))
        done: list[Outcome] = []
        while len(self._in_flight) > len(self._threads) or (self._in_flight and self._in_flight[0][1].done()):
            done += self._collect()
        return done

    def _store(self, batch: list[Prepared]) -> list[Report | DuplicateReport]:
        if not hasattr(self._session, "settings"):
            self._session.settings = bulk_load_session()
            self._session.settings.__enter__()
        return store_batch(batch, user=self.user, rules=self.rules)

    def _end_session(self, *, close: bool) -> None:
        settings = getattr(self._session, "settings", None)
        if settings is not None:
            del self._session.settings
            settings.__exit__(None, None, None)
        if close:
            connection.close()  # this writer thread's own connection

    def _collect(self) -> list[Outcome]:
        batch, future = self._in_flight.popleft()
        return self._outcomes(batch, future.result())

    @staticmethod
    def _outcomes(batch: list[tuple[str, Prepared]], results: list[Report | DuplicateReport]) -> list[Outcome]:
        return [(name, prepared, result) for (name, prepared), result in zip(batch, results, strict=True)]


def _new_report(
    prepared: Prepared, user: AbstractBaseUser | None, townships: TownshipLookup, originals: dict[str, int]
) -> Report:
    kept = originals.get(prepared.original.sha256) if prepared.original else None
    report = Report(
        text=prepared.text,
        characters=len(prepared.text),  # Report.save() would set it; bulk_create does not call save()
        sha256=prepared.sha256,
        encoding=prepared.encoding[:40],
        source_name=prepared.source_name[:255],
        original_id=prepared.original_id or kept,
        created_by=_person(user),
    )
    _apply_metadata(report, prepared.parsed, prepared.overrides.given(), townships)
    report.edited_fields = sorted(prepared.overrides.given())
    return report


def _link_first_forms(reports: list[Report], batch: list[Prepared], user: AbstractBaseUser | None) -> None:
    """Each stored report's original is its first form (OriginalFile.report)."""
    by = _person(user)
    forms = [
        OriginalFile(pk=report.original_id, report_id=report.pk, added_by=by, pages=len(prepared.pages) or None)
        for report, prepared in zip(reports, batch, strict=True)
        if report.original_id
    ]
    OriginalFile.objects.bulk_update(forms, ["report", "added_by", "pages"])


@transaction.atomic
def attach_form(report: Report, original_id: int, *, user: AbstractBaseUser | None = None, pages: int = 0) -> None:
    """Keep a file as another form of a stored report (its scan, its .doc, a photo of its first pages): no second
    report is made, so the copy check can never count the report against its own forms. Nothing else changes."""
    OriginalFile.objects.filter(pk=original_id).update(report=report, added_by=_person(user), pages=pages or None)
    after_commit()  # its page lists its forms
    logger.info("original #%d kept as another form of report #%d", original_id, report.pk)


def _person(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """Who did it, for a 'by' column: a signed-in user, or nobody (the command line, a background job)."""
    return user if user and user.is_authenticated else None


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


def ingest_text(
    text: str,
    *,
    source_name: str = "",
    encoding: str = "UTF-8",
    user: AbstractBaseUser | None = None,
    overrides: Overrides | None = None,
    rules: Rules | None = None,
) -> Report:
    """Parse and store one report's text. Raises DuplicateReport."""
    rules = rules or Rules.load()
    prepared = prepare_text(text, encoding=encoding, source_name=source_name, overrides=overrides, rules=rules)
    return ingest_prepared(prepared, user=user, rules=rules)


@transaction.atomic
def reparse_report(report: Report, rules: Rules | None = None, *, reread: bool = False) -> Report:
    """Parse the stored text again, keeping the report's identity and the fields an editor corrected.
    With `reread`, read the kept original file again first (a better reader came since). Raises
    UnreadableDocument when the original cannot be read now, or DuplicateReport when its new text is
    another report's."""
    rules = rules or Rules.load()
    if reread and report.original_id:
        original = report.original
        reading = read_file(
            bytes(original.content), filename=original.name, limits=reading_limits(), **rules.for_reading()
        )
        _take_text(report, reading, reason="重新读取原始文件")
    else:
        reading = read_text(
            report.text, encoding=report.encoding, source_name=report.source_name, **rules.for_reading()
        )
    kept = {name: _current_value(report, name) for name in report.edited_fields}
    _apply_metadata(report, reading.parsed, kept)
    report.copied_from = ""  # its copy map is checked again, in the background
    report.save()
    Passage.objects.filter(report=report).delete()  # first, on its report's index (none on section)
    report.sections.all().delete()  # cascades to issues and plans
    stored = _store_structures([report], [reading.parsed], rules)
    _store_passages(stored, [reading.passages])
    Fingerprint.objects.filter(report=report).delete()
    store_fingerprints([report], [reading.fingerprints])
    mark_recurring({report.township_id} if report.township_id else set())
    queue_copy_check([report.pk])
    return report


def _take_text(report: Report, reading: Reading, *, reason: str, user: AbstractBaseUser | None = None) -> None:
    """Give the report another text (not yet saved): refused when it is another report's text, and the text it
    replaces kept in the report's history first, so no replacement loses what was there."""
    clash = Report.objects.filter(sha256=reading.sha256).exclude(pk=report.pk).first()
    if clash:
        raise DuplicateReport(clash)
    if reading.sha256 != report.sha256:
        keep_version(report, reason=reason, user=user)
    report.text, report.sha256, report.encoding = reading.text, reading.sha256, reading.encoding[:40]


def keep_version(report: Report, *, reason: str, user: AbstractBaseUser | None = None) -> None:
    """The report's text as it stands, kept in its history before it is replaced."""
    ReportVersion.objects.create(
        report=report,
        text=report.text,
        sha256=report.sha256,
        source_name=report.source_name,
        encoding=report.encoding,
        reason=reason,
        replaced_by=_person(user),
    )


@transaction.atomic
def replace_text(
    report: Report, prepared: Prepared, *, original_id: int | None, user: AbstractBaseUser | None = None, pages: int = 0
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


@transaction.atomic
def index_report(report: Report) -> int:
    """Rebuild the search passages of one report, after its metadata or its problems' themes changed."""
    Passage.objects.filter(report=report).delete()
    sections = list(report.sections.order_by("order"))
    issues = list(report.issues.order_by("order").prefetch_related("themes"))
    number = {section.pk: index for index, section in enumerate(sections)}
    texts = [IssueText(number[issue.section_id], issue.text, issue.start) for issue in issues]
    drafts = draft_passages(sections, texts)
    stored = StoredReport(
        report,
        [(section.pk, section.kind) for section in sections],
        [StoredIssue(i.pk, i.section_id, tuple(sorted(t.pk for t in i.themes.all()))) for i in issues],
    )
    after_commit()
    return _store_passages([stored], [drafts])


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


def _current_value(report: Report, name: str) -> Any:
    if name == "township":
        return report.township.name if report.township_id else ""
    return getattr(report, name)


def _township_name(parsed: ParsedReport, fixed: dict[str, Any]) -> str | None:
    return fixed.get("township", parsed.metadata.township)


def stored_year(parsed: ParsedReport, fixed: dict[str, Any]) -> int | None:
    """The year a report is stored under: the parser's, unless an editor fixed it."""
    return fixed.get("year", parsed.metadata.year)


def _apply_metadata(
    report: Report, parsed: ParsedReport, fixed: dict[str, Any], townships: TownshipLookup | None = None
) -> None:
    """Parser's metadata, except where an editor fixed a value."""
    meta = parsed.metadata
    report.title = fixed.get("title", meta.title)[:200]
    report.county = fixed.get("county", meta.county or "")
    report.year = stored_year(parsed, fixed)
    report.period = fixed.get("period", meta.period)
    report.kind = fixed.get("kind", meta.kind)
    name = _township_name(parsed, fixed)
    townships = townships or TownshipLookup([name])
    report.township = townships.find_or_create(
        name, county=report.county, prefecture=meta.prefecture, province=meta.province
    )
    report.masked_township = "" if report.township else meta.masked_township
    report.warnings = unsettled_warnings(parsed.warnings, fixed)
    report.parser_version = PARSER_VERSION


class TownshipLookup:
    """The townships a batch of reports names, read in one query, then completed or created as the batch
    needs them. Lives for one transaction: a rolled-back batch must not leave unsaved townships behind."""

    def __init__(self, names: Iterable[str | None]):
        self._by_name: dict[str, list[Township]] = {name: [] for name in names if name}
        for township in Township.objects.filter(name__in=list(self._by_name)):
            self._by_name[township.name].append(township)

    def find_or_create(
        self, name: str | None, *, county: str = "", prefecture: str | None = None, province: str | None = None
    ) -> Township | None:
        """The township of that name in that county; one found without a county is taken and completed."""
        if not name:
            return None
        if name not in self._by_name:
            self._by_name[name] = list(Township.objects.filter(name=name))
        candidates = self._by_name[name]
        match = next((t for t in candidates if t.county == county), None)
        if match is None and county:
            match = next((t for t in candidates if not t.county), None)
            if match:
                match.county = county
                match.save(update_fields=["county"])
        if match is None and not county and len(candidates) == 1:
            match = candidates[0]
        if match is None:
            match = self._create(name, county, prefecture or "", province or "")
            candidates.append(match)
        return match

    @staticmethod
    def _create(name: str, county: str, prefecture: str, province: str) -> Township:
        """A new township; or the one another writer made since this lookup read them (two ingests at
        once, or the batch writers' fallback after a deadlock): the same name in the same county."""
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                return Township.objects.create(name=name, county=county, prefecture=prefecture, province=province)
        except IntegrityError:
            return Township.objects.get(name=name, county=county)


def find_or_create_township(
    name: str | None, *, county: str = "", prefecture: str | None = None, province: str | None = None
) -> Township | None:
    return TownshipLookup([name]).find_or_create(name, county=county, prefecture=prefecture, province=province)


@dataclass(frozen=True)
class StoredIssue:
    pk: int
    section_id: int
    theme_ids: tuple[int, ...]


@dataclass(frozen=True)
class StoredReport:
    """What a report's search passages point at: its sections as (id, kind) in reading order, its issues."""

    report: Report
    sections: list[tuple[int, str]]
    issues: list[StoredIssue]


_SECTION_COLUMNS = (
    *("id", "report_id", "parent_id", "level", "order", "number", "heading"),
    *("kind", "text", "start", "end"),
)
_ITEM_COLUMNS = ("id", "report_id", "section_id", "order", "title", "text", "start", "end")


def _store_structures(reports: list[Report], parsed: list[ParsedReport], rules: Rules) -> list[StoredReport]:
    """Sections, issues with their themes, and plans of stored reports: each kind in one COPY for all."""
    flats = [one.all_sections() for one in parsed]
    section_ids = iter(next_ids(Section, sum(map(len, flats))))
    issue_ids = iter(next_ids(Issue, sum(len(one.issues) for one in parsed)))
    plan_ids = iter(next_ids(Plan, sum(len(one.plans) for one in parsed)))
    sections, issues, plans, issue_themes, stored = [], [], [], [], []
    for report, one, flat in zip(reports, parsed, flats, strict=True):
        ids = [next(section_ids) for _ in flat]
        parent_of = {id(child): ids[n] for n, section in enumerate(flat) for child in section.children}
        sections += [_section_row(report, ids[n], parent_of.get(id(s)), n, s) for n, s in enumerate(flat)]
        stored_issues = []
        for order, item in enumerate(one.issues):
            issue = StoredIssue(next(issue_ids), ids[item.section_index], _theme_ids(item, rules))
            issues.append(_item_row(report, issue.pk, issue.section_id, order, item))
            issue_themes += [(issue.pk, theme_id) for theme_id in issue.theme_ids]
            stored_issues.append(issue)
        plans += [
            _item_row(report, next(plan_ids), ids[item.section_index], order, item)
            for order, item in enumerate(one.plans)
        ]
        stored.append(StoredReport(report, [(ids[n], s.kind) for n, s in enumerate(flat)], stored_issues))
    copy_rows(Section._meta.db_table, _SECTION_COLUMNS, sections)
    copy_rows(Issue._meta.db_table, _ITEM_COLUMNS, issues)
    copy_rows(Issue.themes.through._meta.db_table, ("issue_id", "theme_id"), issue_themes)
    copy_rows(Plan._meta.db_table, _ITEM_COLUMNS, plans)
    return stored


def _theme_ids(item: ParsedItem, rules: Rules) -> tuple[int, ...]:
    return tuple(sorted({rules.themes[name].pk for name in item.themes if name in rules.themes}))


def _section_row(report: Report, pk: int, parent: int | None, order: int, section: ParsedSection) -> tuple:
    return (
        *(pk, report.pk, parent, section.level, order, section.number[:20], section.heading[:500]),
        *(section.kind, section.text, section.start, section.end),
    )


def _item_row(report: Report, pk: int, section: int, order: int, item: ParsedItem) -> tuple:
    return (pk, report.pk, section, order, item.title[:500], item.text, item.start, item.end)


_PASSAGE_COLUMNS = (
    *("report_id", "section_id", "issue_id", "is_issue", "heading_chars", "start", "end", "year", "period"),
    *("report_kind", "section_kind", "township_id", "county", "theme_ids", "text", "index_version"),
)


def store_fingerprints(reports: list[Report], prints: list[list[tuple[int, int]]]) -> None:
    """The copy check's fingerprints of each report (reports.copying), with COPY."""
    rows = (
        (report.pk, position, value) for report, kept in zip(reports, prints, strict=True) for value, position in kept
    )
    copy_rows("reports_fingerprint", ("report_id", "position", "hash"), rows)


def mark_recurring(township_ids: Iterable[int]) -> int:
    """Mark each problem of these townships with the years its township reports it in (two or more), as
    reports.copying.recurring finds them; returns how many problems recur."""
    marked = 0
    for township_id in township_ids:
        issues = Issue.objects.filter(report__township_id=township_id, report__year__isnull=False)
        problems = [Problem(i, y, t) for i, y, t in issues.values_list("id", "report__year", "text")]
        years = recurring(problems)
        changed = [Issue(id=p.id, recurring_years=years.get(p.id, [])) for p in problems]
        Issue.objects.bulk_update(changed, ["recurring_years"], batch_size=500)
        marked += len(years)
    return marked


def fingerprint_missing(on_report: Callable[[Report], None] | None = None) -> int:
    """Fingerprints for the reports stored before the copy check came (or whose were lost): a hundred
    reports a transaction, each stored whole with its fingerprints or not at all. Into an empty table (a
    restore, a new copy map) the hash index is built once at the end, not kept up row by row."""
    count = 0
    missing = Report.objects.filter(~models.Exists(Fingerprint.objects.filter(report=models.OuterRef("pk"))))
    reports = missing.only("id", "text", "characters").order_by("id").iterator(chunk_size=100)
    with _hash_index_built_after(empty=not Fingerprint.objects.exists()):
        while batch := list(islice(reports, 100)):
            with transaction.atomic():
                store_fingerprints(batch, [fingerprints(comparable(report.text)) for report in batch])
            count += len(batch)
            if on_report:
                for report in batch:
                    on_report(report)
    return count


@contextmanager
def _hash_index_built_after(*, empty: bool):
    """Drop the fingerprints' hash index for a load into an empty table and build it after (seconds for
    millions of rows, where inserting each row into it took minutes); rebuilt even if the load fails."""
    if not empty:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS fingerprint_hash")
    try:
        yield
    finally:
        with connection.cursor() as cursor:  # inside a transaction its foreign keys are checked first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("CREATE INDEX IF NOT EXISTS fingerprint_hash ON reports_fingerprint (hash)")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _store_passages(stored: list[StoredReport], drafts: list[list[PassageDraft]]) -> int:
    """The search index of reports: drafted passages, given the ids and themes they now belong to, each
    marked with the index scheme. COPY, not INSERT: a report's texts are tens of kilobytes that an INSERT
    would quote into its SQL."""
    rows = []
    for one, report_drafts in zip(stored, drafts, strict=True):
        report = one.report
        section_themes: dict[int, set[int]] = {}
        for issue in one.issues:
            section_themes.setdefault(issue.section_id, set()).update(issue.theme_ids)
        for draft in report_drafts:
            section_id, section_kind = one.sections[draft.section]
            issue = one.issues[draft.issue] if draft.issue is not None else None
            themes = sorted(issue.theme_ids if issue else section_themes.get(section_id, ()))
            rows.append(
                (
                    *(report.pk, section_id, issue.pk if issue else None, issue is not None, draft.heading_chars),
                    *(draft.start, draft.end, report.year, report.period, report.kind, section_kind),
                    *(report.township_id, report.county, themes, draft.text, INDEX_SCHEME),
                )
            )
    if rows:
        partitions.ensure_years({one.report.year for one in stored})  # a new year's first passages
    copy_rows(Passage._meta.db_table, _PASSAGE_COLUMNS, rows)
    return len(rows)


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
    mark_recurring([report.township_id])
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
        mark_recurring({t for t in (previous_township_id, report.township_id) if t})
        queue_copy_check([report.pk])
    logger.info("report #%d corrected: %s", report.pk, ", ".join(sorted(corrected)))
    return report


@transaction.atomic
def merge_reports(keep: Report, others: Iterable[Report]) -> int:
    """Reports that are one (a scan and its .doc stored before forms were kept): `keep` takes every form of
    the others and they are deleted, with their sections, index and copy map; the reports that shared text
    with them are summarised again (copymap.on_report_deleted). Returns how many forms moved."""
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
    mark_recurring({t for t in townships if t})
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
    mark_recurring([keep.pk])
    queue_copy_check(moved)
    return len(moved)
