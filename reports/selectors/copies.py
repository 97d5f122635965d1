"""The copy check (查重) against the archive: which stretches of a text also stand in stored reports,
CNKI-style. Reads only: the fingerprints are joined in PostgreSQL (reports_fingerprint, on its hash index),
the runs grown and measured in Python (reports.copying).

A passage found in the reports of BOILERPLATE_TOWNSHIPS or more townships (slogans, central formulations)
is boilerplate: shown apart and left out of the ratio, as CNKI leaves out quotations. So is every formula
staff list as the genre's (Formula, reports.copying.formulas), from the first report on.
"""

from __future__ import annotations

import uuid
from bisect import bisect_left, bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Greatest, Least

from reports.copying import Comparable, K, Run, common_runs, comparable, fingerprints
from reports.copying.fingerprints import places
from reports.copying.formulas import Formulas
from reports.models import CopyPassage, Formula, Report, Section, Township

MAX_PAIRS = 50  # township pairs the 查重 page lists
MAX_SOURCES = 20  # the sources measured, those sharing most fingerprints first
CROWDED = 100  # a fingerprint in more reports than this is boilerplate without counting their townships


@dataclass
class Source:
    report_id: int
    title: str
    township: str
    year: int | None
    copied_characters: int
    ratio: float
    same_township: bool

    @classmethod
    def of(cls, report: Report, *, copied: int, characters: int, same_township: bool) -> Source:
        """A stored report as a source of `copied` of a text's `characters` compared characters."""
        ratio = round(copied / characters, 4) if characters else 0.0
        return cls(report.pk, report.display_title, report.township_label, report.year, copied, ratio, same_township)


@dataclass
class Passage:
    """text[start:end] stands in the source report at source_start:source_end (offsets into each text)."""

    start: int
    end: int
    report_id: int
    source_start: int
    source_end: int


@dataclass
class CopyCheck:
    characters: int  # compared characters (Chinese, letters, digits: no punctuation or spaces)
    copied_characters: int
    boilerplate_characters: int
    sources: list[Source] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)  # (start, end) offsets of formulas

    @property
    def ratio(self) -> float:
        """总文字复制比: copied characters (boilerplate aside) over all compared characters."""
        return round(self.copied_characters / self.characters, 4) if self.characters else 0.0

    def summary(self, sources: int = 10) -> dict:
        """What a preview shows of a check, to keep with an uploaded file: its sizes and its first sources."""
        return {
            "characters": self.characters,
            "copied_characters": self.copied_characters,
            "boilerplate_characters": self.boilerplate_characters,
            "sources": [vars(source) for source in self.sources[:sources]],
        }

    @classmethod
    def from_summary(cls, kept: dict) -> CopyCheck:
        return cls(
            characters=kept["characters"],
            copied_characters=kept["copied_characters"],
            boilerplate_characters=kept["boilerplate_characters"],
            sources=[Source(**source) for source in kept["sources"]],
        )

    def as_json(self) -> dict:
        """The contract `manage.py copycheck --json` prints (other tools read these names)."""
        return {
            "characters": self.characters,
            "copied_characters": self.copied_characters,
            "ratio": self.ratio,
            "boilerplate_characters": self.boilerplate_characters,
            "sources": [vars(source) for source in self.sources],
            "passages": [vars(passage) for passage in self.passages],
        }


