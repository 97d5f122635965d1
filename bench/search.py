"""The search benchmark behind `manage.py bench_search`: a synthetic corpus made from the seeds, loaded
into a database of its own, measured against a substring scan and a Tantivy character-bigram index.

Figures are printed side by side from one run on one machine, so they compare as ratios.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections

from reports.filters import NO_FILTERS, Chosen
from reports.models import Report, Section
from reports.parsing import SectionKind, parse_report
from reports.search.vectors import is_word_char
from reports.selectors.search import matching_ids, search_sections

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_YEAR = re.compile(r"20\d\d年")
_NUMBER = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+是")

# --- the synthetic corpus ---------------------------------------------------------------------


@dataclass
class Pools:
    """Paragraphs of the seeds sorted by the part they came from."""

    openings: list[str]
    achievements: list[str]
    problems: list[str]
    plans: list[str]


def seed_pools() -> Pools:
    pools = Pools([], [], [], [])
    for path in sorted(SEEDS.glob("*.txt")):
        report = parse_report(path.read_text(encoding="utf-8"))
        for section in report.all_sections():
            body = _NUMBER.sub("", section.text.split("\n", 1)[-1] if section.children else section.text)
            if section.kind == SectionKind.PREAMBLE:
                pools.openings.append(section.text)
            elif section.kind == SectionKind.ACHIEVEMENTS and section.level > 1 and len(body) > 80:
                pools.achievements.append(body)
        pools.problems += [item.text for item in report.issues]
        pools.plans += [item.text for item in report.plans]
    return pools


FIRST = "东西南北新红白青金银长永安太平和兴隆丰富乐宝德胜利光明"
SECOND = "山河桥湾岭口集堡台坪沟店庄营屯园城源泉林湖"
SUFFIX = ["镇", "镇", "镇", "乡", "街道", "苏木"]
COUNTIES = [
    f"{a}{b}{s}" for a, b, s in zip("清河阳明远华宁武定泰", "源平山川宁兴安城水和", "县旗区县县旗区县县区", strict=True)
]
TITLES = {
    "annual_summary": "{t}{y}年工作总结",
    "half_year_summary": "{t}{y}年上半年工作总结",
    "duty_report": "{t}党委书记{y}年度述职报告",
    "party_building": "中共{t}委员会{y}年党建工作报告",
    "leadership": "{t}领导班子{y}年度工作情况汇报",
}


def synthetic_reports(count: int, seed: int = 20261122) -> Iterator[str]:
    """Deterministic report texts: seed paragraphs recombined, many townships, years 2010-2024, all kinds."""
    pools = seed_pools()
    townships = [f"{a}{b}{s}" for a in FIRST for b in SECOND for s in SUFFIX[:1]]
    rng = random.Random(seed)
    rng.shuffle(townships)
    for number in range(count):
        rng = random.Random(seed + number)
        year = 2010 + number % 15
        kind = list(TITLES)[number % len(TITLES)]
        township = townships[number % len(townships)][:-1] + SUFFIX[number % len(SUFFIX)]
        county = COUNTIES[number % len(COUNTIES)]
        yield _compose(rng, pools, number, year, kind, county + township)


def _compose(rng: random.Random, pools: Pools, number: int, year: int, kind: str, place: str) -> str:
    def years(text: str, when: int) -> str:
        return _YEAR.sub(f"{when}年", text)

    lines = [
        TITLES[kind].format(t=place, y=year),
        f"（档案编号 B{number:06d}）" + years(rng.choice(pools.openings), year),
    ]
    first_half = "上半年" if kind == "half_year_summary" else ""
    lines.append(f"一、{year}年{first_half}工作开展情况")
    for index, text in enumerate(rng.sample(pools.achievements, rng.randint(4, 7)), 1):
        lines.append(f"（{_cn(index)}）" + years(text, year))
    lines.append("二、存在的问题")
    for index, text in enumerate(rng.sample(pools.problems, rng.randint(2, 5)), 1):
        lines.append(f"（{_cn(index)}）" + text)
    lines.append(f"三、{'下半年' if first_half else f'{year + 1}年'}工作计划")
    for index, text in enumerate(rng.sample(pools.plans, rng.randint(2, 4)), 1):
        lines.append(f"（{_cn(index)}）" + years(text, year + 1))
    return "\n".join(lines)


def _cn(value: int) -> str:
    return "零一二三四五六七八九十"[value]


# --- a database of its own --------------------------------------------------------------------


@contextmanager
def scratch_database(*, keep: bool = False, existing: bool = False, suffix: str = "bench") -> Iterator[str]:
    """Run inside a fresh database beside the configured one, never the user's own; or, `existing`, in the
    one an earlier run left (with --keep, or stopped part way), which is then kept as it is. `suffix` names
    it: a short measurement beside a kept corpus uses another."""
    conn = connections[DEFAULT_DB_ALIAS]
    original = conn.settings_dict["NAME"]
    name = f"{original}_{suffix}"
    if not existing:
        _recreate(conn, name)
    conn.close()
    conn.settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield name
    finally:
        conn.close()
        conn.settings_dict["NAME"] = original
        if not (keep or existing):
            with conn._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _recreate(conn, name: str) -> None:
    with conn._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')


def say(message: str) -> None:
    """Progress on stderr, so that --json on stdout stays one object."""
    print(message, file=sys.stderr, flush=True)


def ingest(texts: list[str], *, workers: int | None = None, numbers: Sequence[int] | None = None) -> dict:
    """Store texts as the ingest command does, named bench-N with N each text's number in its corpus
    (`numbers`; by default 0, 1, …); ingest figures."""
    from reports.preparing import Job
    from reports.services.batch_writer import BatchWriter, writers_for
    from reports.services.ingest import prepare_many
    from reports.services.store import Rules

    size = sum(len(t.encode("utf-8")) for t in texts)
    before = Report.objects.count()
    started = time.perf_counter()
    rules = Rules.load()
    numbers = range(len(texts)) if numbers is None else numbers
    jobs = [Job(name=f"bench-{number}", text=text) for number, text in zip(numbers, texts, strict=True)]
    with BatchWriter(rules, writers=writers_for(len(jobs))) as writer:
        for job, prepared in prepare_many(jobs, rules=rules, workers=workers):
            writer.add(job.name, prepared)
    elapsed = time.perf_counter() - started
    if Report.objects.count() != before + len(texts):  # the writers' connections must use this database too
        raise CommandError(f"基准数据库中只有 {Report.objects.count()} 份报告，应为 {before + len(texts)} 份")
    return {
        "ingest_seconds": round(elapsed, 1),
        "ingest_mb_s": round(size / 1e6 / elapsed, 2),
        "reports_per_s": round(len(texts) / elapsed, 1),
    }


def stored_ids() -> dict[int, int]:
    """Report id by the number `ingest` gave its text."""
    names = Report.objects.filter(source_name__startswith="bench-").values_list("source_name", "id")
    return {int(name.removeprefix("bench-")): report_id for name, report_id in names}


# --- measurements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One query of the fixed mix: the search box text, its filters, and the same as plain conditions."""

    query: str
    filters: Chosen = NO_FILTERS
    label: str = ""

    @property
    def name(self) -> str:
        """'干部（筛选：问题部分）': how the figures name it."""
        return f"{self.query}（{self.label}）"


