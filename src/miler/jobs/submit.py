"""The use cases of background work a front end calls: submit a job, read its progress.

Every submission first stores the job and its items (an upload's bytes included) in one
transaction, then hands the items to the queue: whatever dies after the first step, the work
is in the database and a worker (or the next sweep) picks it up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Final

from miler.errors import InvalidInputError
from miler.jobs.queue import JobQueue
from miler.jobs.records import JobKind, UnknownJobError, create_job, job_status
from miler.services.importing import ACTIVITY_SUFFIXES
from miler.store.database import Database
from miler.store.models import JobItemRow

__all__ = [
    "MAX_FILES_PER_IMPORT",
    "export_result",
    "job_status",
    "safe_file_name",
    "submit_export",
    "submit_imports",
    "submit_reanalysis",
    "submit_replan",
]

MAX_FILES_PER_IMPORT: Final = 500
"""More files than this in one upload is not one runner's week: refused, nothing stored."""


def safe_file_name(name: str) -> str:
    """The last part of an uploaded file's name, whatever separators the sender's system
        uses (``../../etc/passwd`` is ``passwd``), without leading dots: only a name is kept,
    never a path."""
    base = PureWindowsPath(PurePosixPath(name).name).name.strip()
    cleaned = "".join(c for c in base if c.isprintable()).lstrip(". ")
    return cleaned[:200] or "upload"


def _submit(
    db: Database,
    queue: JobQueue,
    athlete_id: str,
    kind: JobKind,
    items: Sequence[tuple[str, bytes | None, int | None]],
) -> str:
    job_id, item_ids = create_job(db, athlete_id, kind, items)
    queue.enqueue(item_ids)
    return job_id


def submit_imports(
    db: Database, queue: JobQueue, athlete_id: str, files: Sequence[tuple[str, bytes]]
) -> str:
    """Import uploaded files (name, bytes) into the runner's log as one job; returns its
    id. The files are stored before any is imported; a duplicate is a success, a bad file
    that file's failure with its reason."""
    if not files:
        raise InvalidInputError("no files were uploaded: choose FIT, GPX or TCX files")
    if len(files) > MAX_FILES_PER_IMPORT:
        raise InvalidInputError(
            f"{len(files)} files in one upload: send at most {MAX_FILES_PER_IMPORT} at a time"
        )
    named = [(safe_file_name(name), data) for name, data in files]
    for name, _data in named:
        if not name.lower().removesuffix(".gz").endswith(ACTIVITY_SUFFIXES):
            raise InvalidInputError(f"{name}: miler reads .fit, .gpx and .tcx files (or .gz)")
    return _submit(db, queue, athlete_id, "import", [(n, d, None) for n, d in named])


def submit_reanalysis(
    db: Database, queue: JobQueue, athlete_id: str, run_ids: Sequence[int]
) -> str:
    """Analyse stored runs again (after the analysis or the runner's profile changed)."""
    if not run_ids:
        raise InvalidInputError("no runs to analyse")
    return _submit(db, queue, athlete_id, "analyse", [(f"run {r}", None, r) for r in run_ids])


def submit_replan(db: Database, queue: JobQueue, athlete_id: str) -> str:
    """Adapt the runner's current plan to the runs stored (a new revision)."""
    return _submit(db, queue, athlete_id, "replan", [("current plan", None, None)])


def submit_export(db: Database, queue: JobQueue, athlete_id: str) -> str:
    """Export the whole log as one archive (``miler export-data``'s format)."""
    return _submit(db, queue, athlete_id, "export", [("miler-log.zip", None, None)])


def export_result(db: Database, job_id: str, athlete_id: str | None = None) -> bytes:
    """The archive a finished export job made; :class:`UnknownJobError` otherwise."""
    from sqlalchemy import select

    status = job_status(db, job_id, athlete_id)
    if status.kind != "export" or status.state != "done":
        raise UnknownJobError(f"job {job_id} holds no finished export")
    with db.session() as session:
        data = session.scalars(select(JobItemRow.result).where(JobItemRow.job_id == job_id)).first()
    if data is None:
        raise UnknownJobError(f"job {job_id} holds no finished export")
    return bytes(data)
