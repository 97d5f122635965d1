"""The load test: gunicorn as in production (DEBUG off, static files collected) on loopback, over a
database of N reports, and Locust's mixed profile of readers offering a fixed rate for a fixed time, each
reader's requests at random moments (a Poisson process, reports/load/arrivals.py).

`python manage.py loadtest --database archive_bench --users 40 --seconds 60` after
`python manage.py bench_search --reports 10000 --keep` (which leaves the 10,000-report database).
Bounded: the requests stop after --seconds; the servers are stopped whatever happens.
"""

import csv
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

ROOT = Path(__file__).resolve().parents[3]
LOCUSTFILE = ROOT / "reports" / "load" / "locustfile.py"


class Command(BaseCommand):
    help = "负载测试：以生产方式（gunicorn、关闭 DEBUG）在本机回环地址上运行，用 Locust 模拟读者的混合访问"

    def add_arguments(self, parser):
        parser.add_argument("--database", default="", help="数据库名（默认：当前数据库），如 archive_bench")
        parser.add_argument("--users", type=int, default=40, help="读者数：每人平均每秒一次请求，时刻随机")
        parser.add_argument("--seconds", type=int, default=60, help="持续时间（秒）")
        parser.add_argument(
            "--ramp-seconds", type=int, default=0,
            help="读者在前几秒内陆续加入（默认 0：一开始就都在，第一次请求也在随机时刻）",
        )  # fmt: skip
        parser.add_argument("--workers", type=int, default=3, help="gunicorn 进程数（默认 3，同 Dockerfile）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        name = options["database"] or settings.DATABASES["default"]["NAME"]
        env = self.server_env(name)
        ids = self.sample_ids(name)
        caches["pages"].clear()  # every run starts cold: its figures include computing the pages
        port = free_port()
        with tempfile.TemporaryDirectory() as scratch:
            log = Path(scratch) / "gunicorn.log"
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", str(options["workers"]), "--timeout", "30", "--error-logfile", str(log)],
                cwd=ROOT, env=env,
            )  # fmt: skip
            try:
                wait_for(port)
                figures = self.run_locust(port, options, ids, Path(scratch))
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=60)
            figures["workers_killed"] = len(re.findall(r"WORKER TIMEOUT", log.read_text(errors="replace")))
        figures |= {"database": name, "reports": ids["count"], "gunicorn_workers": options["workers"]}
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            self.print_table(figures)

    def server_env(self, name: str) -> dict:
        env = {**os.environ, "DEBUG": "0", "SECURE_HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1"}
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        else:
            env["ARCHIVE_DB_NAME"] = name
        return env

    def sample_ids(self, name: str) -> dict:
        connection = connections["default"]
        original = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = name
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM reports_report")
                count = cursor.fetchone()[0]
                cursor.execute("SELECT id FROM reports_report ORDER BY random() LIMIT 300")
                reports = [row[0] for row in cursor.fetchall()]
                cursor.execute("SELECT id FROM reports_township ORDER BY random() LIMIT 100")
                townships = [row[0] for row in cursor.fetchall()]
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
        if not reports:
            raise CommandError(f"数据库 {name} 中没有报告：先运行 bench_search --reports 10000 --keep")
        return {"count": count, "reports": reports, "townships": townships or [1]}

    def run_locust(self, port: int, options: dict, ids: dict, scratch: Path) -> dict:
        env = {
            **os.environ,
            "ARCHIVE_LOAD_REPORTS": ",".join(map(str, ids["reports"])),
            "ARCHIVE_LOAD_TOWNSHIPS": ",".join(map(str, ids["townships"])),
        }
        prefix = scratch / "stats"
        users = options["users"]
        rate = users if options["ramp_seconds"] <= 0 else max(1, users // options["ramp_seconds"])
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
             "-u", str(users), "-r", str(rate), "--run-time", f"{options['seconds']}s",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--stop-timeout", "10"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
        total = rows.pop("Aggregated")
        return {
            "offered_rps": users,
            "seconds": options["seconds"],
            "requests": int(total["Request Count"]),
            "failures": int(total["Failure Count"]),
            "rps": float(total["Requests/s"]),
            "p50_ms": float(total["50%"]),
            "p95_ms": float(total["95%"]),
            "p99_ms": float(total["99%"]),
            "pages": {
                name: {"requests": int(r["Request Count"]), "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"])}
                for name, r in rows.items()
            },
        }

    def print_table(self, f: dict) -> None:
        out = self.stdout.write
        out(
            f"数据库 {f['database']}（{f['reports']} 份报告），"
            f"gunicorn {f['gunicorn_workers']} 个进程，{f['seconds']} 秒"
        )
        out(
            f"提供 {f['offered_rps']} 次/秒，完成 {f['rps']:.1f} 次/秒，共 {f['requests']} 次，失败 {f['failures']}，"
            f"p50 {f['p50_ms']:.0f} ms，p95 {f['p95_ms']:.0f} ms，p99 {f['p99_ms']:.0f} ms，"
            f"超时被杀的进程 {f['workers_killed']}"
        )
        for name, page in sorted(f["pages"].items()):
            out(f"  {name:24} {page['requests']:6} 次  p50 {page['p50_ms']:6.0f} ms  p95 {page['p95_ms']:6.0f} ms")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise CommandError("gunicorn 未能启动")
