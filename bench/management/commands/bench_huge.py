"""How one huge report changes search: queries with long words, phrases and OR, first on the seeds alone
(the baseline of the same run), then with a 3-million-character report added; in a database of its own."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from bench import search as bench
from reports.selectors.search import search_sections
from reports.services.ingest import ingest_text

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
QUERIES = [
    "党风廉政建设 OR 改善农村人居环境",
    "改善农村人居环境",
    '"深入推进乡村振兴战略"',
    "乡村振兴 -改善农村人居环境",
    "党建",
]
PARAGRAPH = "全镇坚持党建引领，深入推进乡村振兴战略，持续改善农村人居环境，不断增强群众获得感。" * 40


def huge_report(lines: int = 1900) -> str:
    """A report of one 3-million-character part: every passage of it holds the queries' long words."""
    return "巨型镇2022年工作总结\n一、工作成效\n" + "\n".join([PARAGRAPH] * lines) + "\n二、存在的问题\n一是学习不深。"


class Command(BaseCommand):
    help = "超大报告基准：在独立数据库中，先只用种子报告、再加入一份三百万字的报告，测量长词与 OR 检索的耗时"

    def add_arguments(self, parser):
        parser.add_argument("--repeats", type=int, default=5)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        figures = {}
        with bench.scratch_database():
            for path in sorted(SEEDS.glob("*.txt")):
                ingest_text(path.read_text(encoding="utf-8"))
            figures["seeds_only"] = self.measure(options["repeats"])
            text = huge_report()
            ingest_text(text)
            figures["huge_report_characters"] = len(text)
            figures["with_huge_report"] = self.measure(options["repeats"])
        base, huge = figures["seeds_only"]["p95_ms"], figures["with_huge_report"]["p95_ms"]
        figures["p95_ratio"] = huge / base if base else None
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for name in ("seeds_only", "with_huge_report"):
            f = figures[name]
            self.stdout.write(f"{name}: p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms, max {f['max_ms']:.1f} ms")
        self.stdout.write(
            f"一份 {figures['huge_report_characters']:,} 字的报告使 p95 变为原来的 {figures['p95_ratio']:.1f} 倍"
        )

    def measure(self, repeats: int) -> dict:
        samples: list[float] = []
        for query in QUERIES:
            samples += bench.timed(lambda q=query: bench._render(search_sections(query=q)), repeats)
        p50, p95, _ = bench.percentiles(samples)
        return {"p50_ms": p50, "p95_ms": p95, "max_ms": max(samples), "queries": len(QUERIES), "repeats": repeats}
