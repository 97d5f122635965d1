"""Serve the archive as production does, on this machine: static files collected, gunicorn with DEBUG off
on 127.0.0.1, the background worker beside it. `make run` ends with this; `make dev` keeps Django's
development server.

It supervises what it starts: a child that exits (the worker killed, or run out of memory by a scan) is
started again, after a wait that doubles while it keeps failing, and the site stays up meanwhile; the
embedded PostgreSQL, when the archive runs on one, is started again too if it stops. Only Ctrl-C or
SIGTERM stops everything: the children first, then the embedded PostgreSQL, so nothing is left running.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from config.embedded_postgres.base import revive_server, stop_server

logger = logging.getLogger(__name__)

FIRST_WAIT, LONGEST_WAIT = 1.0, 30.0  # seconds before a child that exited is started again, doubled each time
HEALTHY_AFTER = 60.0  # a child that ran this long before exiting starts again after the first wait
LOOK_EVERY = 0.5  # seconds between looks at the children and the database
STOP_WITHIN = 20  # seconds a child has to stop on SIGTERM before it is killed


class Child:
    """One supervised process: started, watched, started again after `wait` when it exits."""

    def __init__(self, label: str, command: list[str]):
        self.label, self.command = label, command
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.wait = FIRST_WAIT
        self.due = 0.0  # when it may be started again; 0 while it runs

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, start_new_session=True)
        self.started, self.due = time.monotonic(), 0.0

    def look(self, now: float) -> str | None:
        """Start it again when due; returns what to tell the operator, if anything."""
        if self.process is None:
            return None
        code = self.process.poll()
        if code is None:
            return None
        if not self.due:  # it has just exited
            self.wait = FIRST_WAIT if now - self.started >= HEALTHY_AFTER else self.wait
            self.due = now + self.wait
            return f"{self.label}已退出（退出码 {code}），{self.wait:.0f} 秒后重新启动"
        if now >= self.due:
            self.wait = min(self.wait * 2, LONGEST_WAIT)
            self.start()
            return f"已重新启动{self.label}"
        return None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait_stopped(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Command(BaseCommand):
    help = (
        "以生产方式运行：收集静态文件，gunicorn（关闭 DEBUG）在 127.0.0.1 上服务，后台任务进程同时运行；"
        "任一进程退出都会自动重启；Ctrl-C 全部停止"
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数（默认 2，与本机核数相同）")

    def handle(self, *args, **options):
        if settings.DEBUG:
            self.stderr.write("提示：DEBUG 已打开；生产方式运行应关闭它（不设 DEBUG 或设为 0）。")
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # the children open their own
        reading = Child("后台任务进程", [sys.executable, "manage.py", "worker", "--queues", "reading,copies"])
        ocr = [
            Child(f"文字识别进程 {n + 1}", [sys.executable, "manage.py", "worker", "--queues", "ocr"])
            for n in range(settings.ARCHIVE_OCR_WORKERS)
        ]
        children = [
            reading,
            *ocr,
            Child("网站（gunicorn）", [
                sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{options['port']}",
                "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "10",
            ]),
        ]  # fmt: skip
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for child in children:
            child.start()
        self.stdout.write(self.style.SUCCESS(f"档案库已启动：http://127.0.0.1:{options['port']}/ （Ctrl-C 停止）"))
        try:
            while not stopping:
                self._keep_database_up()
                now = time.monotonic()
                for child in children:
                    if said := child.look(now):
                        self.stderr.write(said)
                time.sleep(LOOK_EVERY)
        finally:
            for child in children:
                child.stop()
            for child in children:
                child.wait_stopped()
            self._stop_database()

    def _keep_database_up(self) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "config.embedded_postgres":
            return  # a server of its own: its service manager restarts it
        try:
            revived = revive_server(_data_folder(database))
        except Exception:  # its old processes may still be on their way out: try again at the next look
            logger.exception("starting the embedded PostgreSQL again failed")
            return
        if revived:
            self.stderr.write("内置 PostgreSQL 已停止，已重新启动")

    def _stop_database(self) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] == "config.embedded_postgres" and stop_server(_data_folder(database)):
            self.stdout.write("已停止内置 PostgreSQL。")
        self.stdout.write("已停止。")


def _data_folder(database: Mapping[str, Any]) -> str:
    """The embedded PostgreSQL's data folder, a key of its own in the database's settings (config.settings)."""
    return database["PGDATA"]
