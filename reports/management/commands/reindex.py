"""Rebuild the search index (passages and their tsvectors); fingerprint the reports that have none and queue
the copy check of those never checked (查重); mark the problems townships report year after year (老问题)."""

from django.core.management.base import BaseCommand

from reports import jobs
from reports.management.progress import Progress
from reports.models import Report, Township
from reports.services.copies import check_unchecked
from reports.services.store import mark_across_years
from reports.services.upkeep import fingerprint_missing, reindex, stale_reports


class Command(BaseCommand):
    help = "重建全文检索索引"

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale",
            action="store_true",
            help="只重建过期的报告：分词器、词典或索引方式变了之后（make run 与 docker compose 启动时都会运行）",
        )
        parser.add_argument("--copies-now", action="store_true", help="未查重的报告当场检查，而不是交给后台任务队列")

    def handle(self, *args, **options):
        reports = stale_reports(stale_only=options["stale"])
        with Progress(
            files=reports.count(),
            size=sum(reports.values_list("characters", flat=True)),
            unit="字",
            out=self.stdout.write,
        ) as bar:
            count = reindex(stale_only=options["stale"], on_report=lambda report: bar.advance(report.characters))
        self.stdout.write(f"已重建 {count} 份报告的索引")
        printed = fingerprint_missing()
        if printed:
            self.stdout.write(f"已为 {printed} 份报告建立查重指纹")
        unchecked = Report.objects.filter(copied_from="").count()
        if unchecked and options["copies_now"]:
            self.stdout.write(f"查重：已检查 {check_unchecked(workers=2)} 份报告")
        elif unchecked:
            queued = jobs.defer(jobs.CHECK_UNCHECKED_COPIES)
            self.stdout.write(f"查重：{unchecked} 份报告未检查，{'已交给' if queued else '已在'}后台任务队列")
        again = mark_across_years(Township.objects.values_list("id", flat=True))
        self.stdout.write(f"多年反复提到的问题：{again} 个")
