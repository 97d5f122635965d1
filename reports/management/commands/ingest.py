"""Ingest report files into the archive: each report whole or not at all (stored in batches of BATCH, one
transaction each), duplicates skipped, bad files reported. A file that is mostly a stored report, or a report
of this run (a scan beside its .doc), is kept as another form of that report, not stored as a second one
(unless its year or township differs: then it is stored, with a note)."""

import glob
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.copying import FormsIndex
from reports.management.progress import Progress
from reports.preparing import Job, jobs_for_file
from reports.reading import SUPPORTED_SUFFIXES, UnreadableDocument
from reports.selectors.copies import agree, check_text, same_report
from reports.services.batch_writer import BatchWriter, Outcome, writers_for
from reports.services.ingest import DuplicateReport, Prepared, prepare_many, reading_limits
from reports.services.originals import attach_form, keep_originals
from reports.services.store import Rules

PROGRESS_FROM = 6  # files; fewer need no progress bar


@dataclass
class Summary:
    ingested: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    attached: list[dict] = field(default_factory=list)  # kept as another form of a report
    notes: list[str] = field(default_factory=list)

    def as_dict(self, dry_run: bool) -> dict:
        counts = {"ingested": len(self.ingested), "skipped": len(self.skipped), "failed": len(self.failed)}
        counts["attached"] = len(self.attached)
        return {"dry_run": dry_run, "counts": counts, **vars(self)}


@dataclass
class Forms:
    """The reports of this run not stored yet, to tell a scan beside its .doc (FormsIndex), and the forms
    waiting for their report to be stored."""

    index: FormsIndex = field(default_factory=FormsIndex)
    meta: dict[str, tuple] = field(default_factory=dict)  # name -> (year, township) of a report of this run
    waiting: dict[str, list[tuple[str, Prepared, float]]] = field(default_factory=dict)


def collect_files(arguments: list[str]) -> tuple[list[Path], list[dict]]:
    """Files, folders (searched for every format the archive reads) and globs -> files in a stable order;
    misses as failures."""
    files: list[Path] = []
    missing: list[dict] = []
    for argument in arguments:
        matches = [Path(p) for p in sorted(glob.glob(argument, recursive=True))] if glob.has_magic(argument) else []
        candidates = matches or [Path(argument)]
        for path in candidates:
            if path.is_dir():
                files.extend(
                    sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
                )
            elif path.is_file():
                files.append(path)
            else:
                missing.append({"file": str(path), "reason": "文件或目录不存在"})
    unique = list(dict.fromkeys(files))
    return unique, missing


def job_size(job: Job) -> int:
    """Bytes of a job's file, for the progress bar."""
    if job.data is not None:
        return len(job.data)
    try:
        return Path(job.path).stat().st_size if job.path else len((job.text or "").encode())
    except OSError:
        return 0


