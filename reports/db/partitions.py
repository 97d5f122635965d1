"""Passages are stored in one partition per year (and one for reports whose year is unknown), so that a
search can read the newest years' index first and stop at the hits it counts: a word in most passages then
costs one or two years' posting lists, not the whole archive's, however many years the archive holds.

PostgreSQL routes each row to its year's partition; a year's partition is made when its first passage is
written (`ensure_years`), with the parent's indexes. A partitioned table cannot have a primary key without
the year in it, and the year may be unknown, so the ids come from their sequence and are unique by it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.backends.utils import CursorWrapper

PARENT = "reports_passage"
NO_YEAR = "no_year"
# Meant to keep the passages' heap rows narrow (a search reads thousands of them for facets, and only a
# few texts), but PostgreSQL toasts a row only once it passes about 2 KB, whatever the target: only texts
# of about 700 characters or more go out of line (1,650 of 19,455 passages in a year of 10,000 reports).
# Kept, since it does no harm. Set on each partition: a partitioned table has no storage of its own.
STORAGE = "toast_tuple_target = 128"
_LOCK = 70_312_2025  # pg_advisory_xact_lock key: one writer at a time makes a partition


def partition_name(year: int | None) -> str:
    """reports_passage_2024; reports_passage_no_year for reports whose year is unknown."""
    return f"{PARENT}_{NO_YEAR if year is None else int(year)}"


# The names of the partitions, from the catalogue (no passage is read): a scalar, so that a search asks
# for it in the statement that prepares its transaction (selectors._use_the_index), not in one more.
PARTITION_NAMES_SQL = """
    SELECT coalesce(array_agg(c.relname::text), '{}') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = to_regclass(%s)
"""


def years_of(names: Iterable[str]) -> list[int | None]:
    """['reports_passage_2024', 'reports_passage_no_year'] -> [2024, None]: partition_name, read back."""
    return [None if name == partition_name(None) else int(name.removeprefix(PARENT + "_")) for name in names]


def stored_years(cursor: CursorWrapper | None = None) -> list[int | None]:
    """The years that have a partition."""
    if cursor is None:
        with connection.cursor() as own:
            return stored_years(own)
    cursor.execute(PARTITION_NAMES_SQL, [PARENT])
    return years_of(cursor.fetchone()[0])


def walk_order(years: Iterable[int | None], *, newest_first: bool = True) -> list[int | None]:
    """The order a search reads the years in: newest (or oldest) first, the unknown year last."""
    years = list(years)
    known = sorted((year for year in years if year is not None), reverse=newest_first)
    return known + ([None] if None in years else [])


def ensure_years(years: Iterable[int | None]) -> None:
    """Make the partitions these years' passages need, in the caller's transaction. Most calls find them
    all and take no lock; a missing one is made under an advisory lock, so two writers never race."""
    wanted = set(years)
    with connection.cursor() as cursor:
        if not wanted - set(stored_years(cursor)):
            return
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        for year in wanted - set(stored_years(cursor)):
            create_partition(cursor, year)


def create_partition(cursor: CursorWrapper, year: int | None, parent: str = PARENT) -> None:
    bound = "NULL" if year is None else str(int(year))
    cursor.execute(
        f"CREATE TABLE {partition_name(year)} PARTITION OF {parent} FOR VALUES IN ({bound}) WITH ({STORAGE})"
    )


def rebuild(*, partitioned: bool) -> None:
    """Move every passage into a table partitioned by year (or back into one plain table), keeping the
    columns, indexes, checks and ids: the migration that introduced partitions, both ways. Not the foreign
    keys: making a partition with them locks the reports, sections and issues they point at, and a writer
    inserting those deadlocked with it; Django deletes a report's passages itself, first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        if cursor.fetchone()[0] == partitioned:
            return
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
            [PARENT, f"{PARENT}_pkey"],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        new = f"{PARENT}_rebuilt"
        cursor.execute("SELECT set_config('maintenance_work_mem', '512MB', true)")  # the GIN index is built again
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {PARENT} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)"
            + (" PARTITION BY LIST (year)" if partitioned else f" WITH ({STORAGE})")
        )
        cursor.execute(f"ALTER TABLE {new} ALTER COLUMN id DROP DEFAULT")  # the old table's sequence goes
        if partitioned:
            cursor.execute(f"SELECT DISTINCT year FROM {PARENT}")
            for year in {row[0] for row in cursor.fetchall()} | {None}:
                create_partition(cursor, year, parent=new)
        cursor.execute(f"INSERT INTO {new} SELECT * FROM {PARENT}")
        cursor.execute(f"DROP TABLE {PARENT}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {PARENT}")
        cursor.execute(f"CREATE SEQUENCE {PARENT}_id_seq OWNED BY {PARENT}.id")
        cursor.execute(f"ALTER TABLE {PARENT} ALTER COLUMN id SET DEFAULT nextval('{PARENT}_id_seq')")
        cursor.execute(f"SELECT setval('{PARENT}_id_seq', coalesce(max(id), 0) + 1, false) FROM {PARENT}")
        if not partitioned:
            cursor.execute(f"ALTER TABLE {PARENT} ADD PRIMARY KEY (id)")
        for definition in indexes:
            cursor.execute(definition.replace(" ONLY ", " "))
