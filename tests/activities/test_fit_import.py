"""FIT import: every shared run imports, both decoders agree, numbers match the files' own."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from miler.activities.base import NotAnActivityError, TruncatedFileError, load_activity
from miler.activities.fit import fitfast_available
from miler.activities.splits import split_by_laps
from miler.errors import ActivityFileError

NOT_ACTIVITIES = {"fitfileparser__2023-01-13_heartratef.fit", "heartandsole__testcourse.fit"}


def _fit_files(shared_data: Path) -> list[Path]:
    folder = shared_data / "activities" / "fit"
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".fit")


def test_every_shared_fit_activity_imports(shared_data: Path) -> None:
    runs = 0
    for path in _fit_files(shared_data):
        if path.name in NOT_ACTIVITIES:
            with pytest.raises(NotAnActivityError, match=path.name):
                load_activity(path)
            continue
        activity = load_activity(path)
        assert len(activity.samples) > 0, path.name
        runs += activity.is_run
    assert runs == 20  # running or multisport-with-running files (README: 21 incl. the course)


def test_non_activity_fit_files_say_what_they_are(shared_data: Path) -> None:
    with pytest.raises(NotAnActivityError, match="workout file"):
        load_activity(shared_data / "activities/fit/fitfileparser__2023-01-13_heartratef.fit")
    with pytest.raises(NotAnActivityError, match="course file"):
        load_activity(shared_data / "activities/fit/heartandsole__testcourse.fit")


@pytest.mark.skipif(not fitfast_available(), reason="fitfast not installed")
def test_fast_path_gives_the_same_activity_on_every_shared_fit_file(shared_data: Path) -> None:
    compared = through_fitfast = 0
    for path in _fit_files(shared_data):
        if path.name in NOT_ACTIVITIES:
            continue
        slow = load_activity(path, fit_reader="fitdecode")
        assert load_activity(path, fit_reader="auto") == slow, path.name
        compared += 1
        try:
            fast = load_activity(path, fit_reader="fitfast")  # no fallback
        except ActivityFileError:
            continue  # fitfast rejects it (CRC, Strava quirk): auto fell back to fitdecode
        if fast.samples.has("distance_m") or not slow.samples.has("distance_m"):
            assert fast == slow, path.name
            through_fitfast += 1
        # else: fitfast skips compressed_speed_distance (an array field); auto falls back
    assert compared == 41
    assert through_fitfast == 35


def test_lap_totals_match_the_files_lap_messages_within_half_a_percent(shared_data: Path) -> None:
    checked = 0
    for path in _fit_files(shared_data):
        if path.name in NOT_ACTIVITIES:
            continue
        activity = load_activity(path).running_part()
        if not activity.is_run:
            continue
        for split, lap in zip(split_by_laps(activity), activity.laps, strict=True):
            # FIT lap start times are whole seconds: at 3-5 m/s each end can be off by a
            # few metres, more than 0.5 % of a lap under 1 km
            if lap.distance_m is None or lap.distance_m < 1000:
                continue
            assert split.distance_m == pytest.approx(lap.distance_m, rel=0.005), (path.name, lap)
            checked += 1
    assert checked > 50


def _semicircles_to_deg(value: str) -> float:
    return float(value) * 180.0 / 2**31


@pytest.mark.parametrize(
    "stem", ["garmin-fenix-5-run", "garmin-fenix-5-walk", "garmin-edge-500-activity"]
)
def test_records_agree_with_fitparse_expected_csv(shared_data: Path, stem: str) -> None:
    folder = shared_data / "activities" / "fit"
    activity = load_activity(folder / f"fitparse__{stem}.fit")
    with (folder / "expected" / f"fitparse__{stem}-records.csv").open() as handle:
        # rows sharing a timestamp are one sample in miler (the later row's values win)
        rows = list({r["timestamp"]: r for r in csv.DictReader(handle)}.values())
    s = activity.samples
    assert len(s) == len(rows)
    distance = np.array([float(r["distance"]) if r["distance"] else np.nan for r in rows])
    hr = np.array([float(r["heart_rate"]) if r["heart_rate"] else np.nan for r in rows])
    lat = np.array(
        [_semicircles_to_deg(r["position_lat"]) if r["position_lat"] else np.nan for r in rows]
    )
    np.testing.assert_allclose(s.distance_m, distance, atol=1e-6)
    np.testing.assert_allclose(s.heart_rate_bpm, hr)
    both = np.isfinite(s.latitude_deg) & np.isfinite(lat)
    np.testing.assert_allclose(s.latitude_deg[both], lat[both], atol=1e-9)
    # known gap: 9 of 10 671 edge-500 samples carry a position in the CSV and none in miler
    assert np.count_nonzero(np.isfinite(s.latitude_deg) != np.isfinite(lat)) <= 9


def test_compressed_speed_distance_agrees_with_expected_csv(shared_data: Path) -> None:
    folder = shared_data / "activities" / "fit"
    activity = load_activity(folder / "fitparse__compressed-speed-distance.fit")
    with (folder / "expected" / "fitparse__compressed-speed-distance-records.csv").open() as handle:
        rows = list(csv.reader(handle))[1:]
    expected = {int(r[0]): (float(r[2]), float(r[3])) for r in rows}
    first = min(expected)
    s = activity.samples
    seen = 0
    for t, speed, distance in zip(s.time_s, s.speed_mps, s.distance_m, strict=True):
        key = int(t) + first - int(s.time_s[1])  # sample 0 holds only a timestamp
        if key in expected:
            assert (speed, distance) == pytest.approx(expected[key])
            seen += 1
    assert seen == len(expected)
    assert activity.start is None  # device clock only: no UTC start is invented


def test_activityio_fitcsv_dump_agrees(shared_data: Path) -> None:
    folder = shared_data / "activities" / "fit"
    activity = load_activity(folder / "activityio__b4ba3c.fit")
    distances = []
    with (folder / "expected" / "activityio__b4ba3c.csv").open() as handle:
        for row in csv.reader(handle):
            if len(row) > 3 and row[0] == "Data" and row[2] == "record":
                fields = dict(zip(row[3::3], row[4::3], strict=False))
                if fields.get("distance"):
                    distances.append(float(fields["distance"]))
    assert len(distances) > 1000
    np.testing.assert_allclose(
        np.unique(activity.samples.distance_m[np.isfinite(activity.samples.distance_m)]),
        np.unique(np.array(distances)),
        atol=0.01,
    )


def test_utc_start_and_device_of_a_garmin_run(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/runpandas__run.fit")
    assert activity.start == dt.datetime(2019, 9, 14, 15, 22, 5, tzinfo=dt.UTC)
    assert activity.device == "garmin fr645m"
    assert activity.sport == "running"
    assert [lap.distance_m for lap in activity.laps] == [1000.0] * 5 + [839.77]


def test_strava_app_file_with_malformed_records_imports_with_a_warning(shared_data: Path) -> None:
    path = shared_data / "activities/fit/fitparse__strava-android-app-201.10-b1218918.fit"
    activity = load_activity(path)
    assert activity.sport == "running"
    assert "17 malformed message(s)" in activity.warnings[0]
    assert all(w.startswith(path.name + ": ") for w in activity.warnings)
    # every other record is recovered: the distance reaches the session's own total
    assert np.nanmax(activity.samples.distance_m) == pytest.approx(11274.04)
    assert activity.duration_s == pytest.approx(3558.0)
    assert np.all(np.diff(activity.samples.time_s) > 0)


def test_truncated_fit_needs_the_explicit_option(shared_data: Path) -> None:
    path = shared_data / "activities/corrupt/made__run_truncated_half.fit"
    with pytest.raises(
        TruncatedFileError, match=r"made__run_truncated_half\.fit.*--allow-truncated"
    ):
        load_activity(path)
    part = load_activity(path, allow_truncated=True)
    whole = load_activity(shared_data / "activities/fit/runpandas__run.fit")
    assert part.warnings and "truncated" in part.warnings[0]
    assert 0 < len(part.samples) < len(whole.samples)
    n = len(part.samples)
    np.testing.assert_array_equal(part.samples.distance_m, whole.samples.distance_m[:n])


def test_multisport_running_leg_is_cut_out(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/muktihari__triathlon_summary_last.fit")
    assert activity.sport == "multisport"
    run = activity.running_part()
    assert run.sport == "running"
    leg = next(s for s in activity.sessions if s.sport == "running")
    assert leg.distance_m is not None
    assert float(np.nanmax(run.samples.distance_m)) == pytest.approx(leg.distance_m, rel=0.01)
