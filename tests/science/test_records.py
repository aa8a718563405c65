"""World records shipped in the package: the guard against impossible results."""

from __future__ import annotations

import pytest

from miler.errors import InvalidInputError, OutOfRangeError
from miler.science.records import (
    check_not_faster_than_record,
    normalise_sex,
    world_record_s,
    world_records,
)
from miler.units import MILE_M


def test_mens_mile_record_is_el_guerrouj_3_43_13() -> None:
    assert world_record_s(MILE_M, "M") == 223.13
    assert world_record_s(MILE_M) == 223.13  # unknown sex -> men's record


def test_womens_mile_record_is_kipyegon_4_07_64() -> None:
    assert world_record_s(MILE_M, "F") == 247.64


def test_400m_records_are_shipped() -> None:
    assert world_record_s(400.0, "M") == 43.03
    assert world_record_s(400.0, "F") == 47.60


def test_between_record_distances_the_curve_is_log_log() -> None:
    # 600 m is not a record event: between 400 m (43.03) and 800 m (100.91).
    expected = 43.03 * (100.91 / 43.03) ** (0.5849625007211562)  # log2(1.5)
    assert world_record_s(600.0, "M") == pytest.approx(expected)


def test_faster_than_record_is_rejected_with_the_record_in_the_message() -> None:
    with pytest.raises(OutOfRangeError, match=r"3:43\.13"):
        check_not_faster_than_record(MILE_M, 222.0)
    check_not_faster_than_record(MILE_M, 223.13)  # equal to the record is allowed


def test_records_cover_both_sexes_from_400m_to_100km() -> None:
    distances = {(r.sex, r.distance_m) for r in world_records()}
    assert ("M", 400.0) in distances and ("F", 100000.0) in distances


def test_unknown_sex_is_an_input_error() -> None:
    with pytest.raises(InvalidInputError, match="M or F"):
        normalise_sex("x")
