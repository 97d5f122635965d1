"""Writes to the archive. Each public function is one transaction: a report is stored whole or not at all.

The command line (ingest, reparse) and the admin call these; nothing else writes reports.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, models, transaction

from reports.models import DictionaryTerm, Issue, Passage, Plan, Report, Section, StagedUpload, Theme, Township
from reports.parsing import ParsedItem, ParsedReport, UnreadableDocument, parse_report, tag_themes
from reports.parsing.documents import read_document
from reports.search.segment import Segmenter, get_segmenter
from reports.search.vectors import build_vector, chunk_spans

# Raise when the parser changes what it produces, so `reparse --stale` finds the reports to redo.
PARSER_VERSION = 1


class DuplicateReport(Exception):
    """The same normalised text is already stored, as `existing`."""

    def __init__(self, existing: Report):
        super().__init__(f"内容与已有报告 #{existing.pk}《{existing.display_title}》相同，未重复录入")
        self.existing = existing
        self.message = str(self)


@dataclass
class Overrides:
    """What an editor says about a report before it is stored; it wins over the parser and is kept on re-parse."""

    township: str = ""
    county: str = ""
    year: int | None = None
    period: str = ""
    kind: str = ""
    title: str = ""

    def given(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value not in ("", None)}


@dataclass
class Prepared:
    """A file read and parsed, not yet stored: what a preview or a dry run shows."""

    text: str
    encoding: str
    source_name: str
    parsed: ParsedReport
    sha256: str
    duplicate_of: Report | None = None
    overrides: Overrides = field(default_factory=Overrides)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Rules:
    """What ingest reads from the editable tables: themes with their keywords, and the segmenter built
    with the dictionary. Load once for a batch; each call without one loads it afresh."""

    themes: dict[str, Theme]
    keywords: dict[str, list[str]]
    segmenter: Segmenter

    @classmethod
    def load(cls) -> Rules:
        themes = {theme.name: theme for theme in Theme.objects.all()}
        return cls(themes, {name: theme.keyword_list() for name, theme in themes.items()}, current_segmenter())


def current_segmenter() -> Segmenter:
    """The segmenter with the shipped dictionary and the terms editors added."""
    return get_segmenter(tuple(sorted(DictionaryTerm.objects.values_list("word", flat=True))))


def prepare_file(
    data: bytes,
    *,
    filename: str,
    max_bytes: int | None = None,
    overrides: Overrides | None = None,
    rules: Rules | None = None,
) -> Prepared:
    """Read, decode and parse a file without writing anything. Raises UnreadableDocument."""
    decoded = read_document(data, filename=filename, max_bytes=max_bytes)
    return prepare_text(decoded.text, encoding=decoded.encoding, source_name=filename, overrides=overrides, rules=rules)


def prepare_text(
    text: str,
    *,
    encoding: str = "UTF-8",
    source_name: str = "",
    overrides: Overrides | None = None,
    rules: Rules | None = None,
) -> Prepared:
    rules = rules or Rules.load()
    parsed = parse_report(text, source_name or None, theme_rules=rules.keywords)
    digest = text_digest(parsed.text)
    return Prepared(
        text=parsed.text,
        encoding=encoding,
        source_name=source_name,
        parsed=parsed,
        sha256=digest,
        duplicate_of=Report.objects.filter(sha256=digest).first(),
        overrides=overrides or Overrides(),
    )


def ingest_prepared(prepared: Prepared, *, user: AbstractBaseUser | None = None, rules: Rules | None = None) -> Report:
    """Store a prepared report with its sections, issues, plans and search passages. Raises DuplicateReport."""
    if prepared.duplicate_of:
        raise DuplicateReport(prepared.duplicate_of)
    rules = rules or Rules.load()
    try:
        with transaction.atomic():
            report = Report(
                text=prepared.text,
                sha256=prepared.sha256,
                encoding=prepared.encoding,
                source_name=prepared.source_name[:255],
                created_by=user if user and user.is_authenticated else None,
            )
            _apply_metadata(report, prepared.parsed, prepared.overrides.given())
            report.edited_fields = sorted(prepared.overrides.given())
            report.save()
            sections, issues = _store_structure(report, prepared.parsed, rules)
            _store_passages(report, sections, issues, rules.segmenter)
    except IntegrityError:
        existing = Report.objects.filter(sha256=prepared.sha256).first()
        if existing:
            raise DuplicateReport(existing) from None
        raise
    return report


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
def reparse_report(report: Report, rules: Rules | None = None) -> Report:
    """Parse the stored text again, keeping the report's identity and the fields an editor corrected."""
    rules = rules or Rules.load()
    parsed = parse_report(report.text, report.source_name or None, theme_rules=rules.keywords)
    kept = {name: _current_value(report, name) for name in report.edited_fields}
    _apply_metadata(report, parsed, kept)
    report.save()
    report.sections.all().delete()  # cascades to issues, plans and passages
    sections, issues = _store_structure(report, parsed, rules)
    _store_passages(report, sections, issues, rules.segmenter)
    return report


