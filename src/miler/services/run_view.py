"""Use case: what a run's page shows, computed once and kept with the run.

:func:`view_of` turns one activity into a :class:`RunView`: its summary, laps and distance
splits as bars, the reps found, best efforts, pace / heart rate / elevation over distance
downsampled to :data:`CHART_POINTS` and the route's shape as SVG points (no map tiles). The
import keeps it beside the run (:meth:`RunStore.save_run_view`), so a page view reads it
instead of reading and analysing the file again; a run imported before views were kept gets
its view on first view, saved (:func:`stored_view`).

:func:`match_runs` is adapt's matching (:func:`miler.adapt.match.match_activities`, the one
``miler log`` and ``miler adapt`` use) told per activity: the planned session it fulfils and
its week's verdict, or why it fulfils none. :func:`plan_matches` matches every stored run of
the plan's weeks together (so a session is fulfilled once, and two runs of one day each find
their own session) and keeps each run's answer with its view, under a key that changes with
the plan revision, the day, the time zone and the number of runs in the log: a page view
reads the kept answer; a new import, a new plan or a new day computes it once again.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from miler.activities.model import Activity
from miler.errors import MilerError
from miler.plan.model import Plan
from miler.services.stores import PlanStore, RunStore, StoredRun
from miler.services.training_log import LogRun
from miler.units import format_time

__all__ = [
    "CHART_POINTS",
    "VIEW_VERSION",
    "ChartSeries",
    "Effort",
    "RepView",
    "RunList",
    "RunMatch",
    "RunPage",
    "RunView",
    "SplitBar",
    "kept_match",
    "match_key",
    "match_runs",
    "plan_matches",
    "run_list",
    "run_page",
    "stored_view",
    "view_of",
]

#: Points drawn per chart: enough for a smooth line on a wide screen, small on a phone.
CHART_POINTS: Final = 600
#: Below this speed (16:40/km) the runner is standing or barely walking: no pace is drawn,
#: so a stop does not stretch the pace axis over the whole run.
WALKING_FLOOR_MPS: Final = 1.0
#: The shape of a kept view: a view kept by an older miler is computed again.
VIEW_VERSION: Final = 1


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
    """The fastest stretch of a standard distance inside the run."""

    name: str
    time_s: float
    time: str
    start_m: float


class RepView(_Frozen):
    """A rep (or recovery) the analysis found, with its pace."""

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


class RunView(_Frozen):
    """Everything a run's page draws, from the analyse use case."""

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


def _pace_text(seconds_per_km: float | None) -> str:
    return "-" if seconds_per_km is None else f"{format_time(seconds_per_km, 0)}/km"


def _per_km(time_s: float, distance_m: float) -> float | None:
    return 1000.0 * time_s / distance_m if distance_m > 0 else None


def _bars(splits: Sequence[Any]) -> tuple[SplitBar, ...]:
    rows = [s for s in splits if s.time_s > 0]
    paces = [_per_km(s.time_s, s.distance_m) for s in rows]
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


def view_of(loaded: Activity, file_name: str) -> RunView:
    """What the page of ``loaded`` (read from ``file_name``) draws: the analyse use case's
    analysis (:func:`miler.services.analyse.analyse_activity`) made ready to draw."""
    from miler.services.analyse import analyse_activity

    analysed = analyse_activity(loaded, file_name)
    activity = loaded.running_part()
    summary = analysed.summary
    avg_pace = None if not summary.avg_speed_mps else 1000.0 / summary.avg_speed_mps
    effort = analysed.time_trial.effort
    return RunView(
        file=file_name,
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
                pace_s_per_km=_per_km(r.time_s, r.distance_m),
                pace=_pace_text(_per_km(r.time_s, r.distance_m)),
                source=r.source,
            )
            for r in analysed.intervals
        ),
        best_efforts=tuple(
            Effort(name=e.name, time_s=e.time_s, time=format_time(e.time_s), start_m=e.start_m)
            for e in analysed.best_efforts
        ),
        time_trial=None
        if not analysed.time_trial.recognised or effort is None
        else f"{effort.name} in {format_time(effort.time_s)}",
        chart=_chart(activity),
        route=_route(activity),
    )


