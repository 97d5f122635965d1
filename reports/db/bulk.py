"""Many rows at once, for the services that store whole batches of reports.

The ORM's bulk_create quotes every value into the SQL text and asks for each new id back; for the
hundreds of rows a batch of reports makes, it is cheaper to take the ids from the table's sequence in
one query and send the rows with COPY, which PostgreSQL reads while Python is still writing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.db import connection, models

from reports.models import SEARCH_INDEX, Passage


def next_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, reserved from its sequence (never handed out again)."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """COPY rows (tuples in the order of `columns`) into `table`. Nothing checks the values but the
    database: callers pass what the models allow."""
    names = ", ".join(f'"{name}"' for name in columns)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def bulk_load_session(pending_index_mb: int = 64, work_mem_mb: int = 256) -> Iterator[None]:
    """Settings for a long ingest on this connection, undone afterwards.

    - synchronous_commit off: each report is still stored whole or not at all; a crash may lose only
      the last moment's reports, which re-running the (idempotent) ingest restores.
    - A bigger GIN pending list, merged with more memory: new index entries are collected and merged
      into the index many reports at a time, instead of a few thousand tree insertions per report.
      The list is merged before returning, so searches never scan a long one.
    """
    settings = {
        "synchronous_commit": "off",
        "gin_pending_list_limit": f"{pending_index_mb}MB",
        "work_mem": f"{work_mem_mb}MB",
    }
    with connection.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    try:
        yield
    finally:
        merge_pending_entries()  # (none while a load into an empty archive builds the index at its end)
        with connection.cursor() as cursor:
            for name in settings:
                cursor.execute(f"RESET {name}")


def merge_pending_entries() -> int:
    """Merge the search index's pending list into its tree (each year's partition has its own index,
    partitions.py); the pages it held, 0 when there was nothing pending or no index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(gin_clean_pending_list(relid)), 0) FROM pg_partition_tree(to_regclass(%s))"
            " WHERE isleaf",
            [SEARCH_INDEX],
        )
        return cursor.fetchone()[0]


@contextmanager
def index_built_after(model: type[models.Model], name: str, *, empty: bool) -> Iterator[None]:
    """A big load into an empty table builds the model's index `name` once, at its end, from every row: as fast as
    the inserts it saves (minutes of row-by-row upkeep become seconds), and for the search index about half
    the size of one grown batch by batch (whose pages the merges of its pending list leave half full). Built
    again, as the model defines it, even if the load fails. With `empty` false, nothing is dropped."""
    if not empty:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        build_index(model, name)


def search_index_built_after(*, empty: bool) -> AbstractContextManager[None]:
    """The search index built after a big load into an empty archive: searches during that load find nothing
    they could find fast; there was nothing to find before it."""
    return index_built_after(Passage, SEARCH_INDEX, empty=empty)


def build_index(model: type[models.Model], name: str) -> None:
    """Build one of the model's indexes, as its Meta declares it (when a load has dropped it). Inside a
    transaction (fingerprints are loaded in one), the foreign keys of the rows loaded are checked first, as
    PostgreSQL asks before it alters the table; outside one there is nothing pending to check."""
    (index,) = (index for index in model._meta.indexes if index.name == name)
    in_transaction = connection.in_atomic_block
    with connection.cursor() as cursor:
        if in_transaction:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET maintenance_work_mem = '512MB'")
    with connection.schema_editor() as editor:
        editor.add_index(model, index)  # the model's one definition of it
    with connection.cursor() as cursor:
        cursor.execute("RESET maintenance_work_mem")
        if in_transaction:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def search_index_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [SEARCH_INDEX])
        return cursor.fetchone()[0]
