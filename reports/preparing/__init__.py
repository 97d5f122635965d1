"""The work on a report that needs no database: read the file, parse, tag themes, draft the search passages.

Kept free of Django so that a batch can be read by worker processes (`read_in_parallel`) while the main
process writes the reports already read.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path

from reports.copying import comparable, fingerprints
from reports.copying.formulas import Formulas
from reports.parsing import ParsedReport, parse_report
from reports.reading import Format, Limits, PageReading, UnreadableDocument, members, read_document, sniff
from reports.reading.errors import too_big
from reports.reading.ocr import Progress
from reports.reading.registry import check_size
from reports.search.passages import IssueText, PassageDraft, draft_passages
from reports.vocabulary import count_parts

logger = logging.getLogger(__name__)
PARALLEL_FROM = 20  # reports; below this, starting worker processes costs more than it saves
IN_FLIGHT = 16  # jobs handed to each reading process at a time (two windows of them at most)


_WHITESPACE = re.compile(r"\s+")


def text_digest(text: str) -> str:
    """What makes two reports one: their normalised text, line breaks and spaces aside, so that the same
    report as .doc and as a PDF (whose lines were reflowed) is one report."""
    return hashlib.sha256(_WHITESPACE.sub("", text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Original:
    """The file a report was read from, as it came: kept beside the report (OriginalFile)."""

    name: str
    data: bytes
    format: Format

    @cached_property
    def sha256(self) -> str:
        """Hashed once: the file is looked up by it when kept and again when its report is made."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Reading:
    """A report read and parsed, with its search passages drafted; nothing stored yet."""

    text: str
    encoding: str  # how the source was written: 'GBK', 'PDF（OCR 3/12 页）', …
    source_name: str
    parsed: ParsedReport
    sha256: str
    passages: list[PassageDraft]
    pages: tuple[PageReading, ...] = field(default=())
    fingerprints: list[tuple[int, int]] = field(default_factory=list)  # (hash, position): reports.copying
    words: dict[str, Counter[str]] = field(default_factory=dict)  # part -> counted words: reports.vocabulary
    original: Original | None = None


def read_text(
    text: str,
    *,
    encoding: str,
    source_name: str,
    theme_rules: dict[str, list[str]],
    formulas: tuple[str, ...] = (),
    pages: tuple[PageReading, ...] = (),
) -> Reading:
    parsed = parse_report(text, source_name or None, theme_rules=theme_rules)
    _log_parse(source_name, parsed)
    issues = [IssueText(item.section_index, item.text, item.start) for item in parsed.issues]
    passages = draft_passages(parsed.all_sections(), issues)
    reading = Reading(parsed.text, encoding, source_name, parsed, text_digest(parsed.text), passages, pages)
    reading.fingerprints = fingerprints(comparable(parsed.text))
    reading.words = count_parts(parsed.all_sections(), Formulas.of(formulas))
    return reading


def _log_parse(source_name: str, parsed: ParsedReport) -> None:
    """What the parser decided, and from where: the first thing to read when a report looks wrong."""
    meta = parsed.metadata
    logger.info(
        "parsed %s: township=%s county=%s year=%s period=%s kind=%s (found by %s); %d sections, %d problems, "
        "%d plans; %s",
        source_name or "(text)",
        meta.township or meta.masked_township or "-",
        meta.county or "-",
        meta.year or "-",
        meta.period,
        meta.kind,
        ", ".join(f"{name}:{how}" for name, how in meta.found.items()),
        len(parsed.all_sections()),
        len(parsed.issues),
        len(parsed.plans),
        "; ".join(parsed.warnings) or "no warnings",
    )


def read_file(
    data: bytes,
    *,
    filename: str,
    limits: Limits,
    theme_rules: dict[str, list[str]],
    formulas: tuple[str, ...] = (),
    progress: Progress | None = None,
) -> Reading:
    """Raises UnreadableDocument with the reason in Chinese."""
    document = read_document(data, filename=filename, limits=limits, progress=progress)
    reading = read_text(
        document.text,
        encoding=document.description,
        source_name=filename,
        theme_rules=theme_rules,
        formulas=formulas,
        pages=document.pages,
    )
    reading.original = Original(filename, data, document.format)
    return reading


