"""Interval detection from the watch laps and from the speed stream: synthetic sessions with
known reps, and real interval and steady runs from the shared data."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from subprocess import CompletedProcess

import numpy as np
import pytest
from activity_synthetic import drop, run_from_speeds
from hypothesis import given, settings
from hypothesis import strategies as st

from miler.activities.base import load_activity
from miler.activities.intervals import Rep, detect_intervals
from miler.activities.model import Lap, Samples

STAMINA = "activities/fit/fitparserjs__garmin-stamina.fit"
FOUR_BY_1KM = "activities/fit/fitparserjs__running-with-developer-data.fit"
EIGHT_BY_200M = "activities/tcx/activityio__c2eb1b_6.tcx"


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


def work(samples: Samples, laps: Sequence[Lap] = ()) -> list[Rep]:
    return [r for r in detect_intervals(samples, laps) if r.kind == "work"]


def laps_at(
    samples: Samples,
    times: Sequence[float],
    intensities: Sequence[str | None] | None = None,
    trigger: str | None = None,
) -> tuple[Lap, ...]:
    """Laps between consecutive ``times``, with the distance the device would total."""
    t, d = samples.time_s, samples.distance_m
    labels = intensities or [None] * (len(times) - 1)
    return tuple(
        Lap(
            start_s=a,
            elapsed_s=b - a,
            timer_s=b - a,
            distance_m=float(np.interp(b, t, d) - np.interp(a, t, d)),
            intensity=label,
            trigger=trigger,
        )
        for a, b, label in zip(times[:-1], times[1:], labels, strict=True)
    )


def segment_edges(segments: Sequence[tuple[float, float]]) -> list[float]:
    return [0.0, *np.cumsum([seconds for seconds, _ in segments]).tolist()]


def auto_laps(samples: Samples, every_m: float) -> tuple[Lap, ...]:
    """Laps every ``every_m`` metres, as a watch's auto-lap makes them."""
    t, d = samples.time_s, samples.distance_m
    marks = np.interp(np.arange(every_m, d[-1], every_m), d, t)
    return laps_at(samples, [0.0, *marks.tolist(), float(t[-1])], trigger="distance")


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


def test_a_brief_dip_does_not_split_a_rep() -> None:
    # 5 x 3 min at 4.5 m/s; in rep 3 the runner eases to 3.2 m/s for 25 s (a bend, a gust)
    segments: list[tuple[float, float]] = [(600, 2.6)]
    for i in range(5):
        segments += [(80, 4.5), (25, 3.2), (75, 4.5)] if i == 2 else [(180, 4.5)]
        if i < 4:
            segments.append((300, 1.5))
    segments.append((600, 2.6))
    reps = work(run_from_speeds(segments, noise_mps=0.25, seed=2))
    assert len(reps) == 5
    assert reps[2].time_s == pytest.approx(180, abs=10)
    assert reps[2].distance_m == pytest.approx(80 * 4.5 + 25 * 3.2 + 75 * 4.5, rel=0.05)


def test_jogs_a_little_faster_than_the_recoveries_are_not_reps() -> None:
    # warm-up and cool-down at 3.4 m/s: faster than the 1.5 m/s recoveries, but well
    # slower than the 4.5 m/s reps
    segments = [(420, 3.4), *session(5, 180, 4.5, 120, 1.5)[1:-1], (420, 3.4)]
    reps = work(run_from_speeds(segments, noise_mps=0.25, seed=8))
    assert len(reps) == 5
    assert all(r.distance_m == pytest.approx(810, rel=0.05) for r in reps)


def test_pressed_laps_are_the_reps() -> None:
    segments = session(5, 180, 4.5, 300, 1.5)
    samples = run_from_speeds(segments, noise_mps=0.3, seed=4)
    laps = laps_at(samples, segment_edges(segments))
    found = detect_intervals(samples, laps)
    reps = [r for r in found if r.kind == "work"]
    assert [r.source for r in found] == ["laps"] * 9
    # the reps are laps 2, 4, ... 10 exactly: the warm-up and cool-down laps are not reps
    for rep, lap in zip(reps, laps[1:-1:2], strict=True):
        assert (rep.start_s, rep.time_s, rep.distance_m) == (
            lap.start_s,
            lap.timer_s,
            lap.distance_m,
        )
    recoveries = [r for r in found if r.kind == "recovery"]
    assert [r.time_s for r in recoveries] == [300] * 4


