"""A big ingest's writer: batches of reports stored while the next are read, on several connections."""

from __future__ import annotations

import logging
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

from django.contrib.auth.models import User
from django.db import connection

from reports.db import partitions
from reports.db.bulk import bulk_load_session, search_index_built_after
from reports.models import (
    Passage,
    Report,
)
from reports.preparing import (
    PARALLEL_FROM,
)
from reports.services import ingest
from reports.services.ingest import DuplicateReport, Prepared, store_batch
from reports.services.store import Rules, stored_year

logger = logging.getLogger(__name__)
WRITERS = 2  # connections storing batches at once in a big ingest (BatchWriter)


Outcome = tuple[str, Prepared, "Report | DuplicateReport"]  # a report's name, what was read, what became of it


def writers_for(reports: int) -> int:
    """Several writers pay off for a big ingest only, like several reading processes."""
    return WRITERS if reports >= PARALLEL_FROM else 1


class BatchWriter:
    """Stores reports as they are read, BATCH at a time with store_batch, `writers` batches at once: each
    writer a thread with its own connection, so PostgreSQL indexes one batch while this process sends
    the next. One writer stores each batch here, on this thread's connection. Every connection used is
    in a bulk_load_session.

    Outcomes come back in the order the reports were added: from `add`, those stored meanwhile; from
    `finish`, the rest."""

    def __init__(self, rules: Rules, *, writers: int = 1, user: User | None = None):
        self.rules, self.user = rules, user
        threads = writers if writers > 1 else 0
        self._threads = [ThreadPoolExecutor(1, thread_name_prefix="writer") for _ in range(threads)]
        self._pending: list[tuple[str, Prepared]] = []
        self._in_flight: deque[tuple[list[tuple[str, Prepared]], Future]] = deque()
        self._submitted = 0
        self._session = threading.local()
        # A big load (several writers) into an empty archive builds the search index at its end.
        self._index_after = search_index_built_after(empty=bool(threads) and not Passage.objects.exists())
        self._index_after.__enter__()

    def add(self, name: str, prepared: Prepared) -> list[Outcome]:
        self._pending.append((name, prepared))
        return self._submit() if len(self._pending) >= ingest.BATCH else []

    def finish(self) -> list[Outcome]:
        """Store what is left and wait for every batch."""
        try:
            done = self._submit() if self._pending else []
            while self._in_flight:
                done += self._collect()
        finally:
            self._end()
        return done

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        if error_type is None:
            self.finish()
        else:  # store nothing more; batches under way end as their transactions do
            self._pending = []
            self._end()

    def _end(self) -> None:
        """End the writers' sessions (merging the index's pending entries) and their connections."""
        for thread in self._threads:
            thread.submit(self._end_session, close=True).result()
            thread.shutdown()
        self._threads, self._in_flight = [], deque()
        self._end_session(close=False)
        self._index_after.__exit__(None, None, None)

    def _submit(self) -> list[Outcome]:
        batch, self._pending = self._pending, []
        if not self._threads:
            return self._outcomes(batch, self._store([prepared for _, prepared in batch]))
        # A new year's partition is made here, outside the writers' transactions: made inside one, its lock on
        # the passages would stand until that batch commits, and the other writer's batch would deadlock on it.
        partitions.ensure_years({stored_year(p.parsed, p.overrides.given()) for _, p in batch})
        thread = self._threads[self._submitted % len(self._threads)]
        self._submitted += 1
        self._in_flight.append((batch, thread.submit(self._store, [prepared for _, prepared in batch])))
        done: list[Outcome] = []
        while len(self._in_flight) > len(self._threads) or (self._in_flight and self._in_flight[0][1].done()):
            done += self._collect()
        return done

    def _store(self, batch: list[Prepared]) -> list[Report | DuplicateReport]:
        if not hasattr(self._session, "settings"):
            self._session.settings = bulk_load_session()
            self._session.settings.__enter__()
        return store_batch(batch, user=self.user, rules=self.rules)

    def _end_session(self, *, close: bool) -> None:
        settings = getattr(self._session, "settings", None)
        if settings is not None:
            del self._session.settings
            settings.__exit__(None, None, None)
        if close:
            connection.close()  # this writer thread's own connection

    def _collect(self) -> list[Outcome]:
        batch, future = self._in_flight.popleft()
        return self._outcomes(batch, future.result())

    @staticmethod
    def _outcomes(batch: list[tuple[str, Prepared]], results: list[Report | DuplicateReport]) -> list[Outcome]:
        return [(name, prepared, result) for (name, prepared), result in zip(batch, results, strict=True)]
