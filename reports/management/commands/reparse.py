"""Re-parse stored reports after the parser improved, keeping each report's identity and hand edits."""

from django.core.management.base import BaseCommand

from reports.models import Report
from reports.services import PARSER_VERSION, reparse_report


class Command(BaseCommand):
    help = "用当前解析器重新解析已录入的报告（保留人工修改过的字段）"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="报告编号；不给则全部")
        parser.add_argument("--stale", action="store_true", help="只处理旧版解析器解析的报告")

    def handle(self, *args, **options):
        reports = Report.objects.order_by("id")
        if options["ids"]:
            reports = reports.filter(id__in=options["ids"])
        if options["stale"]:
            reports = reports.filter(parser_version__lt=PARSER_VERSION)
        count = 0
        for report in reports.iterator():
            reparse_report(report)
            count += 1
        self.stdout.write(f"已重新解析 {count} 份报告")
