"""Use case: where the runner stands today (``miler status``).

Fitness, fatigue and form (CTL/ATL/TSB, :mod:`miler.science.fitness`) from the load of every
stored activity; the current mile from the one current-mile rule
(:func:`miler.services.current.current_mile_report`) over the runner's dated results; this
week's planned and done running; personal bests; the next sessions of the current plan.
Everything comes from the stores; ``today`` and the runner's ``tz`` are passed in.

**Each activity's load** (TRIMP units), the first that applies: the TRIMP computed from its
heart-rate samples at import; Banister's TRIMP from its average heart rate and the runner's
resting and maximum heart rates; for a run, the pace estimate of
:func:`miler.science.fitness.pace_load` from its average speed and the VDOT of the current
mile; otherwise minutes at the reserve :data:`miler.science.fitness.ASSUMED_RESERVE` assumes
for its kind. ``load_basis`` counts how many activities each basis priced.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from miler.services.current import CurrentMileReport, current_mile_report
from miler.services.stores import AthleteProfile, PlanEvent, StoredResult, StoredRun

__all__ = [
    "BestResult",
    "FitnessNow",
    "NextSession",
    "StatusReport",
    "WeekCompliance",
    "daily_loads",
    "planned_run_s",
    "run_load",
    "status",
]

_RUN_SPORTS = frozenset({"running", "treadmill_running", "trail_running"})
_CROSS_SPORTS = frozenset({"cycling", "swimming", "rowing", "elliptical", "fitness_equipment"})
_STRENGTH_SPORTS = frozenset({"training", "strength_training"})
FITNESS_WINDOW_DAYS = 365
"""How far back the model starts: after a year, a day's load weighs e^(-365/42) < 0.02 %."""


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class FitnessNow(_Out):
    """CTL (fitness), ATL (fatigue) and TSB (form) today, and CTL a week ago."""

    ctl: float
    atl: float
    tsb: float
    ctl_week_ago: float
    load_last_7_days: float
    load_basis: dict[str, int]


class WeekCompliance(_Out):
    """This plan week: what was planned and what was done so far."""

    week: int
    start_date: dt.date
    phase: str
    sessions_planned: int
    sessions_due: int
    planned_run_min: float
    planned_run_due_min: float
    done_run_min: float
    compliance: float | None


class BestResult(_Out):
    """The best result on record over one distance."""

    event: str
    distance_m: float
    time_s: float
    date: dt.date
    tag: str
    source: str


class NextSession(_Out):
    """A session still to come in the current plan."""

    date: dt.date
    session_id: str
    type: str
    name: str


class StatusReport(_Out):
    """What ``miler status --json`` prints."""

    today: dt.date
    athlete_id: str
    runs: int
    """activities in the model's window (the last year up to today)"""
    fitness: FitnessNow
    current_mile: CurrentMileReport | None
    plan_id: str | None
    plan_revision: int | None
    this_week: WeekCompliance | None
    personal_bests: tuple[BestResult, ...]
    next_sessions: tuple[NextSession, ...]


def _kind(sport: str) -> Literal["run", "cross_training", "strength", "other"]:
    if sport in _RUN_SPORTS:
        return "run"
    if sport in _CROSS_SPORTS:
        return "cross_training"
    if sport in _STRENGTH_SPORTS:
        return "strength"
    return "other"


def run_load(
    run: StoredRun, athlete: AthleteProfile, vdot: float | None
) -> tuple[float, Literal["heart_rate", "pace", "estimate"]]:
    """The load of one stored activity and its basis (see the module notes)."""
    from miler.activities.load import trimp_for_average
    from miler.science.fitness import ASSUMED_RESERVE, pace_load, reserve_load

    summary: dict[str, Any] = run.analysis.get("summary", {})
    stored = run.analysis.get("trimp")
    if stored is not None:
        return float(stored), "heart_rate"
    minutes = float(summary.get("moving_s") or run.duration_s) / 60.0
    avg_hr = summary.get("avg_heart_rate_bpm")
    rest, top = athlete.hr_rest_bpm, athlete.hr_max_bpm
    sex = "female" if athlete.sex == "F" else "male"
    if avg_hr is not None and rest is not None and top is not None and rest < top:
        return trimp_for_average(minutes, float(avg_hr), rest, top, sex), "heart_rate"
    kind = _kind(run.sport)
    speed = summary.get("avg_speed_mps")
    if kind == "run" and speed and vdot is not None:
        return pace_load(minutes, float(speed), vdot, athlete.sex), "pace"
    reserve = ASSUMED_RESERVE["cross_training" if kind == "run" else kind]
    return reserve_load(minutes, reserve, athlete.sex), "estimate"


def _bests(results: Sequence[StoredResult]) -> tuple[BestResult, ...]:
    from miler.units import event_name

    best: dict[float, StoredResult] = {}
    for r in results:
        key = round(r.distance_m, 1)
        if key not in best or r.time_s < best[key].time_s:
            best[key] = r
    return tuple(
        BestResult(
            event=event_name(r.distance_m),
            distance_m=r.distance_m,
            time_s=r.time_s,
            date=r.date,
            tag=r.tag,
            source=r.source,
        )
        for _, r in sorted(best.items())
    )


