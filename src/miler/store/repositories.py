"""The database implementations of the store interfaces (:mod:`miler.services.stores`).

Each method is one transaction. A run is added in one write transaction with its original
bytes: a crash or a refused file leaves nothing of it behind, and the unique content hash
makes two processes importing the same file store it once (the loser sees a duplicate).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from miler.plan.model import Plan
from miler.plan.schema import load_plan
from miler.services.stores import (
    AddRunOutcome,
    AthleteProfile,
    FeedInfo,
    NewRun,
    PlanEvent,
    PlanRevisionInfo,
    StoredResult,
    StoredRun,
    StoreError,
)
from miler.store.database import Database
from miler.store.models import (
    AthleteRow,
    EventRow,
    FeedRow,
    PlanRow,
    ResultRow,
    RunOriginalRow,
    RunRow,
    RunViewRow,
)

__all__ = [
    "SAME_RUN_OVERLAP",
    "SqlAthleteStore",
    "SqlEventStore",
    "SqlFeedStore",
    "SqlPlanStore",
    "SqlRunStore",
    "store_analysis",
    "store_plan",
    "store_run",
]

SAME_RUN_OVERLAP: Final = 0.8
"""Two recordings are the same run when their time windows overlap by at least this share
of the shorter one (a watch's FIT and the GPX a website exported from it differ by seconds
at each end; two runs of one day do not overlap at all)."""

_DEVICE_FORMAT: Final = "fit"


def _now() -> dt.datetime:
    # The store stamps when it stored something; the domain never reads the clock.
    return dt.datetime.now(dt.UTC)


class SqlAthleteStore:
    """Athletes and their dated results in the training log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save_athlete(self, profile: AthleteProfile) -> None:
        """Create the athlete, or replace its profile."""
        with self._db.session(write=True) as session:
            row = session.get(AthleteRow, profile.athlete_id)
            if row is None:
                session.add(
                    AthleteRow(
                        athlete_id=profile.athlete_id,
                        profile=profile.model_dump_json(),
                        created=_now(),
                    )
                )
            else:
                row.profile = profile.model_dump_json()

    def get_athlete(self, athlete_id: str) -> AthleteProfile | None:
        """The athlete with this id, or None."""
        with self._db.session() as session:
            row = session.get(AthleteRow, athlete_id)
            return None if row is None else AthleteProfile.model_validate_json(row.profile)

    def default_athlete(self) -> AthleteProfile | None:
        """The first athlete created, or None."""
        with self._db.session() as session:
            row = session.scalars(
                select(AthleteRow).order_by(AthleteRow.created, AthleteRow.athlete_id).limit(1)
            ).first()
            return None if row is None else AthleteProfile.model_validate_json(row.profile)

    def add_result(self, athlete_id: str, result: StoredResult) -> StoredResult:
        """Store a result; an identical one already stored is returned instead."""
        with self._db.session(write=True) as session:
            return _add_result(session, athlete_id, result)

    def remove_result(self, athlete_id: str, result_id: int) -> bool:
        """Remove one result; False when the athlete has none with that id."""
        with self._db.session(write=True) as session:
            row = session.get(ResultRow, result_id)
            if row is None or row.athlete_id != athlete_id:
                return False
            session.delete(row)
            return True

    def results(self, athlete_id: str) -> Sequence[StoredResult]:
        """Every result of the athlete, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(ResultRow)
                .where(ResultRow.athlete_id == athlete_id)
                .order_by(ResultRow.date, ResultRow.result_id)
            ).all()
            return [_result(row) for row in rows]


def _result(row: ResultRow) -> StoredResult:
    return StoredResult(
        result_id=row.result_id,
        distance_m=row.distance_m,
        time_s=row.time_s,
        date=row.date,
        tag=row.tag,  # type: ignore[arg-type]
        source=row.source,  # type: ignore[arg-type]
        run_id=row.run_id,
    )


def _add_result(session: Session, athlete_id: str, result: StoredResult) -> StoredResult:
    if session.get(AthleteRow, athlete_id) is None:
        raise StoreError(f"no athlete {athlete_id!r} in the log: create one with 'miler athlete'")
    same = session.scalars(
        select(ResultRow).where(
            ResultRow.athlete_id == athlete_id,
            ResultRow.distance_m == result.distance_m,
            ResultRow.time_s == result.time_s,
            ResultRow.date == result.date,
            ResultRow.tag == result.tag,
            ResultRow.run_id.is_(None)
            if result.run_id is None
            else ResultRow.run_id == result.run_id,
        )
    ).first()
    if same is not None:
        return _result(same)
    row = ResultRow(
        athlete_id=athlete_id,
        distance_m=result.distance_m,
        time_s=result.time_s,
        date=result.date,
        tag=result.tag,
        source=result.source,
        run_id=result.run_id,
    )
    session.add(row)
    session.flush()
    return _result(row)


class SqlPlanStore:
    """Plans and every revision of them in the training log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save_plan(self, plan: Plan) -> None:
        """Store a revision and make it the athlete's current plan."""
        with self._db.session(write=True) as session:
            store_plan(session, plan)

    def current_revision(self, athlete_id: str) -> PlanRevisionInfo | None:
        """The athlete's current plan revision, without reading its document."""
        with self._db.session() as session:
            row = session.execute(
                select(PlanRow.plan_id, PlanRow.revision).where(
                    PlanRow.athlete_id == athlete_id, PlanRow.current.is_(True)
                )
            ).first()
        if row is None:
            return None
        return next((r for r in self.revisions(row.plan_id) if r.revision == row.revision), None)

    def current_plan(self, athlete_id: str) -> Plan | None:
        """The athlete's current plan, or None."""
        with self._db.session() as session:
            row = session.scalars(
                select(PlanRow).where(PlanRow.athlete_id == athlete_id, PlanRow.current.is_(True))
            ).first()
            return None if row is None else _plan(row)

    def revisions(self, plan_id: str) -> Sequence[PlanRevisionInfo]:
        """Every revision of a plan, first to last."""
        with self._db.session() as session:
            rows = session.execute(
                select(
                    PlanRow.plan_id,
                    PlanRow.revision,
                    PlanRow.parent_revision,
                    PlanRow.reason,
                    PlanRow.created,
                    PlanRow.current,
                )
                .where(PlanRow.plan_id == plan_id)
                .order_by(PlanRow.revision)
            ).all()
            return [
                PlanRevisionInfo(
                    plan_id=r.plan_id,
                    revision=r.revision,
                    parent_revision=r.parent_revision,
                    reason=r.reason,
                    created=r.created,
                    current=r.current,
                )
                for r in rows
            ]

    def plan_ids(self, athlete_id: str) -> Sequence[str]:
        """The athlete's plans, oldest first."""
        with self._db.session() as session:
            rows = session.execute(
                select(PlanRow.plan_id, PlanRow.created)
                .where(PlanRow.athlete_id == athlete_id, PlanRow.revision == 1)
                .order_by(PlanRow.created)
            ).all()
            return [r.plan_id for r in rows]

    def get_revision(self, plan_id: str, revision: int) -> Plan | None:
        """One revision of a plan, or None."""
        with self._db.session() as session:
            row = session.get(PlanRow, (plan_id, revision))
            return None if row is None else _plan(row)


