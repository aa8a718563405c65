"""``status`` over the real stores (SQLite and PostgreSQL): each activity priced by the
documented basis, and the fitness model fed with the runner's local days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from miler.activities.load import trimp_for_average
from miler.science.fitness import fitness_series, pace_load
from miler.services.importing import gather, import_sources
from miler.services.status import run_load, status
from miler.services.stores import AthleteProfile, StoredResult
from miler.store import Database, SqlAthleteStore, SqlRunStore, open_database

ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
FILES = [ACTIVITIES / "tcx", ACTIVITIES / "gpx" / "slither__running.gpx"]


@pytest.fixture()
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


def test_each_activity_is_priced_by_its_basis(db: Database) -> None:
    no_rest = AthleteProfile(athlete_id="ann", sex="F", hr_max_bpm=190)
    SqlAthleteStore(db).save_athlete(no_rest)
    import_sources(list(gather(FILES)), no_rest, SqlRunStore(db))
    runs = SqlRunStore(db).list_runs("ann")
    with_hr = next(r for r in runs if r.analysis["summary"]["avg_heart_rate_bpm"])
    no_hr = next(
        r for r in runs
        if not r.analysis["summary"]["avg_heart_rate_bpm"] and r.sport == "running"
        and r.analysis["summary"]["avg_speed_mps"]
    )  # fmt: skip
    assert with_hr.analysis["trimp"] is None  # no resting heart rate at import
    # without HRrest nothing but pace or an estimate can price a run
    assert run_load(with_hr, no_rest, 50.0)[1] == "pace"
    full = no_rest.model_copy(update={"hr_rest_bpm": 50.0})
    load, basis = run_load(with_hr, full, 50.0)
    minutes = with_hr.analysis["summary"]["moving_s"] / 60
    avg = with_hr.analysis["summary"]["avg_heart_rate_bpm"]
    assert basis == "heart_rate"
    assert load == pytest.approx(trimp_for_average(minutes, avg, 50.0, 190.0, "female"))
    load, basis = run_load(no_hr, full, 50.0)
    speed = no_hr.analysis["summary"]["avg_speed_mps"]
    assert basis == "pace"
    assert load == pytest.approx(
        pace_load(no_hr.analysis["summary"]["moving_s"] / 60, speed, 50.0, "F")
    )
    assert run_load(no_hr, full, None)[1] == "estimate"


def test_status_feeds_the_model_with_local_days(db: Database) -> None:
    runner = AthleteProfile(athlete_id="bob", sex="M", hr_max_bpm=190, hr_rest_bpm=50)
    SqlAthleteStore(db).save_athlete(runner)
    SqlAthleteStore(db).add_result(
        "bob", StoredResult(distance_m=5000, time_s=1200, date=dt.date(2021, 1, 10))
    )
    import_sources(list(gather(FILES)), runner, SqlRunStore(db))
    runs = SqlRunStore(db).list_runs("bob")
    results = SqlAthleteStore(db).results("bob")
    today = dt.date(2021, 4, 20)
    report = status(runner, results, runs, None, today=today)
    counted = [r for r in runs if r.start and today - dt.timedelta(365) <= r.start.date() <= today]
    assert report.runs == len(counted) > 0
    vdot_mile = report.current_mile
    assert vdot_mile is not None
    from miler.science.vdot import vdot_from_performance
    from miler.units import MILE_M

    vdot = vdot_from_performance(MILE_M, vdot_mile.time_s)
    daily: dict[dt.date, float] = {}
    for r in counted:
        assert r.start is not None
        daily[r.start.date()] = daily.get(r.start.date(), 0.0) + run_load(r, runner, vdot)[0]
    series = fitness_series(daily, today - dt.timedelta(365), today)
    assert report.fitness.ctl == pytest.approx(series[-1].ctl)
    assert report.fitness.atl == pytest.approx(series[-1].atl)
    assert report.fitness.tsb == pytest.approx(series[-1].tsb)
    assert sum(report.fitness.load_basis.values()) == len(counted)
    assert report.personal_bests[-1].event == "5k"
