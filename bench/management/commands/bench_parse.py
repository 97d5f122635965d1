"""Print the parse benchmark (bench/parsing.py)."""

import json

from django.core.management.base import BaseCommand

from bench import parsing as bench_parsing


class Command(BaseCommand):
    help = "解析速度基准：样例报告上 parse_report 的 MB/s；--against 版本号时同一次运行中对比该版本的解析器"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--repeats", type=int, default=15, help="重复次数，取最快一次")
        parser.add_argument("--against", help="对比的 git 版本（如 f8971f4），其解析器在同一次运行中计时")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        figures = bench_parsing.run(options["repeats"], against=options["against"])
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"当前解析器：{figures['mb_per_s']:.2f} MB/s，每份 {figures['ms_per_report']:.3f} ms")
        if "baseline" in figures:
            base = figures["baseline"]
            self.stdout.write(f"版本 {base['revision']}：{base['mb_per_s']:.2f} MB/s；提速 {figures['speedup']:.2f}×")
