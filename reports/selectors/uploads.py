"""Uploads as the admin shows them: each user's batches with their files counted by state, a batch's progress,
and each file awaiting the archivist as its table row and its own page show it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Min

from reports.models import Report, StagedUpload
from reports.parsing import unsettled_warnings
from reports.parsing.types import Found
from reports.selectors.copies import CopyCheck, SameReport, stored_duplicates

Status = StagedUpload.Status


@dataclass(frozen=True)
class BatchSummary:
    """One upload batch as the batches page lists it."""

    batch: uuid.UUID
    uploaded_at: datetime
    files: int
    counts: dict[str, int]  # files by state, states with none left out

    @property
    def waiting(self) -> int:
        """Files that still want the archivist: read and awaiting, or still being read."""
        return sum(self.counts.get(status, 0) for status in StagedUpload.LIVE)

    def described(self) -> str:
        labels = dict(Status.choices)
        return "，".join(f"{labels[status]} {n}" for status, n in self.counts.items())


def upload_batches(user: User, limit: int = 200) -> list[BatchSummary]:
    """The user's batches, newest first, with their files counted by state."""
    rows = (
        StagedUpload.objects.filter(created_by=user)
        .values("batch", "status")
        .annotate(n=Count("id"), first=Min("created_at"))
        .order_by()
    )
    batches: dict[uuid.UUID, dict] = {}
    for row in rows:
        entry = batches.setdefault(row["batch"], {"first": row["first"], "counts": {}})
        entry["first"] = min(entry["first"], row["first"])
        entry["counts"][row["status"]] = row["n"]
    order = [status for status, _ in Status.choices]
    summaries = [
        BatchSummary(batch, entry["first"], sum(entry["counts"].values()),
                     {s: entry["counts"][s] for s in order if s in entry["counts"]})
        for batch, entry in batches.items()
    ]  # fmt: skip
    return sorted(summaries, key=lambda b: b.uploaded_at, reverse=True)[:limit]


def files_waiting(user: User) -> int:
    """The user's files read and waiting for a confirm or a discard: the admin's index says how many."""
    return StagedUpload.objects.filter(created_by=user, status=Status.AWAITING).count()


# What a file that is mostly one stored report becomes when confirmed: another form of that report (its scan, its
# .doc), its better text (the old text kept in its history), or a new report. The labels are shown.
ACTION_LABELS = {
    "attach": "作为该报告的另一原件（不新建报告）",
    "replace": "替换该报告的全文（旧全文保留在历史中）",
    "new": "录入为一份新报告",
}
ACTIONS = tuple(ACTION_LABELS)
PRESET = "上传时指定"  # how a field set for the whole batch on the upload form was found
EDITED = "已修改"


@dataclass(frozen=True)
class Corrections:
    """What was said of a file before it is stored (StagedUpload.corrections): field values that win over the
    parser (None: cleared on purpose), which of them the upload form set for the whole batch, and the choice
    for a file that is mostly a stored report (one of ACTIONS, or '' not said)."""

    fields: dict[str, Any] = field(default_factory=dict)
    preset: frozenset[str] = frozenset()
    action: str = ""

    @classmethod
    def of(cls, staged: StagedUpload) -> Corrections:
        kept = staged.corrections or {}
        return cls(dict(kept.get("fields", {})), frozenset(kept.get("preset", ())), kept.get("action", ""))

    def as_json(self) -> dict[str, Any]:
        return {"fields": self.fields, "preset": sorted(self.preset), "action": self.action}

    def how(self, name: str) -> str:
        """How a corrected field came to be what it is: '上传时指定' or '已修改'."""
        return PRESET if name in self.preset else EDITED

    def filled(self) -> dict[str, Any]:
        """The fields given a value (the others were cleared on purpose)."""
        return {name: value for name, value in self.fields.items() if value not in ("", None)}


