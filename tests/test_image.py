"""The Docker image carries the archive and its runtime requirements only: no development app, no tests.

No Docker engine runs here, so the image's build context is made as Docker makes it (the files .dockerignore
leaves in) and the archive is started from it: it must work, and know nothing of `bench`."""

import fnmatch
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ignored(relative: Path, patterns: list[str]) -> bool:
    """As Docker reads .dockerignore: a pattern names a path or a folder above it; '**/' any depth."""
    text = relative.as_posix()
    parents = [p.as_posix() for p in relative.parents if p.as_posix() != "."]
    for pattern in patterns:
        if pattern.startswith("**/"):
            tail = pattern[3:]
            if any(fnmatch.fnmatch(part, tail) for part in relative.parts) or fnmatch.fnmatch(relative.name, tail):
                return True
        elif fnmatch.fnmatch(text, pattern) or any(fnmatch.fnmatch(parent, pattern) for parent in parents):
            return True
    return False


def build_context(into: Path) -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    for name in tracked:
        relative = Path(name)
        if (ROOT / relative).is_file() and not ignored(relative, patterns):
            (into / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / relative, into / relative)


def test_the_image_has_no_development_app_and_the_archive_starts_without_it(tmp_path):
    build_context(tmp_path)
    assert (tmp_path / "reports" / "models.py").exists() and (tmp_path / "requirements.txt").exists()
    assert not (tmp_path / "bench").exists() and not (tmp_path / "tests").exists()
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "image-test", "DATABASE_URL": "postgres://unused/unused"}
    code = (
        "import importlib.util, django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup();"
        "from django.conf import settings; from django.core.management import call_command;"
        "call_command('check'); import reports.views, reports.admin, reports.tasks;"
        "print(importlib.util.find_spec('bench') is None, 'bench' in settings.INSTALLED_APPS)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == ["True", "False"]


def test_the_image_installs_runtime_requirements_only():
    runtime = (ROOT / "requirements.txt").read_text()
    for development in ("tantivy", "locust", "pytest", "playwright", "hypothesis"):
        assert development not in runtime.lower()
    assert "requirements.txt" in (ROOT / "Dockerfile").read_text()
    assert "requirements-dev" not in (ROOT / "Dockerfile").read_text()
