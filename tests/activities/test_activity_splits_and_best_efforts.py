"""Splits by distance, and best efforts checked against brute force on real files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from activity_synthetic import run_from_speeds
from hypothesis import given, settings
from hypothesis import strategies as st

from miler.activities.base import load_activity
from miler.activities.best_efforts import (
    best_effort,
    best_efforts,
    judge_time_trial,
    recognise_time_trial,
)
from miler.activities.model import Samples
from miler.activities.motion import clean_distance
from miler.activities.splits import split_by_distance
from miler.units import MILE_M


def brute_force_best(samples: Samples, distance: float) -> float:
    """Fastest ``distance`` by trying every start sample and walking to the first sample
    at or beyond start + distance, interpolating that last step (O(n^2), plain loops)."""
    d = clean_distance(samples).tolist()
    t = samples.time_s.tolist()
    best = float("inf")
    for i in range(len(d)):
        target = d[i] + distance
        for j in range(i + 1, len(d)):
            if d[j] >= target:
                before = d[j - 1]
                frac = (target - before) / (d[j] - before) if d[j] > before else 0.0
                best = min(best, t[j - 1] + frac * (t[j] - t[j - 1]) - t[i])
                break
    return best


@pytest.mark.parametrize(
    ("path", "distance"),
    [
        ("fit/runpandas__run.fit", 1000.0),
        ("fit/slither__running.fit", MILE_M),
        ("tcx/runpandas__run_garmin.tcx", 400.0),
        ("gpx/runpandas-nrc__0da79b1d-dc15-4589-afff-aba4497ea626.gpx", 800.0),
    ],
)
def test_best_effort_matches_brute_force_on_real_runs(
    shared_data: Path, path: str, distance: float
) -> None:
    samples = load_activity(shared_data / "activities" / path).samples
    effort = best_effort(samples, distance)
    assert effort is not None
    assert effort.time_s == pytest.approx(brute_force_best(samples, distance), abs=1e-9)


def test_best_efforts_on_a_long_run_are_ordered(shared_data: Path) -> None:
    samples = load_activity(shared_data / "activities/fit/fitfileparser__running.fit").samples
    efforts = best_efforts(samples)
    assert [e.distance_m for e in efforts] == sorted(e.distance_m for e in efforts)
    assert len(efforts) == 9
    speeds = [e.speed_mps for e in efforts]
    assert speeds[0] >= speeds[-1]


def test_splits_of_a_steady_run_are_exact() -> None:
    samples = run_from_speeds([(600, 4.0)])  # 2400 m at 100 s per 400 m
    quarters = split_by_distance(samples, 400.0)
    assert [s.time_s for s in quarters] == pytest.approx([100.0] * 6)
    miles = split_by_distance(samples, MILE_M)
    assert miles[0].time_s == pytest.approx(MILE_M / 4.0)
    assert miles[1].distance_m == pytest.approx(2400 - MILE_M)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(5, 60), st.floats(0.5, 7.0)), min_size=1, max_size=8),
    st.sampled_from([200.0, 400.0, 1000.0]),
)
def test_splits_add_up_and_best_effort_beats_every_split(
    segments: list[tuple[int, float]], every: float
) -> None:
    samples = run_from_speeds(segments)
    splits = split_by_distance(samples, every)
    total = float(clean_distance(samples)[-1])
    assert sum(s.distance_m for s in splits) == pytest.approx(total, abs=1.0 + 1e-6)
    effort = best_effort(samples, every)
    full = [s for s in splits if abs(s.distance_m - every) < 1e-6]
    if effort is not None:
        # splits run on moving time with the paused time beside it (issue 13, item 6); a best
        # effort is continuous clock time, so it beats every split's elapsed time
        assert all(effort.time_s <= s.time_s + s.paused_s + 1e-6 for s in full)
    else:
        assert not full


def test_all_out_mile_inside_a_session_is_recognised() -> None:
    # 10 min jog, a 5:00 mile, 10 min jog; the heart rate climbs in the mile
    segments = [(600, 2.8), (300, MILE_M / 300), (600, 2.8)]
    samples = run_from_speeds(segments, noise_mps=0.1, hr=(135, 182, 140))
    trial = recognise_time_trial(samples)
    assert trial is not None
    assert trial.effort.distance_m == MILE_M
    assert trial.effort.time_s == pytest.approx(300, abs=3)
    # with the runner's HRmax the same heart rate is near max (182/190 = 96 %)
    assert recognise_time_trial(samples, hr_max_bpm=190) == trial
    # an HRmax far above it: the mile was hard, not all-out
    verdict = judge_time_trial(samples, hr_max_bpm=215)
    assert verdict.trial is None
    assert any(r.startswith("mile in 5:00") and "84 % of HRmax 215" in r for r in verdict.reasons)


def test_steady_run_is_not_a_time_trial() -> None:
    assert recognise_time_trial(run_from_speeds([(1800, 3.2)], noise_mps=0.2)) is None


def test_a_run_that_is_just_a_5k_trial_is_recognised_with_heart_rate_evidence() -> None:
    samples = run_from_speeds([(1200, 5000 / 1200)], hr=178)
    trial = recognise_time_trial(samples, hr_max_bpm=188)
    assert trial is not None and trial.effort.distance_m == 5000.0 and trial.contrast is None
    verdict = judge_time_trial(samples, hr_max_bpm=188)
    assert verdict.reasons[0].startswith("5k in 20:00.0: all-out: heart rate 95 % of HRmax")


def test_a_steady_run_of_a_trial_distance_is_no_trial_without_evidence() -> None:
    # R-G20 resets paces from a trial: a steady 5 km at easy heart rate must not qualify
    easy = run_from_speeds([(1520, 5050 / 1520)], hr=140)
    verdict = judge_time_trial(easy, hr_max_bpm=190)
    assert verdict.trial is None
    assert verdict.reasons[0].startswith("5k in ") and "74 % of HRmax 190" in verdict.reasons[0]
    # no heart rate, no HRmax: nothing shows it was all-out
    blind = judge_time_trial(run_from_speeds([(1520, 5050 / 1520)], hr=None))
    assert blind.trial is None and "no heart rate" in blind.reasons[0]
    assert "no HRmax known" in judge_time_trial(easy).reasons[0]


def test_a_warm_up_before_faster_reps_is_no_trial() -> None:
    # 1500 m warm-up at 4:00/km, then 6 x 400 m in 80 s with 200 m jogs: the warm-up is
    # 30 % faster than the rest, but the reps are the fastest running of the session
    segments = [(360, 1500 / 360)]
    for _ in range(6):
        segments += [(80, 5.0), (120, 200 / 120)]
    samples = run_from_speeds(segments, hr=[150] + [175, 160] * 6)
    verdict = judge_time_trial(samples)
    assert verdict.trial is None
    assert any("fastest 400 m is 15 % faster than it" in r for r in verdict.reasons), (
        verdict.reasons
    )


def test_a_fading_mile_is_no_trial() -> None:
    # 2:20 then 2:50 for the halves of a "mile", inside an easy run
    half = MILE_M / 2
    segments = [(600, 2.8), (140, half / 140), (170, half / 170), (600, 2.8)]
    verdict = judge_time_trial(run_from_speeds(segments, hr=(135, 180, 182, 140)))
    assert verdict.trial is None
    assert any("positive split" in r for r in verdict.reasons), verdict.reasons


def test_treadmill_run_without_gps_uses_the_distance_stream(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/fitparse__compressed-speed-distance.fit")
    assert not activity.samples.has("latitude_deg")
    km = split_by_distance(activity.samples, 1000.0)
    assert len(km) == 11
    assert best_effort(activity.samples, 5000.0) is not None


def test_a_downhill_mile_is_no_trial() -> None:
    # a 5:00 mile inside an easy run, heart rate up, but down a 12 % grade
    segments = [(600, 2.8), (300, MILE_M / 300), (600, 2.8)]
    flat = run_from_speeds(segments, hr=(135, 182, 140))
    assert recognise_time_trial(flat) is not None
    d = flat.distance_m
    mile_start = float(d[600])
    altitude = np.where(d < mile_start, 200.0, 200.0 - 0.12 * np.minimum(d - mile_start, MILE_M))
    downhill = dataclasses.replace(flat, altitude_m=altitude)
    verdict = judge_time_trial(downhill)
    assert verdict.trial is None
    assert any("net descent of 12.0 %" in r for r in verdict.reasons), verdict.reasons
