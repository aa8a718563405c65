"""The work of one job item, the same whoever runs it: a ``miler worker`` on PostgreSQL or
the web process itself on SQLite.

Each kind of work ends in one transaction that stores what it made *and* marks its item
finished, with the item row locked: run twice (a retry, a job deferred twice, a worker
killed after committing), the second run finds the item finished and does nothing. A failure
that may pass (the database busy or unreachable, a connection lost) is raised for the queue
to try again later; any other is the item's outcome, with its reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from miler.errors import InvalidInputError, MilerError
from miler.jobs.records import FINISHED, WorkItem, finish_item, lock_item, start_item
from miler.services.stores import (
    AddRunOutcome,
    AthleteProfile,
    DatabaseLockedError,
    DatabaseUnreachableError,
    NewRun,
    StoredResult,
    StoreError,
)
from miler.store import SqlAthleteStore, SqlPlanStore, SqlRunStore
from miler.store.database import Database, _first_line
from miler.store.repositories import store_analysis, store_plan, store_run

__all__ = ["is_transient", "perform_item"]

_log = logging.getLogger("miler.jobs")


def is_transient(error: BaseException) -> bool:
    """A failure that may pass if the work is tried again later: the log busy or out of
    reach, a connection lost, a conflict with a concurrent writer."""
    if isinstance(error, DatabaseLockedError | DatabaseUnreachableError):
        return True
    if isinstance(error, MilerError):
        return False
    return isinstance(error, SQLAlchemyError | DBAPIError | OSError)


def _runner(db: Database, item: WorkItem) -> AthleteProfile:
    athlete = SqlAthleteStore(db).get_athlete(item.athlete_id)
    if athlete is None:
        raise InvalidInputError(f"the runner {item.athlete_id} is no longer in the log")
    return athlete


def _fail(db: Database, item_id: int, message: str) -> None:
    with db.session(write=True) as session:
        row = lock_item(session, item_id)
        if row is not None and row.state not in FINISHED:
            finish_item(session, row, state="failed", outcome="failed", message=message)


def _requeue(db: Database, item_id: int, message: str) -> None:
    with db.session(write=True) as session:
        row = lock_item(session, item_id)
        if row is not None and row.state == "running":
            row.state = "queued"
            row.message = message


class _JobRunStore(SqlRunStore):
    """The run store an import job offers its run to: the run and the upload's end are
    stored in one transaction, and an upload already imported is never stored twice."""

    def __init__(self, db: Database, item_id: int) -> None:
        super().__init__(db)
        self._item_id = item_id

    def add_run(self, run: NewRun, results: Sequence[StoredResult] = ()) -> AddRunOutcome:
        """Store the run (or find its duplicate) and mark the upload done, together."""
        with self._db.session(write=True) as session:
            row = lock_item(session, self._item_id)
            if row is None:
                raise StoreError(f"the upload {run.file_name} was removed before its import")
            if row.state in FINISHED:
                return AddRunOutcome(
                    status="duplicate", run_id=row.run_id or 0, why="imported before"
                )
            outcome = store_run(session, run, results)
            finish_item(
                session,
                row,
                state="done",
                outcome=outcome.status,
                message=outcome.why,
                run_id=outcome.run_id,
            )
            return outcome


def _import(db: Database, item: WorkItem) -> None:
    from miler.services.importing import Source, import_source

    payload = item.payload
    if payload is None:
        raise InvalidInputError(f"{item.name}: its uploaded bytes are no longer stored")
    source = Source(label=item.name, name=item.name, read=lambda: payload)
    outcome = import_source(source, _runner(db, item), _JobRunStore(db, item.item_id))
    if outcome.status == "failed":
        _fail(db, item.item_id, outcome.why)


def _analyse(db: Database, item: WorkItem) -> None:
    from miler.services.importing import analyse_activity, read_activity, results_from_analysis

    runs = SqlRunStore(db)
    stored = None if item.run_id is None else runs.get_run(item.run_id)
    if stored is None:
        raise InvalidInputError(f"there is no run {item.run_id} in the log to analyse")
    _data, activity = read_activity(stored.file_name, runs.original(stored.run_id))
    analysis = analyse_activity(activity, _runner(db, item))
    day = None if activity.start is None else activity.start.astimezone(dt.UTC).date()
    results = [] if day is None else results_from_analysis(analysis, day)
    with db.session(write=True) as session:
        row = lock_item(session, item.item_id)
        if row is None or row.state in FINISHED:
            return
        store_analysis(session, stored.run_id, analysis, results)
        finish_item(session, row, state="done", outcome="analysed", run_id=stored.run_id)


def _replan(db: Database, item: WorkItem) -> None:
    from miler.services.adapt import RunFile, adapt_plan
    from miler.services.training_log import plan_activities

    plan = SqlPlanStore(db).current_plan(item.athlete_id)
    if plan is None:
        raise InvalidInputError("there is no current plan to re-plan: make a plan first")
    stored, activities = plan_activities(plan, item.athlete_id, SqlRunStore(db), dt.UTC)
    files = tuple(
        RunFile(index=i, path=f"run {r.run_id}: {r.file_name}", error=None)
        for i, r in enumerate(stored)
    )
    # The day the runner asked: a retry hours later plans from the same day.
    adapted = adapt_plan(plan, activities, today=item.created.date(), files=files)
    with db.session(write=True) as session:
        row = lock_item(session, item.item_id)
        if row is None or row.state in FINISHED:
            return
        if adapted.revised is None:
            finish_item(session, row, state="done", outcome="unchanged", message="plan is over")
            return
        store_plan(session, adapted.revised)
        message = f"plan {plan.plan_id} revision {adapted.revised.revision}"
        finish_item(session, row, state="done", outcome="replanned", message=message)


def _export(db: Database, item: WorkItem) -> None:
    from miler.store.archive import export_archive

    with tempfile.TemporaryDirectory(prefix="miler-export-") as folder:
        path = Path(folder) / item.name
        counts = export_archive(db, path)
        data = path.read_bytes()
    message = f"{counts['runs']} runs, {counts['plans']} plan revisions, {len(data)} bytes"
    with db.session(write=True) as session:
        row = lock_item(session, item.item_id)
        if row is None or row.state in FINISHED:
            return
        finish_item(session, row, state="done", outcome="exported", message=message, result=data)


_WORK: Final[dict[str, Callable[[Database, WorkItem], None]]] = {
    "import": _import,
    "analyse": _analyse,
    "replan": _replan,
    "export": _export,
}


def perform_item(db: Database, item_id: int, *, final_attempt: bool = True) -> None:
    """Do one item's work, once. A failure that may pass is raised again (the item goes
    back to ``queued``) unless this is the ``final_attempt``; every other failure, and a
    passing one on the final attempt, is recorded as the item's outcome."""
    item = start_item(db, item_id)
    if item is None:
        return
    try:
        _WORK[item.kind](db, item)
    except Exception as error:
        if is_transient(error) and not final_attempt:
            _log.warning(
                "job item failed, will try again: %s",
                _first_line(error),
                extra={"job_id": item.job_id, "item_id": item_id, "attempt": item.attempts},
            )
            _requeue(db, item_id, f"will try again: {_first_line(error)}")
            raise
        if isinstance(error, MilerError):
            _fail(db, item_id, str(error))
            return
        _log.exception("job item failed", extra={"job_id": item.job_id, "item_id": item_id})
        _fail(db, item_id, f"gave up after {item.attempts} attempts: {_first_line(error)}")
