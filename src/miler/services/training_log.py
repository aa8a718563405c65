"""Use case: the training log by week (``miler log``), and the runs of a plan's weeks read
back from their stored originals for adapt's matching.

Each stored run keeps its analysis (what ``miler log`` and ``miler status`` list), and its
original file. Matching runs to planned sessions (:func:`miler.adapt.match.match_activities`,
the same matching ``miler adapt`` uses) needs the runs' samples, so the originals of the runs
inside the plan's weeks are read again: a plan's weeks, not the whole log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from miler.activities.model import Activity
from miler.plan.model import Plan
from miler.services.stores import PlanEvent, RunStore, StoredRun

__all__ = [
    "LogRun",
    "LogSession",
    "LogWeek",
    "TrainingLog",
    "activity_from_original",
    "log_run",
    "marked_done",
    "plan_activities",
    "training_log",
]

Kind = Literal["run", "cross_training", "strength", "other"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class LogRun(_Out):
    """A stored activity in the log, with the session it fulfilled (if any)."""

    run_id: int
    date: dt.date | None
    start: dt.datetime | None
    kind: Kind
    sport: str
    name: str | None
    file_name: str
    distance_m: float
    moving_s: float
    avg_speed_mps: float | None
    avg_heart_rate_bpm: float | None
    time_trial: dict[str, Any] | None
    session_id: str | None
    outcome: str | None


class LogSession(_Out):
    """A planned session and what became of it (``marked``: the runner marked it done
    without a file, which counts it done at its planned duration)."""

    session_id: str
    date: dt.date
    type: str
    name: str
    outcome: str
    run_id: int | None
    planned_s: float
    done_s: float | None
    marked: bool = False


class LogWeek(_Out):
    """One week (Monday to Sunday) of the log."""

    start_date: dt.date
    runs: tuple[LogRun, ...]
    sessions: tuple[LogSession, ...]
    events: tuple[PlanEvent, ...] = ()
    run_distance_m: float
    run_moving_s: float
    other_moving_s: float


class TrainingLog(_Out):
    """What ``miler log --json`` prints."""

    today: dt.date
    since: dt.date | None
    until: dt.date | None
    kind: str
    plan_id: str | None
    plan_revision: int | None
    weeks: tuple[LogWeek, ...]


def _kind(sport: str) -> Kind:
    from miler.services.status import _kind as kind_of

    return kind_of(sport)


def activity_from_original(file_name: str, data: bytes) -> Activity:
    """The activity in a stored original file (gzipped or not), read as on import."""
    from miler.services.importing import read_activity

    return read_activity(file_name, data)[1]


def plan_activities(
    plan: Plan, athlete_id: str, runs: RunStore, tz: dt.tzinfo
) -> tuple[list[StoredRun], list[Activity]]:
    """The stored runs inside the plan's weeks, and their activities read from the
    originals (the same positions in both lists)."""
    first = plan.weeks[0].start_date
    last = plan.weeks[-1].start_date + dt.timedelta(days=7)
    since = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(), tzinfo=tz)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    stored = list(runs.list_runs(athlete_id, since=since, until=until))
    activities = [activity_from_original(r.file_name, runs.original(r.run_id)) for r in stored]
    return stored, activities


#: outcomes a "done" mark without a file overrides: nothing was recorded for the session
_MARKABLE = frozenset({"missed", "upcoming", "not_recorded"})


def marked_done(events: Sequence[PlanEvent], plan: Plan) -> set[str]:
    """The sessions of ``plan`` the runner marked done without a file."""
    return {
        e.session_id
        for e in events
        if e.kind == "done" and e.session_id and e.plan_id in (None, plan.plan_id)
    }


def log_run(run: StoredRun, tz: dt.tzinfo, matched: tuple[str, str] | None = None) -> LogRun:
    """A stored activity as the log lists it: its local date in ``tz``, its summary, and
    ``matched``: the (session id, outcome) it fulfilled, when known."""
    summary = run.analysis.get("summary", {})
    return LogRun(
        run_id=run.run_id,
        date=run.local_date(tz),
        start=run.start,
        kind=_kind(run.sport),
        sport=run.sport,
        name=run.name,
        file_name=run.file_name,
        distance_m=run.distance_m,
        moving_s=float(summary.get("moving_s") or run.duration_s),
        avg_speed_mps=summary.get("avg_speed_mps"),
        avg_heart_rate_bpm=summary.get("avg_heart_rate_bpm"),
        time_trial=run.analysis.get("time_trial"),
        session_id=None if matched is None else matched[0],
        outcome=None if matched is None else matched[1],
    )


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def training_log(
    athlete_id: str,
    runs: RunStore,
    plan: Plan | None,
    *,
    today: dt.date,
    tz: dt.tzinfo = dt.UTC,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str = "all",
    events: Sequence[PlanEvent] = (),
) -> TrainingLog:
    """The log from ``since`` to ``until`` (inclusive; default: everything), by week,
    activities of ``kind`` (``run``, ``cross_training``, ``strength``, ``other`` or ``all``),
    with the current plan's sessions in those weeks matched to the runs, and the skips,
    moves and breaks recorded (a session missed inside a break is listed as ``break``)."""
    breaks = [(e.from_date, e.to_date or e.from_date) for e in events if e.kind == "break"]
    from miler.adapt.match import match_activities

    lo = None if since is None else dt.datetime.combine(since, dt.time(), tzinfo=tz)
    end = None if until is None else until + dt.timedelta(days=1)
    hi = None if end is None else dt.datetime.combine(end, dt.time(), tzinfo=tz)
    stored = [r for r in runs.list_runs(athlete_id, since=lo, until=hi) if r.start is not None]
    session_of: dict[int, tuple[str, str]] = {}
    sessions_by_week: dict[dt.date, list[LogSession]] = {}
    if plan is not None:
        plan_runs, activities = plan_activities(plan, athlete_id, runs, tz)
        marked = marked_done(events, plan)
        for o in match_activities(plan, activities, today, tz=tz).sessions:
            run_id = None if o.activity_index is None else plan_runs[o.activity_index].run_id
            if run_id is not None:
                session_of[run_id] = (o.session_id, str(o.outcome))
            in_range = (since is None or o.date >= since) and (until is None or o.date <= until)
            if not in_range:
                continue
            outcome, done_s = str(o.outcome), o.done_s
            by_hand = o.session_id in marked and outcome in _MARKABLE
            if by_hand:
                outcome, done_s = "done", o.planned_s
            elif outcome == "missed" and any(a <= o.date <= b for a, b in breaks):
                outcome = "break"
            sessions_by_week.setdefault(_monday(o.date), []).append(
                LogSession(
                    session_id=o.session_id,
                    date=o.date,
                    type=str(o.type),
                    name=o.name,
                    outcome=outcome,
                    run_id=run_id,
                    planned_s=o.planned_s,
                    done_s=done_s,
                    marked=by_hand,
                )
            )
    runs_by_week: dict[dt.date, list[LogRun]] = {}
    for r in stored:
        day = r.local_date(tz)
        assert day is not None  # runs without a start were left out above
        run_kind = _kind(r.sport)
        if kind != "all" and run_kind != kind:
            continue
        runs_by_week.setdefault(_monday(day), []).append(log_run(r, tz, session_of.get(r.run_id)))
    events_by_week: dict[dt.date, list[PlanEvent]] = {}
    for event in events:
        in_range = (since is None or event.from_date >= since) and (
            until is None or event.from_date <= until
        )
        if in_range:
            events_by_week.setdefault(_monday(event.from_date), []).append(event)
    weeks = []
    for monday in sorted(set(runs_by_week) | set(sessions_by_week) | set(events_by_week)):
        week_runs = tuple(runs_by_week.get(monday, ()))
        weeks.append(
            LogWeek(
                start_date=monday,
                runs=week_runs,
                sessions=tuple(sessions_by_week.get(monday, ())),
                events=tuple(events_by_week.get(monday, ())),
                run_distance_m=sum(r.distance_m for r in week_runs if r.kind == "run"),
                run_moving_s=sum(r.moving_s for r in week_runs if r.kind == "run"),
                other_moving_s=sum(r.moving_s for r in week_runs if r.kind != "run"),
            )
        )
    return TrainingLog(
        today=today,
        since=since,
        until=until,
        kind=kind,
        plan_id=None if plan is None else plan.plan_id,
        plan_revision=None if plan is None else plan.revision,
        weeks=tuple(weeks),
    )