@dataclass(frozen=True)
class Job:
    """One report for a worker: a file to read (path), a zip member's bytes (data), a text already decoded,
    or a file refused before reading (refused: the reason); name is what messages call it."""

    name: str
    path: str | None = None
    text: str | None = None
    data: bytes | None = None
    refused: str = ""


def jobs_for_file(path: Path, name: str, limits: Limits) -> list[Job]:
    """A file on disk -> its job; a zip of reports -> one job per file inside ('名单.zip/白杨镇.doc')."""
    if path.suffix.lower() != ".zip":
        return [Job(name=name, path=str(path))]
    try:
        data = path.read_bytes()
        check_size(data, limits, Format.ZIP)
        if sniff(data, path.name, limits) is not Format.ZIP:
            return [Job(name=name, data=data)]
        return [
            Job(name=f"{name}/{member.name}", data=member.data or None, refused=member.refused)
            for member in members(data, limits)
        ]
    except UnreadableDocument as error:
        return [Job(name=name, refused=error.message)]
    except OSError as error:
        return [Job(name=name, refused=f"无法读取文件（{error.strerror}）")]


# --- worker processes ---------------------------------------------------------------------------

_worker: dict = {}


def _start_worker(theme_rules: dict[str, list[str]], limits: Limits, formulas: tuple[str, ...]) -> None:
    _worker["rules"], _worker["limits"], _worker["formulas"] = theme_rules, limits, formulas


def _read_job(job: Job) -> Reading | UnreadableDocument:
    return read_job(job, _worker["rules"], _worker["limits"], _worker["formulas"])


def read_job(
    job: Job, theme_rules: dict[str, list[str]], limits: Limits, formulas: tuple[str, ...] = ()
) -> Reading | UnreadableDocument:
    """The reading, or the reason it failed (returned, not raised, so one bad file does not stop a batch)."""
    try:
        if job.refused:
            return UnreadableDocument(job.refused)
        if job.text is not None:
            return read_text(
                job.text, encoding="UTF-8", source_name=job.name, theme_rules=theme_rules, formulas=formulas
            )
        data = job.data if job.data is not None else _read_bounded(Path(job.path or job.name), limits)
        filename = Path(job.name).name
        return read_file(data, filename=filename, limits=limits, theme_rules=theme_rules, formulas=formulas)
    except UnreadableDocument as error:
        return error
    except OSError as error:
        return UnreadableDocument(f"无法读取文件（{error.strerror}）")


def _read_bounded(path: Path, limits: Limits) -> bytes:
    """A file's bytes, refused by its size before they are read."""
    size = path.stat().st_size
    if size > limits.largest_file_bytes:
        raise UnreadableDocument(too_big(size, limits.largest_file_bytes))
    return path.read_bytes()  # then checked against its own kind's limit once its content says what it is


def read_in_parallel(
    jobs: Iterable[Job],
    *,
    theme_rules: dict[str, list[str]],
    limits: Limits,
    workers: int,
    formulas: tuple[str, ...] = (),
) -> Iterator[Reading | UnreadableDocument]:
    """Readings in the order of `jobs`, made by `workers` processes (spawned: they share no connection).
    At most two windows of IN_FLIGHT jobs are handed out at a time: the pool reads whatever it is given, and
    when reading outpaced writing, a load of 100,000 reports kept 14 GB of finished readings waiting."""
    context = multiprocessing.get_context("spawn")
    window = IN_FLIGHT * workers
    with context.Pool(workers, initializer=_start_worker, initargs=(theme_rules, limits, formulas)) as pool:
        queued = iter(jobs)
        waiting: Iterator[Reading | UnreadableDocument] | None = None
        while batch := list(islice(queued, window)):
            started = pool.imap(_read_job, batch, chunksize=4)  # read while the window before is consumed
            if waiting is not None:
                yield from waiting
            waiting = started
        if waiting is not None:
            yield from waiting
