"""The background worker: reads uploaded files (OCR included) and checks new reports for copies (查重),
as `make run` and docker compose start it.

It is procrastinate's worker with one step before it: the jobs of a worker that died (killed, or the
machine restarted) go back to the queue at once, rather than at the next minute's periodic check.
"""

import asyncio
import logging

from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app

from reports.tasks import retry_stalled

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "运行后台任务进程（读取上传的文件、文字识别、新报告查重）；Ctrl-C 停止"

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1, help="同时处理的任务数（默认 1：识别已用满两个核）")
        parser.add_argument("--once", action="store_true", help="处理完队列中的任务后退出（用于测试与脚本）")

    def handle(self, *args, **options):
        with app.replace_connector(app.connector.get_worker_connector()):
            asyncio.run(self._run(options["concurrency"], wait=not options["once"]))

    async def _run(self, concurrency: int, *, wait: bool) -> None:
        async with app.open_async():
            retried = await retry_stalled(app)
            if retried:
                logger.warning("requeued %d jobs left by a worker that stopped", retried)
            await app.run_worker_async(queues=["reading", "copies"], concurrency=concurrency, wait=wait)
