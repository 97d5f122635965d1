"""Background work, deferred by its task's name (the tasks are reports/tasks.py, run by the worker).

Services ask for work here, never by importing the tasks: the tasks call the services, so a service that
imported them would close an import circle. A name no task has is refused (procrastinate's
`configure_task(allow_unknown=False)`); the names are declared once, below, and tasks.py registers each.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

logger = logging.getLogger(__name__)

READ_UPLOAD = "read_upload"  # read one uploaded file, or pass a scan on to RECOGNISE_UPLOAD: staged_id
RECOGNISE_UPLOAD = "recognise_upload"  # read a scan or a photo by OCR, in a queue of its own: staged_id
CHECK_COPIES = "check_copies"  # the copy check (查重) of reports just stored or re-parsed: report_ids
CHECK_UNCHECKED_COPIES = "check_unchecked_copies"  # every report not checked yet, one job at a time
RECHECK_FORMULAS = "recheck_formulas"  # the copy check of the reports holding formulas staff changed: formulas
EXPIRE_UPLOADS = "expire_uploads"  # each night: uploads left unconfirmed too long
SEND_SEARCH_DIGESTS = "send_search_digests"  # each morning: saved searches' new reports, by e-mail
RETRY_STALLED_JOBS = "retry_stalled_jobs"  # each minute: the jobs of a worker that died


def defer_on_commit(task: str, **arguments: Any) -> None:
    """Queue `task` once the current transaction commits: a job never sees data that was rolled back, nor
    runs before the rows it reads exist."""
    transaction.on_commit(lambda: defer(task, **arguments))


def defer(task: str, **arguments: Any) -> bool:
    """Queue `task` now; False when a job holding the task's queueing lock is queued already."""
    try:
        app.configure_task(task, allow_unknown=False).defer(**arguments)
    except AlreadyEnqueued:
        logger.info("%s is queued already", task)
        return False
    return True
