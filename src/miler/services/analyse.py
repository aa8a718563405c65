"""Analyse a run: one recorded activity file in, one :class:`AnalysedRun` out.

Every front end (``miler analyse``, the training log, the web app) calls
:func:`analyse_run` (a path, or bytes and a file name), :func:`analyse_runs` (every
activity of a file: a GPX file's tracks, a TCX file's activities) or
:func:`analyse_activity` (an :class:`~miler.activities.model.Activity` already read, e.g.
by :func:`load_run` to draw it too); the result's ``model_dump(mode="json")`` is exactly
what ``miler analyse --json`` prints. No printing, no file writing, no clock: the caller
renders and stores.

Decisions made here, once: the running leg of a multisport file; whether the activity is
analysed as a run at all (a ride or a swim is reported as what it is); which laps pace a
run (the work reps of an interval session, else the laps, else 400 m splits); which
HRmax the zones use (the runner's, else the highest in the file, and it says so); the
time-trial verdict only from evidence (R-G20 resets paces from it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from miler.activities.model import Activity

if TYPE_CHECKING:
    from miler.activities.splits import Split

__all__ = [
    "AnalyseOptions",
    "AnalysedRun",
    "BestEffortRow",
    "HeartRateReport",
    "IntervalRow",
    "LapSplit",
    "LoadReport",
    "PacingRow",
    "RunSummary",
    "SplitRow",
    "Splits",
    "TimeTrialEffort",
    "TimeTrialVerdict",
    "ZoneRow",
    "analyse_activity",
    "analyse_run",
    "analyse_runs",
    "load_run",
    "load_runs",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AnalyseOptions(_Frozen):
    """What the runner tells miler besides the file: HRmax and resting HR (zones, TRIMP,
    trial evidence), sex and age (TRIMP weighting, the record bound on best efforts), and
    how to read the file."""

    hr_max_bpm: float | None = Field(default=None, gt=0)
    hr_rest_bpm: float | None = Field(default=None, gt=0)
    sex: Literal["M", "F"] = "M"
    age: float | None = Field(default=None, gt=0)
    allow_truncated: bool = False
    fit_reader: Literal["auto", "fitdecode", "fitfast"] = "auto"


class RunSummary(_Frozen):
    """Headline numbers (SI units; ``None`` where the file cannot tell)."""

    sport: str
    start: dt.datetime | None
    device: str | None
    distance_m: float
    elapsed_s: float
    moving_s: float
    paused_s: float
    moving_source: str
    avg_speed_mps: float | None
    avg_heart_rate_bpm: float | None
    max_heart_rate_bpm: float | None
    ascent_m: float | None
    descent_m: float | None
    ascent_source: str | None
    has_gps: bool


class SplitRow(_Frozen):
    """One split: ``time_s`` is moving time, ``paused_s`` the time stood still inside it."""

    number: int
    start_m: float
    distance_m: float
    start_s: float
    time_s: float
    paused_s: float
    avg_heart_rate_bpm: float | None
    speed_mps: float
    pace_s_per_400m: float | None


class LapSplit(SplitRow):
    """A recorded lap as a split, with the device's own distance for it."""

    device_distance_m: float | None


