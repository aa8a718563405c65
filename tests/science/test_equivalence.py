"""Race-equivalence formulas against their published values."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from miler.errors import OutOfRangeError
from miler.science.equivalence import (
    cameron_time,
    graded_time,
    open_standard_s,
    purdy_equivalent_time,
    purdy_points,
    purdy_standard_s,
    purdy_time,
    riegel_time,
    vdot_equivalent_time,
)
from miler.science.vdot import time_for_vdot, vdot_from_performance
from miler.units import MILE_M, format_time, parse_time


def test_riegel_5k_20_00_gives_mile_6_00_8() -> None:
    # Riegel 1981, exponent 1.06: the oracle.
    assert format_time(riegel_time(5000, 1200, MILE_M)) == "6:00.8"


def test_riegel_exponent_is_settable() -> None:
    assert riegel_time(5000, 1200, 10000, exponent=1.0) == pytest.approx(2400.0)
    assert riegel_time(5000, 1200, 10000, exponent=1.10) == pytest.approx(1200 * 2**1.10)


def test_riegel_rejects_absurd_exponent() -> None:
    with pytest.raises(OutOfRangeError, match="exponent"):
        riegel_time(5000, 1200, MILE_M, exponent=3.0)


def test_cameron_5k_20_00_gives_mile_5_48_6() -> None:
    assert format_time(cameron_time(5000, 1200, MILE_M)) == "5:48.6"


def test_cameron_outside_its_range_is_out_of_range() -> None:
    with pytest.raises(OutOfRangeError, match="Cameron"):
        cameron_time(5000, 1200, 400)


def test_daniels_10k_40_00_is_vdot_51_9() -> None:
    assert vdot_from_performance(10000, 2400) == pytest.approx(51.9, abs=0.05)


@pytest.mark.parametrize(
    ("distance_m", "table_time", "tolerance_s"),
    [
        # Daniels' Running Formula VDOT table, row VDOT 50.
        (1500.0, "5:24", 1.5),
        (MILE_M, "5:49", 1.5),
        (5000.0, "19:57", 1.5),
        (10000.0, "41:21", 2.0),
        (42195.0, "3:10:49", 12.0),
    ],
)
def test_vdot_50_matches_daniels_table(
    distance_m: float, table_time: str, tolerance_s: float
) -> None:
    assert time_for_vdot(50.0, distance_m) == pytest.approx(parse_time(table_time), abs=tolerance_s)


def test_vdot_equivalent_keeps_vdot() -> None:
    mile = vdot_equivalent_time(10000, 2400, MILE_M)
    assert vdot_from_performance(MILE_M, mile) == pytest.approx(vdot_from_performance(10000, 2400))


def test_vdot_cannot_reach_800m() -> None:
    with pytest.raises(OutOfRangeError, match="1500m to marathon"):
        vdot_equivalent_time(5000, 1200, 800)


@pytest.mark.parametrize("distance_m", [400.0, 1500.0, MILE_M, 5000.0, 42195.0])
def test_purdy_curve_time_scores_1035_points(distance_m: float) -> None:
    # Purdy 1974: the running curve is the 1970 world-record curve, worth 1035 points.
    assert purdy_points(distance_m, purdy_standard_s(distance_m)) == pytest.approx(1035.0)


@pytest.mark.parametrize(
    ("distance_m", "record_1970"),
    [
        (5000.0, "13:16.6"),  # Ron Clarke 1966
        (10000.0, "27:39.4"),  # Ron Clarke 1965
        (MILE_M, "3:51.1"),  # Jim Ryun 1967
    ],
)
def test_1970_world_records_score_about_1035_purdy_points(
    distance_m: float, record_1970: str
) -> None:
    # Purdy 1970: "world record times in 1970 have about 1035 Purdy points".
    assert purdy_points(distance_m, parse_time(record_1970)) == pytest.approx(1035.0, abs=25.0)


def test_purdy_time_inverts_points() -> None:
    points = purdy_points(5000, 1200)
    assert purdy_time(points, 5000) == pytest.approx(1200.0)
    mile = purdy_equivalent_time(5000, 1200, MILE_M)
    assert purdy_points(MILE_M, mile) == pytest.approx(points)


def test_purdy_points_fall_as_time_grows() -> None:
    assert purdy_points(MILE_M, 240) > purdy_points(MILE_M, 300) > purdy_points(MILE_M, 400)


def test_open_standards_are_the_wma_2023_values(shared_data: Path) -> None:
    import json

    wma = json.loads((shared_data / "age-grading/athlib-wma/wma-data-2023.json").read_text())
    rows = {row[0]: row[2] for row in wma["m"]}
    assert open_standard_s(MILE_M, "M") == pytest.approx(rows["MILE"])
    assert open_standard_s(5000, "M") == pytest.approx(rows["5000"])
    women = {row[0]: row[2] for row in wma["f"]}
    assert open_standard_s(42195, "F") == pytest.approx(women["MAR"])


def test_equal_grade_maps_5000m_record_to_1500m_standard() -> None:
    # WMA 2023 men: 5000 m 755.36 s, 1500 m 206 s.
    assert graded_time(5000, 755.36, 1500, "M") == pytest.approx(206.0)


def test_world_record_csv_shipped_matches_shared_data(shared_data: Path) -> None:
    from miler.science.records import world_record_s

    with (shared_data / "records/world_records_running.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["discipline"] in ("Mile", "1500 Metres")]
    for row in rows:
        if row["fastest_in_group"] == "True":
            assert world_record_s(float(row["distance_m"]), row["sex"]) == float(row["time_s"])
