"""A run uploaded to the web app, for its page.

The file is read and analysed by the analyse use case (:mod:`miler.services.analyse`, the
same analysis as ``miler analyse``) straight from the uploaded bytes: nothing of an upload
is kept. This module turns the analysis into what the page draws (bars, a chart, the
route's shape) and, given a plan, matches the run to the session it fulfils.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from miler.activities.model import Activity
from miler.plan.model import Plan
from miler.services.analyse import AnalysedRun, SplitRow
from miler.units import format_time

__all__ = ["ChartSeries", "RunAnalysis", "RunMatch", "SplitBar", "analyse_upload", "match_run"]

#: Points drawn per chart: enough for a smooth line on a wide screen, small on a phone.
CHART_POINTS = 600
#: Below this speed (16:40/km) the runner is standing or barely walking: no pace is drawn,
#: so a stop does not stretch the pace axis over the whole run.
WALKING_FLOOR_MPS = 1.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SplitBar(_Frozen):
    """A lap or distance split: its time, pace per km and its bar: its speed as a share of
    the fastest split's (the fastest is 100)."""

    number: int
    distance_m: float
    time_s: float
    time: str
    pace_s_per_km: float | None
    pace: str
    avg_heart_rate_bpm: float | None
    bar_pct: float


class Effort(_Frozen):
    name: str
    time_s: float
    time: str
    start_m: float


class RepView(_Frozen):
    kind: str
    number: int
    distance_m: float
    time_s: float
    time: str
    pace_s_per_km: float | None
    pace: str
    source: str


class ChartSeries(_Frozen):
    """Pace (s/km), heart rate (bpm) and elevation (m) over distance (km); None for a gap."""

    distance_km: tuple[float, ...]
    pace_s_per_km: tuple[float | None, ...]
    heart_rate_bpm: tuple[float | None, ...]
    elevation_m: tuple[float | None, ...]


class RunMatch(_Frozen):
    """What the run was against a plan (adapt's matching): the planned session it fulfils
    with its outcome (done, moved, partial) and its week's verdict, or why it matched none
    (``unplanned``: an extra run of that week, outside the plan, after today...)."""

    session_id: str | None = None
    session_name: str | None = None
    session_date: dt.date | None = None
    outcome: str | None = None
    compliance_pct: float | None = None
    reps_planned: int | None = None
    reps_found: int | None = None
    notes: tuple[str, ...] = ()
    week: int | None = None
    week_verdict: str | None = None
    unplanned: str | None = None


class RunAnalysis(_Frozen):
    file: str
    sport: str
    not_a_run: str | None
    start: str | None
    device: str | None
    distance_m: float
    elapsed: str
    moving: str
    avg_pace_s_per_km: float | None
    avg_pace: str
    avg_heart_rate_bpm: float | None
    ascent_m: float | None
    warnings: tuple[str, ...]
    laps: tuple[SplitBar, ...]
    km_splits: tuple[SplitBar, ...]
    mile_splits: tuple[SplitBar, ...]
    reps: tuple[RepView, ...]
    best_efforts: tuple[Effort, ...]
    time_trial: str | None
    chart: ChartSeries
    route: str | None
    match: RunMatch | None = None


def _pace_text(seconds_per_km: float | None) -> str:
    return "-" if seconds_per_km is None else f"{format_time(seconds_per_km, 0)}/km"


def _bars(splits: Sequence[SplitRow]) -> tuple[SplitBar, ...]:
    rows = [s for s in splits if s.time_s > 0]
    paces = [1000.0 * s.time_s / s.distance_m if s.distance_m > 0 else None for s in rows]
    fastest = min((p for p in paces if p is not None), default=0.0)
    return tuple(
        SplitBar(
            number=s.number,
            distance_m=s.distance_m,
            time_s=s.time_s,
            time=format_time(s.time_s),
            pace_s_per_km=p,
            pace=_pace_text(p),
            avg_heart_rate_bpm=s.avg_heart_rate_bpm,
            bar_pct=0.0 if p is None or p == 0 else round(100.0 * fastest / p, 1),
        )
        for s, p in zip(rows, paces, strict=True)
    )


def _rep_pace(time_s: float, distance_m: float) -> float | None:
    return 1000.0 * time_s / distance_m if distance_m > 0 else None


def _finite(values: np.ndarray, digits: int) -> tuple[float | None, ...]:
    return tuple(round(float(v), digits) if math.isfinite(v) else None for v in values)


def _chart(activity: Activity) -> ChartSeries:
    samples = activity.samples
    n = len(samples.time_s)
    index = np.unique(np.linspace(0, max(n - 1, 0), min(n, CHART_POINTS)).astype(int))
    distance = np.asarray(samples.distance_m)[index]
    speed = np.asarray(samples.speed_mps)[index]
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.where(speed >= WALKING_FLOOR_MPS, 1000.0 / speed, np.nan)
    return ChartSeries(
        distance_km=tuple(round(float(v), 3) for v in np.nan_to_num(distance / 1000.0)),
        pace_s_per_km=_finite(pace, 1),
        heart_rate_bpm=_finite(np.asarray(samples.heart_rate_bpm)[index], 0),
        elevation_m=_finite(np.asarray(samples.altitude_m)[index], 1),
    )


