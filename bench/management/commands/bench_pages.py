"""Time each page as a reader opens it, through Django's full request handling, on the current database;
with the page cache off, so the figures are what computing a page costs."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.test import Client

from bench.requests import measured_requests
from reports.models import Report, Township


class Command(BaseCommand):
    help = "测量各页面的响应时间（中位数与最大值，毫秒）"

    def add_arguments(self, parser):
        parser.add_argument("--repeats", type=int, default=10)
        parser.add_argument("--url", action="append", default=[], help="只测这些地址（可重复）")

    def handle(self, *args, **options):
        report = Report.objects.order_by("id").first()
        township = Township.objects.order_by("id").first()
        urls = ["/", "/reports/", "/reports/?kind=annual_summary&has_problems=true", "/issues/", "/issues/?view=themes"]
        urls += ["/search/?q=党建", "/search/?q=党建&page=11", "/search/?q=党建&page=100", "/trends/?q=乡村振兴+党建"]
        urls += [f"/reports/{report.pk}/"] if report else []
        urls += [f"/townships/{township.pk}/"] if township else []
        urls = options["url"] or urls
        with measured_requests():
            client = Client()
            for url in urls:
                client.get(url)  # warm up
                samples = []
                for _ in range(options["repeats"]):
                    started = time.perf_counter()
                    status = client.get(url).status_code
                    samples.append((time.perf_counter() - started) * 1000)
                self.stdout.write(
                    f"{url:32} {status}  中位数 {statistics.median(samples):6.1f} ms  最大 {max(samples):6.1f} ms"
                )
