"""Runner levels by the R-G1 thresholds."""

from __future__ import annotations

import pytest

from miler.errors import InvalidInputError
from miler.science.levels import Level, classify_level, explain_level


@pytest.mark.parametrize(
    ("months", "runs", "longest", "intervals"),
    [
        (5.9, 4, 60, True),  # under 6 months
        (24, 1.9, 60, True),  # under 2 runs a week
        (24, 4, 29, True),  # no 30-minute continuous run
        (0, 0, 0, False),
    ],
)
def test_novice_if_any_novice_condition_R_G1(
    months: float, runs: float, longest: float, intervals: bool
) -> None:
    assert classify_level(months, runs, longest, intervals) is Level.NOVICE


def test_experienced_needs_all_four_R_G1() -> None:
    assert classify_level(12, 3, 30, True) is Level.EXPERIENCED


@pytest.mark.parametrize(
    ("months", "runs", "longest", "intervals"),
    [
        (11.9, 3, 30, True),  # under 12 months
        (12, 2.9, 30, True),  # under 3 runs a week
        (12, 3, 30, False),  # no interval work
        (6, 2, 30, False),  # just past every novice threshold
    ],
)
def test_everyone_else_is_intermediate_R_G1(
    months: float, runs: float, longest: float, intervals: bool
) -> None:
    assert classify_level(months, runs, longest, intervals) is Level.INTERMEDIATE


def test_level_values_are_the_runner_words() -> None:
    assert [level.value for level in Level] == ["novice", "intermediate", "experienced"]
    assert Level("novice") == "novice"


def test_reasons_name_every_failed_condition() -> None:
    reason = explain_level(3, 1, 20, False)
    assert reason.level is Level.NOVICE
    assert len(reason.reasons) == 3


def test_negative_history_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="runs per week"):
        classify_level(12, -1, 30, True)
