"""The jobs and their items in the training log's database (tables ``jobs``, ``job_items``).

A job is what a runner asked for; its items are the units a worker does one at a time (one
uploaded file each, for an import). An item moves ``queued`` -> ``running`` -> ``done`` or
``failed``; its outcome and its message say what became of it. The job's own state is
read from its items (:func:`job_status`), so there is nothing to keep in step.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from miler.errors import MilerError
from miler.store.database import Database
from miler.store.models import JobItemRow, JobRow

__all__ = [
    "ItemStatus",
    "JobKind",
    "JobStatus",
    "UnknownJobError",
    "WorkItem",
    "create_job",
    "finish_item",
    "job_status",
    "lock_item",
    "pending_items",
    "start_item",
]

JobKind = Literal["import", "analyse", "replan", "export"]
JobState = Literal["queued", "running", "done", "failed"]
FINISHED: Final = ("done", "failed")


class UnknownJobError(MilerError):
    """No such job (or not one of this runner's)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ItemStatus(BaseModel):
    """One unit of a job: a file, a run, a plan, an export."""

    model_config = ConfigDict(frozen=True)

    name: str
    state: JobState
    outcome: str | None
    run_id: int | None
    message: str
    attempts: int


class JobStatus(BaseModel):
    """Where a job stands: ``done`` of ``total`` items finished (``failed`` of them failed),
    a one-line message, and each item."""

    model_config = ConfigDict(frozen=True)

    job_id: str
    kind: JobKind
    state: JobState
    total: int
    done: int
    failed: int
    message: str
    created: dt.datetime
    items: tuple[ItemStatus, ...]


@dataclass(frozen=True)
class WorkItem:
    """What a worker needs to do one item."""

    item_id: int
    job_id: str
    kind: JobKind
    athlete_id: str
    name: str
    payload: bytes | None
    run_id: int | None
    created: dt.datetime
    attempts: int


def create_job(
    db: Database,
    athlete_id: str,
    kind: JobKind,
    items: Sequence[tuple[str, bytes | None, int | None]],
) -> tuple[str, list[int]]:
    """Store a job and its items (name, payload bytes, run id) in one transaction, all
    ``queued``; returns the job id and the item ids, in order."""
    job_id = uuid.uuid4().hex
    now = _now()
    with db.session(write=True) as session:
        session.add(JobRow(job_id=job_id, athlete_id=athlete_id, kind=kind, created=now))
        session.flush()
        rows = [
            JobItemRow(
                job_id=job_id,
                position=position,
                name=name,
                payload=payload,
                run_id=run_id,
                state="queued",
                outcome=None,
                message="",
                attempts=0,
                result=None,
                updated=now,
            )
            for position, (name, payload, run_id) in enumerate(items)
        ]
        session.add_all(rows)
        session.flush()
        return job_id, [row.item_id for row in rows]


def lock_item(session: Session, item_id: int) -> JobItemRow | None:
    """The item, locked for the rest of ``session``'s transaction (PostgreSQL: row lock;
    SQLite's write transaction already holds the whole database)."""
    return session.scalars(
        select(JobItemRow).where(JobItemRow.item_id == item_id).with_for_update()
    ).first()


def start_item(db: Database, item_id: int) -> WorkItem | None:
    """Mark an item running (one more attempt) and return what its work needs; None when it
    is already finished or unknown: a job run again does nothing twice."""
    with db.session(write=True) as session:
        row = lock_item(session, item_id)
        if row is None or row.state in FINISHED:
            return None
        job = session.get(JobRow, row.job_id)
        assert job is not None  # the foreign key holds
        row.state = "running"
        row.attempts += 1
        row.updated = _now()
        return WorkItem(
            item_id=row.item_id,
            job_id=row.job_id,
            kind=job.kind,  # type: ignore[arg-type]
            athlete_id=job.athlete_id,
            name=row.name,
            payload=row.payload,
            run_id=row.run_id,
            created=job.created,
            attempts=row.attempts,
        )


def finish_item(
    session: Session,
    row: JobItemRow,
    *,
    state: Literal["done", "failed"],
    outcome: str,
    message: str = "",
    run_id: int | None = None,
    result: bytes | None = None,
) -> None:
    """Record an item's end inside ``session``'s transaction; its uploaded bytes are dropped
    (the run keeps its original)."""
    row.state = state
    row.outcome = outcome
    row.message = message
    row.run_id = run_id if run_id is not None else row.run_id
    row.result = result
    row.payload = None
    row.updated = _now()


def pending_items(db: Database, older_than: dt.timedelta) -> list[tuple[str, int]]:
    """Items still queued after ``older_than`` (their job kind and id): work that was stored
    but never handed to a worker, or lost with it."""
    since = _now() - older_than
    with db.session() as session:
        rows = session.execute(
            select(JobRow.kind, JobItemRow.item_id)
            .join(JobRow, JobRow.job_id == JobItemRow.job_id)
            .where(JobItemRow.state == "queued", JobItemRow.updated < since)
            .order_by(JobItemRow.item_id)
        ).all()
        return [(r.kind, r.item_id) for r in rows]


def _summary(kind: str, items: Sequence[ItemStatus]) -> str:
    finished = [i for i in items if i.state in FINISHED]
    if not finished:
        return "waiting for a worker" if all(i.attempts == 0 for i in items) else "working"
    counts: dict[str, int] = {}
    for item in finished:
        key = item.outcome or item.state
        counts[key] = counts.get(key, 0) + 1
    noun = "file" if kind == "import" else "item"
    told = ", ".join(f"{n} {word}" for word, n in sorted(counts.items()))
    return f"{len(finished)} of {len(items)} {noun}{'s' if len(items) != 1 else ''}: {told}"


def _state(items: Sequence[ItemStatus]) -> JobState:
    """Done when every item has finished and one at least did its work (a bad file among
    good ones is that file's failure, told in the message); failed when none did."""
    states = {i.state for i in items}
    if states == {"failed"}:
        return "failed"
    if states <= set(FINISHED):
        return "done"
    if states == {"queued"}:
        return "queued"
    return "running"


def job_status(db: Database, job_id: str, athlete_id: str | None = None) -> JobStatus:
    """A job's progress; :class:`UnknownJobError` when there is no such job (of
    ``athlete_id``, when given)."""
    with db.session() as session:
        job = session.get(JobRow, job_id) if len(job_id) <= 32 else None
        if job is None or (athlete_id is not None and job.athlete_id != athlete_id):
            raise UnknownJobError(f"there is no job {job_id}")
        rows = session.execute(
            select(
                JobItemRow.name,
                JobItemRow.state,
                JobItemRow.outcome,
                JobItemRow.run_id,
                JobItemRow.message,
                JobItemRow.attempts,
            )
            .where(JobItemRow.job_id == job_id)
            .order_by(JobItemRow.position)
        ).all()
        items = tuple(
            ItemStatus(
                name=r.name,
                state=r.state,
                outcome=r.outcome,
                run_id=r.run_id,
                message=r.message,
                attempts=r.attempts,
            )
            for r in rows
        )
        return JobStatus(
            job_id=job.job_id,
            kind=job.kind,  # type: ignore[arg-type]
            state=_state(items),
            total=len(items),
            done=sum(i.state in FINISHED for i in items),
            failed=sum(i.state == "failed" for i in items),
            message=_summary(job.kind, items),
            created=job.created,
            items=items,
        )