def store_plan(session: Session, plan: Plan) -> None:
    """Store a plan revision as the athlete's current plan inside ``session``'s transaction
    (:meth:`SqlPlanStore.save_plan` in one of its own; a job uses the transaction that also
    records the job's outcome)."""
    last = session.scalars(
        select(PlanRow.revision)
        .where(PlanRow.plan_id == plan.plan_id)
        .order_by(PlanRow.revision.desc())
        .limit(1)
    ).first()
    expected = 1 if last is None else last + 1
    if plan.revision != expected:
        raise StoreError(
            f"plan {plan.plan_id} revision {plan.revision} cannot be saved: the log "
            f"holds {'no revision' if last is None else f'revision {last}'} of it, "
            f"so the next is {expected}"
        )
    session.execute(
        update(PlanRow)
        .where(PlanRow.athlete_id == plan.athlete_id, PlanRow.current.is_(True))
        .values(current=False)
    )
    session.add(
        PlanRow(
            plan_id=plan.plan_id,
            revision=plan.revision,
            athlete_id=plan.athlete_id,
            parent_revision=plan.parent_revision,
            reason=plan.reason,
            created=_now(),
            current=True,
            document=plan.to_json(),
        )
    )
    try:
        session.flush()
    except IntegrityError:
        raise StoreError(
            f"plan {plan.plan_id} revision {plan.revision} was saved by another "
            "process at the same time; read the current plan and try again"
        ) from None


