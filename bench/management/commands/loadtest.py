"""The load test: gunicorn as in production (DEBUG off, static files collected) on loopback, over a
database of N reports, and Locust's mixed profile of readers offering a fixed rate for a fixed time, each
reader's requests at random moments (a Poisson process, bench/load/arrivals.py).

`python manage.py loadtest --database archive_bench --users 40 --seconds 60` after
`python manage.py bench_search --reports 10000 --keep` (which leaves the 10,000-report database).
Bounded: the requests stop after --seconds; the servers are stopped whatever happens.

`--hammer-copies N` adds N clients that loop, as fast as they are answered, over the 查重 pages of the
longest report as a hostile reader would (each request with a parameter never seen before, and the report
as its own source), beside the mixed profile: how much one abusive reader costs the others.
"""

import csv
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

ROOT = Path(__file__).resolve().parents[3]
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"


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
        parser.add_argument("--hammer-copies", type=int, default=0, help="另加几个客户端不停请求最长报告的查重页面")
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
                cwd=ROOT, env=env, stderr=(Path(scratch) / "django.log").open("w"),  # a request's log is no figure
            )  # fmt: skip
            try:
                wait_for(port)
                hammer = Hammer(port, ids["longest"], options["hammer_copies"])
                figures = self.run_locust(port, options, ids, Path(scratch))
                figures["hammer"] = hammer.stop()
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
                cursor.execute(
                    "SELECT id, coalesce(copy_top_source_id, id) FROM reports_report ORDER BY characters DESC LIMIT 1"
                )
                longest = cursor.fetchone()
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
        if not reports:
            raise CommandError(f"数据库 {name} 中没有报告：先运行 bench_search --reports 10000 --keep")
        return {"count": count, "reports": reports, "townships": townships or [1], "longest": longest}

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
        if f["hammer"]["clients"]:
            statuses = "，".join(f"{status}：{n}" for status, n in sorted(f["hammer"]["statuses"].items()))
            out(f"另有 {f['hammer']['clients']} 个客户端请求查重页面 {f['hammer']['requests']} 次（{statuses}）")


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


class Hammer:
    """`clients` threads asking for the 查重 pages of one report in a loop until stopped, each from an address
    of its own on loopback (127.0.0.2, 127.0.0.3, …: the mixed profile's readers are 127.0.0.1), each request
    with a parameter never seen before, following a redirect as a browser would. Counts answers by status."""

    def __init__(self, port: int, longest: tuple[int, int], clients: int):
        report, source = longest
        self.port = port
        self.paths = [f"/reports/{report}/copies/{s}/" for s in sorted({source, report})]
        self.paths.append(f"/reports/{report}/copies/")
        self.statuses: Counter[int] = Counter()
        self.clients, self._stop = clients, threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(clients)]
        for thread in self._threads:
            thread.start()

    def _loop(self, number: int) -> None:
        address = (f"127.0.0.{2 + number}", 0)
        sent = 0
        while not self._stop.is_set():
            path = f"{self.paths[sent % len(self.paths)]}?nocache={number}-{sent}"
            sent += 1
            try:
                status, location = self._get(address, path)
                if status in (301, 302) and location:
                    status, _ = self._get(address, location)
            except OSError:
                status = 0
            with self._lock:
                self.statuses[status] += 1

    def _get(self, address: tuple[str, int], path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=address)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location", "")
        finally:
            connection.close()

    def stop(self) -> dict:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=40)
        return {"clients": self.clients, "requests": sum(self.statuses.values()), "statuses": dict(self.statuses)}
