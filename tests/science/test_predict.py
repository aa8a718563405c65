"""predict_time: every method, the range, the world-record guard and unreachable targets."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miler.errors import InvalidInputError, OutOfRangeError
from miler.science.predict import METHODS, Prediction, predict_time
from miler.units import MILE_M, format_time, parse_distance


def test_riegel_method_gives_the_published_6_00_8() -> None:
    p = predict_time([(5000, 1200)], MILE_M, "riegel")
    assert format_time(p.predicted_s) == "6:00.8"
    assert p.method == "riegel"


def test_cameron_method_gives_the_published_5_48_6() -> None:
    assert format_time(predict_time([(5000, 1200)], MILE_M, "cameron").predicted_s) == "5:48.6"


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_a_range_around_the_prediction(method: str) -> None:
    p = predict_time([(5000, 1200), (3000, 690)], MILE_M, method)
    assert p.low_s < p.predicted_s < p.high_s
    assert p.coverage == 0.8
    assert p.inputs == ((5000.0, 1200.0), (3000.0, 690.0))


def test_auto_for_a_recreational_runner_stays_close_to_riegel() -> None:
    # 20:00 5 km is ~63 % of the open standard: the prior curve is mostly Riegel's slope
    # (Vickers & Vertosick 2016), and no fade applies below 5 km.
    auto = predict_time([(5000, 1200)], MILE_M).predicted_s
    assert auto == pytest.approx(
        predict_time([(5000, 1200)], MILE_M, "riegel").predicted_s, rel=0.01
    )


def test_auto_for_an_elite_runner_keeps_equal_grade() -> None:
    # Cheptegei's 12:35.36 5000 m: equal grade gives El Guerrouj's 3:43.13 mile standard.
    p = predict_time([(5000, 755.36)], MILE_M, sex="M")
    assert p.predicted_s == pytest.approx(223.13, rel=1e-6)


@pytest.mark.parametrize(
    "target", ["400m", "1500m", "1600m", "mile", "1.5mi", "2mi", "3mi", "5k", "half", "marathon"]
)
def test_targets_from_400m_to_marathon(target: str) -> None:
    p = predict_time([(5000, 1200)], parse_distance(target))
    assert p.predicted_s > 0


def test_result_faster_than_world_record_is_rejected() -> None:
    with pytest.raises(OutOfRangeError, match="world record"):
        predict_time([(MILE_M, 220.0)], 1500)


def test_womens_record_applies_when_sex_is_given() -> None:
    predict_time([(MILE_M, 245.0)], 1500)  # fine against the men's record
    with pytest.raises(OutOfRangeError, match="women's world record"):
        predict_time([(MILE_M, 245.0)], 1500, sex="F")


def test_target_outside_400m_to_marathon_is_out_of_range() -> None:
    with pytest.raises(OutOfRangeError, match="400m to marathon"):
        predict_time([(5000, 1200)], 100.0)


def test_vdot_cannot_reach_400m() -> None:
    with pytest.raises(OutOfRangeError, match="VDOT"):
        predict_time([(5000, 1200)], 400.0, "vdot")


def test_prediction_never_beats_the_world_record() -> None:
    p = predict_time([(5000, 756.0)], 1500, "vdot")
    assert p.predicted_s >= 206.0
    assert p.low_s >= 206.0


def test_several_results_are_all_used() -> None:
    one = predict_time([(5000, 1200)], MILE_M)
    two = predict_time([(5000, 1200), (800, 145)], MILE_M)
    assert two.predicted_s < one.predicted_s  # the fast 800 m pulls the mile down
    assert "2 results" in two.basis


def test_personal_uses_critical_speed_for_2_to_20_min_efforts() -> None:
    p = predict_time([(MILE_M, 300), (5000, 1080)], 3000, "personal")
    assert "critical speed" in p.basis


def test_unknown_method_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError, match="unknown method"):
        predict_time([(5000, 1200)], MILE_M, "magic")


def test_prediction_is_frozen() -> None:
    p = predict_time([(5000, 1200)], MILE_M)
    assert isinstance(p, Prediction)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.predicted_s = 1.0  # type: ignore[misc]


@given(
    time_s=st.floats(min_value=900.0, max_value=3600.0),
    slower=st.floats(min_value=1.001, max_value=1.5),
    method=st.sampled_from(METHODS),
)
@settings(max_examples=60, deadline=None)
def test_a_slower_result_never_predicts_a_faster_time(
    time_s: float, slower: float, method: str
) -> None:
    fast = predict_time([(5000.0, time_s)], MILE_M, method)
    slow = predict_time([(5000.0, time_s * slower)], MILE_M, method)
    assert slow.predicted_s >= fast.predicted_s


def test_auto_range_widens_with_the_distance_extrapolated() -> None:
    near = predict_time([(1500.0, 300.0)], MILE_M)
    far = predict_time([(42195.0, 3 * 3600.0)], MILE_M)
    assert far.high_s / far.low_s > near.high_s / near.low_s
