"""Use case: the runner's progress over time, for the progress page and ``GET /progress``.

Everything here is a time series of a decision made elsewhere, so every front end shows the
same numbers as ``miler status``:

- **Fitness, fatigue and form** (CTL/ATL/TSB, :func:`miler.science.fitness.fitness_series`)
  for each day of the window, from the same daily loads as ``miler status``
  (:func:`miler.services.status.daily_loads`, priced by :func:`~miler.services.status.run_load`
  with the VDOT of today's current mile); the model starts
  :data:`~miler.services.status.FITNESS_WINDOW_DAYS` before today, as the status does.
- **The predicted mile** at the end of each week of the window, with its range: the one
  current-mile rule (:func:`miler.services.current.current_mile_report`) over the results
  dated by then. A week before any all-out result has no point.
- **Personal bests** and the current mile as ``miler status`` reports them.
- **Weekly volume**: each week's planned running time (the current plan's run sessions,
  :func:`~miler.services.status.planned_run_s`) against the running time and distance done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from miler.services.current import CurrentMileReport
from miler.services.status import BestResult
from miler.services.stores import AthleteProfile, StoredResult, StoredRun

__all__ = ["DEFAULT_WEEKS", "FitnessPoint", "MilePoint", "ProgressReport", "WeekVolume", "progress"]

#: How far back the progress page looks by default: half a year of weeks.
DEFAULT_WEEKS: Final = 26


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class FitnessPoint(_Out):
    """One day of the fitness model: the day's load and CTL, ATL and TSB (form that morning)."""

    date: dt.date
    load: float
    ctl: float
    atl: float
    tsb: float


class MilePoint(_Out):
    """The current mile as it stood at the end of a week, with its range (seconds)."""

    date: dt.date
    time_s: float
    low_s: float
    high_s: float
    estimated: bool
    source: str


class WeekVolume(_Out):
    """One week (Monday to Sunday): running planned against running done."""

    start_date: dt.date
    planned_run_min: float | None
    done_run_min: float
    done_run_km: float
    runs: int


class ProgressReport(_Out):
    """What the progress page draws and ``GET /api/v1/progress`` answers."""

    today: dt.date
    since: dt.date
    fitness: tuple[FitnessPoint, ...]
    mile: tuple[MilePoint, ...]
    current_mile: CurrentMileReport | None
    personal_bests: tuple[BestResult, ...]
    weeks: tuple[WeekVolume, ...]
    plan_id: str | None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _mile_points(
    results: Sequence[StoredResult], sex: str | None, ends: Sequence[dt.date]
) -> tuple[MilePoint, ...]:
    from miler.errors import MilerError
    from miler.services.current import current_mile_report

    points = []
    converted = [(r.date, r.as_race_result()) for r in results]
    for end in ends:
        dated = [race for day, race in converted if day <= end]
        try:
            mile = current_mile_report(dated, end, sex=sex)
        except MilerError:
            continue  # no all-out result by then: no point that week
        points.append(
            MilePoint(
                date=end,
                time_s=mile.time_s,
                low_s=mile.low_s,
                high_s=mile.high_s,
                estimated=mile.estimated,
                source=mile.source,
            )
        )
    return tuple(points)


def _weeks(
    runs: Sequence[StoredRun], plan: Any | None, mondays: Sequence[dt.date], tz: dt.tzinfo
) -> tuple[WeekVolume, ...]:
    from miler.services.status import _kind, planned_run_s

    done_s: dict[dt.date, float] = defaultdict(float)
    done_m: dict[dt.date, float] = defaultdict(float)
    count: dict[dt.date, int] = defaultdict(int)
    for run in runs:
        day = run.local_date(tz)
        if day is None or _kind(run.sport) != "run":
            continue
        monday = _monday(day)
        done_s[monday] += float(run.analysis.get("summary", {}).get("moving_s") or run.duration_s)
        done_m[monday] += run.distance_m
        count[monday] += 1
    planned = {} if plan is None else {w.start_date: w for w in plan.weeks}
    return tuple(
        WeekVolume(
            start_date=monday,
            planned_run_min=None
            if monday not in planned
            else planned_run_s(plan, planned[monday].sessions) / 60.0,
            done_run_min=done_s[monday] / 60.0,
            done_run_km=done_m[monday] / 1000.0,
            runs=count[monday],
        )
        for monday in mondays
    )


def progress(
    athlete: AthleteProfile,
    results: Sequence[StoredResult],
    runs: Sequence[StoredRun],
    plan: Any | None,
    *,
    today: dt.date,
    tz: dt.tzinfo = dt.UTC,
    weeks: int = DEFAULT_WEEKS,
) -> ProgressReport:
    """The runner's progress over the last ``weeks`` weeks up to ``today`` (see the module
    notes), from their results, activities and current plan."""
    from miler.science.fitness import fitness_series
    from miler.services.status import FITNESS_WINDOW_DAYS, daily_loads, status

    now = status(athlete, results, runs, plan, today=today, tz=tz)
    since = _monday(today) - dt.timedelta(weeks=max(weeks, 1) - 1)
    vdot = None
    if now.current_mile is not None:
        from miler.science.vdot import vdot_from_performance
        from miler.units import MILE_M

        vdot = vdot_from_performance(MILE_M, now.current_mile.time_s)
    start = today - dt.timedelta(days=FITNESS_WINDOW_DAYS)
    daily, _ = daily_loads(runs, athlete, vdot, start, today, tz)
    series = [d for d in fitness_series(daily, start, today) if d.date >= since]
    mondays = [since + dt.timedelta(weeks=i) for i in range((_monday(today) - since).days // 7 + 1)]
    ends = [min(m + dt.timedelta(days=6), today) for m in mondays]
    return ProgressReport(
        today=today,
        since=since,
        fitness=tuple(
            FitnessPoint(
                date=d.date,
                load=round(d.load, 1),
                ctl=round(d.ctl, 2),
                atl=round(d.atl, 2),
                tsb=round(d.tsb, 2),
            )
            for d in series
        ),
        mile=_mile_points([r for r in results if r.date <= today], athlete.sex, ends),
        current_mile=now.current_mile,
        personal_bests=now.personal_bests,
        weeks=_weeks(runs, plan, mondays, tz),
        plan_id=None if plan is None else plan.plan_id,
    )