def check_text(
    text: str,
    *,
    township_id: int | None = None,
    exclude: int | None = None,
    before: int | None = None,
    shared: SharedHashes | None = None,
) -> CopyCheck:
    """A text (as parse_report gives it) against every stored report but `exclude` (itself); with
    `before`, against the reports with smaller ids only (building the copy map, each pair is checked once,
    from its later report). What is boilerplate is judged from every report either way. A build of the
    whole copy map passes `shared`, the hashes it counted once for all its checks."""
    mine = comparable(text)
    prints = fingerprints(mine)
    check = CopyCheck(characters=len(mine.chars), copied_characters=0, boilerplate_characters=0)
    formulas = mine.within(listed_formulas().spans(text))
    if not prints:
        return check
    positions = places(prints)  # a hash the text repeats more than REPEATED times is not followed
    rows = shared.rows(list(positions), exclude) if shared else _rows(list(positions), exclude)
    seeds, boilerplate_hashes = _seeds(rows, positions, before)
    sources = Report.objects.select_related("township").in_bulk(list(seeds))
    runs: dict[int, list[Run]] = {}
    theirs: dict[int, Comparable] = {}
    for report_id in seeds:
        theirs[report_id] = shared.comparable(sources[report_id]) if shared else comparable(sources[report_id].text)
        runs[report_id] = common_runs(mine, theirs[report_id], seeds[report_id])
    common = _CommonPrints(prints, boilerplate_hashes)
    boilerplate = _positions(run for found in runs.values() for run in found if common.most_in(run)) | formulas
    check.boilerplate_characters = len(boilerplate)
    check.boilerplate = [(mine.offsets[a], mine.offsets[b - 1] + 1) for a, b in _spans(boilerplate)]
    copied: set[int] = set()
    for report_id, report_runs in runs.items():
        own = _positions(report_runs) - boilerplate
        if not own:
            continue
        copied |= own
        check.sources.append(
            Source.of(
                sources[report_id],
                copied=len(own),
                characters=check.characters,
                same_township=bool(township_id and sources[report_id].township_id == township_id),
            )
        )
        for run in report_runs:
            for start, end in _within(run, own):
                check.passages.append(_passage(run, start, end, mine, theirs[report_id], report_id))
    check.copied_characters = len(copied)
    check.sources.sort(key=lambda s: -s.copied_characters)
    check.passages.sort(key=lambda p: (p.start, p.report_id))
    return check


def listed_formulas() -> Formulas:
    """The formulas staff keep (the admin's 套话), compiled: a few dozen rows, read for each check."""
    return Formulas.of(Formula.objects.values_list("text", flat=True))


Row = tuple[int, int, int, bool]  # (hash, report_id, position there, whether the hash is boilerplate)


