"""The stores the use cases receive: a runner's profile and results, their plans with every
revision, and their imported runs.

Each store is a :class:`typing.Protocol`, so a service never knows whether it talks to the
database of :mod:`miler.store` (SQLite or PostgreSQL) or to anything else that keeps the same
promises. The records crossing the interface are frozen pydantic models; times are UTC-aware,
dates are the runner's calendar dates.

The errors a store raises are :class:`StoreError` subclasses (so a front end prints them on
one line): a database on an older schema, one that stays locked, one that cannot be reached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from miler.errors import MilerError
from miler.plan.model import Plan
from miler.plan.profile import Equipment, Weekday
from miler.plan.request import RaceResult

__all__ = [
    "AddRunOutcome",
    "AthleteProfile",
    "AthleteStore",
    "DatabaseLockedError",
    "DatabaseUnreachableError",
    "EventStore",
    "FeedInfo",
    "FeedStore",
    "NewRun",
    "PlanEvent",
    "PlanRevisionInfo",
    "PlanStore",
    "ResultTag",
    "RunStore",
    "SchemaOutdatedError",
    "StoreError",
    "StoredResult",
    "StoredRun",
]

ResultTag = Literal["time_trial", "race", "workout", "training_run"]


class StoreError(MilerError):
    """The training log cannot be read or written as asked."""


class SchemaOutdatedError(StoreError):
    """The database was made by an older miler: ``miler db upgrade`` migrates it."""


class DatabaseLockedError(StoreError):
    """Another process held the database for longer than miler waits."""


class DatabaseUnreachableError(StoreError):
    """The database server cannot be reached (or refuses the connection)."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AthleteProfile(_Record):
    """What a runner tells miler once instead of on every command."""

    athlete_id: str = Field(min_length=1, max_length=64)
    name: str = ""
    sex: Literal["M", "F"] | None = None
    birth_date: dt.date | None = None
    hr_max_bpm: float | None = Field(default=None, gt=80, lt=240, description="measured")
    hr_rest_bpm: float | None = Field(default=None, gt=20, lt=120, description="measured")
    days: tuple[Weekday, ...] = Field(default=(), description="days the runner can train")
    long_run_day: Weekday | None = None
    equipment: Equipment = Equipment()
    units: Literal["km", "mi"] = "km"

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day`` (None without a birth date)."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class StoredResult(_Record):
    """A dated result of the runner: entered by hand, or found in an imported run."""

    result_id: int | None = None
    distance_m: float = Field(gt=0)
    time_s: float = Field(gt=0)
    date: dt.date
    tag: ResultTag = "race"
    source: Literal["entered", "best_effort", "time_trial"] = "entered"
    run_id: int | None = Field(default=None, description="the imported run it came from")

    def as_race_result(self) -> RaceResult:
        """The result as a plan request takes it."""
        return RaceResult(
            distance_m=self.distance_m, time_s=self.time_s, date=self.date, tag=self.tag
        )


class PlanRevisionInfo(_Record):
    """One revision of a plan, without its document."""

    plan_id: str
    revision: int
    parent_revision: int | None
    reason: str
    created: dt.datetime
    current: bool


class NewRun(_Record):
    """An imported run on its way into the store, with its analysis and original bytes."""

    athlete_id: str
    content_hash: str = Field(min_length=64, max_length=64, description="sha-256, hex")
    file_name: str
    source_format: Literal["fit", "gpx", "tcx"]
    sport: str
    start: dt.datetime | None = Field(description="UTC; None when the file has no clock")
    duration_s: float = Field(ge=0)
    distance_m: float = Field(ge=0)
    device: str | None = None
    name: str | None = Field(default=None, description="from a bulk export's activity list")
    analysis: dict[str, Any]
    original: bytes = Field(repr=False)
    view: dict[str, Any] | None = Field(
        default=None, description="what the run's page draws, kept beside the run"
    )


class StoredRun(_Record):
    """A run in the store (its original bytes are fetched separately)."""

    run_id: int
    athlete_id: str
    content_hash: str
    file_name: str
    source_format: Literal["fit", "gpx", "tcx"]
    sport: str
    start: dt.datetime | None
    duration_s: float
    distance_m: float
    device: str | None
    name: str | None
    analysis: dict[str, Any]
    imported: dt.datetime

    def local_start(self, tz: dt.tzinfo) -> dt.datetime | None:
        """When it started, on the local clock: in the file's own offset from UTC when the
        import found one (``analysis.summary.utc_offset_s``), else in ``tz``."""
        from miler.activities.model import local_time

        if self.start is None:
            return None
        offset = self.analysis.get("summary", {}).get("utc_offset_s")
        return local_time(self.start, None if offset is None else float(offset), tz)

    def local_date(self, tz: dt.tzinfo) -> dt.date | None:
        """The date it was run on, locally (:meth:`local_start`)."""
        start = self.local_start(tz)
        return None if start is None else start.date()


class AddRunOutcome(_Record):
    """What became of a run offered to the store.

    ``imported``: stored. ``duplicate``: the same content, or the same run in another
    format already stored (``of`` is that run). ``replaced``: the same run was stored from
    a GPS export and this device file took its place (``of`` is the run it replaced).
    """

    status: Literal["imported", "duplicate", "replaced"]
    run_id: int
    of: int | None = None
    why: str = ""


