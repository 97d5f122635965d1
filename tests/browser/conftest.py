"""A real browser (Debian's Chromium, driven by Playwright) against a live server on real PostgreSQL.

Skipped, with the reason, where no Chromium is installed; .ci/run installs it."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"没有找到 Chromium（{CHROMIUM}）：apt-get install chromium")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    """A tab; the test fails if the Content-Security-Policy blocked anything on any page it opened (the
    browser reports each refusal on the console), so the pages are shown to work under the policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    refused: list[str] = []
    tab.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield tab
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"


def shoot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started after the HTTPS redirect and HSTS are turned off: its
    middleware reads them once, at start, and a browser would otherwise insist on HTTPS."""
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    server = LiveServer("localhost:0")
    request.addfinalizer(server.stop)
    return server


class Worker:
    """`manage.py worker` in a process of its own, on the test database, as `make run` starts it."""

    def __init__(self):
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from django.db import connection

        env = {**os.environ, "ARCHIVE_WORKER_STALLED_SECONDS": "2", "PYTHONUNBUFFERED": "1"}
        name = connection.settings_dict["NAME"]
        if os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        else:
            env["ARCHIVE_DB_NAME"] = name
        self.process = subprocess.Popen([sys.executable, "manage.py", "worker"], cwd=ROOT, env=env)

    def kill(self) -> None:
        """As a crash or a power cut would: no chance to finish or say goodbye."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker():
    running = Worker()
    running.start()
    yield running
    running.stop()