def _route(activity: Activity) -> str | None:
    """The route's shape as SVG polyline points in a 100 x 100 box (no map tiles)."""
    lat = np.asarray(activity.samples.latitude_deg)
    lon = np.asarray(activity.samples.longitude_deg)
    ok = np.isfinite(lat) & np.isfinite(lon)
    if ok.sum() < 2:
        return None
    lat, lon = lat[ok], lon[ok]
    step = max(1, len(lat) // CHART_POINTS)
    lat, lon = lat[::step], lon[::step]
    # Equirectangular: east-west degrees shrink with the cosine of the latitude.
    x = (lon - lon.min()) * math.cos(math.radians(float(lat.mean())))
    y = lat.max() - lat
    span = float(max(x.max(), y.max())) or 1.0
    return " ".join(
        f"{5 + 90 * a / span:.2f},{5 + 90 * b / span:.2f}" for a, b in zip(x, y, strict=True)
    )


_UNPLANNED = {
    "undated": "the file has no start time, so it cannot be placed in the plan",
    "outside_plan": "it was run outside the plan's weeks",
    "after_today": "it is dated after today",
    "too_short": "it is too short to count as a session",
    "duplicate": "it is the same run as another file",
}


def match_run(activity: Activity, plan: Plan, today: dt.date) -> RunMatch:
    """The planned session ``activity`` fulfils in ``plan`` as of ``today`` (adapt's
    matching, dates in UTC), with its week's verdict; or why it fulfils none."""
    from miler.adapt.match import match_activities

    found = match_activities(plan, [activity], today)
    for ignored in found.ignored:
        return RunMatch(unplanned=_UNPLANNED.get(ignored.reason.value, ignored.reason.value))
    for extra in found.extras:
        return RunMatch(
            week=extra.week,
            unplanned=f"no planned session fits it: an extra {extra.kind.value} of week "
            f"{extra.week}",
        )
    for outcome in found.sessions:
        if outcome.activity_index == 0:
            week = next(w for w in found.weeks if w.index == outcome.week)
            return RunMatch(
                session_id=outcome.session_id,
                session_name=outcome.name,
                session_date=outcome.date,
                outcome=outcome.outcome.value,
                compliance_pct=None
                if outcome.compliance is None
                else round(100.0 * outcome.compliance, 1),
                reps_planned=outcome.reps_planned,
                reps_found=outcome.reps_found,
                notes=outcome.notes,
                week=outcome.week,
                week_verdict=week.verdict.value,
            )
    return RunMatch(unplanned="no planned session fits it")


def analyse_upload(
    data: bytes, filename: str, plan: Plan | None = None, today: dt.date | None = None
) -> RunAnalysis:
    """Read and analyse one uploaded file (the analyse use case), and match it to ``plan``
    as of ``today`` when a plan is given. Raises an ``ActivityFileError`` (a
    ``MilerError``) for a file that is not a readable activity."""
    from miler.services.analyse import analyse_activity, load_run

    name = Path(filename).name[:120] or "upload"
    loaded = load_run(data, name)
    analysed = analyse_activity(loaded, name)
    activity = loaded.running_part()
    summary = analysed.summary
    avg_pace = None if not summary.avg_speed_mps else 1000.0 / summary.avg_speed_mps
    return RunAnalysis(
        file=name,
        sport=analysed.sport,
        not_a_run=analysed.not_a_run_reason,
        start=None if summary.start is None else summary.start.isoformat(timespec="seconds"),
        device=analysed.device,
        distance_m=summary.distance_m,
        elapsed=format_time(summary.elapsed_s, 0),
        moving=format_time(summary.moving_s, 0),
        avg_pace_s_per_km=avg_pace,
        avg_pace=_pace_text(avg_pace),
        avg_heart_rate_bpm=summary.avg_heart_rate_bpm,
        ascent_m=summary.ascent_m,
        warnings=analysed.warnings,
        laps=_bars(analysed.splits.laps),
        km_splits=_bars(analysed.splits.km),
        mile_splits=_bars(analysed.splits.mile),
        reps=tuple(
            RepView(
                kind=r.kind,
                number=r.number,
                distance_m=r.distance_m,
                time_s=r.time_s,
                time=format_time(r.time_s),
                pace_s_per_km=_rep_pace(r.time_s, r.distance_m),
                pace=_pace_text(_rep_pace(r.time_s, r.distance_m)),
                source=r.source,
            )
            for r in analysed.intervals
        ),
        best_efforts=tuple(
            Effort(name=e.name, time_s=e.time_s, time=format_time(e.time_s), start_m=e.start_m)
            for e in analysed.best_efforts
        ),
        time_trial=_time_trial(analysed),
        chart=_chart(activity),
        route=_route(activity),
        match=None if plan is None or today is None else match_run(loaded, plan, today),
    )


def _time_trial(analysed: AnalysedRun) -> str | None:
    effort = analysed.time_trial.effort
    if not analysed.time_trial.recognised or effort is None:
        return None
    return f"{effort.name} in {format_time(effort.time_s)}"
