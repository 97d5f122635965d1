"""Benchmark the copy check (查重) on the realistic corpus, in a database of its own; prints figures."""

import json
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection

from bench import search as bench
from bench.corpus import Corpus
from reports.copying import comparable
from reports.models import CopyPassage, Fingerprint, Report
from reports.selectors.copies import SharedHashes, check_text
from reports.services.copies import check_unchecked
from reports.services.upkeep import fingerprint_missing


class Command(BaseCommand):
    help = (
        "查重基准：仿真语料 N 份报告分四批录入，每批后计时抽样报告的查重（看成本是否随档案增长）；"
        "清空指纹后从零重建的时间；查出的抄袭与语料中植入的抄袭对照"
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=10000, help="仿真语料的份数")
        parser.add_argument("--sample", type=int, default=40, help="每批后计时查重的报告数")
        parser.add_argument("--steps", type=int, default=4, help="分几批录入")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--keep", action="store_true", help="保留基准数据库（archive_bench）")
        parser.add_argument("--workers", type=int, default=2, help="从零建立查重结果时同时检查的进程数")

    def handle(self, *args, **options):
        corpus = Corpus(options["reports"])
        texts = list(corpus.texts())
        figures: dict = {"reports": len(texts), "chars": sum(map(len, texts)), "growth": []}
        rng = random.Random(7)
        with bench.scratch_database(keep=options["keep"]):
            steps = options["steps"]
            for step in range(1, steps + 1):
                start, end = len(texts) * (step - 1) // steps, len(texts) * step // steps
                bench.say(f"录入第 {step} 批（{start}–{end}）…")
                ingest = self.measure_ingest_slice(texts, start, end)
                samples = self.time_checks(rng.sample(range(end), min(options["sample"], end)))
                p50, p95, _ = bench.percentiles(samples)
                figures["growth"].append(
                    {"stored": end, **ingest, "check_p50_ms": round(p50), "check_p95_ms": round(p95)}
                )
            figures |= self.rebuild(options["workers"])
            later = range(len(texts) // 2, len(texts))
            figures |= self.against_planted(corpus, rng.sample(later, min(60, len(later))))
        last = figures["growth"][-1]
        figures |= {"check_p50_ms": last["check_p50_ms"], "check_p95_ms": last["check_p95_ms"]}
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        self.print_figures(figures)

    def measure_ingest_slice(self, texts: list[str], start: int, end: int) -> dict:
        return {"ingest_mb_s": bench.ingest(texts[start:end], numbers=range(start, end))["ingest_mb_s"]}

    def time_checks(self, numbers: list[int]) -> list[float]:
        """check_text of stored reports against all others, as the report's 查重 page runs it."""
        ids = bench.stored_ids()
        reports = Report.objects.in_bulk([ids[n] for n in numbers])
        samples = []
        for report in reports.values():
            started = time.perf_counter()
            check_text(report.text, township_id=report.township_id, exclude=report.pk)
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    def rebuild(self, workers: int) -> dict:
        """The copy map of the whole archive from nothing: fingerprints (what `reindex` does after a restore),
        then every report checked (what the worker does for reports stored before the copy map came)."""
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE reports_fingerprint")
        bench.say("从零重建指纹…")
        started = time.perf_counter()
        fingerprint_missing()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE reports_fingerprint")
            cursor.execute("SELECT pg_total_relation_size('reports_fingerprint')")
            size = cursor.fetchone()[0]
        figures = {
            "rebuild_seconds": round(time.perf_counter() - started, 1),
            "fingerprints": Fingerprint.objects.count(),
            "fingerprint_table_mb": round(size / 1e6, 1),
        }
        bench.say("从零建立查重结果（每份报告的复制段落与复制比）…")
        started = time.perf_counter()
        check_unchecked(workers=workers)
        figures["copy_map_workers"] = workers
        figures["copy_map_seconds"] = round(time.perf_counter() - started, 1)
        figures["copy_passages"] = CopyPassage.objects.count()
        figures |= self.shared_against_alone(sorted(bench.stored_ids().values())[-100:])
        return figures

    def shared_against_alone(self, ids: list[int]) -> dict:
        """The baseline in the same run: one process, the same reports checked as a build checks them, each
        check counting its hashes' reports itself (as before SharedHashes) and from the build's table."""
        reports = list(Report.objects.filter(pk__in=ids))
        timings = {}
        started = time.perf_counter()
        with SharedHashes() as shared:
            timings["shared_table_seconds"] = round(time.perf_counter() - started, 1)
            for name, table in (("alone", None), ("shared", shared)):
                started = time.perf_counter()
                for report in reports:
                    check_text(
                        report.text, township_id=report.township_id, exclude=report.pk, before=report.pk, shared=table
                    )
                timings[f"build_check_{name}_ms"] = round((time.perf_counter() - started) * 1000 / len(reports), 1)
        return timings

    def against_planted(self, corpus: Corpus, numbers: list[int]) -> dict:
        """For reports the corpus copied into: how many of the planted sources are found, and how much of
        the planted paragraphs is found copied from other townships (recall). Found copies outside the
        planted paragraphs are the genre's formulas shared by chance: reported, not counted wrong."""
        ids = bench.stored_ids()
        figures = dict.fromkeys(("planted_sources", "sources_found", "planted_chars", "planted_found"), 0)
        figures |= dict.fromkeys(
            ("planted_boilerplate", "found_elsewhere_chars", "boilerplate_chars", "compared_chars"), 0
        )
        for number in numbers:
            text, planted = corpus.report(number)
            report = Report.objects.get(pk=ids[number])
            check = check_text(text, township_id=report.township_id, exclude=report.pk)
            found = {s.report_id for s in check.sources if not s.same_township}
            figures["planted_sources"] += len(planted.sources)
            figures["sources_found"] += len({ids[source] for source in planted.sources} & found)
            spans = [(p.start, p.end) for p in check.passages if p.report_id in found]
            compared = comparable(text)  # counted in compared characters, as the check counts them
            covered = compared.within(spans)
            formulas = compared.within(check.boilerplate)
            inside = compared.within(planted.spans)
            figures["planted_chars"] += len(inside)
            figures["planted_found"] += len(inside & covered)
            figures["planted_boilerplate"] += len(inside & formulas - covered)
            figures["found_elsewhere_chars"] += len(covered - inside)
            figures["boilerplate_chars"] += check.boilerplate_characters
            figures["compared_chars"] += check.characters
        figures["planted_recall"] = round(figures["planted_found"] / max(figures["planted_chars"], 1), 4)
        found_or_formula = figures["planted_found"] + figures["planted_boilerplate"]
        figures["planted_recall_with_boilerplate"] = round(found_or_formula / max(figures["planted_chars"], 1), 4)
        figures["boilerplate_share"] = round(figures["boilerplate_chars"] / max(figures["compared_chars"], 1), 4)
        return figures

    def print_figures(self, f: dict) -> None:
        lines = [f"语料：{f['reports']} 份仿真报告，{f['chars'] / 1e6:.1f} 百万字"]
        lines += ["已存报告   录入 MB/s   查重 p50 ms   p95 ms"]
        lines += [
            f"{g['stored']:>8}   {g['ingest_mb_s']:>9}   {g['check_p50_ms']:>11}   {g['check_p95_ms']:>6}"
            for g in f["growth"]
        ]
        lines += [
            f"从零重建指纹：{f['rebuild_seconds']} 秒，{f['fingerprints']} 条，{f['fingerprint_table_mb']} MB；"
            f"再逐份查重建立复制段落 {f['copy_passages']} 条："
            f"{f['copy_map_seconds']} 秒（{f['copy_map_workers']} 个进程）；单进程逐份：各自计数 "
            f"{f['build_check_alone_ms']} 毫秒/份，共用计数表 {f['build_check_shared_ms']} 毫秒/份"
            f"（建表 {f['shared_table_seconds']} 秒）",
            f"植入的抄袭来源 {f['planted_sources']} 个，查出 {f['sources_found']} 个；植入的抄袭段落 "
            f"{f['planted_chars']} 字，查出 {f['planted_found']} 字（召回 {f['planted_recall']}），另有 "
            f"{f['planted_boilerplate']} 字因已在 5 个以上乡镇出现而算作套话"
            f"（合计 {f['planted_recall_with_boilerplate']}）",
            f"植入段落之外查出抄自其他乡镇 {f['found_elsewhere_chars']} 字（体裁套话的偶然重合）；"
            f"套话占比较字符的 {f['boilerplate_share']:.1%}（不计入复制比）",
        ]
        self.stdout.write("\n".join(lines))
