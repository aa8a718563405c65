"""Runs read right (issue 13): what real watches and apps write, on real files and on
variants of them (``tests/data/activities/variants``, made by ``make_variants.py`` there;
derivations in ``tests/data/MANIFEST.md``)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path
from typing import Final

import numpy as np
import pytest

from miler.activities.base import (
    DamagedFileError,
    HostileFileError,
    load_activities,
    load_activity,
)
from miler.activities.best_efforts import best_efforts, record_bound_s
from miler.activities.heart_rate import aerobic_decoupling, average_heart_rate, time_in_zones
from miler.activities.intervals import detect_intervals
from miler.activities.load import trimp
from miler.activities.model import Activity, Samples
from miler.activities.motion import clean_distance, moving_seconds
from miler.activities.splits import split_by_distance, split_by_laps
from miler.activities.sport import judge_sport
from miler.activities.summary import summarise
from miler.errors import MilerError
from miler.units import MILE_M

RUN_GPX = "gpx/runpandas__run.gpx"  # TomTom, 1 Hz, 4.8 km, no pauses


def _load(shared_data: Path, name: str) -> object:
    return load_activity(shared_data / "activities" / name)


def _variant(shared_data: Path, name: str) -> Path:
    return shared_data / "activities" / "variants" / name


@pytest.fixture(scope="module")
def every_real_run(shared_data: Path) -> list[tuple[str, Activity]]:
    """The running part of every activity in every real file and variant miler reads
    (rides, swims and refused files left out), each with its file's name."""
    runs: list[tuple[str, Activity]] = []
    for path in sorted((shared_data / "activities").glob("*/*.*")):
        if path.parent.name not in ("fit", "gpx", "tcx", "variants"):
            continue
        try:
            activities = load_activities(path)
        except MilerError:
            continue
        for activity in activities:
            run = activity.running_part()
            if judge_sport(run).is_run:
                runs.append((path.name, run))
    return runs


# --- 1. smart recording and moving time --------------------------------------------------

#: real runs whose device timer ran without a pause and whose runner kept moving
STEADY_FIT_RUNS = (
    "fit/slither__running.fit",
    "fit/runpandas__run.fit",
    "fit/fitparse__activity-small-fenix2-run.fit",
    "fit/fitparse__developer-types-sample.fit",
    "fit/fitparserjs__running-with-developer-data.fit",
    "fit/fitparse__sample_mulitple_header.fit",
    "fit/fitparse__strava-android-app-201.10-b1218918.fit",
    "fit/muktihari__triathlon_summary_first.fit",
)


@pytest.mark.parametrize("name", STEADY_FIT_RUNS)
def test_moving_time_agrees_with_the_device_timer(shared_data: Path, name: str) -> None:
    activity = load_activity(shared_data / "activities" / name).running_part()
    timer = sum(s.timer_s or 0.0 for s in activity.sessions)
    assert timer > 0
    assert summarise(activity).moving_s == pytest.approx(timer, rel=0.02)


def test_timer_pauses_of_the_device_are_used(shared_data: Path) -> None:
    # a Fenix 5X run with 8 timer stops: moving time follows the device, not the gaps
    activity = load_activity(shared_data / "activities/fit/fitfileparser__running.fit")
    assert len(activity.samples.pauses) == 8 and activity.samples.timer_known
    summary = summarise(activity)
    timer = activity.sessions[0].timer_s
    assert timer is not None
    assert summary.moving_source == "device timer"
    assert summary.moving_s == pytest.approx(timer, rel=0.02)
    assert summary.paused_s == pytest.approx(summary.elapsed_s - summary.moving_s)


def test_smart_recording_gaps_are_bridged_not_paused(shared_data: Path) -> None:
    # the same 1 Hz run kept only every 1-25 s: no pause, the same moving time
    original = summarise(_load(shared_data, RUN_GPX))  # type: ignore[arg-type]
    smart_activity = load_activity(_variant(shared_data, "run_smart_recording.gpx"))
    assert np.diff(smart_activity.samples.time_s).max() > 20
    smart = summarise(smart_activity)
    assert smart.moving_s == pytest.approx(original.moving_s, rel=0.02)
    assert smart.elapsed_s == original.elapsed_s
    # the pace follows: within the 2 % the thinned track cuts off the corners
    assert smart.avg_speed_mps == pytest.approx(original.avg_speed_mps, rel=0.03)
    # the seconds zones and TRIMP weigh each sample by lose nothing either
    from miler.activities.heart_rate import sample_durations

    assert sample_durations(smart_activity.samples).sum() == smart.elapsed_s


