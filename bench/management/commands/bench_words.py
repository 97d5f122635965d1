"""Benchmark word statistics on the realistic corpus, in a database of its own: what counting words costs
ingest (MB/s with and without it, the same reports, in the same run), and how fast /words/ and /api/words
answer at the corpus's size (p50 and p95 over a fixed mix of scopes, the page cache off)."""

import json
import random
import statistics
import time
from unittest import mock

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from bench import search as bench
from bench.corpus import Corpus
from bench.requests import measured_requests
from reports.models import Report, ReportWords, WordTally


class Command(BaseCommand):
    help = "词频基准：录入时计词的成本（同一批报告计与不计的 MB/s），以及 N 份报告时 /words/ 与 /api/words 的响应时间"

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=10000, help="仿真语料的份数")
        parser.add_argument("--sample", type=int, default=300, help="测录入成本用的报告数（计与不计各录两次）")
        parser.add_argument("--repeats", type=int, default=5, help="每个地址请求的次数")
        parser.add_argument("--keep", action="store_true", help="保留基准数据库（archive_bench）")
        parser.add_argument("--existing", action="store_true", help="不录入：测量 --keep 留下的基准数据库")
        parser.add_argument(
            "--cost-only",
            action="store_true",
            help="只测录入时计词的成本（用另一个临时数据库）",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        figures: dict = {}
        corpus = Corpus(options["reports"])
        if options["cost_only"]:
            with bench.scratch_database(suffix="bench_cost"):
                figures = self.ingest_cost([corpus.report(n)[0] for n in range(options["sample"])])
            self.output(figures, options["json"])
            return
        with bench.scratch_database(keep=options["keep"], existing=options["existing"]):
            if not options["existing"]:
                figures |= self.ingest_cost([corpus.report(n)[0] for n in range(options["sample"])])
                bench.say(f"录入 {options['reports']} 份仿真报告…")
                texts = list(corpus.texts())
                figures["ingest"] = bench.ingest(texts)
            figures |= self.latency(options["repeats"])
        self.output(figures, options["json"])

    def output(self, figures: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            self.print_figures(figures)

    def ingest_cost(self, texts: list[str]) -> dict:
        """The same reports stored with and without counting their words, twice each, alternating; in one
        process (a patch reaches no worker process), into an emptied archive each time."""
        rates: dict[str, list[float]] = {"without": [], "with": []}
        for counted in (False, True, False, True):
            self.empty_archive()
            bench.say(f"录入 {len(texts)} 份（{'计词' if counted else '不计词'}）…")
            if counted:
                rate = bench.ingest(texts, workers=1)["ingest_mb_s"]
            else:
                with mock.patch("reports.preparing.count_parts", return_value={}):
                    rate = bench.ingest(texts, workers=1)["ingest_mb_s"]
            rates["with" if counted else "without"].append(rate)
        self.empty_archive()
        without, with_words = max(rates["without"]), max(rates["with"])
        return {
            "ingest_sample": len(texts),
            "ingest_mb_s_without_words": without,
            "ingest_mb_s_with_words": with_words,
            "ingest_runs": rates,
            "ingest_slowdown": round(without / with_words, 3),
        }

    def empty_archive(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {Report._meta.db_table}, {WordTally._meta.db_table}, reports_township RESTART IDENTITY"
                " CASCADE"
            )

    def urls(self) -> list[str]:
        """A fixed mix: the latest and an earlier year, a kind, a part, counties and townships, and JSON."""
        rng = random.Random(5)
        years = sorted(Report.objects.exclude(year=None).values_list("year", flat=True).distinct())
        counties = sorted(Report.objects.exclude(county="").values_list("county", flat=True).distinct())
        townships = sorted(Report.objects.exclude(township=None).values_list("township_id", flat=True).distinct())
        urls = ["/words/", f"/words/?year={years[len(years) // 2]}", "/words/?kind=annual_summary"]
        urls += ["/words/?section_kind=problems", "/api/words", "/api/words?section_kind=plans"]
        urls += [f"/words/?county={county}" for county in rng.sample(counties, min(4, len(counties)))]
        urls += [f"/words/?township={t}" for t in rng.sample(townships, min(4, len(townships)))]
        urls += [f"/api/words?county={rng.choice(counties)}&year={years[-2]}"] if len(years) > 1 else []
        return urls

    def latency(self, repeats: int) -> dict:
        stored = {
            "reports": Report.objects.count(),
            "report_word_rows": ReportWords.objects.count(),
            "tally_rows": WordTally.objects.count(),
        }
        bench.say(f"计时 {stored['reports']} 份报告时的词频页面…")
        samples: dict[str, list[float]] = {}
        with measured_requests():
            client = Client()
            for url in self.urls():
                client.get(url)  # warm up: PostgreSQL's buffers, Django's templates
                for _ in range(repeats):
                    started = time.perf_counter()
                    status = client.get(url).status_code
                    samples.setdefault(url, []).append((time.perf_counter() - started) * 1000)
                    assert status == 200, (url, status)
        every = [s for values in samples.values() for s in values]
        p50, p95, p99 = bench.percentiles(every)
        return stored | {
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(p99, 1),
            "median_ms_by_url": {url: round(statistics.median(v), 1) for url, v in samples.items()},
        }

    def print_figures(self, figures: dict) -> None:
        if "ingest_sample" in figures:
            self.stdout.write(
                f"录入 {figures['ingest_sample']} 份：不计词 {figures['ingest_mb_s_without_words']} MB/s，"
                f"计词 {figures['ingest_mb_s_with_words']} MB/s（慢 {figures['ingest_slowdown']} 倍）"
            )
        if "reports" not in figures:
            return
        self.stdout.write(
            f"{figures['reports']} 份报告（报告词频 {figures['report_word_rows']} 行，"
            f"年度词频 {figures['tally_rows']} 行）："
            f"p50 {figures['p50_ms']} ms，p95 {figures['p95_ms']} ms，p99 {figures['p99_ms']} ms"
        )
        for url, ms in figures["median_ms_by_url"].items():
            self.stdout.write(f"  {url:50} 中位数 {ms:7.1f} ms")
