"""Projected mile improvement: ranks by level (R-F2.1), shrinks with grade and stops at the
100 % standard (R-F2.2)."""

from __future__ import annotations

import itertools

import pytest

from miler.errors import InvalidInputError
from miler.science.age_grading import age_standard, time_for_grade
from miler.science.improvement import projected_mile
from miler.units import MILE_M, parse_time


def _gain(level: str, mile_s: float, weeks: int = 12, age: float = 40, sex: str = "F") -> float:
    return mile_s - projected_mile(level, mile_s, weeks, age, sex).likely_s


@pytest.mark.parametrize("mile", ["6:00", "7:30", "9:00"])
def test_gain_ranks_novice_intermediate_experienced_R_F2_1(mile: str) -> None:
    t = parse_time(mile)
    assert _gain("novice", t) > _gain("intermediate", t) > _gain("experienced", t) > 0


@pytest.mark.parametrize("level", ["novice", "intermediate", "experienced"])
def test_gain_strictly_decreases_as_grade_rises_R_F2_2(level: str) -> None:
    times = [time_for_grade(p, MILE_M, 45, "M") for p in range(30, 100, 5)]
    gains = [_gain(level, t, age=45, sex="M") for t in times]
    assert all(later < earlier for earlier, later in itertools.pairwise(gains))


@pytest.mark.parametrize("level", ["novice", "intermediate", "experienced"])
@pytest.mark.parametrize("weeks", [4, 12, 52, 520])
@pytest.mark.parametrize("percent", [40, 75, 95, 99.5])
def test_projection_never_faster_than_the_100_percent_standard_R_F2_2(
    level: str, weeks: int, percent: float
) -> None:
    standard = age_standard(MILE_M, 62, "F", "track").age_standard_s
    current = standard * 100 / percent
    p = projected_mile(level, current, weeks, 62, "F")
    assert standard <= p.low_s <= p.likely_s <= p.high_s <= current
    assert p.ceiling_s == standard


def test_without_age_and_sex_the_ceiling_is_the_open_mens_mile_standard() -> None:
    p = projected_mile("novice", 223.5, 200)
    assert p.ceiling_s == 223.13
    assert p.low_s >= 223.13


def test_runner_past_the_standard_is_projected_to_hold() -> None:
    standard = age_standard(MILE_M, 70, "M", "track").age_standard_s
    p = projected_mile("experienced", standard - 2.0, 12, 70, "M")
    assert p.low_s == p.likely_s == p.high_s == standard - 2.0


def test_no_training_no_gain_and_more_weeks_more_gain() -> None:
    t = parse_time("7:00")
    assert projected_mile("novice", t, 0, 35, "M").likely_s == t
    assert _gain("novice", t, 24) > _gain("novice", t, 12) > _gain("novice", t, 4)


def test_reference_runner_gains_the_published_block_magnitude() -> None:
    # A 60 % runner after exactly 12 weeks gains the base fractions: 8 % novice likely.
    t = time_for_grade(60, MILE_M, 40, "M")
    p = projected_mile("novice", t, 12, 40, "M")
    assert p.likely_s == pytest.approx(t * 0.92)
    assert p.low_s == pytest.approx(t * 0.84)
    assert p.high_s == pytest.approx(t * 0.97)
    assert "Paton & Hopkins 2004" in p.source


def test_unknown_level_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="novice, intermediate or experienced"):
        projected_mile("elite", 300.0, 12)