# --- 2. memory and crashes -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["fit/fitparse__null_compressed_speed_dist.fit", "fit/tormoder__0134902991.fit"]
)
def test_all_zero_heart_rate_is_no_heart_rate(shared_data: Path, name: str) -> None:
    samples = load_activity(shared_data / "activities" / name).samples
    assert np.nanmax(samples.heart_rate_bpm) == 0  # the files write 0 for "no strap"
    assert average_heart_rate(samples) is None
    assert aerobic_decoupling(samples) is None
    assert trimp(samples, 50, 190) is None
    assert sum(z.seconds for z in time_in_zones(samples, 190)) == 0


def test_a_1970_timestamp_is_repaired_not_turned_into_decades(shared_data: Path) -> None:
    original = load_activity(shared_data / "activities/tcx/runpandas__run.tcx")
    activity = load_activity(_variant(shared_data, "run_1970.tcx"))
    assert activity.duration_s == original.duration_s == 1423.0
    assert len(activity.samples) == len(original.samples)
    assert "lie far from the rest" in activity.warnings[0]
    assert activity.start == original.start


def test_backwards_timestamps_are_repaired_not_turned_into_speed(shared_data: Path) -> None:
    original = load_activity(shared_data / "activities" / RUN_GPX)
    activity = load_activity(_variant(shared_data, "run_backwards_time.gpx"))
    assert "5 sample time(s) went backwards" in activity.warnings[0]
    assert len(activity.samples) == len(original.samples)
    d0 = clean_distance(original.samples)[-1]
    assert clean_distance(activity.samples)[-1] == pytest.approx(d0, abs=1.0)
    fast = best_efforts(original.samples)[0]
    assert best_efforts(activity.samples)[0].time_s == pytest.approx(fast.time_s, abs=1.0)


# --- 4. lenient on known quirks, strict on danger ----------------------------------------


def test_undeclared_namespace_prefix_is_declared_with_a_warning(shared_data: Path) -> None:
    activity = load_activity(_variant(shared_data, "run_undeclared_prefix.gpx"))
    assert "gpxdata: used but never declared" in activity.warnings[0]
    assert np.nanmean(activity.samples.heart_rate_bpm) == 150.0  # read as others read it
    original = load_activity(shared_data / "activities" / RUN_GPX)
    assert np.array_equal(activity.samples.distance_m, original.samples.distance_m)


def test_null_elevation_is_an_unknown_value_not_a_refusal(shared_data: Path) -> None:
    activity = load_activity(_variant(shared_data, "run_ele_null.gpx"))
    assert "142 empty or null value(s)" in activity.warnings[0]
    original = load_activity(shared_data / "activities" / RUN_GPX)
    assert len(activity.samples) == len(original.samples)
    assert np.isnan(activity.samples.altitude_m).sum() == 142
    # a value that is not a number is still refused
    with pytest.raises(DamagedFileError):
        load_activity(shared_data / "activities/corrupt/made__run_invalid_values.gpx")


def test_dtds_and_entities_stay_refused(shared_data: Path) -> None:
    for name in ("made__billion_laughs.gpx", "made__external_entity.gpx"):
        with pytest.raises(HostileFileError):
            load_activity(shared_data / "activities/corrupt" / name)


def test_points_without_times_are_interpolated_not_dropped(shared_data: Path) -> None:
    original = load_activity(shared_data / "activities" / RUN_GPX)
    activity = load_activity(_variant(shared_data, "run_untimed_points.gpx"))
    assert len(activity.samples) == len(original.samples)
    assert "948 point(s) without a time" in activity.warnings[0]
    assert activity.samples.distance_m[-1] == pytest.approx(original.samples.distance_m[-1])
    # interpolated along the track: within 2 s of the real times
    assert np.abs(activity.samples.time_s - original.samples.time_s).max() < 2.0


def test_a_partly_timed_real_file_keeps_its_points(shared_data: Path) -> None:
    path = shared_data / "activities/gpx/edge-cases/gpxpy__korita-zbevnica.gpx"

    activities = load_activities(path)
    kept = sum(len(a.samples) for a in activities)
    text = " ".join(w for a in activities for w in a.warnings)
    # every point is kept (its time interpolated) or counted in a warning: none vanishes
    reported = sum(int(n) for n in re.findall(r"\((\d+) points\)", text))
    reported += sum(int(n) for n in re.findall(r"(\d+) point\(s\) before the first", text))
    assert kept > 500 and reported > 0
    assert kept + reported == path.read_text(encoding="utf-8").count("<trkpt")