QUERY_MIX = [
    Probe("党建", label="常见词"),
    Probe("乡村振兴", label="常见词"),
    Probe("干部", label="常见词"),
    Probe("招商引资 营商环境", label="两个词"),
    Probe('"两个维护"', label="短语"),
    Probe("党建 -疫情", label="排除"),
    Probe("人居环境 OR 生态", label="或"),
    Probe("嘎查", label="较少见"),
    Probe("软弱涣散", label="少见"),
    Probe("冷藏保鲜", label="少见"),
    Probe("干部", Chosen.of(section_kind="problems"), "筛选：问题部分"),
    Probe("疫情防控", Chosen.of(year_from=2020, year_to=2022), "筛选：年份"),
    Probe("集体经济", Chosen.of(kind="annual_summary"), "筛选：类型"),
    Probe("作风", Chosen.of(period="first-half", section_kind="problems"), "筛选：期间+部分"),
]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return at(0.50), at(0.95), at(0.99)


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    run()  # warm caches once
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def time_search(repeats: int) -> dict[str, list[float]]:
    """Each query of the mix by its name, with its samples: the figures give p95 over all and per query."""
    return {
        probe.name: timed(lambda p=probe: _render(search_sections(query=p.query, filters=p.filters)), repeats)
        for probe in QUERY_MIX
    }


