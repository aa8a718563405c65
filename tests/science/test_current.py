"""The one current-mile rule (R-G3, R-G4, R-F3, R-G21)."""

from __future__ import annotations

import datetime as dt

import pytest

from miler.errors import InvalidInputError
from miler.plan.request import RaceResult
from miler.science.current import current_mile
from miler.science.predict import predict_time
from miler.units import MILE_M, mile_from_1500

TODAY = dt.date(2026, 12, 1)


def result(distance_m: float, time_s: float, days_ago: int | None = 10, **kw: object) -> RaceResult:
    date = None if days_ago is None else TODAY - dt.timedelta(days=days_ago)
    return RaceResult(distance_m=distance_m, time_s=time_s, date=date, **kw)  # type: ignore[arg-type]


def test_the_best_recent_mile_wins_over_estimates_R_G3() -> None:
    got = current_mile([result(MILE_M, 370.0), result(MILE_M, 365.0), result(5000, 1200)], TODAY)
    assert got.time_s == 365.0
    assert got.kind == "mile"
    assert not got.estimated
    assert any("slower than the best mile" in x.reason for x in got.left_out)


def test_a_1500_m_is_converted_by_riegel_R_G3() -> None:
    got = current_mile([result(1500, 290.0)], TODAY)
    assert got.kind == "converted"
    assert got.time_s == pytest.approx(mile_from_1500(290.0))


def test_an_old_mile_is_history_and_recent_races_estimate_R_G3() -> None:
    got = current_mile([result(MILE_M, 340.0, days_ago=500), result(5000, 1200)], TODAY)
    assert got.kind == "estimated"
    assert got.lifetime_best_s == 340.0
    assert got.time_s == pytest.approx(predict_time([(5000, 1200)], MILE_M).predicted_s)


def test_several_races_are_combined_not_the_fastest_single_estimate_R_G4() -> None:
    pair = [result(5000, 22 * 60), result(400, 65)]
    got = current_mile(pair, TODAY)
    combined = predict_time([(5000, 22 * 60), (400, 65)], MILE_M)
    fastest = min(predict_time([(d, t)], MILE_M).predicted_s for d, t in [(5000, 1320), (400, 65)])
    assert got.time_s == pytest.approx(combined.predicted_s)
    assert got.time_s > fastest + 30
    assert got.low_s < got.time_s < got.high_s


def test_workouts_and_training_runs_never_set_the_mile_R_F3_2() -> None:
    got = current_mile([result(MILE_M, 300.0, tag="workout"), result(5000, 1200)], TODAY)
    assert got.kind == "estimated"
    assert [x.reason for x in got.left_out] == ["a workout, not all-out (R-F3.2)"]


def test_a_flat_treadmill_mile_does_not_count_R_G21() -> None:
    got = current_mile(
        [result(MILE_M, 360.0, treadmill_incline_pct=0.0), result(MILE_M, 380.0)], TODAY
    )
    assert got.time_s == 380.0


def test_nothing_recent_uses_the_latest_and_says_retest() -> None:
    got = current_mile([result(5000, 1200, days_ago=900), result(5000, 1260, days_ago=800)], TODAY)
    assert got.stale
    assert "retest" in got.source
    assert got.used == ("5k 21:00.0 on 2024-09-22",)


def test_undated_results_count_as_recent() -> None:
    assert current_mile([result(MILE_M, 400.0, days_ago=None)], TODAY).time_s == 400.0


def test_a_future_dated_result_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="dated after today"):
        current_mile([result(MILE_M, 400.0, days_ago=-3)], TODAY)


def test_no_all_out_result_is_refused_with_an_example() -> None:
    with pytest.raises(InvalidInputError, match="no all-out result"):
        current_mile([result(MILE_M, 400.0, tag="training_run")], TODAY)


def test_only_long_races_cannot_give_a_mile_R_G3() -> None:
    with pytest.raises(InvalidInputError, match="10 km or less"):
        current_mile([result(21097.5, 5400)], TODAY)