def test_separate_tracks_are_separate_activities(shared_data: Path) -> None:
    path = _variant(shared_data, "run_two_tracks.gpx")
    first, second = load_activities(path)
    assert first.duration_s < 3600 and second.duration_s < 3600
    assert second.start is not None and first.start is not None
    assert (second.start - first.start).days == 1
    assert "2 separate tracks" in load_activity(path).warnings[0]
    multi = load_activities(shared_data / "activities/gpx/edge-cases/gpxpy__cerknicko-jezero.gpx")
    assert len(multi) > 1


def test_a_segment_break_is_a_pause_never_distance(shared_data: Path) -> None:
    original = summarise(load_activity(shared_data / "activities" / RUN_GPX))
    jump = load_activity(_variant(shared_data, "run_segment_jump.gpx"))
    summary = summarise(jump)
    assert len(jump.samples.pauses) == 1
    assert summary.distance_m == pytest.approx(original.distance_m, abs=10.0)  # no 10 km
    assert summary.elapsed_s == pytest.approx(original.elapsed_s + 300, abs=2)
    assert summary.moving_s == pytest.approx(original.moving_s, abs=3)


def test_every_activity_of_a_multi_activity_tcx(shared_data: Path) -> None:
    original = load_activity(shared_data / "activities/tcx/runpandas__run.tcx")
    both = load_activities(_variant(shared_data, "run_two_activities.tcx"))
    assert len(both) == 2
    assert both[0].samples == original.samples and both[1].samples == original.samples
    assert both[1].start is not None and original.start is not None
    assert (both[1].start - original.start).days == 1


# --- 5. GPS spikes and the record bound --------------------------------------------------


def test_gps_spikes_are_removed_not_capped(shared_data: Path) -> None:
    original = load_activity(shared_data / "activities" / RUN_GPX)
    spiky = load_activity(_variant(shared_data, "run_gps_spikes.gpx"))
    assert "12 GPS spike(s) removed" in spiky.warnings[0]
    assert spiky.samples.distance_m[-1] == pytest.approx(original.samples.distance_m[-1], abs=5)
    for clean, noisy in zip(
        best_efforts(original.samples), best_efforts(spiky.samples), strict=True
    ):
        assert noisy.time_s == pytest.approx(clean.time_s, abs=1.0)


#: a runner's best 400 m inside one steady run is at most ~1.2x faster than their best mile
#: in it (a 5 km racer's 400 m splits vary by a few per cent; Daniels' R pace, the fastest
#: repetition pace, is ~1.15x mile race pace, and a steady run holds no such reps)
STEADY_400_OVER_MILE: Final = 1.2


def _pace_ratio_400_to_mile(samples: Samples) -> float | None:
    efforts = {e.distance_m: e for e in best_efforts(samples, (400.0, MILE_M))}
    if 400.0 not in efforts or MILE_M not in efforts:
        return None
    return efforts[400.0].speed_mps / efforts[MILE_M].speed_mps


def test_phone_gpx_400m_bests_are_not_faster_than_the_run_allows(
    every_real_run: list[tuple[str, Activity]],
) -> None:
    # every real GPX (phones: Nike Run Club, Strava's app; watches: TomTom, Polar) and every
    # committed GPX variant long enough for a mile; a run in which miler finds intervals is
    # not steady and may hold a fast 400 m (a Polar session of reps, an NRC fartlek)
    steady: dict[str, float] = {}
    for name, run in every_real_run:
        if not name.endswith(".gpx"):
            continue
        ratio = _pace_ratio_400_to_mile(run.samples)
        if ratio is not None and not detect_intervals(run.samples, run.laps):
            steady[f"{name}#{run.start}"] = ratio
    assert len(steady) >= 15
    # the Nike Run Club run whose 400 m came out 1.38x its mile pace before
    assert any(name.startswith("runpandas-nrc__68d141b2") for name in steady)
    too_fast = {name: round(r, 2) for name, r in steady.items() if r > STEADY_400_OVER_MILE}
    assert not too_fast


