"""The reading benchmark: for each format, the seeds read in a fresh process — speed (MB/s of file, characters
a second), peak memory, the parse's expected fields right, and for OCR the share of characters read right.

Plain .txt is the baseline measured in the same run; every other format's time a character is given as a
multiple of it. Pure Python: `python manage.py bench_reading` prints what this returns.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing
import re
import resource
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import samples
from reports.parsing import normalise, parse_report
from reports.parsing.export import report_to_dict
from reports.reading import DEFAULT_LIMITS, UnreadableDocument, members, read_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FORMATS = ROOT / "tests" / "fixtures" / "formats"


def _fixture(suffix: str) -> Callable[[Path], bytes]:
    return lambda seed: (FORMATS / seed.name).with_suffix(suffix).read_bytes()


MAKERS: dict[str, Callable[[Path], bytes]] = {
    "txt": lambda seed: seed.read_bytes(),
    "txt-gbk": lambda seed: seed.read_text(encoding="utf-8").encode("gb18030"),
    "docx": lambda seed: samples.docx_of(seed.read_text(encoding="utf-8")),
    "doc": _fixture(".doc"),
    "rtf": _fixture(".rtf"),
    "odt": _fixture(".odt"),
    "pdf": _fixture(".pdf"),
    "html": lambda seed: samples.government_page(seed.read_text(encoding="utf-8")),
    "mht": lambda seed: samples.mht(samples.government_page(seed.read_text(encoding="utf-8"))),
    "scan-150dpi": lambda seed: samples.scanned_pdf(_fixture(".pdf")(seed)),
    "scan-300dpi": lambda seed: samples.scanned_pdf(_fixture(".pdf")(seed), dpi=300),
}
SUFFIX = {"txt-gbk": "txt", "scan-150dpi": "pdf", "scan-300dpi": "pdf"}
OCR_FORMATS = {"scan-150dpi", "scan-300dpi"}


def measure_format(name: str, repeats: int) -> dict[str, Any]:
    """Run in a fresh process: read every seed in format `name` once to warm up, then `repeats` times."""
    expected = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
    seeds = sorted(SEEDS.glob("*.txt"))
    files = [(seed, MAKERS[name](seed)) for seed in seeds]
    suffix = "." + SUFFIX.get(name, name)
    rounds = 1 if name in OCR_FORMATS else repeats
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    documents = [read_document(data, filename="x" + suffix, limits=DEFAULT_LIMITS) for _, data in files]
    started = time.perf_counter()
    for _ in range(rounds):
        documents = [read_document(data, filename="x" + suffix, limits=DEFAULT_LIMITS) for _, data in files]
    seconds = (time.perf_counter() - started) / rounds
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    right = total = 0
    read_right = source_chars = 0
    for (seed, _), document in zip(files, documents, strict=True):
        parsed = report_to_dict(parse_report(document.text, "x" + suffix))
        fields = samples.expected_fields(parsed, expected[seed.name])
        right, total = right + fields[0], total + fields[1]
        matched, chars = _characters_read_right(seed.read_text(encoding="utf-8"), document.text)
        read_right, source_chars = read_right + matched, source_chars + chars
    characters = sum(len(document.text) for document in documents)
    return {
        "format": name,
        "files": len(files),
        "bytes": sum(len(data) for _, data in files),
        "characters": characters,
        "seconds": seconds,
        "mb_per_s": sum(len(data) for _, data in files) / seconds / 1e6,
        "chars_per_s": characters / seconds,
        "peak_rss_mb": peak / 1024,
        "rss_before_mb": before / 1024,
        "fields_right": right,
        "fields": total,
        "characters_read_right": read_right / source_chars,
    }


def _characters_read_right(source: str, read: str) -> tuple[int, int]:
    """(characters of the source found in order in what was read, characters of the source), whitespace
    and layout aside: the share of characters an OCR got right."""
    a, b = (re.sub(r"\s+", "", normalise(text)) for text in (source, read))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(a)


# Each hostile file: how to make it, and the name it is read under.
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "docx-bomb-20MB": (lambda: samples.docx_bomb(20), "x.docx"),
    "docx-bomb-20MB-streamed": (lambda: samples.docx_bomb(20), "x.docx"),  # past the ratio check, to the characters
    "billion-laughs": (samples.billion_laughs_docx, "x.docx"),
    "zip-bomb-20x8MB": (lambda: samples.zip_bomb(20, 8), "x.zip"),
    "pdf-201-pages": (lambda: samples.blank_pdf(201), "x.pdf"),
    "pdf-image-40000²": (lambda: samples.pdf_with_image(40000, 40000), "x.pdf"),
    "pdf-image-30000²": (lambda: samples.pdf_with_image(30000, 30000), "x.pdf"),
    "png-30000²": (lambda: samples.png_of_size(30000, 30000), "x.png"),
}


def measure_hostile(name: str) -> dict[str, Any]:
    maker, filename = HOSTILE[name]
    data = maker()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        if filename.endswith(".zip"):
            refused = [member.refused for member in members(data, DEFAULT_LIMITS)]
            message = refused[0] if refused else ""
        else:
            limits = replace(DEFAULT_LIMITS, max_ratio=10**6) if name.endswith("streamed") else DEFAULT_LIMITS
            read_document(data, filename=filename, limits=limits)
            message = ""
    except UnreadableDocument as error:
        message = error.message
    return {
        "file": name,
        "bytes": len(data),
        "seconds": time.perf_counter() - started,
        "rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
        "message": message,
    }


def in_fresh_process(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Each measurement in a process of its own, so its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(function, args)


def run(formats: list[str], repeats: int) -> dict[str, Any]:
    """Every format named (none: the hostile files alone), then every hostile file, each in a fresh process."""
    results = [in_fresh_process(measure_format, name, repeats) for name in formats]
    baseline = next((r for r in results if r["format"] == "txt"), None)
    for result in results:
        if baseline:
            result["time_per_char_vs_txt"] = (result["seconds"] / result["characters"]) / (
                baseline["seconds"] / baseline["characters"]
            )
    hostile = [in_fresh_process(measure_hostile, name) for name in HOSTILE]
    return {"formats": results, "hostile": hostile}