@dataclass(frozen=True)
class StagedFile:
    """A file read and awaiting the editor, as the batch's table and its own page show it: the parse kept when it
    was read (services.uploads.preview_of) with the editor's corrections over it, and its copy check."""

    row: StagedUpload
    parsed: dict[str, Any]  # parsing.export.preview_to_dict
    corrections: Corrections
    copies: CopyCheck | None
    same: SameReport | None
    duplicate: Report | None  # a stored report with the same text: confirming it is refused

    @property
    def values(self) -> dict[str, Any]:
        """Each field as confirming would store it."""
        return {name: self.parsed.get(name) for name in PREVIEW_FIELDS} | self.corrections.fields

    @property
    def how(self) -> dict[str, Found | str]:
        """How each field was found (parsing.types.Found), or who set it."""
        found: dict[str, Found | str] = {name: Found(how) for name, how in self.parsed.get("found", {}).items()}
        return found | {name: self.corrections.how(name) for name in self.corrections.fields}

    @property
    def warnings(self) -> list[str]:
        """The parser's warnings, less those a correction settled."""
        return unsettled_warnings(self.parsed.get("warnings", []), self.corrections.fields)

    @property
    def action(self) -> str:
        """What confirming does with a file mostly one stored report: the editor's choice, else attaching when
        its year and township agree and a new report when they differ (next year's report copying this one's)."""
        if self.same is None:
            return ""
        return self.corrections.action or ("attach" if self.same.agrees else "new")

    @property
    def selected(self) -> bool:
        """Ticked in the table at first: not a duplicate, and not a form of a stored report nobody decided on."""
        if self.duplicate is not None:
            return False
        return self.same is None or bool(self.corrections.action)


PREVIEW_FIELDS = ("title", "township", "county", "year", "period", "kind")


def staged_files(rows: list[StagedUpload]) -> dict[int, StagedFile]:
    """The files of `rows` that await the editor, by id, with a few queries for all of them."""
    waiting = [row for row in rows if row.status == Status.AWAITING and "parsed" in row.checked]
    duplicates = stored_duplicates(row.checked["digest"] for row in waiting)
    sames = SameReport.from_summaries([row.checked.get("same") for row in waiting])
    files = {}
    for row, same in zip(waiting, sames, strict=True):
        duplicate = duplicates.get(row.checked["digest"])
        copies = CopyCheck.from_summary(row.checked["copies"]) if row.checked.get("copies") else None
        same = None if duplicate is not None else same
        files[row.pk] = StagedFile(row, row.checked["parsed"], Corrections.of(row), copies, same, duplicate)
    return files


@dataclass(frozen=True)
class BatchProgress:
    """How far the reading of a batch is: files read of all, the scans' pages recognised of all, and the time
    left at the pace the batch's recognition has kept so far (None until a page is done)."""

    files: int
    finished: int
    pages_total: int
    pages_done: int
    seconds_left: float | None

    def described(self) -> str:
        said = f"已读取 {self.finished}/{self.files} 个文件"
        if self.pages_total:
            said += f"，扫描件已识别 {self.pages_done}/{self.pages_total} 页"
        if self.seconds_left is not None and self.finished < self.files:
            minutes = max(1, round(self.seconds_left / 60))
            said += f"，约还需 {minutes} 分钟" if self.seconds_left >= 60 else "，不到 1 分钟"
        return said


def batch_progress(rows: list[StagedUpload], now: datetime) -> BatchProgress:
    """Summed over the batch's files: OCR pages are the slow part, so its time left is counted in them."""
    scans = [row for row in rows if row.pages_total]
    total, done = sum(row.pages_total for row in scans), sum(row.pages_done for row in scans)
    started = [row.recognition_started_at for row in scans if row.recognition_started_at]
    seconds_left = None
    if done and started:
        pace = (now - min(started)).total_seconds() / done  # seconds a page, over the workers together
        seconds_left = pace * (total - done)
    return BatchProgress(len(rows), sum(1 for row in rows if row.finished), total, done, seconds_left)
