"""Processes fail: `serve` (what `make run` ends with) keeps the site up and the work going when its worker is
killed mid-job and when its PostgreSQL is killed, with no one stepping in.

It runs the real thing on loopback: `manage.py serve` on an embedded PostgreSQL of its own (ARCHIVE_VAR_DIR in
a temporary folder, so the test suite's own database is never touched), with requests every 0.2 s. Each
wait is bounded; the whole test takes one to two minutes, most of it OCR.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.samples import scanned_pdf
from reports.reading.ocr import available as ocr_available
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]
FORMATS = SEEDS.parent / "tests" / "fixtures" / "formats"

pytestmark = pytest.mark.skipif(not ocr_available(), reason="OCR (rapidocr-onnxruntime) is not installed")


class Archive:
    """`manage.py` commands and `serve` in an archive of their own."""

    def __init__(self, var_dir: Path):
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "ARCHIVE_VAR_DIR": str(var_dir),
            "ARCHIVE_WORKER_STALLED_SECONDS": "2",
            "DEBUG": "0",
            "SECURE_HTTPS": "0",
            "PYTHONUNBUFFERED": "1",
        }
        self.pgdata = var_dir / "pgdata"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.serve: subprocess.Popen | None = None
        self.log = var_dir / "serve.log"

    def manage(self, *args: str, timeout: int = 120) -> str:
        command = [sys.executable, "manage.py", *args]
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def django(self, code: str) -> object:
        """Run `code` in the archive's Django; what it assigns to `result` comes back (as JSON)."""
        out = self.manage("shell", "-c", f"import json\n{code}\nprint(json.dumps(result))")
        return json.loads(out.splitlines()[-1])

    def start(self) -> None:
        self.serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        until(lambda: status_of(self.url) == 200, 60, "the site to answer")

    def stop(self) -> None:
        if self.serve and self.serve.poll() is None:
            self.serve.send_signal(signal.SIGTERM)
            try:
                self.serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.serve.pid, signal.SIGKILL)

    def children(self, command: str) -> list[int]:
        """The pids of serve's processes running `manage.py <command>`."""
        pattern = f"manage.py {command}"
        found = subprocess.run(["pgrep", "-P", str(self.serve.pid), "-f", pattern], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def postmaster(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])

    def postmaster_running(self) -> bool:
        from config.embedded_postgres.base import server_running

        return server_running(str(self.pgdata))


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # refused, reset, timed out: the site is down


def until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


class Watch:
    """Ask for a page every 0.2 s in a thread, counting answers by status (0: no answer at all)."""

    def __init__(self, url: str):
        self.url, self.counts, self._stop = url, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            status = status_of(self.url)
            self.counts[status] = self.counts.get(status, 0) + 1
            self._stop.wait(0.2)

    def stop(self) -> dict[int, int]:
        self._stop.set()
        self._thread.join()
        return self.counts


QUEUE = """
from django.contrib.auth.models import User
from reports.services.uploads import Upload, receive_uploads
user, _ = User.objects.get_or_create(username="faults", defaults={{"is_staff": True}})
result = str(receive_uploads([Upload({name!r}, open({path!r}, "rb").read())], user=user))
"""
STATES = """
from reports.models import StagedUpload
result = [[row.status, row.progress, row.reason] for row in StagedUpload.objects.filter(batch={batch!r})]
"""


def test_the_site_and_the_work_survive_a_killed_worker_and_a_killed_database(tmp_path):
    archive = Archive(tmp_path / "var")
    archive.manage("migrate", "--noinput", timeout=300)
    scan = tmp_path / "扫描.pdf"
    scan.write_bytes(scanned_pdf((FORMATS / "004_088a82f410e5b682.pdf").read_bytes()))
    archive.start()
    try:
        (worker,) = archive.children("worker --queues ocr")  # scans are read by the OCR queue's worker
        watch = Watch(archive.url)
        batch = archive.django(QUEUE.format(name="扫描.pdf", path=str(scan)))

        def state() -> list:
            return archive.django(STATES.format(batch=batch))[0]

        until(lambda: state()[1].startswith("文字识别"), 90, "the scan to be under OCR")
        os.kill(worker, signal.SIGKILL)  # mid-job, as an OCR job running the worker out of memory would end it
        until(lambda: archive.children("worker --queues ocr") not in ([], [worker]), 30, "serve to start a new worker")
        until(lambda: state()[0] == "awaiting", 240, "the new worker to finish the job")
        counts = watch.stop()
        assert set(counts) == {200}, f"the site did not answer every request while its worker died: {counts}"

        os.kill(archive.postmaster(), signal.SIGKILL)  # the database dies too
        until(lambda: status_of(archive.url + "healthz") == 503, 10, "the site to say its database is away")
        until(lambda: status_of(archive.url + "healthz") == 200, 90, "the database to be started again")
        assert status_of(archive.url + "reports/") == 200
        batch = archive.django(QUEUE.format(name="再次.pdf", path=str(scan)))
        until(lambda: state()[0] == "awaiting", 240, "the worker to take a job after the database came back")
        stored = archive.django("from reports.models import StagedUpload\nresult = StagedUpload.objects.count()")
        assert stored == 2  # nothing taken in twice
    finally:
        archive.stop()
    log = archive.log.read_text()
    for said in ("文字识别进程 1已退出（退出码 -9）", "已重新启动文字识别进程 1", "内置 PostgreSQL 已停止，已重新启动"):
        assert said in log
    assert archive.serve.returncode == 0
    assert not archive.postmaster_running()
