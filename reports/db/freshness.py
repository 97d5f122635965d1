"""The archive's version: a PostgreSQL sequence advanced by every write that changes what a page shows,
so cached pages (reports.middleware.PageCacheMiddleware) are never stale. A sequence, not a row: two
writers never wait for each other, and an advance in a transaction that rolls back only costs a cache miss."""

from typing import Any

from django.db import connection, transaction

SEQUENCE = "reports_archive_version"


def archive_changed() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])


def archive_version() -> int:
    with connection.cursor() as cursor:
        # last_value alone reads 1 both before and after the first nextval; is_called tells them apart.
        cursor.execute(f"SELECT last_value + is_called::int FROM {SEQUENCE}")  # a constant name, not input
        return cursor.fetchone()[0]


def after_commit() -> None:
    """Advance the version once the current transaction commits: advanced before, a reader could cache
    the old data under the new version."""
    transaction.on_commit(archive_changed)


def on_model_change(sender: object, **kwargs: Any) -> None:
    """Any save or delete of the archive's models (the admin's edits): see ReportsConfig.ready."""
    after_commit()


def on_migrate(sender: object, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: the code may have changed what pages look like."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [SEQUENCE])
        if cursor.fetchone()[0]:
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])
