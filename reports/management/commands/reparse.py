"""Re-parse stored reports after the parser improved, keeping each report's identity and hand edits; with
--reread, read each report's kept original file again first (after a reader improved)."""

import logging

from django.core.management.base import BaseCommand
from django.db.models import Sum

from reports.management.progress import Progress
from reports.models import Report
from reports.reading import UnreadableDocument
from reports.services.ingest import DuplicateReport
from reports.services.store import PARSER_VERSION, Rules
from reports.services.upkeep import reparse_report

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "用当前解析器重新解析已录入的报告（保留人工修改过的字段）；--reread 先用当前的读取程序重新读取原始文件"

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="报告编号；不给则全部")
        parser.add_argument("--stale", action="store_true", help="只处理旧版解析器解析的报告")
        parser.add_argument("--reread", action="store_true", help="重新读取保存的原始文件（读取程序改进之后）")

    def handle(self, *args, **options):
        reports = Report.objects.order_by("id")
        if options["ids"]:
            reports = reports.filter(id__in=options["ids"])
        if options["stale"]:
            reports = reports.filter(parser_version__lt=PARSER_VERSION)
        size = reports.aggregate(total=Sum("characters"))["total"] or 0
        rules, done, failed = Rules.load(), 0, []
        with Progress(files=reports.count(), size=size, unit="字", out=self.stdout.write) as bar:
            for report in reports.iterator():
                try:
                    reparse_report(report, rules, reread=options["reread"])
                    done += 1
                except (UnreadableDocument, DuplicateReport) as error:
                    failed.append((report.pk, error.message))
                    logger.warning("reparse of report #%d failed: %s", report.pk, error.message)
                    bar.write(self.style.ERROR(f"报告 #{report.pk}：{error.message}（保持原样）"))
                bar.advance(report.characters)
        self.stdout.write(f"已重新解析 {done} 份报告" + (f"，{len(failed)} 份未能重新读取、保持原样" if failed else ""))
