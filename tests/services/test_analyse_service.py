"""The "analyse a run" use case: one file in, one typed, frozen result out."""

from __future__ import annotations

import gzip
from pathlib import Path

import pydantic
import pytest

from miler.errors import ActivityFileError
from miler.services.analyse import AnalysedRun, AnalyseOptions, analyse_run

STAMINA = "fit/fitparserjs__garmin-stamina.fit"  # 800 m reps
FAST_RUN = "fit/fitparse__activity-small-fenix2-run.fit"  # 9 km holding a fast 2 miles
STEADY = "fit/slither__running.fit"  # 7.9 km steady
RIDE = "fit/fitparserjs__batt.fit"  # a Suunto ride
SWIM = "fit/fitparse__event_timestamp.fit"


def _path(shared_data: Path, name: str) -> Path:
    return shared_data / "activities" / name


def test_a_typed_frozen_result(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = analyse_run(_path(shared_data, STAMINA), options=AnalyseOptions(hr_rest_bpm=50))
    assert isinstance(result, AnalysedRun)
    assert result.sport == "running" and result.analysed_as_run
    assert result.device == "garmin fr965"
    assert len(result.splits.laps) == 12 and len(result.splits.km) == 12
    assert result.pacing is not None and result.pacing.basis == "reps"
    assert sum(r.kind == "work" for r in result.intervals) >= 5
    assert result.load is not None and result.load.trimp > 0
    assert result.heart_rate is not None and result.heart_rate.hr_max_source == "observed"
    with pytest.raises(pydantic.ValidationError):
        result.sport = "cycling"  # type: ignore[misc]
    # no printing, and the JSON form has the 400 m splits under their name
    assert capsys.readouterr() == ("", "")
    dumped = result.model_dump(mode="json")
    assert len(dumped["splits"]["400m"]) == len(result.splits.quarter) > 20
    assert AnalysedRun.model_validate(result.model_dump()) == result


def test_bytes_and_a_file_name_give_the_same_result(shared_data: Path) -> None:
    path = _path(shared_data, "gpx/runpandas__strava_export.gpx")
    from_path = analyse_run(path)
    from_bytes = analyse_run(path.read_bytes(), path.name)
    from_gzip = analyse_run(gzip.compress(path.read_bytes()), path.name)
    assert from_bytes == from_path == from_gzip
    with pytest.raises(ActivityFileError, match=r"^upload\.fit: "):
        analyse_run(b"not a fit file at all", "upload.fit")


def test_the_time_trial_verdict_gives_its_reasons(shared_data: Path) -> None:
    fast = analyse_run(_path(shared_data, FAST_RUN))
    assert fast.time_trial.recognised and fast.time_trial.effort is not None
    assert fast.time_trial.effort.name == "2mi"
    assert "all-out" in fast.time_trial.reasons[0]
    assert "faster than the rest of the run" in fast.time_trial.reasons[0]
    steady = analyse_run(_path(shared_data, STEADY))
    assert not steady.time_trial.recognised and steady.time_trial.effort is None
    assert steady.time_trial.reasons  # says why not


@pytest.mark.parametrize(("name", "sport"), [(RIDE, "cycling"), (SWIM, "swimming")])
def test_a_ride_or_a_swim_is_reported_as_what_it_is(
    shared_data: Path, name: str, sport: str
) -> None:
    result = analyse_run(_path(shared_data, name))
    assert result.sport == sport and not result.analysed_as_run
    assert result.not_a_run_reason is not None and sport in result.not_a_run_reason
    assert result.splits.mile == () and result.best_efforts == () and result.pacing is None
    assert not result.time_trial.recognised
    assert result.summary.distance_m > 0  # still said how far and how long


def test_every_activity_of_a_file_is_analysed(shared_data: Path) -> None:
    from miler.services.analyse import analyse_runs

    tcx = shared_data / "activities/variants/run_two_activities.tcx"
    first, second = analyse_runs(tcx)
    assert first.summary.distance_m == second.summary.distance_m > 4800
    assert first.summary.start is not None and second.summary.start is not None
    assert (second.summary.start - first.summary.start).days == 1
    assert "holds 2 activities" in analyse_run(tcx).warnings[0]
    gpx = shared_data / "activities/variants/run_two_tracks.gpx"
    assert analyse_runs(gpx.read_bytes(), gpx.name) == analyse_runs(gpx)
    assert len(analyse_runs(gpx)) == 2


def test_options_are_validated() -> None:
    with pytest.raises(pydantic.ValidationError):
        AnalyseOptions(hr_max_bpm=-1)
    with pytest.raises(pydantic.ValidationError):
        AnalyseOptions(sex="X")  # type: ignore[arg-type]