def _plan(row: PlanRow) -> Plan:
    return _parsed_plan(row.document, f"plan {row.plan_id} revision {row.revision} in the log")


@lru_cache(maxsize=16)
def _parsed_plan(document: str, where: str) -> Plan:
    """A stored plan document read into a :class:`Plan`, once per document: a revision never
    changes and a plan is immutable, so pages showing the same plan share one parse (reading
    an 18-week plan's JSON costs ~13 ms, a calendar page ~2 ms besides)."""
    return load_plan(document, where)


class SqlRunStore:
    """Imported runs in the training log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_run(self, run: NewRun, results: Sequence[StoredResult] = ()) -> AddRunOutcome:
        """Store the run, its original and the results found in it, in one transaction,
        unless the same content or the same run in another format is already stored."""
        try:
            with self._db.session(write=True) as session:
                return store_run(session, run, results)
        except IntegrityError:
            # Another process stored the same content between our check and our insert.
            with self._db.session() as session:
                existing = _by_hash(session, run.athlete_id, run.content_hash)
            if existing is None:  # pragma: no cover - the constraint named no other cause
                raise
            return AddRunOutcome(
                status="duplicate", run_id=existing, of=existing, why="the same file"
            )

    def list_runs(
        self,
        athlete_id: str,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        sport: str | None = None,
    ) -> Sequence[StoredRun]:
        """The athlete's runs starting in ``[since, until)``, oldest first (runs without a
        start time last, and only when no bound is given)."""
        query = select(RunRow).where(RunRow.athlete_id == athlete_id)
        if since is not None:
            query = query.where(RunRow.start >= since)
        if until is not None:
            query = query.where(RunRow.start < until)
        if sport is not None:
            query = query.where(RunRow.sport == sport)
        query = query.order_by(RunRow.start.is_(None), RunRow.start, RunRow.run_id)
        with self._db.session() as session:
            return [_run(row) for row in session.scalars(query).all()]

    def get_run(self, run_id: int) -> StoredRun | None:
        """One run, or None."""
        with self._db.session() as session:
            row = session.get(RunRow, run_id)
            return None if row is None else _run(row)

    def original(self, run_id: int) -> bytes:
        """The bytes of the file the run was imported from."""
        with self._db.session() as session:
            row = session.get(RunOriginalRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id} in the log")
            return bytes(row.data)

    def recent_runs(
        self, athlete_id: str, limit: int, offset: int = 0
    ) -> tuple[Sequence[StoredRun], int]:
        """A page of the athlete's runs, newest first, and how many there are in all."""
        mine = RunRow.athlete_id == athlete_id
        query = (
            select(RunRow)
            .where(mine)
            .order_by(RunRow.start.is_(None), RunRow.start.desc(), RunRow.run_id.desc())
            .limit(max(limit, 0))
            .offset(max(offset, 0))
        )
        with self._db.session() as session:
            total = session.scalar(select(func.count()).select_from(RunRow).where(mine)) or 0
            return [_run(row) for row in session.scalars(query).all()], int(total)

    def run_view(self, run_id: int) -> dict[str, Any] | None:
        """What the run's page draws, as kept (None when not computed yet)."""
        with self._db.session() as session:
            data = session.scalar(select(RunViewRow.data).where(RunViewRow.run_id == run_id))
            return None if data is None else dict(json.loads(data))

    def save_run_view(self, run_id: int, view: dict[str, Any]) -> None:
        """Keep (or replace) what the run's page draws; ignored for a run no longer stored."""
        try:
            with self._db.session(write=True) as session:
                if session.get(RunRow, run_id) is None:
                    return
                row = session.get(RunViewRow, run_id)
                if row is None:
                    session.add(RunViewRow(run_id=run_id, data=_dumps(view)))
                else:
                    row.data = _dumps(view)
        except IntegrityError:
            # Another request kept the view of this run at the same moment: computed from
            # the same original, it is the same view.
            return


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"))