class Command(BaseCommand):
    help = "录入报告文件（可给出文件、目录或通配符）。每份报告要么完整录入要么不录入，重复内容跳过。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="文件、目录或通配符，如 seeds/ 或 'reports/*.txt'")
        parser.add_argument("--dry-run", action="store_true", help="只解析并报告，不写入数据库")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出汇总")
        parser.add_argument(
            "--workers", type=int, default=None, help="读取与解析用的进程数（默认：文件多时按 CPU 核数，最多 4）"
        )

    def handle(self, *args, **options):
        dry_run, as_json = options["dry_run"], options["json"]
        files, missing = collect_files(options["paths"])
        summary = Summary(failed=missing)
        seen: dict[str, str] = {}
        self.forms = Forms()
        limits = reading_limits()
        jobs = [job for path in files for job in jobs_for_file(path, str(path), limits)]
        quiet = len(jobs) < PROGRESS_FROM or as_json
        rules = Rules.load()
        with (
            Progress(files=len(jobs), size=sum(map(job_size, jobs)), out=self.stdout.write, disable=quiet) as bar,
            BatchWriter(rules, writers=writers_for(len(jobs))) as writer,
        ):

            def say(lines: list[str]) -> None:
                for line in lines if not as_json else ():
                    bar.write(line)

            for job, prepared in prepare_many(jobs, rules=rules, workers=options["workers"]):
                line = self._check_one(job.name, prepared, summary, seen, dry_run)
                if line is None and isinstance(prepared, Prepared):  # (a file that could not be read has its line)
                    line = self._as_form(job.name, prepared, summary, dry_run)
                bar.advance(job_size(job))
                if line:
                    say([line])
                elif isinstance(prepared, Prepared):
                    say(self._said(writer.add(job.name, prepared), summary))
            say(self._said(writer.finish(), summary))
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(dry_run), ensure_ascii=False, indent=2))
        else:
            self._print_summary(summary, dry_run)
        if summary.failed:
            sys.exit(1)

    def _as_form(self, name: str, prepared: Prepared, summary: Summary, dry_run: bool) -> str | None:
        """The line for a file kept as another form of a stored report or of one of this run (None: it is a
        report of its own). A form of a report of this run waits until that report is stored."""
        if prepared.original is None:  # a text with no file to keep is a report of its own (never from disk)
            return None
        meta = prepared.parsed.metadata
        same = same_report(prepared.text, check_text(prepared.text), year=meta.year, township=meta.township)
        if same and same.agrees:
            if not dry_run:
                self._keep_form(same.report, prepared)
            summary.attached.append({"file": name, "report_id": same.report.pk, "ratio": same.ratio})
            return f"另一原件 {name} → 报告 #{same.report.pk}：{same.label}"
        if same:
            summary.notes.append(f"{name}：{same.label}，但年份或乡镇与之不同，录入为新报告，请核对")
        earlier = self.forms.index.most_of(prepared.text)
        if earlier and earlier[1] >= settings.ARCHIVE_SAME_REPORT_RATIO:
            first, share = str(earlier[0]), earlier[1]
            year, township = self.forms.meta[first]
            if agree(meta.year, meta.township, year, township):
                self.forms.waiting.setdefault(first, []).append((name, prepared, share))
                summary.attached.append({"file": name, "report_id": None, "of": first, "ratio": round(share, 4)})
                return f"另一原件 {name} → 与本批次的 {first} 基本相同（{share:.1%}），作为其另一原件保存"
        self.forms.index.add(name, prepared.text)
        self.forms.meta[name] = (meta.year, meta.township)
        return None

    def _attach_waiting(self, name: str, report, summary: Summary) -> None:
        """The forms of this run's report `name`, kept with it now that it is stored."""
        for form_name, prepared, _ in self.forms.waiting.pop(name, []):
            self._keep_form(report, prepared)
            for entry in summary.attached:
                if entry["file"] == form_name:
                    entry["report_id"] = report.pk

    @staticmethod
    def _keep_form(report, prepared: Prepared) -> None:
        """Keep the file as another form of `report` (only a file with its original reaches here: _as_form)."""
        if prepared.original is not None:
            original_id = keep_originals([prepared.original])[prepared.original.sha256]
            attach_form(report, original_id, pages=len(prepared.pages))

    def _check_one(self, name: str, prepared, summary: Summary, seen: dict[str, str], dry_run: bool) -> str | None:
        """The line to print for a file that will not be stored, or None for one to store."""
        if isinstance(prepared, UnreadableDocument):
            summary.failed.append({"file": name, "reason": prepared.message})
            return self.style.ERROR(f"失败 {name}：{prepared.message}")
        if prepared.duplicate_of:
            return self._skipped(summary, name, DuplicateReport(prepared.duplicate_of))
        if prepared.sha256 in seen:
            summary.skipped.append({"file": name, "reason": f"与本批次的 {seen[prepared.sha256]} 内容相同"})
            return f"跳过 {name}：与本批次的 {seen[prepared.sha256]} 内容相同"
        seen[prepared.sha256] = name
        return self._record(summary, name, prepared=prepared, report=None) if dry_run else None

    def _said(self, outcomes: list[Outcome], summary: Summary) -> list[str]:
        """What became of each stored report (each still whole or not at all)."""
        return [
            self._skipped(summary, name, outcome)
            if isinstance(outcome, DuplicateReport)
            else self._record(summary, name, prepared=prepared, report=outcome)
            for name, prepared, outcome in outcomes
        ]

    def _skipped(self, summary: Summary, name: str, duplicate: DuplicateReport) -> str:
        summary.skipped.append({"file": name, "reason": duplicate.message, "report_id": duplicate.existing.pk})
        return f"跳过 {name}：{duplicate.message}"

    def _record(self, summary: Summary, name: str, *, prepared, report) -> str:
        meta = prepared.parsed.metadata
        entry = {
            "file": name,
            "report_id": report.pk if report else None,
            "title": meta.title,
            "township": meta.township,
            "county": meta.county,
            "year": meta.year,
            "period": meta.period,
            "kind": meta.kind,
            "encoding": prepared.encoding,
            "sections": len(prepared.parsed.all_sections()),
            "issues": len(prepared.parsed.issues),
            "plans": len(prepared.parsed.plans),
            "warnings": prepared.parsed.warnings,
        }
        summary.ingested.append(entry)
        if report:
            self._attach_waiting(name, report, summary)
        where = meta.township or (f"{meta.masked_township}（已隐去）" if meta.masked_township else "乡镇未知")
        target = f"报告 #{report.pk}" if report else "（试运行，未写入）"
        return (
            f"录入 {name} → {target}：{where}，{meta.year or '年份未知'}年，"
            f"{entry['sections']} 个章节、{entry['issues']} 个问题、{entry['plans']} 项计划"
        )

    def _print_summary(self, summary: Summary, dry_run: bool) -> None:
        verb = "可录入" if dry_run else "录入"
        total = len(summary.ingested) + len(summary.skipped) + len(summary.failed) + len(summary.attached)
        forms = f"，作为已有报告的另一原件 {len(summary.attached)}" if summary.attached else ""
        self.stdout.write(
            f"共 {total} 个文件：{verb} {len(summary.ingested)}，"
            f"跳过 {len(summary.skipped)}，失败 {len(summary.failed)}{forms}"
        )
        for note in summary.notes:
            self.stdout.write(self.style.WARNING(f"  注意 {note}"))
        for failure in summary.failed:
            self.stdout.write(self.style.ERROR(f"  失败 {failure['file']}：{failure['reason']}"))
