"""adapt gives the trial recogniser the runner's HRmax, so a whole-run all-out mile with heart
rate near max counts (issue 13: evidence of an all-out effort), and one far below it does not."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "activities"))

from activity_synthetic import run_from_speeds

from miler.activities.model import Activity
from miler.adapt.activity_kinds import Done, Runner, analyse
from miler.adapt.outcomes import ActivityKind
from miler.units import MILE_M


def _mile_alone(hr: tuple[float, float, float]) -> Done:
    speed = MILE_M / 360
    samples = run_from_speeds([(120, speed)] * 3, noise_mps=0.05, hr=hr)
    start = dt.datetime(2027, 3, 1, 7, tzinfo=dt.UTC)
    activity = Activity(sport="running", start=start, samples=samples)
    return Done(0, activity, ActivityKind.RUN, None, start.date(), 360.0, MILE_M)


def test_a_whole_run_mile_near_hr_max_is_a_trial_with_the_runners_hr_max() -> None:
    done = _mile_alone(hr=(165, 185, 189))
    assert analyse(done).trial is None  # no HRmax: heart rate cannot be judged
    trial = analyse(done, Runner(hr_max_bpm=190, sex="M", age=30)).trial
    assert trial is not None
    assert trial.effort.distance_m in (1500.0, MILE_M)  # the recogniser's standard distances
    speed = trial.effort.distance_m / trial.effort.time_s
    assert abs(speed / (MILE_M / 360) - 1) < 0.03


def test_a_whole_run_mile_far_below_hr_max_is_no_trial() -> None:
    done = _mile_alone(hr=(120, 135, 140))
    assert analyse(done, Runner(hr_max_bpm=195, sex="M", age=30)).trial is None