def planned_run_s(plan: Any, sessions: Sequence[Any]) -> float:
    """The planned running time of ``sessions`` of ``plan`` (run sessions only, easy parts
    at the middle of the plan's easy pace), in seconds."""
    from miler.plan.model import SessionType
    from miler.planning.measure import session_duration_s

    run_types = {SessionType.EASY_RUN, SessionType.LONG_RUN, SessionType.QUALITY,
                 SessionType.TIME_TRIAL, SessionType.RACE}  # fmt: skip
    easy = 0.5 * (plan.paces.easy_speed_low_mps + plan.paces.easy_speed_high_mps)
    return sum(session_duration_s(s, easy) for s in sessions if s.type in run_types)


def daily_loads(
    runs: Sequence[StoredRun],
    athlete: AthleteProfile,
    vdot: float | None,
    start: dt.date,
    today: dt.date,
    tz: dt.tzinfo,
) -> tuple[dict[dt.date, float], Counter[str]]:
    """Each local day's load from ``start`` to ``today`` (:func:`run_load` of every activity
    that day), and how many activities each basis priced."""
    daily: dict[dt.date, float] = defaultdict(float)
    basis: Counter[str] = Counter()
    for run in runs:
        day = run.local_date(tz)
        if day is None or not start <= day <= today:
            continue
        load, how = run_load(run, athlete, vdot)
        daily[day] += load
        basis[how] += 1
    return daily, basis


def _this_week(
    plan: Any, runs: Sequence[StoredRun], today: dt.date, tz: dt.tzinfo, marked: set[str]
) -> Any:
    week = next(
        (w for w in plan.weeks if w.start_date <= today < w.start_date + dt.timedelta(days=7)),
        None,
    )
    if week is None:
        return None
    end = week.start_date + dt.timedelta(days=7)
    this_week = [
        r
        for r in runs
        if _kind(r.sport) == "run"
        and week.start_date <= (r.local_date(tz) or end) < min(end, today + dt.timedelta(1))
    ]
    done_s = sum(
        float(r.analysis.get("summary", {}).get("moving_s") or r.duration_s) for r in this_week
    )
    # A session marked done without a file counts at its planned duration, unless a run
    # was recorded that day (then the run already counts).
    run_days = {r.local_date(tz) for r in this_week}
    done_s += planned_run_s(
        plan,
        [s for s in week.sessions if s.date <= today and s.id in marked and s.date not in run_days],
    )
    planned_due_s = planned_run_s(plan, [s for s in week.sessions if s.date <= today])
    return WeekCompliance(
        week=week.index,
        start_date=week.start_date,
        phase=week.phase,
        sessions_planned=len(week.sessions),
        sessions_due=len([s for s in week.sessions if s.date <= today]),
        planned_run_min=planned_run_s(plan, week.sessions) / 60.0,
        planned_run_due_min=planned_due_s / 60.0,
        done_run_min=done_s / 60.0,
        compliance=done_s / planned_due_s if planned_due_s > 0 else None,
    )


def status(
    athlete: AthleteProfile,
    results: Sequence[StoredResult],
    runs: Sequence[StoredRun],
    plan: Any | None,
    *,
    today: dt.date,
    tz: dt.tzinfo = dt.UTC,
    next_count: int = 3,
    events: Sequence[PlanEvent] = (),
) -> StatusReport:
    """The runner's status on ``today`` from their results, activities and current plan
    (and ``events``: the sessions marked done without a file count as done)."""
    from miler.errors import MilerError
    from miler.science.fitness import fitness_series
    from miler.science.vdot import vdot_from_performance
    from miler.units import MILE_M

    mile: CurrentMileReport | None = None
    if results:
        try:
            mile = current_mile_report(
                [r.as_race_result() for r in results if r.date <= today], today, sex=athlete.sex
            )
        except MilerError:
            mile = None
    vdot = vdot_from_performance(MILE_M, mile.time_s) if mile is not None else None
    start = today - dt.timedelta(days=FITNESS_WINDOW_DAYS)
    daily, basis = daily_loads(runs, athlete, vdot, start, today, tz)
    counted = sum(basis.values())
    series = fitness_series(daily, start, today)
    now, week_ago = series[-1], series[-8]
    upcoming: tuple[NextSession, ...] = ()
    week = None
    if plan is not None:
        upcoming = tuple(
            NextSession(date=s.date, session_id=s.id, type=str(s.type), name=s.name)
            for s in plan.sessions()
            if s.date >= today
        )[:next_count]
        from miler.services.training_log import marked_done

        week = _this_week(plan, runs, today, tz, marked_done(events, plan))
    return StatusReport(
        today=today,
        athlete_id=athlete.athlete_id,
        runs=counted,
        fitness=FitnessNow(
            ctl=now.ctl,
            atl=now.atl,
            tsb=now.tsb,
            ctl_week_ago=week_ago.ctl,
            load_last_7_days=sum(d.load for d in series[-7:]),
            load_basis=dict(sorted(basis.items())),
        ),
        current_mile=mile,
        plan_id=None if plan is None else plan.plan_id,
        plan_revision=None if plan is None else plan.revision,
        this_week=week,
        personal_bests=_bests([r for r in results if r.date <= today]),
        next_sessions=upcoming,
    )