_UNPLANNED: Final = {
    "undated": "the file has no start time, so it cannot be placed in the plan",
    "outside_plan": "it was run outside the plan's weeks",
    "after_today": "it is dated after today",
    "too_short": "it is too short to count as a session",
    "duplicate": "it is the same run as another file",
}


def match_runs(
    plan: Plan, activities: Sequence[Activity], today: dt.date, tz: dt.tzinfo = dt.UTC
) -> list[RunMatch]:
    """What each of ``activities`` fulfils in ``plan`` as of ``today``, matched together
    (adapt's matching, local dates in ``tz``): one :class:`RunMatch` per activity, in order."""
    from miler.adapt.match import match_activities

    found = match_activities(plan, activities, today, tz=tz)
    answers = [RunMatch(unplanned="no planned session fits it") for _ in activities]
    for ignored in found.ignored:
        reason = _UNPLANNED.get(ignored.reason.value, ignored.reason.value)
        answers[ignored.activity_index] = RunMatch(unplanned=reason)
    for extra in found.extras:
        answers[extra.activity_index] = RunMatch(
            week=extra.week,
            unplanned=f"no planned session fits it: an extra {extra.kind.value} of week "
            f"{extra.week}",
        )
    verdicts = {w.index: w.verdict.value for w in found.weeks}
    for outcome in found.sessions:
        if outcome.activity_index is None:
            continue
        answers[outcome.activity_index] = RunMatch(
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
            week_verdict=verdicts.get(outcome.week),
        )
    return answers


def _kept(runs: RunStore, run_id: int) -> dict[str, Any]:
    data = runs.run_view(run_id)
    return data if data is not None and data.get("version") == VIEW_VERSION else {}


def _read_view(data: dict[str, Any]) -> RunView | None:
    try:
        return RunView.model_validate(data["view"]) if "view" in data else None
    except ValidationError:
        return None


def stored_view(run: StoredRun, runs: RunStore, kept: dict[str, Any] | None = None) -> RunView:
    """The view kept with ``run`` (``kept``: what is kept with it, when already read);
    computed from its original and kept when it has none (a run imported before views were
    kept, or by an older miler)."""
    from miler.services.training_log import activity_from_original

    data = _kept(runs, run.run_id) if kept is None else kept
    view = _read_view(data)
    if view is None:
        activity = activity_from_original(run.file_name, runs.original(run.run_id))
        view = view_of(activity, run.file_name)
        runs.save_run_view(run.run_id, {**data, "version": VIEW_VERSION, "view": _json(view)})
    return view


def _json(model: BaseModel) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


def match_key(plan_key: str, today: dt.date, tz: dt.tzinfo, runs_in_log: int) -> str:
    """What a kept match depends on: the plan (and revision), the day, the time zone and
    the runs in the log (a new import can take a session from a run)."""
    return f"{plan_key}|{today.isoformat()}|{tz}|{runs_in_log}"


def kept_match(runs: RunStore, run_id: int, key: str) -> RunMatch | None:
    """The match kept for ``run_id`` under ``key``, or None when none is kept under it."""
    return _match_in(_kept(runs, run_id), key)


def _match_in(data: dict[str, Any], key: str) -> RunMatch | None:
    entry = data.get("match")
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    try:
        return RunMatch.model_validate(entry["result"])
    except (KeyError, ValidationError):
        return None


def plan_matches(
    plan: Plan, key: str, athlete_id: str, runs: RunStore, today: dt.date, tz: dt.tzinfo
) -> dict[int, RunMatch]:
    """Every stored run inside ``plan``'s weeks matched together (run id -> match), each
    answer kept with its run's view under ``key``; a run's missing view is kept too, since
    its file is read here anyway."""
    from miler.services.training_log import plan_activities

    stored, activities = plan_activities(plan, athlete_id, runs, tz)
    answers: dict[int, RunMatch] = {}
    try:
        matched = match_runs(plan, activities, today, tz)
    except MilerError:
        matched = [RunMatch(unplanned="the plan has no sessions to match") for _ in stored]
    for run, activity, answer in zip(stored, activities, matched, strict=True):
        answers[run.run_id] = answer
        data = _kept(runs, run.run_id)
        view = _read_view(data) or view_of(activity, run.file_name)
        runs.save_run_view(
            run.run_id,
            {
                "version": VIEW_VERSION,
                "view": _json(view),
                "match": {"key": key, "result": _json(answer)},
            },
        )
    return answers


