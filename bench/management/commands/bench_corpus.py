"""Print how the benchmark corpora's vocabularies grow (reports/corpus.py) beside the seeds'."""

import itertools
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from bench import corpus
from bench import search as benchmark


class Command(BaseCommand):
    help = "基准语料的词汇增长：不同二字串、四字串数随字数的曲线（Heaps 定律）与 Zipf 斜率，与种子报告对照"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=10000, help="语料的份数")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        count = options["reports"]
        realistic = corpus.Corpus(count)
        planted = [realistic.report(number)[1] for number in range(count)]
        figures = {
            "seeds": self.describe(p.read_text(encoding="utf-8") for p in sorted(Path(corpus.SEEDS).glob("*.txt"))),
            "recombined_seeds": self.describe(benchmark.synthetic_reports(count)),
            "realistic": self.describe(realistic.texts()),
            "realistic_copied_share": round(
                sum(p.copied_from_others for p in planted) / sum(p.characters for p in planted), 4
            ),
            "realistic_reports_with_copies": sum(bool(p.sources) for p in planted),
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for name, label in [("seeds", "种子报告"), ("recombined_seeds", "种子重组语料"), ("realistic", "仿真语料")]:
            f = figures[name]
            self.stdout.write(
                f"{label}：Heaps 指数 二字串 {f['heaps_bigrams']}、四字串 {f['heaps_fourgrams']}；Zipf 斜率 {f['zipf']}"
            )
            for point in f["curve"]:
                self.stdout.write(f"  {point[0]:>12,} 字  {point[1]:>10,} 个二字串  {point[2]:>10,} 个四字串")
        self.stdout.write(
            f"仿真语料中抄自其他乡镇的段落占 {figures['realistic_copied_share']:.1%} 的字数，"
            f"{figures['realistic_reports_with_copies']} 份报告含抄袭段落"
        )

    def describe(self, texts) -> dict:
        first, second = itertools.tee(texts)
        curve = corpus.vocabulary_curve(first, points=10)
        return {
            "curve": [(p.characters, p.bigrams, p.fourgrams) for p in curve],
            "heaps_bigrams": round(corpus.heaps_exponent(curve[len(curve) // 2 :]), 3),
            "heaps_fourgrams": round(corpus.heaps_exponent(curve[len(curve) // 2 :], "fourgrams"), 3),
            "zipf": round(corpus.zipf_exponent(second), 3),
        }
