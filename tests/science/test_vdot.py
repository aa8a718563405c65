"""Daniels–Gilbert VDOT equations against published values.

Oracle: the VDOT tables of Daniels' *Running Formula* (3rd ed., 2014, Table 5.1), which
are computed from the same 1979 Daniels–Gilbert equations and printed to the second.
"""

from __future__ import annotations

import pytest

from miler.errors import OutOfRangeError
from miler.science.vdot import (
    fraction_of_vo2max,
    speed_at_vo2,
    time_for_vdot,
    vdot_from_performance,
    vo2_at_speed,
)
from miler.units import MARATHON_M, parse_time


def test_10k_in_40_minutes_is_vdot_51_9() -> None:
    assert vdot_from_performance(10_000, 40 * 60) == pytest.approx(51.94, abs=0.01)


@pytest.mark.parametrize(
    ("vdot", "distance_m", "table_time"),
    [
        (30, 5000, "30:40"),
        (30, MARATHON_M, "4:49:17"),
        (50, 5000, "19:57"),
        (50, 10_000, "41:21"),
        (50, MARATHON_M, "3:10:49"),
        (60, 5000, "17:03"),
        (60, 10_000, "35:22"),
        (60, MARATHON_M, "2:43:25"),
    ],
)
def test_time_for_vdot_matches_daniels_table(
    vdot: float, distance_m: float, table_time: str
) -> None:
    assert time_for_vdot(vdot, distance_m) == pytest.approx(parse_time(table_time), rel=0.003)


def test_time_for_vdot_inverts_vdot_from_performance() -> None:
    for distance_m, time_s in [(800, 130.0), (1609.344, 360.0), (5000, 1500.0), (42195, 12000.0)]:
        vdot = vdot_from_performance(distance_m, time_s)
        assert time_for_vdot(vdot, distance_m) == pytest.approx(time_s, rel=1e-6)


def test_speed_at_vo2_inverts_oxygen_cost() -> None:
    for speed in (2.5, 4.0, 5.5, 7.0):
        assert speed_at_vo2(vo2_at_speed(speed)) == pytest.approx(speed, rel=1e-9)


def test_sustainable_fraction_falls_with_duration() -> None:
    fractions = [fraction_of_vo2max(t) for t in (240, 600, 1800, 3600, 10800)]
    assert fractions == sorted(fractions, reverse=True)
    assert fraction_of_vo2max(11 * 60) == pytest.approx(0.9994, abs=0.002)  # ~VO2max for ~11 min


def test_impossible_inputs_are_clear_errors() -> None:
    with pytest.raises(OutOfRangeError):
        vdot_from_performance(0, 100)
    with pytest.raises(OutOfRangeError):
        time_for_vdot(-5, 1609.344)
    with pytest.raises(OutOfRangeError):
        speed_at_vo2(-1)
