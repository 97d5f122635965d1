"""Serve the archive as production does, on this machine: static files collected, gunicorn with DEBUG off
on 127.0.0.1, the background worker beside it. Ctrl-C stops both, then the embedded PostgreSQL (when the
archive runs on one), so that nothing is left running. `make run` ends with this; `make dev` keeps
Django's development server."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from config.embedded_postgres.base import stop_server


class Command(BaseCommand):
    help = (
        "以生产方式运行：收集静态文件，gunicorn（关闭 DEBUG）在 127.0.0.1 上服务，后台任务进程同时运行；Ctrl-C 全部停止"
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数（默认 2，与本机核数相同）")

    def handle(self, *args, **options):
        if settings.DEBUG:
            self.stderr.write("提示：DEBUG 已打开；生产方式运行应关闭它（不设 DEBUG 或设为 0）。")
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # the children open their own
        python = [sys.executable, "-m"]
        children = [
            subprocess.Popen([sys.executable, "manage.py", "worker"], start_new_session=True),
            subprocess.Popen(
                [*python, "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{options['port']}",
                 "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "10"],
                start_new_session=True,
            ),
        ]  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"档案库已启动：http://127.0.0.1:{options['port']}/ （Ctrl-C 停止）"))
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a child that ends wakes the loop below
        try:
            while not stopping and all(child.poll() is None for child in children):
                signal.pause()
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
            self._stop_database()

    def _stop_database(self) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] == "config.embedded_postgres" and stop_server(database["PGDATA"]):
            self.stdout.write("已停止内置 PostgreSQL。")
        self.stdout.write("已停止。")
