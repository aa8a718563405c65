"""What each activity is: its kind (run, cross-training, strength, other), local date,
recorded time and distance, its reps and any all-out effort, and which uploads are one
run twice (:mod:`miler.adapt.match`, steps 1-2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.activities.best_efforts import TimeTrial
from miler.activities.best_efforts import recognise_time_trial as _recognise_time_trial
from miler.activities.heart_rate import sample_durations
from miler.activities.intervals import Rep, detect_intervals
from miler.activities.model import Activity
from miler.activities.motion import clean_distance
from miler.adapt.outcomes import (
    DUPLICATE_START_S,
    RUN_SPEED_MPS,
    ActivityKind,
)

__all__ = [
    "Done",
    "Runner",
    "analyse",
    "describe",
    "duplicates",
]

_CROSS_SPORTS: Final = {"cycling": "cycling", "swimming": "swimming", "rowing": "rowing"}
_EQUIPMENT_MODES: Final = {
    "elliptical": "elliptical",
    "indoor_rowing": "rowing",
    "indoor_cycling": "cycling",
    "stair_climbing": "elliptical",
}
_FORMAT_RANK: Final = {"fit": 3, "tcx": 2, "gpx": 1}
_NO_SPORT: Final = frozenset({"generic", "", "unknown"})


@dataclass(frozen=True)
class Done:
    """An activity with what matching needs (runs: their running part)."""

    index: int
    activity: Activity
    kind: ActivityKind
    mode: str | None
    date: dt.date | None
    recorded_s: float
    distance_m: float
    reps: tuple[Rep, ...] = ()
    trial: TimeTrial | None = None

    @property
    def shape(self) -> str:
        """``trial``, ``intervals`` or ``steady`` for a run; ``any`` otherwise."""
        if self.kind is not ActivityKind.RUN:
            return "any"
        if self.trial is not None:
            return "trial"
        return "intervals" if self.reps else "steady"


def _recorded_s(activity: Activity) -> float:
    """Seconds the watch recorded, pauses (gaps over 10 s) left out, as its timer does."""
    return float(sample_durations(activity.samples).sum()) if len(activity.samples) else 0.0


def _distance_m(activity: Activity) -> float:
    d = clean_distance(activity.samples)
    return float(d[-1]) if d.size and np.isfinite(d[-1]) else 0.0


def _sub_sport(activity: Activity) -> str:
    return next((s.sub_sport for s in activity.sessions if s.sub_sport), "") or ""


def _kind(activity: Activity, recorded_s: float, distance_m: float) -> tuple[ActivityKind, str]:
    """The activity's kind and, for cross-training, its mode (:mod:`miler.adapt.match`, step 1)."""
    sport, sub = activity.sport, _sub_sport(activity)
    if activity.is_run or "treadmill" in sub:
        return ActivityKind.RUN, ""
    if sport in _CROSS_SPORTS:
        return ActivityKind.CROSS, _CROSS_SPORTS[sport]
    if sport == "fitness_equipment":
        return ActivityKind.CROSS, _EQUIPMENT_MODES.get(sub, "elliptical")
    if sport == "training":
        return ActivityKind.STRENGTH, ""
    low, high = RUN_SPEED_MPS
    if sport in _NO_SPORT and recorded_s > 0 and low <= distance_m / recorded_s <= high:
        return ActivityKind.RUN, ""
    return ActivityKind.OTHER, ""


def describe(index: int, activity: Activity, tz: dt.tzinfo) -> Done:
    """Kind, local date, recorded time and distance (runs: of their running part)."""
    kind, mode = _kind(activity, _recorded_s(activity), _distance_m(activity))
    if kind is ActivityKind.RUN:
        activity = activity.running_part()
    date = activity.local_date(tz)
    return Done(
        index, activity, kind, mode or None, date, _recorded_s(activity), _distance_m(activity)
    )


@dataclass(frozen=True)
class Runner:
    """What the trial recogniser needs to know of the runner: HRmax (so heart rate near max
    counts as evidence of an all-out effort), sex and age (records bound a best effort)."""

    hr_max_bpm: float | None = None
    sex: str | None = None
    age: float | None = None


def analyse(done: Done, runner: Runner | None = None) -> Done:
    """A run with its work reps and any all-out effort in it."""
    if done.kind is not ActivityKind.RUN:
        return done
    samples = done.activity.samples
    reps = tuple(r for r in detect_intervals(samples, done.activity.laps) if r.kind == "work")
    who = runner or Runner()
    trial = _recognise_time_trial(samples, hr_max_bpm=who.hr_max_bpm, sex=who.sex, age=who.age)
    return dataclasses.replace(done, reps=reps, trial=trial)


def _preference(done: Done) -> tuple[int, int, int, int]:
    """Which copy of a duplicate to keep: most laps, then the watch's own FIT file over a
    TCX or GPX export, then most samples, then the first given."""
    rank = _FORMAT_RANK.get(done.activity.source_format, 0)
    return (len(done.activity.laps), rank, len(done.activity.samples), -done.index)


def _same_recording(a: Done, b: Done) -> bool:
    if a.kind is not b.kind or a.activity.start is None or b.activity.start is None:
        return False
    start_a, start_b = a.activity.start.timestamp(), b.activity.start.timestamp()
    if abs(start_a - start_b) > DUPLICATE_START_S:
        return False
    end_a, end_b = start_a + a.activity.duration_s, start_b + b.activity.duration_s
    overlap = min(end_a, end_b) - max(start_a, start_b)
    shorter = min(a.activity.duration_s, b.activity.duration_s)
    return shorter <= 0 or overlap >= 0.5 * shorter


def duplicates(done: Sequence[Done]) -> dict[int, int]:
    """index -> index of the copy kept, for every activity that repeats another."""
    kept: list[Done] = []
    copies: dict[int, int] = {}
    for item in done:
        twin = next((k for k in kept if _same_recording(k, item)), None)
        if twin is None:
            kept.append(item)
        elif _preference(item) > _preference(twin):
            kept[kept.index(twin)] = item
            copies = {i: item.index if j == twin.index else j for i, j in copies.items()}
            copies[twin.index] = item.index
        else:
            copies[item.index] = twin.index
    return copies
