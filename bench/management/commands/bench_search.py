"""Benchmark ingest and search on a synthetic corpus in a database of its own; prints figures as ratios."""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Sum

from bench import search as bench
from bench.corpus import Corpus
from reports.db.bulk import build_index, search_index_exists
from reports.models import SEARCH_INDEX, Passage, Report, Section

# Past this many sections the substring baseline's own precision and recall are not measured: each word
# would be a scan of every text (about 8 s at 100,000 reports).
SCAN_ACCURACY_SECTIONS = 400_000


class Command(BaseCommand):
    help = "检索基准测试：合成 N 份报告（默认仿真语料），在独立数据库中测量录入与检索，并与子串扫描和 Tantivy 对比"

    def add_arguments(self, parser):
        parser.add_argument(
            "--reports", type=int, default=None,
            help="合成报告的份数（默认 1000）；与 --existing 同用时，先续录停止的运行未录入的报告，补足到此数",
        )  # fmt: skip
        parser.add_argument(
            "--corpus",
            choices=["realistic", "seeds"],
            default="realistic",
            help="realistic：仿真语料（reports/corpus.py，默认）；seeds：种子段落重组的旧语料",
        )
        parser.add_argument("--repeats", type=int, default=5, help="每个查询重复的次数")
        parser.add_argument(
            "--scan-repeats", type=int, default=None, help="子串扫描每个查询重复的次数（默认同 --repeats；大库可设 1）"
        )
        parser.add_argument("--words", type=int, default=300, help="用于准确率与召回率的抽样词数")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--keep", action="store_true", help="保留基准数据库（archive_bench）")
        parser.add_argument(
            "--existing",
            action="store_true",
            help="不录入：测量 --keep 或中途停止的运行留下的基准数据库（检索索引缺失时先建）",
        )
        parser.add_argument("--workers", type=int, default=None, help="录入时读取报告的进程数（默认同 ingest）")

    def handle(self, *args, **options):
        if options["existing"]:
            with bench.scratch_database(existing=True) as database:
                resumed = self.resume(options["reports"], options["workers"]) if options["reports"] else {}
                stored = Report.objects.aggregate(n=Count("id"), chars=Sum("characters"))
                bench.say(f"基准数据库 {database}：测量已有的 {stored['n']} 份报告…")
                figures = {"corpus": "existing", "reports": stored["n"], "chars": stored["chars"] or 0} | resumed
                started = time.perf_counter()
                if not search_index_exists():  # a big load stopped part way had dropped it
                    build_index(Passage, SEARCH_INDEX)
                figures["index_build_seconds"] = round(time.perf_counter() - started, 1)
                figures |= self.measure(options)
            self.report(figures, as_json=options["json"])
            return
        count = options["reports"] or 1000
        texts = list(Corpus(count).texts() if options["corpus"] == "realistic" else bench.synthetic_reports(count))
        figures = {"corpus": options["corpus"], "reports": len(texts), "chars": sum(map(len, texts))}
        with bench.scratch_database(keep=options["keep"]) as database:
            bench.say(f"基准数据库 {database}：录入 {len(texts)} 份合成报告…")
            figures |= self.measure_ingest(texts, options["workers"])
            figures |= self.measure(options)
        self.report(figures, as_json=options["json"])

    def resume(self, count: int, workers: int | None) -> dict:
        """Store the realistic corpus's reports that a stopped `--reports count` run left out (bench-N for
        report N; its writers commit batches out of order, so the missing ones need not be the last)."""
        stored = bench.stored_ids()
        corpus = Corpus(count)
        if stored:
            last = max(stored)
            if last >= count or Report.objects.get(pk=stored[last]).text != corpus.report(last)[0]:
                raise CommandError(f"基准数据库不是 --reports {count} 的运行留下的，无法续录：请重新运行")
        missing = [number for number in range(count) if number not in stored]
        if not missing:
            return {}
        bench.say(f"续录 {len(missing)} 份（第 {missing[0]} 份起；检索索引先删除，录完再建）…")
        texts = [corpus.report(number)[0] for number in missing]
        with connection.cursor() as cursor:  # as for a load into an empty archive: built once, at the end
            cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
        figures = bench.ingest(texts, workers=workers, numbers=missing)
        return {f"resumed_{name}": value for name, value in figures.items()}

    def measure(self, options) -> dict:
        """Storage, latencies beside the scan and the peer, precision and recall, in the database at hand."""
        figures = self.measure_storage()
        figures |= {"sections": Section.objects.count(), "passages": Passage.objects.count()}
        bench.say("检索延迟…")
        per_query = bench.time_search(options["repeats"])
        figures |= self.latencies("search", [sample for samples in per_query.values() for sample in samples])
        figures["search_p95_ms_by_query"] = {name: round(bench.percentiles(s)[1], 1) for name, s in per_query.items()}
        figures |= self.latencies("scan", bench.time_scan(options["scan_repeats"] or options["repeats"]))
        peer = self.build_peer()
        if peer:
            figures |= self.latencies("peer", self.time_peer(peer.search, options["repeats"])) | self.peer_size(peer)
            figures |= self.latencies("peer_page", self.time_peer(peer.page, options["repeats"]))
        bench.say(f"抽样 {options['words']} 个词计算准确率与召回率…")
        figures |= self.measure_accuracy(options["words"], peer)
        figures["speedup_vs_scan_p95"] = round(figures["scan_p95_ms"] / figures["search_p95_ms"], 1)
        if figures.get("peer_p95_ms"):
            figures["times_peer_p95"] = round(figures["search_p95_ms"] / figures["peer_p95_ms"], 1)
            figures["times_peer_page_p95"] = round(figures["search_p95_ms"] / figures["peer_page_p95_ms"], 1)
        return figures

    def measure_ingest(self, texts: list[str], workers: int | None) -> dict:
        return bench.ingest(texts, workers=workers)

    def measure_storage(self) -> dict:
        """What search costs on disk: the passage table (its texts included) with its indexes, against the
        UTF-8 size of the reports' text. Every table is vacuumed first, not only the passages: right after
        a load, autovacuum of the new sections and fingerprints ran beside the timed searches (干部 at
        10,000 reports: 133 ms p95 in the run that had just loaded, 40 ms in the next on the same data)."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute(
                "SELECT (SELECT sum(pg_relation_size(relid))::bigint FROM pg_partition_tree(%s)),"
                " (SELECT sum(pg_total_relation_size(relid))::bigint FROM pg_partition_tree('reports_passage')),"
                " (SELECT sum(octet_length(text)) FROM reports_report)",
                [SEARCH_INDEX],
            )
            gin, table, text = cursor.fetchone()
        return {
            "text_mb": round(text / 1e6, 1),
            "index_mb": round(gin / 1e6, 1),
            "passage_table_mb": round(table / 1e6, 1),
            "storage_ratio": round(table / text, 2),
        }

    def latencies(self, name: str, samples: list[float]) -> dict:
        p50, p95, p99 = bench.percentiles(samples)
        return {f"{name}_p50_ms": round(p50, 1), f"{name}_p95_ms": round(p95, 1), f"{name}_p99_ms": round(p99, 1)}

    def build_peer(self):
        try:
            from bench.peer import TantivyPeer

            peer = TantivyPeer()
        except ImportError:
            bench.say("未安装 tantivy（requirements-dev.txt），跳过对照")
            return None
        columns = ["id", "text", "report__year", "kind", "report__period", "report__kind"]
        rows = Section.objects.values_list(*columns, "report__township_id", "report__county")  # bench_peer.add
        peer.add(rows.iterator(chunk_size=5000))
        return peer

    def peer_size(self, peer) -> dict:
        folder = Path(peer.folder.name)
        size = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        return {"peer_index_mb": round(size / 1e6, 1)}

    def time_peer(self, search, repeats: int) -> list[float]:
        """The peer's latencies over the query mix: its bare query, or the page ours makes (bench_peer)."""
        samples: list[float] = []
        for probe in bench.QUERY_MIX:
            samples += bench.timed(lambda p=probe: search(p.query, p.filters), repeats)
        return samples

    def measure_accuracy(self, count: int, peer) -> dict:
        words = bench.sample_words(count)
        truth = bench.substring_truth(words)
        ours = bench.accuracy(bench.ours_found, words, truth)
        figures = {
            "words_sampled": len(words),
            "precision": round(ours.precision, 4),
            "recall": round(ours.recall, 4),
            "scan_precision": None,
            "scan_recall": None,
            "peer_precision": None,
            "peer_recall": None,
        }
        if Section.objects.count() <= SCAN_ACCURACY_SECTIONS:  # the baseline's own check; a scan a word past that
            scan = bench.accuracy(bench.scan_found, words, truth)
            figures |= {"scan_precision": round(scan.precision, 4), "scan_recall": round(scan.recall, 4)}
        if peer:
            theirs = bench.accuracy(peer.sections, words, truth)
            figures |= {"peer_precision": round(theirs.precision, 4), "peer_recall": round(theirs.recall, 4)}
        return figures

    def report(self, figures: dict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        f = figures
        lines = [
            f"语料：{f['reports']} 份报告，{f['chars'] / 1e6:.1f} 百万字，"
            f"{f['sections']} 个章节，{f['passages']} 个索引段落",
            f"录入：{f['ingest_mb_s']} MB/s（{f['reports_per_s']} 份/秒，共 {f['ingest_seconds']} 秒）"
            if "ingest_mb_s" in f
            else f"未录入：已有数据库，补建检索索引 {f['index_build_seconds']} 秒",
            f"检索占用：段落表（含正文与索引）{f['passage_table_mb']} MB，其中 GIN 索引 {f['index_mb']} MB；"
            f"报告正文 UTF-8 {f['text_mb']} MB，为其 {f['storage_ratio']} 倍"
            + (f"；Tantivy 对照索引 {f['peer_index_mb']} MB" if "peer_index_mb" in f else ""),
            "检索延迟（毫秒）   p50     p95     p99",
            f"  本系统         {f['search_p50_ms']:>6} {f['search_p95_ms']:>7} {f['search_p99_ms']:>7}",
            *(f"    {name}：p95 {ms} ms" for name, ms in f["search_p95_ms_by_query"].items()),
            f"  子串扫描 ILIKE {f['scan_p50_ms']:>6} {f['scan_p95_ms']:>7} {f['scan_p99_ms']:>7}",
        ]
        if "peer_p95_ms" in f:
            lines.append(f"  Tantivy 二元组 {f['peer_p50_ms']:>6} {f['peer_p95_ms']:>7} {f['peer_p99_ms']:>7}")
            lines.append(
                f"    同样的页面   {f['peer_page_p50_ms']:>6} {f['peer_page_p95_ms']:>7} {f['peer_page_p99_ms']:>7}"
                "（计数、分面、前 20 条摘要）"
            )
        lines += [
            f"p95 比子串扫描快 {f['speedup_vs_scan_p95']} 倍",
            f"准确率/召回率（{f['words_sampled']} 个抽样词，以子串包含为准）：本系统 {f['precision']}/{f['recall']}，"
            f"ILIKE {f['scan_precision']}/{f['scan_recall']}，Tantivy {f['peer_precision']}/{f['peer_recall']}",
        ]
        self.stdout.write("\n".join(lines))
