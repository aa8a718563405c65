"""Age grading (R-F1.1, R-F1.2, R-G2) against the original table files in shared data.

Oracles: WMA 2023 factors as published in openath/athlib ``wma-data-2023.json`` and the
USATF MLDR 2025 road factors in Alan Jones' ``AgeGrade.*`` text files; the shipped tables
must reproduce them exactly.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miler.errors import InvalidDistanceError, InvalidInputError, OutOfRangeError
from miler.science.age_grading import (
    BANDS,
    age_grade,
    age_grade_both_sexes,
    age_standard,
    grade_band,
    normalise_sex,
    table_events,
    time_for_grade,
)
from miler.units import MILE_M, parse_time


@pytest.fixture(scope="module")
def wma_2023(shared_data: Path) -> dict:
    return json.loads((shared_data / "age-grading/athlib-wma/wma-data-2023.json").read_text())


def _wma_row(wma: dict, sex: str, code: str) -> list:
    return next(r for r in wma[sex] if r[0] == code)


def test_wma_2023_mens_mile_factor_at_50_and_open_standard(wma_2023: dict) -> None:
    row = _wma_row(wma_2023, "m", "MILE")
    factor_50 = row[3 + wma_2023["ages"].index(50)]
    assert row[2] == 223.13  # open standard: El Guerrouj's 3:43.13 world record
    assert factor_50 == 0.8852
    std = age_standard(MILE_M, 50, "M", "track")
    assert std.open_standard_s == 223.13
    assert std.factor == 0.8852
    assert std.age_standard_s == pytest.approx(223.13 / 0.8852)
    assert std.table == "WMA 2023 track"


@pytest.mark.parametrize(
    ("code", "distance_m"),
    [
        ("800", 800.0),
        ("1500", 1500.0),
        ("MILE", MILE_M),
        ("3000", 3000.0),
        ("5000", 5000.0),
        ("10000", 10000.0),
    ],
)
@pytest.mark.parametrize("sex", ["M", "F"])
def test_track_table_reproduces_every_wma_2023_factor(
    wma_2023: dict, code: str, distance_m: float, sex: str
) -> None:
    row = _wma_row(wma_2023, sex.lower(), code)
    for age, factor in zip(wma_2023["ages"], row[3:], strict=True):
        std = age_standard(distance_m, age, sex, "track")
        assert std.factor == pytest.approx(factor, abs=1e-12), (code, sex, age)
        assert std.open_standard_s == row[2]


@pytest.mark.parametrize(
    ("suffix", "distance_m"),
    [("1mi", MILE_M), ("5k", 5000.0), ("10k", 10000.0), ("hm", 21097.5), ("42k", 42195.0)],
)
def test_road_table_reproduces_alan_jones_2025_files(
    shared_data: Path, suffix: str, distance_m: float
) -> None:
    archive = zipfile.ZipFile(shared_data / "age-grading/alan-jones/road-2025/AgeGrade.zip")
    lines = archive.read(f"AgeGrade.{suffix}").decode("ascii").split()
    # "M h:mm:ss F h:mm:ss" then triples "sex age factor"
    opens = {lines[0]: lines[1], lines[2]: lines[3]}
    triples = lines[4:]
    for i in range(0, len(triples), 3):
        sex, age, factor = triples[i], int(triples[i + 1]), float(triples[i + 2])
        std = age_standard(distance_m, age, sex, "road")
        assert std.factor == pytest.approx(factor, abs=1e-12), (suffix, sex, age)
    h, m, s = opens["M"].split(":")
    assert age_standard(distance_m, 30, "M", "road").open_standard_s == (
        int(h) * 3600 + int(m) * 60 + int(s)
    )


def test_road_mile_2025_standalone_file_matches(shared_data: Path) -> None:
    text = (shared_data / "age-grading/alan-jones/road-2025/AgeGrade.1mi").read_text()
    assert text.splitlines()[0].split() == ["M", "0:03:47"]
    assert age_standard(MILE_M, 40, "M", "road").open_standard_s == 227.0


def test_grade_of_the_standard_time_is_100_R_G2() -> None:
    for sex in ("M", "F"):
        for age in (18, 35, 50, 72, 90):
            for distance, surface in ((MILE_M, "track"), (5000.0, "road"), (800.0, "track")):
                std = age_standard(distance, age, sex, surface)
                grade = age_grade(std.age_standard_s, distance, age, sex, surface)
                assert grade.percent == 100.0
                assert grade.band == "world-record level"


def test_same_time_is_a_better_grade_for_a_woman_R_F1_1() -> None:
    seven = parse_time("7:00")
    assert age_grade(seven, MILE_M, 35, "F").percent > age_grade(seven, MILE_M, 35, "M").percent


@pytest.mark.parametrize("sex", ["M", "F"])
@pytest.mark.parametrize(
    ("surface", "distance_m"),
    [
        ("track", MILE_M),
        ("track", 800.0),
        ("track", 1500.0),
        ("track", 5000.0),
        ("road", MILE_M),
        ("road", 5000.0),
        ("road", 10000.0),
        ("road", 42195.0),
    ],
)
def test_grade_does_not_fall_with_age_from_30_R_F1_1(
    sex: str, surface: str, distance_m: float
) -> None:
    time_s = 2.0 * age_standard(distance_m, 30, sex, surface).open_standard_s
    last_age = 99 if surface == "road" else 100
    grades = [age_grade(time_s, distance_m, a, sex, surface).percent for a in range(30, last_age)]
    assert all(b >= a for a, b in itertools.pairwise(grades))


def test_athletes_differing_only_in_age_or_sex_get_different_grades_R_F1_2() -> None:
    t = parse_time("6:30")
    base = age_grade(t, MILE_M, 45, "M")
    assert age_grade(t, MILE_M, 60, "M").percent != base.percent
    assert age_grade(t, MILE_M, 45, "F").percent != base.percent


def test_grade_fields_present_and_consistent_R_F1_2() -> None:
    g = age_grade(330.0, MILE_M, 50, "M")
    assert g.percent == round(100 * (223.13 / 0.8852) / 330.0, 2) == 76.38
    assert g.band == "regional class"
    assert g.age_graded_time_s == pytest.approx(330.0 * 0.8852)
    assert g.open_equivalent_s == pytest.approx(g.age_graded_time_s)
    assert g.open_standard_s == 223.13


def test_sex_unspecified_shows_both_grades_R_G2() -> None:
    both = age_grade_both_sexes(parse_time("24:51"), 5000.0, 35)
    assert set(both) == {"M", "F"}
    assert both["F"].percent > both["M"].percent


@pytest.mark.parametrize("age", [4, 111, 4.99])
def test_age_outside_tables_gives_no_grade_with_reason_R_G2(age: float) -> None:
    with pytest.raises(OutOfRangeError, match="covers ages 5 to 110"):
        age_grade(400.0, MILE_M, age, "M", "track")


def test_road_table_ends_at_99() -> None:
    with pytest.raises(OutOfRangeError, match="covers ages 5 to 99"):
        age_grade(3600.0, 10000.0, 100, "F", "road")


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (104.2, "world-record level"),
        (100.0, "world-record level"),
        (99.99, "world class"),
        (90.0, "world class"),
        (85.0, "national class"),
        (70.0, "regional class"),
        (60.0, "local class"),
        (59.99, "developing"),
        (12.0, "developing"),
    ],
)
def test_bands_R_G2(percent: float, band: str) -> None:
    assert grade_band(percent) == band


def test_bands_are_documented_in_order() -> None:
    assert [lo for lo, _ in BANDS] == [100.0, 90.0, 80.0, 70.0, 60.0, 0.0]


def test_auto_picks_track_for_mile_and_road_for_5k() -> None:
    assert age_grade(330.0, MILE_M, 40, "M").table == "WMA 2023 track"
    assert age_grade(1300.0, 5000.0, 40, "M").table == "USATF MLDR 2025 road"
    assert age_grade(1300.0, 5000.0, 40, "M", "track").table == "WMA 2023 track"
    assert age_grade(330.0, MILE_M, 40, "M", "road").table == "USATF MLDR 2025 road"


def test_1600m_is_graded_by_log_distance_interpolation() -> None:
    lo = age_standard(1500.0, 40, "M", "track").age_standard_s
    hi = age_standard(MILE_M, 40, "M", "track").age_standard_s
    mid = age_standard(1600.0, 40, "M", "track")
    u = math.log(1600 / 1500) / math.log(MILE_M / 1500)
    assert mid.interpolated
    assert mid.age_standard_s == pytest.approx(lo * (1 - u) + hi * u)


def test_distance_outside_every_table_is_refused() -> None:
    with pytest.raises(InvalidDistanceError, match="no age-grading table covers"):
        age_grade(20.0, 100.0, 40, "M")
    with pytest.raises(InvalidDistanceError, match="road age-grading table covers mile to"):
        age_grade(100.0, 800.0, 40, "M", "road")


def test_time_faster_than_world_record_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="faster than the world-record-level"):
        age_grade(parse_time("3:30"), MILE_M, 25, "M")


def test_good_mile_times_for_50_year_old_man_R_F1_2() -> None:
    standard = 223.13 / 0.8852
    for percent in (50, 60, 70, 80, 90):
        t = time_for_grade(percent, MILE_M, 50, "M")
        assert t == pytest.approx(standard * 100 / percent)
        assert age_grade(t, MILE_M, 50, "M").percent == pytest.approx(percent, abs=0.01)


def test_sex_words_and_bad_sex() -> None:
    assert normalise_sex("female") == "F"
    assert normalise_sex(" m ") == "M"
    with pytest.raises(InvalidInputError, match="use M or F"):
        normalise_sex("x")


def test_track_table_lists_the_mile_events() -> None:
    events = table_events("track")
    assert {"800m", "1500m", "mile", "3000m", "5k", "10k"} <= set(events)
    assert events["mile"] == MILE_M


def _build_script() -> Any:
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_age_tables.py"
    spec = importlib.util.spec_from_file_location("build_age_tables", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_tables_are_what_the_build_script_makes(shared_data: Path) -> None:
    script = _build_script()
    shipped = resources.files("miler") / "data" / "age_grading"
    for name, build in (
        ("wma-2023-track.json", script.build_track),
        ("mldr-2025-road.json", script.build_road),
    ):
        assert json.loads((shipped / name).read_text(encoding="utf-8")) == build(shared_data)


def test_licences_and_notice_ship_beside_the_tables(shared_data: Path) -> None:
    shipped = resources.files("miler") / "data" / "age_grading"
    licences = shared_data / "LICENSES"
    assert (shipped / "LICENSE-athlib-Apache-2.0.txt").read_text(encoding="utf-8") == (
        licences / "openath__athlib__LICENSE.txt"
    ).read_text(encoding="utf-8")
    assert (shipped / "LICENSE-alan-jones-CC0.md").read_text(encoding="utf-8") == (
        licences / "AlanLyttonJones__Age-Grade-Tables__LICENSE.md"
    ).read_text(encoding="utf-8")
    notice = (shipped / "NOTICE.txt").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in notice and "CC0 1.0" in notice


@given(
    st.floats(min_value=260.0, max_value=1500.0),
    st.floats(min_value=0.5, max_value=60.0),
    st.integers(min_value=5, max_value=99),
    st.sampled_from(["M", "F"]),
)
def test_a_faster_mile_never_grades_lower(time_s: float, gap: float, age: int, sex: str) -> None:
    faster = age_grade(time_s, MILE_M, age, sex).percent
    slower = age_grade(time_s + gap, MILE_M, age, sex).percent
    assert faster >= slower
