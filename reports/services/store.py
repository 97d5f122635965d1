"""The rows a parsed report is stored as: its metadata (the parser's, or an editor's), its township, its
sections, problems and plans (COPY for a whole batch), its search passages and its fingerprints. Used by
every service that stores or re-derives a report; none of it is called from outside the services.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from reports.copying.followup import Finding, FollowUp, follow_up
from reports.copying.recurring import Problem, recurring
from reports.db import partitions
from reports.db.bulk import copy_rows, next_ids
from reports.db.freshness import after_commit
from reports.models import (
    Figure,
    Formula,
    Issue,
    Passage,
    Plan,
    Report,
    ReportWords,
    Section,
    Theme,
    Township,
)
from reports.parsing import ParsedItem, ParsedReport, ParsedSection, unsettled_warnings
from reports.parsing.figures import indicator_of, sentence_of
from reports.search.passages import IssueText, PassageDraft, draft_passages
from reports.search.vectors import INDEX_SCHEME
from reports.selectors.browsing import next_year

logger = logging.getLogger(__name__)

# Raise when the parser changes what it produces, so `reparse --stale` finds the reports to redo.
PARSER_VERSION = (
    7  # 7: word counts, a part of one item keeps it; 6: figures and targets; 5: titles wrapped after 及/和/暨…
)


@dataclass
class Rules:
    """What ingest reads from the editable tables: themes with their keywords, the genre's formulas (not
    counted as words). Load once for a batch;
    each call without one loads it afresh."""

    themes: dict[str, Theme]
    keywords: dict[str, list[str]]
    formulas: tuple[str, ...] = ()

    @classmethod
    def load(cls) -> Rules:
        themes = {theme.name: theme for theme in Theme.objects.all()}
        keywords = {name: theme.keyword_list() for name, theme in themes.items()}
        return cls(themes, keywords, tuple(Formula.objects.values_list("text", flat=True)))

    def for_reading(self) -> dict[str, Any]:
        return {"theme_rules": self.keywords, "formulas": self.formulas}


def acting_user(user: User | None) -> User | None:
    """Who did it, for a 'by' column: a signed-in user, or nobody (the command line, a background job)."""
    return user if user and user.is_authenticated else None


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
    return store_passages([stored], [drafts])


def current_value(report: Report, name: str) -> Any:
    if name == "township":
        return report.township.name if report.township_id and report.township else ""
    return getattr(report, name)


def township_name(parsed: ParsedReport, fixed: dict[str, Any]) -> str | None:
    return fixed.get("township", parsed.metadata.township)


def stored_year(parsed: ParsedReport, fixed: dict[str, Any]) -> int | None:
    """The year a report is stored under: the parser's, unless an editor fixed it."""
    return fixed.get("year", parsed.metadata.year)


def apply_metadata(
    report: Report, parsed: ParsedReport, fixed: dict[str, Any], townships: TownshipLookup | None = None
) -> None:
    """Parser's metadata, except where an editor fixed a value."""
    meta = parsed.metadata
    report.title = fixed.get("title", meta.title)[:200]
    report.county = fixed.get("county", meta.county or "")
    report.year = stored_year(parsed, fixed)
    report.period = fixed.get("period", meta.period)
    report.kind = fixed.get("kind", meta.kind)
    name = township_name(parsed, fixed)
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


def store_structures(reports: list[Report], parsed: list[ParsedReport], rules: Rules) -> list[StoredReport]:
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
    figures = [row for report, one, flat, stored_one in zip(reports, parsed, flats, stored, strict=True)
               for row in _figure_rows(report, one, flat, [pk for pk, _ in stored_one.sections])]  # fmt: skip
    copy_rows(Figure._meta.db_table, _FIGURE_COLUMNS, figures)
    return stored


_FIGURE_COLUMNS = (
    *("report_id", "section_id", "order", "indicator", "subject", "value", "high", "unit", "target", "modifier"),
    *("change", "masked", "text", "sentence", "start", "end"),
)


def _figure_rows(report: Report, parsed: ParsedReport, flat: list[ParsedSection], ids: list[int]) -> list[tuple]:
    """A report's figures as rows, each in the section whose own text holds it (None before the first)."""
    starts = [section.start for section in flat]
    rows = []
    for order, figure in enumerate(parsed.figures):
        at = bisect_right(starts, figure.start) - 1
        section = ids[at] if at >= 0 else None
        rows.append(
            (
                *(report.pk, section, order, indicator_of(figure.subject), figure.subject[:200], figure.value),
                *(figure.high, figure.unit, figure.target, figure.modifier, figure.change, figure.masked),
                *(figure.text[:60], sentence_of(parsed.text, figure.start, figure.end), figure.start, figure.end),
            )
        )
    return rows


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