class Splits(_Frozen):
    """Splits by recorded lap, 400 m, kilometre and mile (JSON key ``"400m"``)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    laps: tuple[LapSplit, ...] = ()
    quarter: tuple[SplitRow, ...] = Field(default=(), alias="400m")
    km: tuple[SplitRow, ...] = ()
    mile: tuple[SplitRow, ...] = ()


class PacingRow(_Frozen):
    """Pacing evenness (:func:`miler.activities.pacing.analyse_pacing`) and its basis:
    ``reps`` of an interval session, ``laps`` or ``400m`` splits."""

    lap_paces_s_per_400m: tuple[float, ...]
    mean_pace_s_per_400m: float
    deviations: tuple[float, ...]
    speed_cv: float
    first_lap_ratio: float
    split: str
    first_half_s: float
    second_half_s: float
    even: bool
    too_fast_start: bool
    basis: Literal["reps", "laps", "400m"]


class IntervalRow(_Frozen):
    """A work or recovery stretch; ``source`` ``laps`` (the watch's) or ``stream``."""

    kind: str
    number: int
    start_s: float
    time_s: float
    distance_m: float
    avg_heart_rate_bpm: float | None
    source: str
    speed_mps: float


class BestEffortRow(_Frozen):
    """The fastest ``distance_m`` inside the run."""

    name: str
    distance_m: float
    time_s: float
    start_s: float
    start_m: float
    speed_mps: float


class TimeTrialEffort(_Frozen):
    """The all-out effort taken from the run (``contrast``: how much faster than the rest
    of the run; ``None`` when the whole run was the trial)."""

    name: str
    distance_m: float
    time_s: float
    start_s: float
    contrast: float | None


class TimeTrialVerdict(_Frozen):
    """Whether the run held an all-out effort (``effort``, ``None`` when not) and why."""

    recognised: bool
    effort: TimeTrialEffort | None
    reasons: tuple[str, ...]


class ZoneRow(_Frozen):
    """Seconds with heart rate in ``[low_bpm, high_bpm)``; zone 0 is below zone 1."""

    zone: int
    low_bpm: float
    high_bpm: float | None
    seconds: float


class DecouplingRow(_Frozen):
    """Aerobic decoupling (Pa:HR) and heart-rate drift between the halves of the run."""

    efficiency_first: float
    efficiency_second: float
    decoupling_pct: float
    hr_drift_pct: float


class HeartRateReport(_Frozen):
    """Zones by %HRmax; ``hr_max_source``: ``option`` (the runner's) or ``observed``."""

    hr_max_bpm: float
    hr_max_source: Literal["option", "observed"]
    zones: tuple[ZoneRow, ...]
    decoupling: DecouplingRow | None


class LoadReport(_Frozen):
    """Training load of the session: Banister's TRIMP (needs the resting heart rate)."""

    trimp: float
    method: str = "Banister 1991 TRIMP"


class AnalysedRun(_Frozen):
    """Everything ``miler analyse`` reports about one activity file."""

    file: str
    sport: str
    device: str | None
    analysed_as_run: bool
    not_a_run_reason: str | None
    warnings: tuple[str, ...]
    summary: RunSummary
    splits: Splits
    pacing: PacingRow | None
    intervals: tuple[IntervalRow, ...]
    best_efforts: tuple[BestEffortRow, ...]
    time_trial: TimeTrialVerdict
    heart_rate: HeartRateReport | None
    load: LoadReport | None


def _opt(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _file(source: str | Path | bytes, filename: str | None) -> tuple[bytes, str, str | None]:
    """The decompressed bytes of a path, or of uploaded ``bytes`` called ``filename``; the
    name for messages; the format the path's name says (``None`` for bytes)."""
    from miler.activities.base import decompressed, read_activity_bytes

    if isinstance(source, bytes):
        name = filename or "upload"
        return decompressed(source, name), name, None
    path = Path(source)
    kind, data = read_activity_bytes(path)
    return data, path.name, kind


def load_run(
    source: str | Path | bytes, filename: str | None = None, options: AnalyseOptions | None = None
) -> Activity:
    """Read an activity from a path, or from ``bytes`` of a file called ``filename``."""
    from miler.activities.base import parse_activity

    opts = options or AnalyseOptions()
    data, name, kind = _file(source, filename)
    return parse_activity(
        data, name, kind=kind, allow_truncated=opts.allow_truncated, fit_reader=opts.fit_reader
    )


def load_runs(
    source: str | Path | bytes, filename: str | None = None, options: AnalyseOptions | None = None
) -> tuple[Activity, ...]:
    """Every activity in a file (a GPX file's tracks, a TCX file's activities)."""
    from miler.activities.base import parse_activities

    opts = options or AnalyseOptions()
    data, name, kind = _file(source, filename)
    return parse_activities(
        data, name, kind=kind, allow_truncated=opts.allow_truncated, fit_reader=opts.fit_reader
    )


def analyse_runs(
    source: str | Path | bytes,
    filename: str | None = None,
    options: AnalyseOptions | None = None,
) -> tuple[AnalysedRun, ...]:
    """Read and analyse every activity in one file (a GPX file with several tracks, a TCX
    file with several activities), in file order."""
    opts = options or AnalyseOptions()
    name = filename or (Path(source).name if not isinstance(source, bytes) else "upload")
    return tuple(analyse_activity(a, name, opts) for a in load_runs(source, filename, opts))


def analyse_run(
    source: str | Path | bytes,
    filename: str | None = None,
    options: AnalyseOptions | None = None,
) -> AnalysedRun:
    """Read and analyse one activity file (a path, or bytes and their file name)."""
    opts = options or AnalyseOptions()
    activity = load_run(source, filename, opts)
    name = filename or (Path(source).name if not isinstance(source, bytes) else "upload")
    return analyse_activity(activity, name, opts)


def _split_fields(split: Split) -> dict[str, Any]:
    return {
        "number": split.number,
        "start_m": split.start_m,
        "distance_m": split.distance_m,
        "start_s": split.start_s,
        "time_s": split.time_s,
        "paused_s": split.paused_s,
        "avg_heart_rate_bpm": _opt(split.avg_heart_rate_bpm),
        "speed_mps": split.speed_mps,
        "pace_s_per_400m": _opt(split.pace_s_per_400m),
    }


def _split_row(split: Split) -> SplitRow:
    return SplitRow(**_split_fields(split))


def _pacing(
    laps: Sequence[SplitRow],
    quarters: Sequence[SplitRow],
    reps: Sequence[IntervalRow],
    gps_only: bool,
) -> PacingRow | None:
    """Pacing over the work reps of an interval session (recoveries would swamp it),
    else over the laps, else over 400 m splits."""
    from miler.activities.pacing import analyse_pacing

    basis: Literal["reps", "laps", "400m"] = "reps"
    chosen: list[tuple[float, float]] = [
        (r.time_s, r.distance_m) for r in reps if r.kind == "work" and r.distance_m > 0
    ]
    if len(chosen) < 2:
        basis = "laps"
        chosen = [(s.time_s, s.distance_m) for s in laps if s.distance_m > 0 and s.time_s > 0]
    if len(chosen) < 2:
        basis = "400m"
        chosen = [
            (s.time_s, s.distance_m) for s in quarters if s.distance_m >= 100 and s.time_s > 0
        ]
    if len(chosen) < 2:
        return None
    report = analyse_pacing([c[0] for c in chosen], [c[1] for c in chosen], gps_only=gps_only)
    return PacingRow(**dataclasses.asdict(report), basis=basis)


def _heart_rate(
    activity: Activity, opts: AnalyseOptions
) -> tuple[HeartRateReport | None, LoadReport | None]:
    from miler.activities.heart_rate import aerobic_decoupling, highest_heart_rate, time_in_zones
    from miler.activities.load import trimp

    samples = activity.samples
    observed = highest_heart_rate(samples)
    if observed is None:
        return None, None
    hr_max = opts.hr_max_bpm or observed
    load = None
    if opts.hr_rest_bpm:
        value = trimp(samples, opts.hr_rest_bpm, hr_max, "female" if opts.sex == "F" else "male")
        load = None if value is None else LoadReport(trimp=value)
    decoupling = aerobic_decoupling(samples)
    report = HeartRateReport(
        hr_max_bpm=hr_max,
        hr_max_source="option" if opts.hr_max_bpm else "observed",
        zones=tuple(
            ZoneRow(zone=z.zone, low_bpm=z.low_bpm, high_bpm=_opt(z.high_bpm), seconds=z.seconds)
            for z in time_in_zones(samples, hr_max)
        ),
        decoupling=None
        if decoupling is None
        else DecouplingRow(
            efficiency_first=decoupling.efficiency_first,
            efficiency_second=decoupling.efficiency_second,
            decoupling_pct=decoupling.decoupling_pct,
            hr_drift_pct=decoupling.hr_drift_pct,
        ),
    )
    return report, load


_NOT_ALWAYS_FINITE: Final = (
    "avg_speed_mps",
    "avg_heart_rate_bpm",
    "max_heart_rate_bpm",
    "ascent_m",
    "descent_m",
)
"""The summary's numbers a file may leave undefined (NaN): null in the report."""


def _summary(activity: Activity) -> RunSummary:
    from miler.activities.summary import summarise

    values = dataclasses.asdict(summarise(activity))
    for name in _NOT_ALWAYS_FINITE:
        values[name] = _opt(values[name])
    return RunSummary(**values)


def analyse_activity(
    loaded: Activity, filename: str, options: AnalyseOptions | None = None
) -> AnalysedRun:
    """Analyse an activity already read (its running leg, for a multisport file)."""
    from miler.activities.best_efforts import best_efforts, judge_time_trial
    from miler.activities.intervals import detect_intervals
    from miler.activities.splits import split_by_distance, split_by_laps
    from miler.activities.sport import judge_sport
    from miler.units import MILE_M, event_name

    opts = options or AnalyseOptions()
    activity = loaded.running_part()
    sport = judge_sport(activity)
    summary = _summary(activity)
    heart_rate, load = _heart_rate(activity, opts)
    common = {
        "file": filename,
        "sport": sport.sport,
        "device": activity.device,
        "warnings": tuple(loaded.warnings),
        "summary": summary,
        "heart_rate": heart_rate,
        "load": load,
    }
    if not sport.is_run:
        reason = sport.reason or "not a run"
        return AnalysedRun(
            **common,  # type: ignore[arg-type]
            analysed_as_run=False,
            not_a_run_reason=reason,
            splits=Splits(),
            pacing=None,
            intervals=(),
            best_efforts=(),
            time_trial=TimeTrialVerdict(recognised=False, effort=None, reasons=(reason,)),
        )
    samples = activity.samples
    laps = tuple(
        LapSplit(**_split_fields(s), device_distance_m=_opt(lap.distance_m))
        for s, lap in zip(split_by_laps(activity), activity.laps, strict=True)
    )
    quarters = tuple(_split_row(s) for s in split_by_distance(samples, 400.0))
    reps = tuple(
        IntervalRow(
            kind=r.kind,
            number=r.number,
            start_s=r.start_s,
            time_s=r.time_s,
            distance_m=r.distance_m,
            avg_heart_rate_bpm=_opt(r.avg_heart_rate_bpm),
            source=r.source,
            speed_mps=r.speed_mps,
        )
        for r in detect_intervals(samples, activity.laps)
    )
    verdict = judge_time_trial(samples, hr_max_bpm=opts.hr_max_bpm, sex=opts.sex, age=opts.age)
    trial = verdict.trial
    return AnalysedRun(
        **common,  # type: ignore[arg-type]
        analysed_as_run=True,
        not_a_run_reason=None,
        splits=Splits(
            laps=laps,
            quarter=quarters,  # type: ignore[call-arg]  # populate_by_name
            km=tuple(_split_row(s) for s in split_by_distance(samples, 1000.0)),
            mile=tuple(_split_row(s) for s in split_by_distance(samples, MILE_M)),
        ),
        pacing=_pacing(laps, quarters, reps, gps_only=activity.source_format != "fit"),
        intervals=reps,
        best_efforts=tuple(
            BestEffortRow(
                name=event_name(e.distance_m),
                distance_m=e.distance_m,
                time_s=e.time_s,
                start_s=e.start_s,
                start_m=e.start_m,
                speed_mps=e.speed_mps,
            )
            for e in best_efforts(samples, sex=opts.sex, age=opts.age)
        ),
        time_trial=TimeTrialVerdict(
            recognised=trial is not None,
            effort=None
            if trial is None
            else TimeTrialEffort(
                name=event_name(trial.effort.distance_m),
                distance_m=trial.effort.distance_m,
                time_s=trial.effort.time_s,
                start_s=trial.effort.start_s,
                contrast=trial.contrast,
            ),
            reasons=verdict.reasons,
        ),
    )