def _render(results) -> int:
    """Touch what a page shows: every snippet and facet."""
    return sum(len(hit.snippet) for group in results.groups for hit in group.hits) + len(results.facets)


def scan_sql(probe: Probe, *, limit: int | None) -> tuple[str, list]:
    """The substring baseline: ILIKE over every section's text, newest first."""
    from reports.search.query import parse_query

    parsed = parse_query(probe.query)
    where, params = ["TRUE"], []
    for group in parsed.groups:
        where.append("(" + " OR ".join(["s.text ILIKE %s"] * len(group)) + ")")
        params += [f"%{_like(t.text)}%" for t in group]
    for term in parsed.excluded:
        where.append("s.text NOT ILIKE %s")
        params.append(f"%{_like(term.text)}%")
    exact = {"s.kind": probe.filters.section_kind, "r.period": probe.filters.period, "r.kind": probe.filters.kind}
    for column, value in exact.items():
        if value:
            where.append(f"{column} = %s")
            params.append(value)
    if probe.filters.year_from:
        where += ["r.year >= %s", "r.year <= %s"]
        params += [probe.filters.year_from, probe.filters.year_to]
    sql = f"SELECT s.id FROM reports_section s JOIN reports_report r ON r.id = s.report_id WHERE {' AND '.join(where)}"
    return (sql + f" ORDER BY r.year DESC, s.id LIMIT {limit}" if limit else sql), params


def _like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def time_scan(repeats: int) -> list[float]:
    def run(probe: Probe) -> None:
        with connection.cursor() as cursor:
            sql, params = scan_sql(probe, limit=20)
            cursor.execute(sql, params)
            cursor.fetchall()
            count_sql, count_params = scan_sql(probe, limit=None)
            cursor.execute(f"SELECT count(*) FROM ({count_sql}) hits", count_params)
            cursor.fetchone()

    samples: list[float] = []
    for probe in QUERY_MIX:
        samples += timed(lambda p=probe: run(p), repeats)
    return samples


def sample_words(count: int, seed: int = 11) -> list[str]:
    """Words of 2-6 characters from the corpus: two thirds as the segmenter cuts them (dictionary words
    and others), one third cut at random, so words the segmenter splits differently are tested too."""
    from reports.search.segment import get_segmenter

    rng = random.Random(seed)
    texts = list(Section.objects.order_by("id").values_list("text", flat=True)[:5000])
    segmenter = get_segmenter()
    words: set[str] = set()
    while len(words) < count:
        text = rng.choice(texts)
        if len(words) % 3 == 2:
            size = rng.randint(2, 6)
            start = rng.randrange(0, max(1, len(text) - size))
            word = text[start : start + size]
        else:
            cut = [w for w in segmenter.cut(text) if 2 <= len(w) <= 6]
            word = rng.choice(cut) if cut else ""
        if len(word) >= 2 and all(is_word_char(ch) for ch in word):
            words.add(word)
    return sorted(words)


@dataclass
class Accuracy:
    precision: float
    recall: float


def accuracy(found: Callable[[str], set[int]], words: list[str], truth: dict[str, set[int]]) -> Accuracy:
    hits = relevant = retrieved = 0
    for word in words:
        got = found(word)
        hits += len(got & truth[word])
        relevant += len(truth[word])
        retrieved += len(got)
    return Accuracy(hits / retrieved if retrieved else 1.0, hits / relevant if relevant else 1.0)


def substring_truth(words: list[str]) -> dict[str, set[int]]:
    texts = list(Section.objects.values_list("id", "text"))
    lowered = [(section, text.lower()) for section, text in texts]
    return {word: {s for s, text in lowered if word.lower() in text} for word in words}


def ours_found(word: str) -> set[int]:
    return set(matching_ids(f'"{word}"', issues=False).values_list("section_id", flat=True))


def scan_found(word: str) -> set[int]:
    with connection.cursor() as cursor:
        sql, params = scan_sql(Probe(f'"{word}"'), limit=None)
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}
