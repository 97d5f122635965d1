"""The work on a report that needs no database: decode, parse, tag themes, draft the search passages.

Kept free of Django so that a batch can be read by worker processes (`read_in_parallel`) while the main
process writes the reports already read.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reports.parsing import ParsedReport, UnreadableDocument, parse_report
from reports.parsing.documents import read_document
from reports.search.passages import IssueText, PassageDraft, draft_passages
from reports.search.segment import Segmenter, get_segmenter

PARALLEL_FROM = 20  # reports; below this, starting worker processes costs more than it saves


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Reading:
    """A report read and parsed, with its search passages drafted; nothing stored yet."""

    text: str
    encoding: str
    source_name: str
    parsed: ParsedReport
    sha256: str
    passages: list[PassageDraft]


def read_text(
    text: str, *, encoding: str, source_name: str, theme_rules: dict[str, list[str]], segmenter: Segmenter
) -> Reading:
    parsed = parse_report(text, source_name or None, theme_rules=theme_rules)
    issues = [IssueText(item.section_index, item.text, item.start) for item in parsed.issues]
    passages = draft_passages(parsed.all_sections(), issues, segmenter)
    return Reading(parsed.text, encoding, source_name, parsed, text_digest(parsed.text), passages)


def read_file(
    data: bytes,
    *,
    filename: str,
    theme_rules: dict[str, list[str]],
    segmenter: Segmenter,
    max_bytes: int | None = None,
) -> Reading:
    """Raises UnreadableDocument with the reason in Chinese."""
    decoded = read_document(data, filename=filename, max_bytes=max_bytes)
    return read_text(
        decoded.text, encoding=decoded.encoding, source_name=filename, theme_rules=theme_rules, segmenter=segmenter
    )


@dataclass(frozen=True)
class Job:
    """One report for a worker: a file to read (path), or a text already decoded; name is what messages call it."""

    name: str
    path: str | None = None
    text: str | None = None


# --- worker processes ---------------------------------------------------------------------------

_worker: dict = {}


def _start_worker(theme_rules: dict[str, list[str]], dictionary: tuple[str, ...]) -> None:
    _worker["rules"], _worker["segmenter"] = theme_rules, get_segmenter(dictionary)


def _read_job(job: Job) -> Reading | UnreadableDocument:
    return read_job(job, _worker["rules"], _worker["segmenter"])


def read_job(job: Job, theme_rules: dict[str, list[str]], segmenter: Segmenter) -> Reading | UnreadableDocument:
    """The reading, or the reason it failed (returned, not raised, so one bad file does not stop a batch)."""
    try:
        if job.text is not None:
            return read_text(
                job.text, encoding="UTF-8", source_name=job.name, theme_rules=theme_rules, segmenter=segmenter
            )
        data = Path(job.path or job.name).read_bytes()
        return read_file(data, filename=Path(job.name).name, theme_rules=theme_rules, segmenter=segmenter)
    except UnreadableDocument as error:
        return error
    except OSError as error:
        return UnreadableDocument(f"无法读取文件（{error.strerror}）")


def read_in_parallel(
    jobs: Iterable[Job], *, theme_rules: dict[str, list[str]], dictionary: tuple[str, ...], workers: int
) -> Iterator[Reading | UnreadableDocument]:
    """Readings in the order of `jobs`, made by `workers` processes (spawned: they share no connection)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(theme_rules, dictionary)) as pool:
        yield from pool.imap(_read_job, jobs, chunksize=4)