def test_auto_laps_are_not_taken_for_reps() -> None:
    # 6 x 400 m (80 s) with 200 s jogs: auto-laps every 400 m or 200 m end inside the reps,
    # so the reps come from the speed stream, with their real 400 m
    segments = session(6, 80, 5.0, 200, 2.0)
    samples = run_from_speeds(segments, noise_mps=0.3, seed=4)
    for every_m in (200.0, 400.0, 1000.0, 1609.344):
        reps = work(samples, auto_laps(samples, every_m))
        assert len(reps) == 6, every_m
        assert {r.source for r in reps} == {"stream"}
        assert all(r.distance_m == pytest.approx(400, rel=0.05) for r in reps)
    steady = run_from_speeds([(2400, 3.3)], noise_mps=0.4)
    assert detect_intervals(steady, auto_laps(steady, 1000.0)) == ()


def test_labelled_workout_laps_give_even_two_reps() -> None:
    # 2 x 10 min at 4.0 m/s with a 2 min standing rest, as a structured workout records it;
    # two reps are too few to tell from the stream alone
    segments = [(600, 2.8), (600, 4.0), (120, 0.0), (600, 4.0), (600, 2.8)]
    samples = run_from_speeds(segments, noise_mps=0.2, seed=1)
    labels = ["warmup", "active", "rest", "active", "cooldown"]
    laps = laps_at(samples, segment_edges(segments), labels)
    reps = work(samples, laps)
    assert [(r.start_s, r.time_s, r.source) for r in reps] == [
        (600, 600, "laps"),
        (1320, 600, "laps"),
    ]
    assert work(samples) == []
    # the same laps without labels are no pattern of reps either
    assert detect_intervals(samples, laps_at(samples, segment_edges(segments))) == ()


def rep_laps(laps: Sequence[Lap], low_s: float, high_s: float) -> list[Lap]:
    return [lap for lap in laps if low_s < lap.elapsed_s < high_s]


def test_real_800m_session_from_its_laps(shared_data: Path) -> None:
    activity = load_activity(shared_data / STAMINA)
    found = detect_intervals(activity.samples, activity.laps)
    reps = [r for r in found if r.kind == "work"]
    # the watch laps: warm-up, 2nd warm-up, 5 reps of ~3:00 alternating with 5:00
    # recoveries, cool-down; every lap is labelled "interval", so the labels say nothing
    laps = rep_laps(activity.laps, 170, 190)
    assert len(laps) == 5
    assert len(reps) == 5
    for rep, lap in zip(reps, laps, strict=True):
        assert rep.source == "laps"
        assert rep.start_s == lap.start_s
        assert lap.distance_m is not None and lap.timer_s is not None
        assert rep.distance_m == pytest.approx(lap.distance_m, abs=1)
        assert rep.time_s == pytest.approx(lap.timer_s, abs=1)
        assert rep.avg_heart_rate_bpm == lap.avg_heart_rate_bpm
    assert [round(r.distance_m) for r in reps] == [808, 807, 762, 759, 743]
    recoveries = [r for r in found if r.kind == "recovery"]
    assert [r.time_s for r in recoveries] == pytest.approx([300] * 4, abs=7)
    assert all(r.speed_mps < rep.speed_mps / 2 for r in recoveries for rep in reps)


def test_real_800m_session_from_the_stream_alone(shared_data: Path) -> None:
    # without the laps: the same 5 reps, none split by the dip in the 5th, each close to
    # its lap (the stream measures the distance itself)
    activity = load_activity(shared_data / STAMINA)
    reps = work(activity.samples)
    laps = rep_laps(activity.laps, 170, 190)
    assert len(reps) == 5
    for rep, lap in zip(reps, laps, strict=True):
        assert rep.source == "stream"
        assert rep.start_s == pytest.approx(lap.start_s, abs=10)
        assert rep.time_s == pytest.approx(lap.elapsed_s, abs=10)
        assert lap.distance_m is not None
        assert rep.distance_m == pytest.approx(lap.distance_m, rel=0.05)