@transaction.atomic
def index_report(report: Report, segmenter: Segmenter | None = None) -> int:
    """Rebuild the search passages of one report, after its metadata changed or the dictionary did."""
    Passage.objects.filter(report=report).delete()
    sections = list(report.sections.all())
    issues = list(report.issues.all())
    return _store_passages(report, sections, issues, segmenter or current_segmenter())


def reindex(*, stale_only: bool = False) -> int:
    """Rebuild the index of every report (or of those indexed with another segmenter or dictionary)."""
    segmenter = current_segmenter()
    reports = Report.objects.order_by("id")
    if stale_only:
        stale = Passage.objects.exclude(index_version=segmenter.version).values("report_id")
        unindexed = Report.objects.filter(passages__isnull=True).values("id")
        reports = reports.filter(models.Q(id__in=stale) | models.Q(id__in=unindexed))
    count = 0
    for report in reports.iterator():
        index_report(report, segmenter)
        count += 1
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
        index_report(report, rules.segmenter)
    return changed


def _current_value(report: Report, name: str) -> Any:
    if name == "township":
        return report.township.name if report.township_id else ""
    return getattr(report, name)


def _apply_metadata(report: Report, parsed: ParsedReport, fixed: dict[str, Any]) -> None:
    """Parser's metadata, except where an editor fixed a value."""
    meta = parsed.metadata
    report.title = fixed.get("title", meta.title)[:200]
    report.county = fixed.get("county", meta.county or "")
    report.year = fixed.get("year", meta.year)
    report.period = fixed.get("period", meta.period)
    report.kind = fixed.get("kind", meta.kind)
    township_name = fixed.get("township", meta.township)
    report.township = find_or_create_township(
        township_name, county=report.county, prefecture=meta.prefecture, province=meta.province
    )
    report.masked_township = "" if report.township else meta.masked_township
    report.warnings = list(parsed.warnings)
    report.parser_version = PARSER_VERSION


def find_or_create_township(
    name: str | None, *, county: str = "", prefecture: str | None = None, province: str | None = None
) -> Township | None:
    """The township of that name in that county; one found without a county is taken and completed."""
    if not name:
        return None
    candidates = list(Township.objects.filter(name=name))
    match = next((t for t in candidates if t.county == county), None)
    if match is None and county:
        match = next((t for t in candidates if not t.county), None)
        if match:
            match.county = county
            match.save(update_fields=["county"])
    if match is None and not county and len(candidates) == 1:
        match = candidates[0]
    if match is None:
        match = Township.objects.create(name=name, county=county, prefecture=prefecture or "", province=province or "")
    return match


def _store_structure(report: Report, parsed: ParsedReport, rules: Rules) -> tuple[list[Section], list[Issue]]:
    """Sections level by level (a parent is saved before its children), then issues and plans."""
    flat = parsed.all_sections()
    rows = {
        id(section): Section(
            report=report,
            level=section.level,
            order=order,
            number=section.number[:20],
            heading=section.heading[:500],
            kind=section.kind,
            text=section.text,
            start=section.start,
            end=section.end,
        )
        for order, section in enumerate(flat)
    }
    level = [(section, None) for section in parsed.sections]
    while level:
        for section, parent in level:
            rows[id(section)].parent = parent
        Section.objects.bulk_create([rows[id(section)] for section, _ in level])
        level = [(child, rows[id(section)]) for section, _ in level for child in section.children]

    issues = Issue.objects.bulk_create(
        Issue(report=report, section=rows[id(flat[item.section_index])], order=order, **_item_fields(item))
        for order, item in enumerate(parsed.issues)
    )
    Issue.themes.through.objects.bulk_create(
        Issue.themes.through(issue=issue, theme=rules.themes[name])
        for issue, item in zip(issues, parsed.issues, strict=True)
        for name in item.themes
        if name in rules.themes
    )
    Plan.objects.bulk_create(
        Plan(report=report, section=rows[id(flat[item.section_index])], order=order, **_item_fields(item))
        for order, item in enumerate(parsed.plans)
    )
    return [rows[id(section)] for section in flat], issues


def _item_fields(item: ParsedItem) -> dict[str, Any]:
    return {"title": item.title[:500], "text": item.text, "start": item.start, "end": item.end}