def _by_hash(session: Session, athlete_id: str, content_hash: str) -> int | None:
    return session.scalars(
        select(RunRow.run_id).where(
            RunRow.athlete_id == athlete_id, RunRow.content_hash == content_hash
        )
    ).first()


def store_run(session: Session, run: NewRun, results: Sequence[StoredResult] = ()) -> AddRunOutcome:
    """Store a run, its original and its results inside ``session``'s transaction unless
    the same content or the same run is already stored (:meth:`SqlRunStore.add_run` in a
    transaction of its own; a job uses the one that also marks its upload done)."""
    if session.get_bind().dialect.name == "postgresql":
        # One importer at a time per athlete, so two processes cannot both store the
        # same run from two files (SQLite's BEGIN IMMEDIATE already serialises writers).
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:athlete))"),
            {"athlete": run.athlete_id},
        )
    same_file = _by_hash(session, run.athlete_id, run.content_hash)
    if same_file is not None:
        return AddRunOutcome(
            status="duplicate", run_id=same_file, of=same_file, why="the same file"
        )
    replaced: int | None = None
    twin = _same_run(session, run)
    if twin is not None:
        if run.source_format == _DEVICE_FORMAT and twin.source_format != _DEVICE_FORMAT:
            replaced = twin.run_id
            session.delete(twin)
            session.flush()
        else:
            return AddRunOutcome(
                status="duplicate",
                run_id=twin.run_id,
                of=twin.run_id,
                why=f"the same run as {twin.file_name}",
            )
    row = RunRow(
        athlete_id=run.athlete_id,
        content_hash=run.content_hash,
        file_name=run.file_name,
        source_format=run.source_format,
        sport=run.sport,
        start=run.start,
        duration_s=run.duration_s,
        distance_m=run.distance_m,
        device=run.device,
        name=run.name,
        analysis=json.dumps(run.analysis, separators=(",", ":")),
        imported=_now(),
    )
    session.add(row)
    session.flush()
    session.add(RunOriginalRow(run_id=row.run_id, data=run.original))
    if run.view is not None:
        session.add(RunViewRow(run_id=row.run_id, data=_dumps(run.view)))
    for result in results:
        _add_result(session, run.athlete_id, result.model_copy(update={"run_id": row.run_id}))
    session.flush()
    if replaced is not None:
        return AddRunOutcome(
            status="replaced",
            run_id=row.run_id,
            of=replaced,
            why="the device file replaces its GPS export",
        )
    return AddRunOutcome(status="imported", run_id=row.run_id)


def store_analysis(
    session: Session, run_id: int, analysis: dict[str, Any], results: Sequence[StoredResult]
) -> None:
    """Replace a stored run's analysis and the results found in it, inside ``session``'s
    transaction (a run analysed again after the analysis or the runner's profile changed)."""
    row = session.get(RunRow, run_id)
    if row is None:
        raise StoreError(f"no run {run_id} in the log")
    row.analysis = json.dumps(analysis, separators=(",", ":"))
    # The page's kept view was drawn from the old analysis: made again on the next view.
    session.execute(delete(RunViewRow).where(RunViewRow.run_id == run_id))
    session.execute(delete(ResultRow).where(ResultRow.run_id == run_id))
    for result in results:
        _add_result(session, row.athlete_id, result.model_copy(update={"run_id": run_id}))
    session.flush()


def _run(row: RunRow) -> StoredRun:
    analysis: dict[str, Any] = json.loads(row.analysis)
    return StoredRun(
        run_id=row.run_id,
        athlete_id=row.athlete_id,
        content_hash=row.content_hash,
        file_name=row.file_name,
        source_format=row.source_format,  # type: ignore[arg-type]
        sport=row.sport,
        start=row.start,
        duration_s=row.duration_s,
        distance_m=row.distance_m,
        device=row.device,
        name=row.name,
        analysis=analysis,
        imported=row.imported,
    )