def test_gps_best_efforts_agree_with_the_recorders_own_distance(shared_data: Path) -> None:
    # the same recordings with the distance stream their recorder wrote: Strava's own TCX of
    # a phone run (same start, same 1696 points) and a TomTom watch's TCX of its GPX
    twins = (
        ("gpx/runpandas__strava_export.gpx", "tcx/runpandas__stopped_example.tcx"),
        (RUN_GPX, "tcx/runpandas__run.tcx"),
    )
    for gps_name, own_name in twins:
        gps, own = _load(shared_data, gps_name), _load(shared_data, own_name)
        assert isinstance(gps, Activity) and isinstance(own, Activity)
        assert gps.start == own.start and len(gps.samples) == len(own.samples)
        assert not np.isfinite(gps.samples.speed_mps).any()  # no help from a speed stream
        theirs = {e.distance_m: e.time_s for e in best_efforts(own.samples)}
        ours = {e.distance_m: e.time_s for e in best_efforts(gps.samples)}
        assert set(ours) == set(theirs)
        error = {d: ours[d] / theirs[d] - 1 for d in ours}
        # every standard distance within 4 % (the phone's 200 m was 11 % fast, its 400 m 6 %)
        assert all(abs(e) < 0.04 for e in error.values()), error
        # and short efforts are no faster than long ones against the recorder's own
        assert error[400.0] - error[MILE_M] > -0.015, error


@pytest.mark.parametrize("sex", ["M", "F"])
def test_no_best_effort_of_any_shared_run_beats_the_record(
    every_real_run: list[tuple[str, Activity]], sex: str
) -> None:
    checked = 0
    for _, run in every_real_run:
        for effort in best_efforts(run.samples, sex=sex, age=60):
            assert effort.time_s >= record_bound_s(effort.distance_m, sex, 60)
            checked += 1
    assert checked > 100


def test_the_record_bound_is_the_one_record_table() -> None:
    from miler.science.records import world_record_s

    assert record_bound_s(MILE_M) == world_record_s(MILE_M)
    assert record_bound_s(MILE_M, "F") == world_record_s(MILE_M, "F")
    assert record_bound_s(MILE_M, "M", 70) > world_record_s(MILE_M)  # age standard is slower
    assert record_bound_s(200.0) == pytest.approx(world_record_s(400.0) / 2)


# --- 6. one clock for splits -------------------------------------------------------------


