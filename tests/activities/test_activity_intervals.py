"""Interval detection from the speed stream: synthetic sessions with known reps, and real
interval sessions from the shared data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from activity_synthetic import drop, run_from_speeds
from hypothesis import given, settings
from hypothesis import strategies as st

from miler.activities.base import load_activity
from miler.activities.intervals import detect_intervals


def session(
    reps: int, rep_s: int, rep_v: float, rest_s: int, rest_v: float
) -> list[tuple[float, float]]:
    segments: list[tuple[float, float]] = [(600, 2.6)]  # warm-up jog
    for i in range(reps):
        segments.append((rep_s, rep_v))
        if i + 1 < reps:
            segments.append((rest_s, rest_v))
    segments.append((600, 2.6))  # cool-down
    return segments


def work(samples) -> list:  # type: ignore[no-untyped-def]
    return [r for r in detect_intervals(samples) if r.kind == "work"]


def test_six_by_400m_with_noise_are_found() -> None:
    samples = run_from_speeds(session(6, 80, 5.0, 90, 1.5), noise_mps=0.4, seed=3)
    reps = work(samples)
    assert len(reps) == 6
    for rep in reps:
        assert rep.time_s == pytest.approx(80, abs=8)
        assert rep.distance_m == pytest.approx(400, rel=0.1)
    recoveries = [r for r in detect_intervals(samples) if r.kind == "recovery"]
    assert len(recoveries) == 5


def test_reps_survive_gps_dropouts() -> None:
    samples = run_from_speeds(session(5, 120, 4.6, 120, 1.8), noise_mps=0.3, seed=5)
    keep = np.ones(len(samples), dtype=bool)
    rng = np.random.default_rng(7)
    for start in rng.integers(0, len(samples) - 6, 40):
        keep[start : start + 5] = False  # 5 s holes in the recording
    keep[0] = keep[-1] = True
    reps = work(drop(samples, keep))
    assert len(reps) == 5
    assert [r.distance_m for r in reps] == pytest.approx([552] * 5, rel=0.1)


def test_standing_recoveries_with_the_timer_paused() -> None:
    samples = run_from_speeds(session(4, 240, 4.2, 60, 0.0), noise_mps=0.2, seed=11)
    t = samples.time_s
    still = np.zeros(len(samples), dtype=bool)
    for k in range(3):  # no samples while standing: auto-pause
        start = 600 + 240 * (k + 1) + 60 * k
        still[start + 3 : start + 57] = True
    reps = work(drop(samples, ~still))
    assert len(reps) == 4
    assert all(r.distance_m == pytest.approx(1008, rel=0.08) for r in reps)
    assert t.size > 0


def test_steady_runs_have_no_intervals() -> None:
    assert detect_intervals(run_from_speeds([(2400, 3.3)], noise_mps=0.4)) == ()
    # a progression run is not a set of reps either
    assert (
        detect_intervals(
            run_from_speeds([(600, 2.8), (600, 3.1), (600, 3.4), (600, 3.7)], noise_mps=0.2)
        )
        == ()
    )


@settings(max_examples=15, deadline=None)
@given(st.integers(3, 8), st.integers(40, 300), st.floats(4.0, 6.5), st.integers(3, 11))
def test_known_reps_are_counted(reps: int, rep_s: int, rep_v: float, seed: int) -> None:
    samples = run_from_speeds(
        session(reps, rep_s, rep_v, max(60, rep_s), 1.6), noise_mps=0.25, seed=seed
    )
    assert len(work(samples)) == reps


def test_real_800m_session_garmin_stamina(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/fitparserjs__garmin-stamina.fit")
    reps = work(activity.samples)
    # the watch laps: 5 reps of ~180 s (806, 805, 760, 760, 743 m) with 300 s recoveries
    rep_laps = [s for s in activity.laps if 170 < s.elapsed_s < 190]
    assert len(rep_laps) == 5
    starts = [r.start_s for r in reps]
    for lap in rep_laps[:4]:
        matched = [r for r in reps if abs(r.start_s - lap.start_s) < 15]
        assert len(matched) == 1, (lap, starts)
        assert matched[0].time_s == pytest.approx(lap.elapsed_s, abs=20)
        assert lap.distance_m is not None
        assert matched[0].distance_m == pytest.approx(lap.distance_m, rel=0.1)


def test_real_4_by_1km_session(shared_data: Path) -> None:
    activity = load_activity(
        shared_data / "activities/fit/fitparserjs__running-with-developer-data.fit"
    )
    reps = work(activity.samples)
    one_km = [r for r in reps if 900 < r.distance_m < 1100]
    assert len(one_km) == 4
    rep_laps = [lap for lap in activity.laps if lap.distance_m == 1000.0]
    # rep 2: the stream shows the runner already at 3.3 m/s 26 s before the lap press
    for rep, lap in zip(one_km, rep_laps, strict=True):
        assert rep.start_s == pytest.approx(lap.start_s, abs=30)


def test_real_steady_runs_have_no_intervals(shared_data: Path) -> None:
    for name in (
        "fit/tormoder__mornindew-broken.fit",
        "fit/slither__running.fit",
        "tcx/runpandas__11km.tcx",
    ):
        assert detect_intervals(load_activity(shared_data / "activities" / name).samples) == (), (
            name
        )


def test_indoor_session_without_distance_or_power_finds_nothing(shared_data: Path) -> None:
    # fitparse__20170518: time-based laps alternating ~195 s / 300 s, but zero distance and
    # no power: the speed stream carries no structure, so none is claimed
    activity = load_activity(
        shared_data / "activities/fit/fitparse__20170518-191602-1740899583.fit"
    )
    assert len(activity.laps) == 8
    assert detect_intervals(activity.samples) == ()
