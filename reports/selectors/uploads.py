"""Uploads as the admin lists them: each user's batches with their files counted by state, and the files awaiting
the archivist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Count, Min

from reports.models import StagedUpload

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