def test_distance_and_lap_splits_share_the_moving_clock(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/fitfileparser__running.fit")
    samples = activity.samples
    moving = moving_seconds(samples, clean_distance(samples))[-1]
    miles = split_by_distance(samples, MILE_M)
    laps = split_by_laps(activity)  # this watch laps every mile
    assert sum(s.time_s for s in miles) == pytest.approx(moving, abs=1.0)
    assert sum(s.time_s for s in laps) == pytest.approx(moving, abs=1.0)
    for mile, lap in zip(miles, laps, strict=False):
        assert mile.time_s == pytest.approx(lap.time_s, abs=15.0)
    # the pause is beside the time, never in it: moving + paused is the elapsed span
    for here, following in itertools.pairwise(miles):
        span = following.start_s - here.start_s
        assert here.time_s + here.paused_s == pytest.approx(span, abs=1e-6)
    assert any(s.paused_s > 10 for s in miles)
    assert max(s.time_s for s in miles) < 700  # no mile carries a stop (10:47 not 27:26)


# --- 7. averages -------------------------------------------------------------------------


def test_average_heart_rate_is_time_weighted_and_ignores_zeros(shared_data: Path) -> None:
    original = load_activity(shared_data / "activities/gpx/runpandas__strava_export.gpx")
    zeros = load_activity(_variant(shared_data, "strava_hr_zeros.gpx"))
    assert (zeros.samples.heart_rate_bpm == 0).sum() > 300
    plain = average_heart_rate(original.samples)
    assert plain is not None
    assert average_heart_rate(zeros.samples) == pytest.approx(plain, abs=1.0)
    # time-weighted: a sample 10 s long weighs ten 1 s samples
    hr = original.samples.heart_rate_bpm
    weights = np.append(np.diff(original.samples.time_s), 0.0)
    weights[np.append(np.diff(original.samples.time_s) > 60, False)] = 0.0
    assert plain == pytest.approx(float(np.sum(hr * weights) / weights.sum()))


def test_ascent_is_the_devices_own_total(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/fitfileparser__running.fit")
    session = activity.sessions[0]
    assert session.ascent_m is not None
    summary = summarise(activity)
    assert summary.ascent_source == "device" and summary.ascent_m == session.ascent_m
    gpx = summarise(load_activity(shared_data / "activities" / RUN_GPX))
    assert gpx.ascent_source == "altitude"


# --- 8. not a run, 9. device names -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sport"),
    [
        ("fit/fitparserjs__batt.fit", "cycling"),
        ("fit/fitparse__event_timestamp.fit", "swimming"),
        ("fit/activityio__a6b862.fit", "cycling"),
    ],
)
def test_a_ride_or_a_swim_is_not_a_run(shared_data: Path, name: str, sport: str) -> None:
    verdict = judge_sport(load_activity(shared_data / "activities" / name).running_part())
    assert not verdict.is_run and verdict.sport == sport
    assert verdict.reason is not None and sport in verdict.reason


def test_a_run_is_a_run(shared_data: Path) -> None:
    for name in ("fit/slither__running.fit", RUN_GPX, "tcx/runpandas__11km.tcx"):
        assert judge_sport(load_activity(shared_data / "activities" / name)).is_run


@pytest.mark.parametrize(
    ("name", "device"),
    [
        ("fit/fitparserjs__batt.fit", "Suunto Vertical 2"),
        ("fit/fitparserjs__suunto-weight.fit", "Suunto Race 2"),
        ("fit/fitparse__coros-pace-2-cycling-misaligned-fields.fit", "COROS PACE 2"),
        ("fit/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit", "Wahoo Fitness ELEMNT"),
    ],
)
@pytest.mark.parametrize("reader", ["fitdecode", "auto"])
def test_device_names_come_from_the_file(
    shared_data: Path, name: str, device: str, reader: str
) -> None:
    activity = load_activity(shared_data / "activities" / name, fit_reader=reader)
    assert activity.device == device


# --- 2. time trials only on evidence ----------------------------------------------------


def test_a_real_run_with_faster_running_elsewhere_is_no_trial(shared_data: Path) -> None:
    from miler.activities.best_efforts import judge_time_trial

    # a Polar M400 run whose 8:20 1500 m stood 30 % above the rest: taken as a trial before,
    # though a 400 m elsewhere in it was 22 % faster still
    activity = load_activity(shared_data / "activities/gpx/slither__running.gpx")
    verdict = judge_time_trial(activity.samples)
    assert verdict.trial is None
    assert any(
        re.match(r"1500m in 8:[12]\d\.\d: not all-out", r) and "fastest 400 m is 22 % faster" in r
        for r in verdict.reasons
    ), verdict.reasons
    # the run holding a raced 2 miles (HR at the run's highest, even halves) still counts
    fast = load_activity(shared_data / "activities/fit/fitparse__activity-small-fenix2-run.fit")
    taken = judge_time_trial(fast.samples)
    assert taken.trial is not None and taken.trial.effort.distance_m == pytest.approx(2 * MILE_M)
    assert "halves 6:47.3 and 6:49.1" in taken.reasons[0]


def test_no_ordinary_real_run_is_taken_as_a_time_trial(
    every_real_run: list[tuple[str, Activity]],
) -> None:
    from miler.activities.best_efforts import judge_time_trial

    # every real run and variant (steady runs of trial distances, Garmin smart recording,
    # phone GPX, 800 m and 1 km rep sessions with warm-ups), judged without an HRmax and
    # with the run's own highest heart rate as HRmax, the most lenient reading: only the
    # Fenix 2 run that holds a raced 2 miles resets paces
    taken: set[str] = set()
    judged = 0
    for name, run in every_real_run:
        hr = run.samples.heart_rate_bpm
        valid = np.isfinite(hr) & (hr > 0)
        top = float(hr[valid].max()) if valid.any() else None
        for hr_max in {None, top}:
            judged += 1
            if judge_time_trial(run.samples, hr_max_bpm=hr_max).trial is not None:
                taken.add(name)
    assert judged > 60
    assert taken == {"fitparse__activity-small-fenix2-run.fit"}


def test_the_raced_two_miles_run_downhill_is_no_trial(shared_data: Path) -> None:
    from miler.activities.best_efforts import judge_time_trial

    # the real raced 2 miles, its course tilted to a 12 % descent over the effort only
    samples = load_activity(
        shared_data / "activities/fit/fitparse__activity-small-fenix2-run.fit"
    ).samples
    raced = judge_time_trial(samples).trial
    assert raced is not None
    effort = raced.effort
    drop = -0.12 * np.clip(clean_distance(samples) - effort.start_m, 0.0, effort.distance_m)
    downhill = dataclasses.replace(samples, altitude_m=samples.altitude_m + drop)
    verdict = judge_time_trial(downhill)
    assert verdict.trial is None
    assert any("2mi in" in r and "net descent of 1" in r for r in verdict.reasons), verdict.reasons