def _rows(hashes: list[int], exclude: int | None) -> list[Row]:
    """The stored fingerprints with these hashes, each with whether its hash is boilerplate. One statement;
    the hash index finds the rows, at most CROWDED of them a hash: a hash in more reports than that is
    boilerplate at once, and three of its reports are enough to find its runs."""
    sql = """
        WITH mine AS (SELECT DISTINCT unnest(%(hashes)s::int[]) AS hash),
        counted AS MATERIALIZED (  -- inlined, its count ran again for every row the query returns
            SELECT m.hash, (SELECT count(*) FROM (SELECT 1 FROM reports_fingerprint f WHERE f.hash = m.hash
                                                 LIMIT %(crowded)s + 1) x) > %(crowded)s AS crowded
            FROM mine m
        ),
        candidates AS MATERIALIZED (
            SELECT c.hash, f.report_id, f.position, c.crowded
            FROM counted c CROSS JOIN LATERAL (
                SELECT report_id, position FROM reports_fingerprint f
                WHERE f.hash = c.hash AND f.report_id <> %(exclude)s
                LIMIT CASE WHEN c.crowded THEN 3 ELSE %(crowded)s END  -- no ORDER BY: it would walk the key
            ) f
        ),
        found AS (  -- joined to the reports once, after: inside the loop the planner scanned them each time
            SELECT c.*, coalesce(r.township_id, -r.id) AS township
            FROM candidates c JOIN reports_report r ON r.id = c.report_id
        ),
        spread AS (SELECT hash, bool_or(crowded) OR count(DISTINCT township) >= %(townships)s AS common
                   FROM found GROUP BY hash)
        SELECT found.hash, found.report_id, found.position, spread.common FROM found JOIN spread USING (hash)
    """
    params: dict[str, Any] = {
        "hashes": hashes,
        "crowded": CROWDED,
        "exclude": exclude or 0,
        "townships": settings.ARCHIVE_BOILERPLATE_TOWNSHIPS,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class SharedHashes:
    """For a build of the whole copy map: every hash that stands in two or more reports, counted once, with
    the reports it stands in (all of them up to CROWDED, four of a crowded one) and their townships, in
    an unlogged table of its own. Each check then reads its hashes' rows there, one index probe a hash,
    where alone it counted each hash's reports again (a formula's hundreds of times in a build)."""

    REMEMBERED = 2000  # sources whose compared characters a build keeps (a formula's source recurs often)

    def __init__(self, table: str | None = None) -> None:
        """A new table (built on entering), or, in a build's worker process, the build's own."""
        self.table = table or f"copy_shared_hashes_{uuid.uuid4().hex[:12]}"
        self._comparables: OrderedDict[int, Comparable] = OrderedDict()

    def __enter__(self) -> SharedHashes:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                CREATE UNLOGGED TABLE {self.table} AS
                SELECT hash, reports_count, reports[1:kept] AS reports, positions[1:kept] AS positions,
                       townships[1:kept] AS townships
                FROM (  -- one aggregate pass: the three arrays keep one order
                    SELECT f.hash, count(*) AS reports_count, array_agg(f.report_id) AS reports,
                           array_agg(f.position) AS positions, array_agg(coalesce(r.township_id, -r.id)) AS townships
                    FROM reports_fingerprint f JOIN reports_report r ON r.id = f.report_id
                    GROUP BY f.hash HAVING count(*) > 1
                ) counted, LATERAL (SELECT CASE WHEN reports_count > %(crowded)s THEN 4 ELSE %(crowded)s END AS kept) k
            """,
                {"crowded": CROWDED},
            )
            cursor.execute(f"CREATE INDEX ON {self.table} (hash)")
            cursor.execute(f"ANALYZE {self.table}")
        return self

    def __exit__(self, *exc: object) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def comparable(self, report: Report) -> Comparable:
        """The report's compared characters, remembered for the next check that has it as a source."""
        if report.pk in self._comparables:
            self._comparables.move_to_end(report.pk)
            return self._comparables[report.pk]
        found = self._comparables[report.pk] = comparable(report.text)
        if len(self._comparables) > self.REMEMBERED:
            self._comparables.popitem(last=False)
        return found

    def rows(self, hashes: list[int], exclude: int | None) -> list[Row]:
        """What _rows answers, from the counted hashes: the same rows, boilerplate judged the same way."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hash, reports_count, reports, positions, townships FROM {self.table} WHERE hash = ANY(%s)",
                [hashes],
            )
            found = cursor.fetchall()
        rows: list[Row] = []
        townships_needed = settings.ARCHIVE_BOILERPLATE_TOWNSHIPS
        for h, count, reports, positions, townships in found:
            crowded = count > CROWDED
            others = [(r, p, t) for r, p, t in zip(reports, positions, townships, strict=True) if r != exclude]
            others = others[:3] if crowded else others
            common = crowded or len({t for _, _, t in others}) >= townships_needed
            rows += [(h, r, p, common) for r, p, _ in others]
        return rows


def _seeds(
    rows: list[Row], positions: dict[int, list[int]], before: int | None
) -> tuple[dict[int, list[tuple[int, int]]], set[int]]:
    """(seeds by source report: (position here, position there)) for the sources worth measuring, and the
    boilerplate hashes."""
    common: set[int] = set()
    own: dict[int, int] = defaultdict(int)  # shared fingerprints that are not boilerplate, by source
    boilerplate: dict[int, int] = defaultdict(int)
    for h, report_id, _, is_common in rows:
        if is_common:
            common.add(h)
        if before and report_id >= before:
            continue
        if is_common:
            boilerplate[report_id] += 1
        else:
            own[report_id] += 1
    # Ties go to the earlier report: SQL returns rows in no set order, and the check must not depend on it.
    kept = sorted(own, key=lambda r: (-own[r], r))[:MAX_SOURCES]
    kept += [r for r in sorted(boilerplate, key=lambda r: (-boilerplate[r], r)) if r not in kept][:3]  # its runs
    seeds: dict[int, list[tuple[int, int]]] = {r: [] for r in kept}
    for h, report_id, position, _ in rows:
        if report_id in seeds:
            seeds[report_id] += [(mine_position, position) for mine_position in positions[h]]
    return seeds, common


class _CommonPrints:
    """The text's fingerprints in position order, and how many of the first n are boilerplate: whether most
    of a run's fingerprints are is then two binary searches, not a walk over all of them for each run."""

    def __init__(self, prints: list[tuple[int, int]], boilerplate_hashes: set[int]):
        self.positions = [position for _, position in prints]  # winnowing keeps them in order
        self.common_before = [0, *accumulate(h in boilerplate_hashes for h, _ in prints)]

    def most_in(self, run: Run) -> bool:
        """A run most of whose fingerprints (the text's, inside the run) stand in many townships' reports:
        most, not all, since near a run's ends winnowing picks by what surrounds it, which differs by report."""
        first, last = bisect_left(self.positions, run.start), bisect_right(self.positions, run.end - K)
        inside = last - first
        return inside > 0 and (self.common_before[last] - self.common_before[first]) * 2 >= inside


def _positions(runs: Iterable[Run]) -> set[int]:
    return {p for run in runs for p in range(run.start, run.end)}


def _within(run: Run, own: set[int]) -> list[tuple[int, int]]:
    """The stretches of a run that are copied, not boilerplate (a run can hold a formula at one end)."""
    return _spans(p for p in range(run.start, run.end) if p in own)


def _spans(positions: Iterable[int]) -> list[tuple[int, int]]:
    """Positions as (start, end) stretches of consecutive ones: {3, 4, 5, 9} -> [(3, 6), (9, 10)]."""
    spans: list[tuple[int, int]] = []
    for position in sorted(positions):
        if spans and spans[-1][1] == position:
            spans[-1] = (spans[-1][0], position + 1)
        else:
            spans.append((position, position + 1))
    return spans


def _passage(run: Run, start: int, end: int, mine: Comparable, theirs: Comparable, report_id: int) -> Passage:
    """Compared positions start:end of a run, as offsets into each text."""
    shift = run.source_start - run.start
    return Passage(
        start=mine.offsets[start],
        end=mine.offsets[end - 1] + 1,
        report_id=report_id,
        source_start=theirs.offsets[start + shift],
        source_end=theirs.offsets[end - 1 + shift] + 1,
    )


def stored_copy_check(report: Report) -> CopyCheck | None:
    """The report's check as the copy map keeps it (what the background check wrote), or None while it has not
    been checked: what a reader's page shows, without checking again. Measured as check_text measures: compared
    characters inside the passages, boilerplate aside. Work is bounded by the text's length (one pass)."""
    if not report.copied_from:
        return None
    compared = comparable(report.text)
    fields = ("start", "end", "source_id", "source_start", "source_end", "same_township")
    rows = list(CopyPassage.objects.filter(report=report).order_by("start", "source_id").values_list(*fields))
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for start, end, source_id, *_ in rows:
        spans[source_id].append((start, end))
    check = CopyCheck(
        characters=len(compared.chars),
        copied_characters=len(compared.within([(start, end) for start, end, *_ in rows])),
        boilerplate_characters=len(compared.within([(start, end) for start, end in report.copy_boilerplate])),
        boilerplate=[(start, end) for start, end in report.copy_boilerplate],
        passages=[Passage(start, end, source, at or 0, to or 0) for start, end, source, at, to, _ in rows],
    )
    same = {source_id: same_township for _, _, source_id, _, _, same_township in rows}
    sources = Report.objects.select_related("township").defer("text").in_bulk(list(spans))
    for source_id, found in spans.items():
        copied = len(compared.within(found))
        check.sources.append(
            Source.of(sources[source_id], copied=copied, characters=check.characters, same_township=same[source_id])
        )
    check.sources.sort(key=lambda s: (-s.copied_characters, s.report_id))
    return check


@dataclass(frozen=True)
class SameReport:
    """A stored report that a new text is mostly (ARCHIVE_SAME_REPORT_RATIO) a form of: its scan, its .doc."""

    report: Report
    ratio: float  # the share of the new text's matchable characters (Comparable.matchable) standing in `report`
    agrees: bool  # year and township do not contradict the report's: keeping it as a form is the default

    @property
    def label(self) -> str:
        return f"与报告 #{self.report.pk}《{self.report.display_title}》基本相同（{self.ratio:.1%}）"

    def summary(self) -> dict:
        return {"report_id": self.report.pk, "ratio": self.ratio, "agrees": self.agrees}

    @classmethod
    def from_summary(cls, kept: dict | None) -> SameReport | None:
        """The stored finding, or None when there was none or its report is gone since."""
        if not kept:
            return None
        report = _shown_reports().filter(pk=kept["report_id"]).first()
        return cls(report, kept["ratio"], kept["agrees"]) if report else None

    @classmethod
    def from_summaries(cls, kept: list[dict | None]) -> list[SameReport | None]:
        """from_summary for many files, with one query for their reports."""
        ids = [one["report_id"] for one in kept if one]
        reports = _shown_reports().in_bulk(ids)
        return [
            cls(reports[one["report_id"]], one["ratio"], one["agrees"]) if one and one["report_id"] in reports else None
            for one in kept
        ]


def stored_duplicates(digests: Iterable[str]) -> dict[str, Report]:
    """The stored reports with these texts (normalised, as text_digest hashes them), by digest."""
    return {report.sha256: report for report in _shown_reports().filter(sha256__in=list(digests))}


def stored_duplicate(sha256: str) -> Report | None:
    return stored_duplicates([sha256]).get(sha256)


def same_report(text: str, check: CopyCheck, *, year: int | None, township: str | None) -> SameReport | None:
    """The stored report in which most of a new text stands, by the copy check's own exact count, when that is
    ARCHIVE_SAME_REPORT_RATIO of it or more: the text is then most likely another form of that report, not a new
    one. Counted over the characters that could be found copied at all, so a heavily masked report (whose
    masked stretches never match) is measured fairly. A different year or township (a summary copying last
    year's) is said, so that nobody attaches it unawares."""
    matchable = comparable(text).matchable()
    if not check.sources or not matchable:
        return None
    top = check.sources[0]
    ratio = min(top.copied_characters / matchable, 1.0)
    if ratio < settings.ARCHIVE_SAME_REPORT_RATIO:
        return None
    report = _shown_reports().get(pk=top.report_id)
    agrees = agree(year, township, report.year, report.township.name if report.township else None)
    return SameReport(report, round(ratio, 4), agrees)


def agree(year: int | None, township: str | None, other_year: int | None, other_township: str | None) -> bool:
    """Whether two texts' year and township do not contradict each other (an unknown one contradicts nothing):
    the default for taking one as a form of the other, in the upload preview and in `ingest`."""
    years_agree = year is None or other_year is None or year == other_year
    return years_agree and (not township or not other_township or township == other_township)


def _shown_reports() -> QuerySet[Report]:
    return Report.objects.select_related("township").defer("text")


def stored_pair(report: Report, source: Report) -> list[tuple[int, int, int]]:
    """The passages the copy map keeps of `report` standing in `source`: (start, end, start in the source)."""
    rows = CopyPassage.objects.filter(report=report, source=source, source_start__isnull=False)
    return [
        (start, end, at)
        for start, end, at in rows.order_by("start").values_list("start", "end", "source_start")
        if at is not None
    ]


def report_parts(report: Report) -> list[tuple[str, int, int]]:
    """The stored report's top-level parts, as CNKI rates them per section (compare.rates)."""
    parts = list(report.sections.filter(level=1).order_by("order").values_list("heading", "kind", "start"))
    return part_spans(len(report.text), parts)


def part_spans(length: int, parts: list[tuple[str, str, int]]) -> list[tuple[str, int, int]]:
    """Top-level parts (heading, kind, start) of a text of `length` -> (label, start, end) as rates counts them:
    a part runs from its heading to the next part's (a section's own end stops at its first sub-section); the
    first takes the title too."""
    labels = dict(Section.Kind.choices)
    starts = [0] + [start for _, _, start in parts[1:]]
    ends = [*starts[1:], length]
    return [
        (heading or labels[kind], start, end)
        for (heading, kind, _), start, end in zip(parts, starts, ends, strict=True)
    ]


@dataclass(frozen=True)
class TownshipPair:
    first: Township
    second: Township
    characters: int  # characters of their copied passages, both sides together
    reports: int  # reports of theirs that share text with the other


def township_pairs(reports: QuerySet[Report], limit: int = MAX_PAIRS) -> list[TownshipPair]:
    """The pairs of townships whose reports (of `reports`, on either side) share most text, from the copy
    map: a township copying another, or two copying one model text."""
    rows = (
        CopyPassage.objects.filter(report__in=reports, same_township=False)
        .filter(report__township__isnull=False, source__township__isnull=False)
        .annotate(a=Least("report__township", "source__township"), b=Greatest("report__township", "source__township"))
        .values("a", "b")
        .annotate(characters=Sum(F("end") - F("start")), reports=Count("report", distinct=True))
        .order_by("-characters", "a", "b")[:limit]
    )
    pairs = list(rows)
    townships = Township.objects.in_bulk({row[k] for row in pairs for k in ("a", "b")})
    return [TownshipPair(townships[r["a"]], townships[r["b"]], r["characters"], r["reports"]) for r in pairs]
