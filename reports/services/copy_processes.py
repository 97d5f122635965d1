"""The worker processes of a copy map build (reports.services.copies.check_unchecked with several workers).

Spawned, not forked: each sets Django up and opens a connection of its own, to the database the build
runs on. This module imports nothing of Django at its top, so that a new process can unpickle its
functions before Django is set up.
"""

from __future__ import annotations

import os

_worker: dict = {}


def start(database: str, shared_table: str | None) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    from reports.selectors.copies import SharedHashes

    connection.settings_dict["NAME"] = database
    _worker["shared"] = SharedHashes(shared_table) if shared_table else None


def check(report_ids: list[int]) -> set[int]:
    from reports.services.copies import check_earlier_pairs

    return check_earlier_pairs(report_ids, _worker["shared"])