def _store_passages(report: Report, sections: list[Section], issues: list[Issue], segmenter: Segmenter) -> int:
    """The search index of a report: its sections, cut when long, and its issues, each one Passage."""
    rows = [
        _passage(report, section, None, section.start + start, section.text[start:end], segmenter, heading)
        for section in sections
        for (start, end), heading in _chunks_with_heading(section)
    ]
    sections_by_id = {section.pk: section for section in sections}
    rows += [
        _passage(report, sections_by_id[issue.section_id], issue, issue.start, issue.text, segmenter, 0)
        for issue in issues
    ]
    themes = _themes_by_issue(issues)
    by_section: dict[int, set[int]] = {}
    for issue in issues:
        by_section.setdefault(issue.section_id, set()).update(themes.get(issue.pk, ()))
    for row in rows:
        row.theme_ids = sorted(themes.get(row.issue.pk, ()) if row.issue else by_section.get(row.section.pk, ()))
    Passage.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _themes_by_issue(issues: list[Issue]) -> dict[int, list[int]]:
    pairs = Issue.themes.through.objects.filter(issue__in=[i.pk for i in issues]).values_list("issue_id", "theme_id")
    found: dict[int, list[int]] = {}
    for issue_id, theme_id in pairs:
        found.setdefault(issue_id, []).append(theme_id)
    return found


def _chunks_with_heading(section: Section):
    heading_chars = section.text.find(section.heading) + len(section.heading) if section.heading else 0
    for start, end in chunk_spans(section.text, Passage.MAX_CHARS):
        yield (start, end), heading_chars if start == 0 else 0


def _passage(report, section, issue, start, text, segmenter, heading_chars) -> Passage:
    return Passage(
        report=report,
        section=section,
        issue=issue,
        is_issue=issue is not None,
        heading_chars=heading_chars,
        start=start,
        end=start + len(text),
        year=report.year,
        period=report.period,
        report_kind=report.kind,
        section_kind=section.kind,
        township_id=report.township_id,
        county=report.county,
        vector=build_vector(text, words=segmenter.words(text)),
        index_version=segmenter.version,
    )


# --- uploads in the admin: stage, preview, confirm --------------------------------------------------


@dataclass
class Staging:
    batch: uuid.UUID
    staged: list[StagedUpload]
    failures: list[tuple[str, str]]  # (file name, reason in Chinese)


def stage_uploads(files: Iterable[tuple[str, bytes]], *, user: AbstractBaseUser, max_bytes: int) -> Staging:
    """Read each uploaded file; keep the readable ones for the editor's preview, say why the others failed."""
    staging = Staging(uuid.uuid4(), [], [])
    for name, data in files:
        try:
            decoded = read_document(data, filename=name, max_bytes=max_bytes)
        except UnreadableDocument as error:
            staging.failures.append((name, error.message))
            continue
        staging.staged.append(
            StagedUpload.objects.create(
                batch=staging.batch, filename=name[:255], encoding=decoded.encoding, text=decoded.text, created_by=user
            )
        )
    return staging


def confirm_upload(staged: StagedUpload, *, overrides: Overrides, user: AbstractBaseUser) -> Report:
    """Store a previewed upload through the same ingest as the command line. Raises DuplicateReport,
    in which case the staged file stays for the editor to discard."""
    with transaction.atomic():
        report = ingest_text(
            staged.text, source_name=staged.filename, encoding=staged.encoding, user=user, overrides=overrides
        )
        staged.delete()
    return report


def discard_uploads(batch: uuid.UUID, *, user: AbstractBaseUser) -> int:
    return StagedUpload.objects.filter(batch=batch, created_by=user).delete()[0]


@transaction.atomic
def assign_township(report: Report, *, name: str, county: str = "") -> Report:
    """An editor says which township a (masked) report belongs to; kept when the report is re-parsed."""
    report.township = find_or_create_township(name, county=county or report.county)
    report.masked_township = ""
    if county:
        report.county = county
    report.edited_fields = sorted(set(report.edited_fields) | {"township"} | ({"county"} if county else set()))
    report.save()
    index_report(report)
    return report


@transaction.atomic
def merge_townships(keep: Township, others: Iterable[Township]) -> int:
    """Two entries that are one township: move the reports of `others` to `keep` and delete them."""
    moved = 0
    for other in others:
        if other.pk == keep.pk:
            continue
        for report in other.reports.all():
            report.township = keep
            report.save(update_fields=["township", "updated_at"])
            index_report(report)
            moved += 1
        other.delete()
    return moved
