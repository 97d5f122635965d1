"""The archive's version: a PostgreSQL sequence advanced by every write that changes what a page shows,
so cached pages (reports.middleware.PageCacheMiddleware) are never stale. A sequence, not a row: two
writers never wait for each other, and an advance in a transaction that rolls back only costs a cache miss."""

from django.db import connection, transaction

SEQUENCE = "reports_archive_version"


def archive_changed() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])


def archive_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCE}")  # the name is a constant, not user input
        return cursor.fetchone()[0]


def after_commit() -> None:
    """Advance the version once the current transaction commits: advanced before, a reader could cache
    the old data under the new version."""
    transaction.on_commit(archive_changed)


def on_model_change(sender, **kwargs) -> None:
    """Any save or delete of the archive's models (the admin's edits): see ReportsConfig.ready."""
    after_commit()