def _same_run(session: Session, run: NewRun) -> RunRow | None:
    """A stored run whose time window overlaps ``run``'s by at least SAME_RUN_OVERLAP of
    the shorter of the two."""
    if run.start is None or run.duration_s <= 0:
        return None
    start, end = run.start, run.start + dt.timedelta(seconds=run.duration_s)
    day = dt.timedelta(days=1)
    candidates = session.scalars(
        select(RunRow).where(
            RunRow.athlete_id == run.athlete_id,
            RunRow.start.is_not(None),
            RunRow.start > start - day,
            RunRow.start < end,
        )
    ).all()
    for other in candidates:
        assert other.start is not None
        other_end = other.start + dt.timedelta(seconds=other.duration_s)
        overlap = (min(end, other_end) - max(start, other.start)).total_seconds()
        shorter = min(run.duration_s, other.duration_s)
        if shorter > 0 and overlap >= SAME_RUN_OVERLAP * shorter:
            return other
    return None


class SqlEventStore:
    """Skips, moves and breaks in the training log."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_event(self, athlete_id: str, event: PlanEvent) -> PlanEvent:
        """Store an event; returns it with its id."""
        with self._db.session(write=True) as session:
            row = EventRow(
                athlete_id=athlete_id,
                kind=event.kind,
                session_id=event.session_id,
                from_date=event.from_date,
                to_date=event.to_date,
                reason=event.reason,
                plan_id=event.plan_id,
                revision=event.revision,
                created=_now(),
            )
            session.add(row)
            session.flush()
            return event.model_copy(update={"event_id": row.event_id})

    def events(self, athlete_id: str) -> Sequence[PlanEvent]:
        """Every event of the athlete, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(EventRow)
                .where(EventRow.athlete_id == athlete_id)
                .order_by(EventRow.event_id)
            ).all()
            return [
                PlanEvent(
                    event_id=r.event_id,
                    kind=r.kind,  # type: ignore[arg-type]
                    session_id=r.session_id,
                    from_date=r.from_date,
                    to_date=r.to_date,
                    reason=r.reason,
                    plan_id=r.plan_id,
                    revision=r.revision,
                )
                for r in rows
            ]

    def remove_event(self, athlete_id: str, event_id: int) -> bool:
        """Remove one event; False when the athlete has none with that id."""
        with self._db.session(write=True) as session:
            row = session.get(EventRow, event_id)
            if row is None or row.athlete_id != athlete_id:
                return False
            session.delete(row)
            return True


def _feed(row: FeedRow) -> FeedInfo:
    return FeedInfo(athlete_id=row.athlete_id, created=row.created, revoked=row.revoked)


class SqlFeedStore:
    """Private calendar feeds in the training log (token hashes only)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_feed(self, athlete_id: str, token_sha256: str) -> FeedInfo:
        """Store a new feed of the athlete's current plan."""
        with self._db.session(write=True) as session:
            if session.get(AthleteRow, athlete_id) is None:
                raise StoreError(f"no athlete {athlete_id!r} in the log")
            row = FeedRow(token_sha256=token_sha256, athlete_id=athlete_id, created=_now())
            session.add(row)
            session.flush()
            return _feed(row)

    def find_feed(self, token_sha256: str) -> FeedInfo | None:
        """The feed with this token hash, or None."""
        with self._db.session() as session:
            row = session.get(FeedRow, token_sha256)
            return None if row is None else _feed(row)

    def active_feeds(self, athlete_id: str) -> Sequence[FeedInfo]:
        """The athlete's feeds not revoked, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(FeedRow)
                .where(FeedRow.athlete_id == athlete_id, FeedRow.revoked.is_(None))
                .order_by(FeedRow.created)
            ).all()
            return [_feed(row) for row in rows]

    def revoke_feeds(self, athlete_id: str, when: dt.datetime) -> int:
        """Revoke every active feed of the athlete; returns how many were."""
        with self._db.session(write=True) as session:
            done = session.execute(
                update(FeedRow)
                .where(FeedRow.athlete_id == athlete_id, FeedRow.revoked.is_(None))
                .values(revoked=when)
            )
            return int(done.rowcount)  # type: ignore[attr-defined]
