"""Print the reading benchmark (bench/reading.py): per format and for hostile files."""

import json

from django.core.management.base import BaseCommand

from bench import reading as bench_reading


class Command(BaseCommand):
    help = "读取基准测试：各格式的速度、峰值内存、解析字段正确率与文字识别正确率，以及恶意文件的内存"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--formats", default=",".join(bench_reading.MAKERS), help="逗号分隔的格式（默认全部，含扫描件 OCR）"
        )
        parser.add_argument("--repeats", type=int, default=5, help="文本类格式重复读取的次数")
        parser.add_argument("--hostile-only", action="store_true", help="只测恶意文件的内存与时间")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        formats = [] if options["hostile_only"] else options["formats"].split(",")
        figures = bench_reading.run(formats, options["repeats"])
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        out = self.stdout.write
        out(f"{'格式':<12}{'MB/s':>8}{'字/秒':>11}{'对比txt':>9}{'峰值MB':>8}{'读前MB':>8}{'字段':>9}{'字符正确':>9}")
        for r in figures["formats"]:
            out(
                f"{r['format']:<12}{r['mb_per_s']:>8.2f}{r['chars_per_s']:>11,.0f}"
                f"{r.get('time_per_char_vs_txt', 0):>8.1f}×{r['peak_rss_mb']:>8.0f}{r['rss_before_mb']:>8.0f}"
                f"{r['fields_right']:>5}/{r['fields']:<3}{r['characters_read_right']:>9.4f}"
            )
        out("恶意文件：")
        for h in figures["hostile"]:
            out(
                f"  {h['file']:<26}{h['bytes'] / 1024:>8.0f} KB {h['seconds']:>6.2f} s "
                f"内存增长 {h['rss_growth_mb']:>5.0f} MB  {h['message']}"
            )
