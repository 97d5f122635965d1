"""The parse benchmark behind `manage.py bench_parse`: MB/s of parse_report on the seeds, and, with a
git revision, of that revision's parser timed in the same run (its reports/parsing imported from git),
so the speed-up is a ratio measured on one machine at one moment.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from types import ModuleType

from reports.parsing import parse_report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def parser_at(revision: str, into: Path) -> Callable[[str], object]:
    """parse_report as it was at `revision` (reports/parsing is pure Python with relative imports only)."""
    archive = subprocess.run(
        ["git", "archive", revision, "reports/parsing"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    name = f"parsing_at_{revision.replace('-', '_').replace('.', '_')}"
    package = into / "reports" / "parsing"
    spec = importlib.util.spec_from_file_location(
        name, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec and spec.loader
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.parse_report


def _seconds(parse: Callable[[str], object], texts: list[str], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            parse(text)
    return time.perf_counter() - start


def run(repeats: int = 15, rounds: int = 10, against: str | None = None) -> dict:
    """Each repeat parses every seed `rounds` times with each parser in turn; the best repeat counts."""
    texts = seed_texts()
    megabytes = sum(len(text.encode("utf-8")) for text in texts) * rounds / 1e6
    with tempfile.TemporaryDirectory() as scratch:
        parsers: dict[str, Callable[[str], object]] = {"current": parse_report}
        if against:
            parsers[against] = parser_at(against, Path(scratch))
        best = dict.fromkeys(parsers, float("inf"))
        for parse in parsers.values():  # warm up: compile every pattern once
            _seconds(parse, texts, 1)
        for _ in range(repeats):
            for name, parse in parsers.items():
                best[name] = min(best[name], _seconds(parse, texts, rounds))
    figures: dict = {
        "seeds": len(texts),
        "megabytes_per_repeat": round(megabytes, 3),
        "repeats": repeats,
        "mb_per_s": round(megabytes / best["current"], 2),
        "ms_per_report": round(best["current"] * 1000 / (rounds * len(texts)), 3),
    }
    if against:
        baseline = megabytes / best[against]
        figures["baseline"] = {"revision": against, "mb_per_s": round(baseline, 2)}
        figures["speedup"] = round(figures["mb_per_s"] / baseline, 2)
    return figures
