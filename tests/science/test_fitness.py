"""Banister's impulse-response model (CTL/ATL/TSB) and the load of a run without heart rate."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from miler.activities.load import trimp_for_average
from miler.errors import InvalidInputError
from miler.science.fitness import (
    ATL_DAYS,
    CTL_DAYS,
    fitness_series,
    pace_load,
    reserve_load,
)
from miler.science.vdot import speed_at_vo2

DAY0 = dt.date(2026, 1, 5)


def _constant(load: float, days: int) -> dict[dt.date, float]:
    return {DAY0 + dt.timedelta(days=i): load for i in range(days)}


def test_a_time_constant_of_steady_load_reaches_63_percent() -> None:
    """Published reading of CTL/ATL (Allen & Coggan 2010): after one time constant of a
    constant daily load, the average stands at 1 - 1/e = 63.2 % of it."""
    days = fitness_series(_constant(100.0, 60), DAY0, DAY0 + dt.timedelta(days=59))
    assert days[int(CTL_DAYS) - 1].ctl == pytest.approx(63.2, abs=0.05)
    assert days[int(ATL_DAYS) - 1].atl == pytest.approx(63.2, abs=0.05)
    assert days[-1].atl == pytest.approx(100 * (1 - math.exp(-60 / 7)), rel=1e-9)


def test_form_is_yesterdays_fitness_minus_fatigue_and_recovers_after_a_block() -> None:
    loads = _constant(80.0, 28)
    end = DAY0 + dt.timedelta(days=41)
    days = fitness_series(loads, DAY0, end)
    for before, day in itertools.pairwise(days):
        assert day.tsb == pytest.approx(before.ctl - before.atl)
    assert days[27].tsb < 0  # deep in a block: tired
    assert days[-1].tsb > 0  # two weeks of rest later: fresh
    assert days[-1].ctl < days[27].ctl  # and some fitness lost
    assert [d.load for d in days[28:]] == [0.0] * 14
    with pytest.raises(InvalidInputError, match="before the start"):
        fitness_series(loads, DAY0, DAY0 - dt.timedelta(days=1))


def test_a_run_at_vvo2max_weighs_full_reserve() -> None:
    """At the speed whose oxygen cost is the runner's VDOT the reserve is 1: Banister's
    weighting gives 0.64 e^1.92 = 4.37 per minute for men, 0.86 e^1.67 = 4.57 for women."""
    vdot = 50.0
    speed = speed_at_vo2(vdot)
    assert pace_load(10, speed, vdot) == pytest.approx(43.7, abs=0.05)
    assert pace_load(10, speed, vdot, "F") == pytest.approx(45.7, abs=0.05)
    assert pace_load(10, speed * 1.2, vdot) == pytest.approx(43.7, abs=0.05)  # clamped at 1
    slower = pace_load(60, speed * 0.6, vdot)
    assert 0 < slower < 60 * 4.37 * 0.6


def test_reserve_load_is_banisters_trimp() -> None:
    for reserve in (0.0, 0.3, 0.55, 0.8, 1.0):
        hr = 50 + reserve * (190 - 50)
        for sex, code in (("male", None), ("female", "F")):
            expected = trimp_for_average(45, hr, 50, 190, sex)
            assert reserve_load(45, reserve, code) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(InvalidInputError):
        reserve_load(-1, 0.5)
    with pytest.raises(InvalidInputError):
        pace_load(10, 3.0, 3.0)
    assert pace_load(10, 0.0, 50.0) == 0.0