class PlanEvent(_Record):
    """Something that changed the plan from outside: a skipped or moved session, a break;
    or a session the runner marked done without a file (``done``: no revision)."""

    event_id: int | None = None
    kind: Literal["skip", "move", "break", "done"]
    session_id: str | None = None
    from_date: dt.date
    to_date: dt.date | None = None
    reason: str = ""
    plan_id: str | None = Field(default=None, description="the plan the change revised")
    revision: int | None = Field(default=None, description="the revision it made")


class AthleteStore(Protocol):
    """The runner's profile and dated results."""

    def save_athlete(self, profile: AthleteProfile) -> None:
        """Create the athlete, or replace the profile of the one with the same id."""
        ...

    def get_athlete(self, athlete_id: str) -> AthleteProfile | None:
        """The athlete with this id, or None."""
        ...

    def default_athlete(self) -> AthleteProfile | None:
        """The first athlete created (the runner of a personal log), or None."""
        ...

    def add_result(self, athlete_id: str, result: StoredResult) -> StoredResult:
        """Store a result (an identical one already stored is returned instead)."""
        ...

    def remove_result(self, athlete_id: str, result_id: int) -> bool:
        """Remove one result; False when there was none with that id."""
        ...

    def results(self, athlete_id: str) -> Sequence[StoredResult]:
        """Every result of the athlete, oldest first."""
        ...


class PlanStore(Protocol):
    """Plans with their whole history: each revision kept, one current per athlete."""

    def save_plan(self, plan: Plan) -> None:
        """Store a revision and make it the athlete's current plan. A plan id's revisions
        are numbered 1, 2, ... with no gaps; the same revision twice is refused."""
        ...

    def current_plan(self, athlete_id: str) -> Plan | None:
        """The athlete's current plan (the last revision saved), or None."""
        ...

    def current_revision(self, athlete_id: str) -> PlanRevisionInfo | None:
        """Which plan and revision is the athlete's current one, without its document."""
        ...

    def revisions(self, plan_id: str) -> Sequence[PlanRevisionInfo]:
        """Every revision of a plan, first to last."""
        ...

    def get_revision(self, plan_id: str, revision: int) -> Plan | None:
        """One revision of a plan, or None."""
        ...


class RunStore(Protocol):
    """Imported runs: each stored once, analysed once, original kept."""

    def add_run(self, run: NewRun, results: Sequence[StoredResult] = ()) -> AddRunOutcome:
        """Store a run and the results found in it in one transaction, unless the same
        content or the same run (start and duration overlapping) is already stored; a
        device file (FIT) replaces a GPS export (GPX, TCX) of the same run."""
        ...

    def list_runs(
        self,
        athlete_id: str,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        sport: str | None = None,
    ) -> Sequence[StoredRun]:
        """The athlete's runs starting in ``[since, until)``, oldest first."""
        ...

    def get_run(self, run_id: int) -> StoredRun | None:
        """One run, or None."""
        ...

    def original(self, run_id: int) -> bytes:
        """The bytes of the file the run was imported from, unchanged."""
        ...

    def recent_runs(
        self, athlete_id: str, limit: int, offset: int = 0
    ) -> tuple[Sequence[StoredRun], int]:
        """A page of the athlete's runs, newest first (runs without a start time last),
        and how many runs the athlete has in all."""
        ...

    def run_view(self, run_id: int) -> dict[str, Any] | None:
        """What the run's page draws, as kept (None: not computed yet, or no such run)."""
        ...

    def save_run_view(self, run_id: int, view: dict[str, Any]) -> None:
        """Keep (or replace) what the run's page draws; a run no longer stored is ignored."""
        ...


class EventStore(Protocol):
    """The skips, moves and breaks a runner recorded."""

    def add_event(self, athlete_id: str, event: PlanEvent) -> PlanEvent:
        """Store an event; returns it with its id."""
        ...

    def events(self, athlete_id: str) -> Sequence[PlanEvent]:
        """Every event of the athlete, oldest first."""
        ...

    def remove_event(self, athlete_id: str, event_id: int) -> bool:
        """Remove one event (an undone mark); False when the athlete has none with that id."""
        ...


class FeedInfo(_Record):
    """A calendar feed, without its secret (only the token's SHA-256 is ever stored)."""

    athlete_id: str
    created: dt.datetime
    revoked: dt.datetime | None


class FeedStore(Protocol):
    """The runner's private calendar feeds, known by the SHA-256 of their tokens."""

    def add_feed(self, athlete_id: str, token_sha256: str) -> FeedInfo:
        """Store a new feed of the athlete's current plan."""
        ...

    def find_feed(self, token_sha256: str) -> FeedInfo | None:
        """The feed with this token hash (revoked or not), or None."""
        ...

    def active_feeds(self, athlete_id: str) -> Sequence[FeedInfo]:
        """The athlete's feeds not revoked, oldest first."""
        ...

    def revoke_feeds(self, athlete_id: str, when: dt.datetime) -> int:
        """Revoke every active feed of the athlete; returns how many were."""
        ...