_WORDS_COLUMNS = ("report_id", "part", "year", "kind", "period", "words", "counts", "total")


def store_words(reports: list[Report], words: list[dict[str, Counter[str]]]) -> None:
    """Each report's counted words by part (reports.vocabulary), with COPY; the archive's sums (WordTally)
    follow by trigger."""
    rows = (
        (report.pk, part, report.year, report.kind, report.period, list(counts), list(counts.values()), counts.total())
        for report, parts in zip(reports, words, strict=True)
        for part, counts in parts.items()
    )
    copy_rows(ReportWords._meta.db_table, _WORDS_COLUMNS, rows)


def mark_across_years(township_ids: Iterable[int], *, years: Mapping[int, set[int | None]] | None = None) -> int:
    """What is read across a township's years, made again for these townships after their reports changed:
    each problem's recurring years, and what each plan's next report says of it. `years`: per township, the
    years whose reports changed (an ingest knows them), so only the plans those can change are judged again;
    None judges them all. Returns how many problems recur. The one call for every write that adds, moves,
    merges or re-parses a township's reports."""
    marked = 0
    for township_id in township_ids:
        marked += _mark_recurring(township_id)
        _mark_followed_up(township_id, None if years is None else years.get(township_id, set()))
    return marked


def _mark_recurring(township_id: int) -> int:
    """Mark each problem of a township with the years its township reports it in (two or more), as
    reports.copying.recurring finds them; returns how many problems recur."""
    issues = Issue.objects.filter(report__township_id=township_id, report__year__isnull=False)
    rows = issues.values_list("id", "report__year", "text")
    problems = [Problem(i, y, t) for i, y, t in rows if y is not None]  # (the filter leaves none out)
    years = recurring(problems)
    changed = [Issue(id=p.id, recurring_years=years.get(p.id, [])) for p in problems]
    Issue.objects.bulk_update(changed, ["recurring_years"], batch_size=500)
    return len(years)


def _mark_followed_up(township_id: int, changed: set[int | None] | None) -> None:
    """Each plan of a township's reports against the township's next report (selectors.browsing.next_year):
    done, planned again, not mentioned, or no next report, with the sentence that counts. Only the reports of
    a changed year and of the year before it are judged again (None: all), in four queries however many. A
    status a person set (follow_up_checked) is left as they set it."""
    reports = list(Report.objects.filter(township_id=township_id).defer("text").order_by("year", "id"))
    if changed is not None:
        affected = {year for one in changed for year in ((one, one - 1) if one else (one,))}
        reports_judged = [report for report in reports if report.year in affected]
    else:
        reports_judged = reports
    following = {report.pk: next_year(report, reports) for report in reports_judged}
    plans = list(Plan.objects.filter(report__in=reports_judged, follow_up_checked=False).order_by("report_id", "order"))
    next_ids = {one.pk for one in following.values() if one is not None}
    done: dict[int, list[str]] = {}
    for report_id, text in Section.objects.filter(report_id__in=next_ids, kind=Section.Kind.ACHIEVEMENTS).values_list(
        "report_id", "text"
    ):
        done.setdefault(report_id, []).extend(text.split("\n"))
    again: dict[int, list[str]] = {}
    for report_id, title in Plan.objects.filter(report_id__in=next_ids).values_list("report_id", "title"):
        again.setdefault(report_id, []).append(title)
    by_report: dict[int, list[Plan]] = {}
    for plan in plans:
        by_report.setdefault(plan.report_id, []).append(plan)
    for report_id, own in by_report.items():
        nxt = following[report_id]
        findings = (
            follow_up([p.title for p in own], done.get(nxt.pk, []), again.get(nxt.pk, []))
            if nxt
            else [Finding(FollowUp.NO_NEXT_REPORT)] * len(own)
        )
        for plan, found in zip(own, findings, strict=True):
            plan.follow_up, plan.evidence = found.status, found.evidence
            plan.evidence_report = nxt if found.evidence else None
    Plan.objects.bulk_update(plans, ["follow_up", "evidence", "evidence_report"], batch_size=500)


def store_passages(stored: list[StoredReport], drafts: list[list[PassageDraft]]) -> int:
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
            own = one.issues[draft.issue] if draft.issue is not None else None
            themes = sorted(own.theme_ids if own else section_themes.get(section_id, ()))
            rows.append(
                (
                    *(report.pk, section_id, own.pk if own else None, own is not None, draft.heading_chars),
                    *(draft.start, draft.end, report.year, report.period, report.kind, section_kind),
                    *(report.township_id, report.county, themes, draft.text, INDEX_SCHEME),
                )
            )
    if rows:
        partitions.ensure_years({one.report.year for one in stored})  # a new year's first passages
    copy_rows(Passage._meta.db_table, _PASSAGE_COLUMNS, rows)
    return len(rows)
