"""GPX and TCX import: every shared run imports; the same run agrees across formats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from miler.activities.base import NotAnActivityError, load_activity
from miler.activities.splits import split_by_laps
from miler.activities.streams import track_distance_m

#: GPX files in gpx/ that hold no timed track (a single Runkeeper waypoint)
NO_TRACK = {"gpxpy__gpx_with_garmin_extension.gpx"}


def test_every_shared_gpx_run_imports(shared_data: Path) -> None:
    files = sorted((shared_data / "activities" / "gpx").glob("*.gpx"))
    assert len(files) == 15
    for path in files:
        if path.name in NO_TRACK:
            with pytest.raises(NotAnActivityError, match="no track points"):
                load_activity(path)
            continue
        activity = load_activity(path)
        assert activity.source_format == "gpx"
        assert len(activity.samples) >= 2, path.name
        assert activity.start is not None


def test_gpx_edge_cases_import_or_say_why_not(shared_data: Path) -> None:
    for path in sorted((shared_data / "activities" / "gpx" / "edge-cases").glob("*.gpx")):
        try:
            activity = load_activity(path)
        except NotAnActivityError as error:
            assert str(error).startswith(path.name)
        else:
            assert np.all(np.diff(activity.samples.time_s) > 0)


def test_every_shared_tcx_file_imports(shared_data: Path) -> None:
    files = sorted((shared_data / "activities" / "tcx").glob("*.tcx"))
    assert len(files) == 13
    for path in files:
        activity = load_activity(path)
        assert activity.source_format == "tcx"
        assert len(activity.samples) > 0
        expected_sport = "generic" if "sup_activity" in path.name else "running"
        assert activity.sport == expected_sport, path.name


def test_tcx_lap_totals_match_its_lap_elements(shared_data: Path) -> None:
    # smart recording (a point every few seconds) puts lap starts between points: 1 %
    checked = 0
    for path in sorted((shared_data / "activities" / "tcx").glob("*.tcx")):
        if path.name == "slither__running.tcx":
            continue  # its own trackpoints run 1242 -> 3495 m (2253 m) against a 2200 m lap
        activity = load_activity(path)
        for split, lap in zip(split_by_laps(activity), activity.laps, strict=True):
            if lap.distance_m and lap.distance_m >= 1000:
                assert split.distance_m == pytest.approx(lap.distance_m, rel=0.01), path.name
                checked += 1
    assert checked >= 20


def test_same_run_in_fit_gpx_and_tcx_agrees(shared_data: Path) -> None:
    folder = shared_data / "activities"
    fit = load_activity(folder / "fit/heartandsole__testdata.fit")
    gpx = load_activity(folder / "gpx/heartandsole__testdata.gpx")
    tcx = load_activity(folder / "tcx/heartandsole__testdata.tcx")
    assert fit.start == gpx.start == tcx.start
    np.testing.assert_allclose(gpx.samples.latitude_deg, fit.samples.latitude_deg, atol=1e-6)
    np.testing.assert_array_equal(tcx.samples.heart_rate_bpm, fit.samples.heart_rate_bpm)
    # GPX has no distance stream: it is measured along the same positions the watch stored
    along_fit_track = track_distance_m(fit.samples.latitude_deg, fit.samples.longitude_deg)
    assert np.nanmax(gpx.samples.distance_m) == pytest.approx(along_fit_track[-1], abs=0.5)


def test_haversine_quarter_meridian() -> None:
    # from the equator to the pole along a meridian: pi/2 x mean Earth radius
    d = track_distance_m(np.array([0.0, 90.0]), np.array([0.0, 0.0]))
    assert d[-1] == pytest.approx(np.pi / 2 * 6_371_008.8)
    one_degree = track_distance_m(np.array([0.0, np.nan, 1.0]), np.array([0.0, np.nan, 0.0]))
    assert one_degree.tolist() == pytest.approx([0.0, 0.0, 111_195.08], abs=0.01)