def test_real_4_by_1km_session_from_its_laps(shared_data: Path) -> None:
    activity = load_activity(shared_data / FOUR_BY_1KM)
    found = detect_intervals(activity.samples, activity.laps)
    reps = [r for r in found if r.kind == "work"]
    km_laps = [lap for lap in activity.laps if lap.distance_m == 1000.0]
    assert len(km_laps) == 4
    # the four 1 km laps, not the 932 m cool-down lap after the last rest
    assert [(r.start_s, r.distance_m, r.source) for r in reps] == [
        (lap.start_s, 1000.0, "laps") for lap in km_laps
    ]
    recoveries = [r for r in found if r.kind == "recovery"]
    assert [r.time_s for r in recoveries] == pytest.approx([60] * 3, abs=0.5)


def test_real_4_by_1km_session_from_the_stream_alone(shared_data: Path) -> None:
    activity = load_activity(shared_data / FOUR_BY_1KM)
    reps = work(activity.samples)
    km_laps = [lap for lap in activity.laps if lap.distance_m == 1000.0]
    assert len(reps) == 4  # the cool-down at 2.7 m/s after the reps at 3.6-3.8 is no rep
    # rep 2: the stream shows the runner already at 3.3 m/s 26 s before the lap press
    for rep, lap in zip(reps, km_laps, strict=True):
        assert rep.start_s == pytest.approx(lap.start_s, abs=30)
        assert rep.distance_m == pytest.approx(1000, rel=0.1)


def test_real_8_by_200m_tcx_session(shared_data: Path) -> None:
    # 200 m laps at ~3.4 m/s with 200 m walks, a 783 m warm-up lap and a 1717 m cool-down
    # lap run at 2.9 m/s, only 15 % slower than the reps
    activity = load_activity(shared_data / EIGHT_BY_200M)
    from_laps = work(activity.samples, activity.laps)
    assert [(r.distance_m, r.source) for r in from_laps] == [(200.0, "laps")] * 8
    from_stream = work(activity.samples)
    assert len(from_stream) == 8
    for rep, lap in zip(from_stream, from_laps, strict=True):
        assert rep.start_s == pytest.approx(lap.start_s, abs=20)


@pytest.mark.parametrize(
    "name",
    [
        "fit/runpandas__run.fit",
        "fit/slither__running.fit",
        "fit/fitfileparser__running.fit",
        "fit/tormoder__mornindew-broken.fit",
        "fit/fitparse__compressed-speed-distance.fit",
        "tcx/runpandas__11km.tcx",
        "tcx/activityio__c2eb1b_2.tcx",
        "gpx/runpandas__strava_export.gpx",
        "gpx/runpandas-nrc__68d141b2-ef47-4476-bac5-fd72f4faf678.gpx",
    ],
)
def test_real_steady_runs_have_no_intervals(shared_data: Path, name: str) -> None:
    # steady runs (some with stops, surges or a faster finish) with or without auto-laps
    activity = load_activity(shared_data / "activities" / name)
    assert detect_intervals(activity.samples, activity.laps) == ()
    assert detect_intervals(activity.samples) == ()


def test_analyse_says_where_the_reps_came_from(
    miler_cli: Callable[..., CompletedProcess[str]], shared_data: Path
) -> None:
    path = str(shared_data / STAMINA)
    report = json.loads(miler_cli("analyse", path, "--json").stdout)
    reps = [r for r in report["intervals"] if r["kind"] == "work"]
    assert [round(r["distance_m"]) for r in reps] == [808, 807, 762, 759, 743]
    assert {r["source"] for r in report["intervals"]} == {"laps"}
    assert "intervals: 5 reps (from the watch laps)" in miler_cli("analyse", path).stdout


def test_indoor_session_without_distance_or_power_finds_nothing(shared_data: Path) -> None:
    # fitparse__20170518: time-based laps alternating ~195 s / 300 s, but zero distance and
    # no power: the speed stream carries no structure, so none is claimed
    activity = load_activity(
        shared_data / "activities/fit/fitparse__20170518-191602-1740899583.fit"
    )
    assert len(activity.laps) == 8
    assert detect_intervals(activity.samples) == ()