class RunPage(_Frozen):
    """One stored run as its page shows it: what it is, its kept view, and what it was
    against the runner's current plan (None without a plan)."""

    run_id: int
    file_name: str
    name: str | None
    sport: str
    start: dt.datetime | None
    date: dt.date | None
    view: RunView
    match: RunMatch | None
    plan_id: str | None
    plan_revision: int | None


#: One matching at a time: the first views after an import or a new day all miss the kept
#: match, and one computation for the plan's weeks answers every one of them.
_MATCHING: Final = threading.Lock()


def _match_and_keep(
    run: StoredRun,
    day: dt.date | None,
    key: str,
    runs: RunStore,
    plans: PlanStore,
    today: dt.date,
    tz: dt.tzinfo,
) -> RunMatch | None:
    """``run``'s match to the current plan under ``key``, computed and kept (for every run
    of the plan's weeks at once) unless another request has just kept it."""
    with _MATCHING:
        match = kept_match(runs, run.run_id, key)
        plan = None if match is not None else plans.current_plan(run.athlete_id)
        if plan is None:
            return match
        if _inside(plan, day):
            return plan_matches(plan, key, run.athlete_id, runs, today, tz).get(run.run_id)
        match = RunMatch(unplanned=_UNPLANNED["outside_plan"])
        data = _kept(runs, run.run_id)
        runs.save_run_view(run.run_id, {**data, "match": {"key": key, "result": _json(match)}})
        return match


def _inside(plan: Plan, day: dt.date | None) -> bool:
    last = plan.weeks[-1].start_date + dt.timedelta(days=6)
    return day is not None and plan.weeks[0].start_date <= day <= last


def run_page(
    run: StoredRun,
    runs: RunStore,
    plans: PlanStore,
    *,
    today: dt.date,
    tz: dt.tzinfo = dt.UTC,
) -> RunPage:
    """The page of ``run``: its kept view (computed and kept on first view when missing)
    and its match to the current plan, read from what was kept under the same key, else
    computed for the whole plan's weeks at once (:func:`plan_matches`) and kept."""
    kept = _kept(runs, run.run_id)
    view = stored_view(run, runs, kept)
    day = run.local_date(tz)
    current = plans.current_revision(run.athlete_id)
    match: RunMatch | None = None
    if current is not None:
        _, total = runs.recent_runs(run.athlete_id, 0)
        key = match_key(f"{current.plan_id}@{current.revision}", today, tz, total)
        match = _match_in(kept, key)
        if match is None:
            match = _match_and_keep(run, day, key, runs, plans, today, tz)
    return RunPage(
        run_id=run.run_id,
        file_name=run.file_name,
        name=run.name,
        sport=run.sport,
        start=run.start,
        date=day,
        view=view,
        match=match,
        plan_id=None if current is None else current.plan_id,
        plan_revision=None if current is None else current.revision,
    )


class RunList(_Frozen):
    """One page of the runner's log, newest first."""

    page: int
    per_page: int
    total: int
    pages: int
    runs: tuple[LogRun, ...]


def run_list(
    athlete_id: str, runs: RunStore, *, page: int = 1, per_page: int = 20, tz: dt.tzinfo = dt.UTC
) -> RunList:
    """Page ``page`` (from 1) of the athlete's runs, ``per_page`` to a page, newest first,
    dated in ``tz``."""
    from miler.services.training_log import log_run

    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    found, total = runs.recent_runs(athlete_id, per_page, (page - 1) * per_page)
    return RunList(
        page=page,
        per_page=per_page,
        total=total,
        pages=max(1, -(-total // per_page)),
        runs=tuple(log_run(r, tz) for r in found),
    )
