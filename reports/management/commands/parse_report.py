"""Parse one report file and print its structure. Touches no database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from reports.management.files import read_path
from reports.models import Report, Section
from reports.parsing import parse_report
from reports.parsing.export import report_to_dict
from reports.parsing.offsets import read_offsets, read_span
from reports.parsing.types import Found


class Command(BaseCommand):
    help = "解析一个报告文件并打印其结构（不读写数据库）"
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="报告文件（.txt .docx .doc .wps .rtf .odt .pdf 网页、图片等）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        path = Path(options["path"])
        decoded = read_path(path)
        report = parse_report(decoded.text, path.name)
        data = report_to_dict(report, encoding=decoded.description)
        at = read_offsets(decoded.text, report.text)
        for figure in data["figures"]:  # the contract: a figure's offsets index the file's text as read
            figure["start"], figure["end"] = read_span(at, figure["start"], figure["end"])
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self._print_outline(data)

    def _print_outline(self, data: dict) -> None:
        out = self.stdout.write
        township = data["township"] or (f"{data['masked_township']}（已隐去）" if data["masked_township"] else "未知")
        out(f"标题：{data['title'] or '（无标题）'}")
        out(f"乡镇：{township}　县：{data['county'] or '未知'}　年份：{data['year'] or '未知'}")
        period, kind = Report.Period(data["period"]).label, Report.Kind(data["kind"]).label
        out(f"期间：{period}　类型：{kind}　编码：{data['encoding']}　字数：{data['characters']}")
        labels = {name: Report.field_label(name) for name in data["found"]}
        out("依据：" + "　".join(f"{labels[name]} {Found(how).label}" for name, how in data["found"].items()))
        out("章节：")
        for section in data["sections"]:
            self._print_section(section, depth=1)
        out(f"问题（{len(data['issues'])}）：")
        for number, issue in enumerate(data["issues"], 1):
            themes = "、".join(issue["themes"]) or "未归类"
            out(f"  {number}. {issue['title']}　[{themes}]")
        out(f"计划（{len(data['plans'])}）：")
        for number, plan in enumerate(data["plans"], 1):
            out(f"  {number}. {plan['title']}")
        for warning in data["warnings"]:
            out(self.style.WARNING(f"提示：{warning}"))

    def _print_section(self, section: dict, depth: int) -> None:
        label = f"{section['number']} {section['heading']}".strip() or "（开篇）"
        self.stdout.write(f"{'  ' * depth}{label}　[{Section.Kind(section['kind']).label}]")
        for child in section["children"]:
            self._print_section(child, depth + 1)
