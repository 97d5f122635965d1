"""The background worker: reads uploaded files (OCR included) and checks new reports for copies (查重),
as `make run` and docker compose start it.

It is procrastinate's worker with two things around it:
- the jobs of a worker that died (killed, or the machine restarted) go back to the queue at once, rather
  than at the next minute's periodic check;
- it outlives its database: when PostgreSQL restarts, procrastinate's worker stops ("Side task listener
  failed"); this command then opens its connections again and starts it anew, waiting longer each time
  while the database stays away. Only SIGINT or SIGTERM (Ctrl-C, `docker stop`, systemd) stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app

from reports.tasks import QUEUES, retry_stalled

logger = logging.getLogger(__name__)

FIRST_WAIT, LONGEST_WAIT = 1.0, 30.0  # seconds before starting again, doubled at each failure in a row
HEALTHY_AFTER = 60.0  # a run that lasted this long was no failure in a row: the wait starts again from the first


class Command(BaseCommand):
    help = "运行后台任务进程（读取上传的文件、文字识别、新报告查重）；数据库重启后自动重连；Ctrl-C 停止"

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1, help="同时处理的任务数（默认 1：识别已用满两个核）")
        parser.add_argument("--once", action="store_true", help="处理完队列中的任务后退出（用于测试与脚本）")
        parser.add_argument(
            "--queues", default=",".join(QUEUES), help=f"处理哪些队列，逗号分隔（默认全部：{','.join(QUEUES)}）"
        )

    def handle(self, *args, **options):
        queues = [queue for queue in options["queues"].split(",") if queue]
        # The Django connector's own worker connector (psycopg's, listening for new jobs); not on the base class.
        with app.replace_connector(app.connector.get_worker_connector()):  # type: ignore[attr-defined]
            if options["once"]:
                asyncio.run(_run_once(options["concurrency"], queues, wait=False))
            else:
                asyncio.run(_run_until_stopped(options["concurrency"], queues))


async def _run_once(concurrency: int, queues: list[str], *, wait: bool) -> None:
    """One run of procrastinate's worker on fresh connections: it returns when it stops for any reason."""
    async with app.open_async():
        retried = await retry_stalled(app)
        if retried:
            logger.warning("requeued %d jobs left by a worker that stopped", retried)
        await app.run_worker_async(queues=queues, concurrency=concurrency, wait=wait, install_signal_handlers=False)


async def _run_until_stopped(concurrency: int, queues: list[str]) -> None:
    """Run the worker again whenever it stops, until a signal says stop: the stop waits for the jobs
    under way (procrastinate's graceful shutdown) before the process ends."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stopping.set)
    wait = FIRST_WAIT
    while not stopping.is_set():
        started = loop.time()
        run = asyncio.create_task(_run_once(concurrency, queues, wait=True))
        stop = asyncio.create_task(stopping.wait())
        await asyncio.wait({run, stop}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set():
            run.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await run
            break
        stop.cancel()
        error = run.exception()
        if loop.time() - started >= HEALTHY_AFTER:
            wait = FIRST_WAIT
        logger.warning("worker stopped (%s); starting again in %.0f s", error or "its connection ended", wait)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), wait)
        wait = min(wait * 2, LONGEST_WAIT)
    logger.info("worker stopped on a signal")
