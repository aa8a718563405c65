"""Parsing and formatting of times, distances and paces, and the unit conversions.

Oracles: the mile is 1609.344 m (1959 international yard and pound agreement); Riegel 1981
(5 km 20:00 → mile 6:00.8 from the issue; 5 km 24:51 → mile ≈ 7:28, R-F3.2); lane lap
lengths of a kerbed 400 m track (407.037 m in lane 2 ... 453.030 m in lane 8, World
Athletics Track and Field Facilities Manual geometry, as tabulated on letsrun.com);
Jones & Doust 1996 speed range 2.92–5.0 m/s ≈ 9:11–5:22 per mile (R-G21).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miler.errors import InvalidDistanceError, InvalidInputError, InvalidTimeError
from miler.units import (
    DISTANCES,
    JONES_DOUST_SPEED_RANGE,
    MILE_M,
    event_name,
    format_pace,
    format_time,
    lane_distance_m,
    lane_lap_m,
    lane_stagger_m,
    mile_from_1500,
    mile_from_1600,
    pace_s_per_mile,
    parse_distance,
    parse_pace,
    parse_result,
    parse_time,
    riegel_convert,
    speed_in_units,
    time_for_1500_from_mile,
    time_for_1600_from_mile,
    treadmill_equivalent,
    treadmill_mile_counts,
    treadmill_speed_for_outdoor,
)

# --- times -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("4:05", 245.0),
        ("4:05.3", 245.3),
        ("1:02:03", 3723.0),
        ("245s", 245.0),
        ("245", 245.0),
        (" 59.9 ", 59.9),
        ("2:03:00.5", 7380.5),
        ("0:00.1", 0.1),
    ],
)
def test_parse_time_accepts_every_documented_form(text: str, seconds: float) -> None:
    assert parse_time(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text", ["6:75", "1:60:00", "", "abc", "-3", "0", "0s", "4:05:", "1:2:3:4", "4:05.3.1", "²s"]
)
def test_parse_time_rejects_malformed_times(text: str) -> None:
    with pytest.raises(InvalidTimeError):
        parse_time(text)


def test_malformed_time_message_says_what_is_accepted() -> None:
    with pytest.raises(InvalidTimeError, match="seconds must be below 60; use m:ss"):
        parse_time("6:75")


@pytest.mark.parametrize(
    ("seconds", "decimals", "text"),
    [(245.3, 1, "4:05.3"), (3723, 0, "1:02:03"), (59.96, 1, "1:00.0"), (0.0, 1, "0:00.0")],
)
def test_format_time_examples(seconds: float, decimals: int, text: str) -> None:
    assert format_time(seconds, decimals) == text


@given(st.floats(min_value=0.1, max_value=200_000, allow_nan=False), st.sampled_from([0, 1, 2]))
def test_format_then_parse_time_round_trips(seconds: float, decimals: int) -> None:
    text = format_time(seconds, decimals)
    expected = round(seconds * 10**decimals) / 10**decimals
    if expected == 0:
        return
    assert parse_time(text) == pytest.approx(expected, abs=1e-6)


@given(st.text(max_size=12))
def test_parse_time_never_fails_with_anything_but_a_time_error(text: str) -> None:
    try:
        seconds = parse_time(text)
    except InvalidTimeError:
        return
    assert seconds > 0 and math.isfinite(seconds)


def test_format_time_refuses_negative_and_nan() -> None:
    for bad in (-1.0, math.nan, math.inf):
        with pytest.raises(InvalidInputError):
            format_time(bad)


# --- distances ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("400m", 400.0),
        ("1500m", 1500.0),
        ("1600m", 1600.0),
        ("mile", MILE_M),
        ("1mi", MILE_M),
        ("2mi", 2 * MILE_M),
        ("1.5mi", 1.5 * MILE_M),
        ("5k", 5000.0),
        ("10K", 10000.0),
        ("half", 21097.5),
        ("marathon", 42195.0),
        ("3000m", 3000.0),
        ("5000m", 5000.0),
        ("2.5km", 2500.0),
    ],
)
def test_parse_distance_names_and_numbers(text: str, metres: float) -> None:
    assert parse_distance(text) == pytest.approx(metres)


def test_mile_is_exactly_1609_344_m() -> None:
    assert MILE_M == 1609.344


@pytest.mark.parametrize("name", sorted(DISTANCES))
def test_every_canonical_name_round_trips(name: str) -> None:
    assert event_name(parse_distance(name)) == name


@given(st.integers(min_value=1, max_value=100_000), st.sampled_from(["m", "km", "mi"]))
def test_number_with_unit_parses_to_metres(value: int, unit: str) -> None:
    factor = {"m": 1.0, "km": 1000.0, "mi": MILE_M}[unit]
    assert parse_distance(f"{value}{unit}") == pytest.approx(value * factor)


@pytest.mark.parametrize("text", ["parsec", "0m", "5 furlongs", "", "-400m"])
def test_unknown_distance_is_refused_with_examples(text: str) -> None:
    with pytest.raises(InvalidDistanceError, match=r"e\.g\. 400m"):
        parse_distance(text)


def test_parse_result_event_equals_time() -> None:
    assert parse_result("mile=5:30") == (MILE_M, 330.0)
    with pytest.raises(InvalidInputError, match="EVENT=TIME"):
        parse_result("5:30")


# --- paces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speed"),
    [
        ("7:30/mi", MILE_M / 450),
        ("4:40/km", 1000 / 280),
        ("90/400m", 400 / 90),
        ("1:30/lap", 400 / 90),
        ("12km/h", 12 / 3.6),
        ("8mph", 8 * MILE_M / 3600),
    ],
)
def test_parse_pace_units(text: str, speed: float) -> None:
    assert parse_pace(text) == pytest.approx(speed)


@given(
    st.floats(min_value=1.0, max_value=11.0, allow_nan=False),
    st.sampled_from(["km", "mi", "400m"]),
)
def test_format_then_parse_pace_round_trips(speed: float, per: str) -> None:
    text = format_pace(speed, per, decimals=2)
    metres = {"km": 1000.0, "mi": MILE_M, "400m": 400.0}[per]
    # The text holds the pace rounded to 0.01 s, so the parsed pace is within 0.005 s.
    assert metres / parse_pace(text) == pytest.approx(metres / speed, abs=0.005 + 1e-9)


@given(st.text(max_size=12))
def test_parse_pace_never_fails_with_anything_but_an_input_error(text: str) -> None:
    try:
        speed = parse_pace(text)
    except InvalidInputError:
        return
    assert speed > 0 and math.isfinite(speed)


@pytest.mark.parametrize(
    "text", ["7:30", "7:30/parsec", "fast", "0km/h", "-8mph", "nankm/h", "infmph"]
)
def test_parse_pace_rejects_unknown_forms(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_pace(text)


def test_speed_in_every_unit() -> None:
    units = speed_in_units(MILE_M / 360)
    assert units["s_per_mi"] == pytest.approx(360)
    assert units["mph"] == pytest.approx(10)
    assert units["km_per_h"] == pytest.approx(16.09344)
    assert units["s_per_400m"] == pytest.approx(360 * 400 / MILE_M)
    assert units["s_per_km"] == pytest.approx(360 * 1000 / MILE_M)


# --- race-distance conversions (R-G3, R-F3.2) -------------------------------------------------


def test_riegel_5k_20_00_gives_mile_6_00_8() -> None:
    assert format_time(riegel_convert(1200, 5000, MILE_M)) == "6:00.8"


def test_5k_24_51_estimates_a_7_28_mile_R_F3_2() -> None:
    assert riegel_convert(parse_time("24:51"), 5000, MILE_M) == pytest.approx(448, abs=3)


def test_1600m_scales_to_mile_by_distance_R_G3() -> None:
    assert mile_from_1600(320.0) == pytest.approx(320 * 1609.344 / 1600)
    assert time_for_1600_from_mile(mile_from_1600(320.0)) == pytest.approx(320.0)


def test_1500m_converts_by_riegel_factor_1_0774_R_G3() -> None:
    assert mile_from_1500(240.0) / 240.0 == pytest.approx(1.0774, abs=1e-4)
    assert time_for_1500_from_mile(mile_from_1500(240.0)) == pytest.approx(240.0)


# --- lanes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lane", "lap"),
    [
        (1, 400.000),
        (2, 407.037),
        (3, 414.703),
        (4, 422.368),
        (5, 430.034),
        (6, 437.699),
        (7, 445.365),
        (8, 453.030),
        (9, 460.696),
    ],
)
def test_lane_lap_lengths_of_a_kerbed_track(lane: int, lap: float) -> None:
    assert lane_lap_m(lane) == pytest.approx(lap, abs=0.0005)


def test_without_kerb_each_lane_adds_2_pi_times_1_22_m() -> None:
    assert lane_lap_m(2, kerb=False) - 400 == pytest.approx(2 * math.pi * 1.22)


def test_400m_stagger_lane_8_is_53_03_m_and_200m_is_half() -> None:
    assert lane_stagger_m(8) == pytest.approx(53.03, abs=0.005)
    assert lane_stagger_m(8, bends=1) == pytest.approx(lane_stagger_m(8) / 2)


def test_four_laps_in_lane_2_run_longer_than_1600m() -> None:
    assert lane_distance_m(1600, 2) == pytest.approx(4 * 407.037, abs=0.002)


def test_lane_that_does_not_exist_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="lane from 1 to 9"):
        lane_lap_m(10)


# --- treadmill (R-G21) ------------------------------------------------------------------------


def test_one_percent_incline_equals_outdoor_running_R_G21() -> None:
    result = treadmill_equivalent(4.0, 1.0)
    assert result.outdoor_speed == pytest.approx(4.0)
    assert result.in_validated_range


def test_flat_treadmill_is_easier_than_outdoors_and_steeper_is_harder() -> None:
    assert treadmill_equivalent(4.0, 0.0).outdoor_speed < 4.0
    assert treadmill_equivalent(4.0, 3.0).outdoor_speed > 4.0
    speed = treadmill_speed_for_outdoor(4.0, 3.0)
    assert treadmill_equivalent(speed, 3.0).outdoor_speed == pytest.approx(4.0)


def test_jones_doust_range_is_9_11_to_5_22_per_mile_R_G21() -> None:
    lo, hi = JONES_DOUST_SPEED_RANGE
    assert format_time(pace_s_per_mile(lo), 0) == "9:11"
    assert format_time(pace_s_per_mile(hi), 0) == "5:22"
    assert not treadmill_equivalent(6.0, 1.0).in_validated_range


def test_treadmill_mile_counts_only_at_1_percent_in_range_R_G21() -> None:
    assert treadmill_mile_counts(4.0, 1.0)
    assert not treadmill_mile_counts(4.0, 0.5)
    assert not treadmill_mile_counts(5.5, 1.0)
