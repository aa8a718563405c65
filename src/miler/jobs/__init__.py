"""Background work for the coach server: imports, analyses, re-plans and exports as jobs.

A front end (the web app) calls :func:`submit_imports` and the other ``submit_*`` functions
with the log and its :func:`job_queue`, and reads a job's progress with :func:`job_status`.
On PostgreSQL the items run on procrastinate's workers (``miler worker``, any number, on any
machines); on SQLite the same work runs at once in the web process. The layers: this package
calls the use cases (:mod:`miler.services`) and the store; nothing below it imports it.

- :mod:`miler.jobs.records`: the jobs and their items in the log, and a job's progress.
- :mod:`miler.jobs.work`: the work of one item, idempotent, the same whoever runs it.
- :mod:`miler.jobs.queue`: procrastinate (the app, the task, the worker, the sweep for
  stalled jobs) and the inline queue.
- :mod:`miler.jobs.submit`: the use cases a front end calls.
"""

from __future__ import annotations

from miler.jobs.queue import JobQueue, job_queue
from miler.jobs.records import ItemStatus, JobStatus, UnknownJobError, job_status
from miler.jobs.submit import (
    export_result,
    submit_export,
    submit_imports,
    submit_reanalysis,
    submit_replan,
)
from miler.jobs.work import perform_item

__all__ = [
    "ItemStatus",
    "JobQueue",
    "JobStatus",
    "UnknownJobError",
    "export_result",
    "job_queue",
    "job_status",
    "perform_item",
    "submit_export",
    "submit_imports",
    "submit_reanalysis",
    "submit_replan",
]
