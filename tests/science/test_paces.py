"""Daniels training paces and mile-specific paces against published values.

Oracles (values printed in Daniels' Running Formula tables, as quoted by readers):

* VDOT 45: E/L 9:16/mi, M 7:57/mi, T 7:27/mi (masterstriathlon.blogspot.com, 2014-05-21,
  "Run Training", quoting the Daniels tables).
* VDOT 49: M 7:24/mi, T 6:55/mi = 4:20/km = 1:43/400 m, I 3:59/km = 1:35/400 m,
  R 1:29/400 m (fit360.blogspot.com, 2009-05-04, "Daniels' Running Formula").
* VDOT 50: mile race 5:50 (Daniels' Table 3.1 via r/artc "Dissecting Daniels, Part 4").

The book's tables are rounded to the second, and readers copy different editions, so the
checks allow ±3 s per mile (±1 s per 400 m).
"""

from __future__ import annotations

import pytest

from miler.errors import OutOfRangeError
from miler.science.paces import mile_paces, training_paces
from miler.units import KM_M, MILE_M, parse_time, riegel_convert


def _per(distance_m: float, speed: float) -> float:
    return distance_m / speed


def test_vdot_45_threshold_marathon_and_easy_match_daniels_table() -> None:
    p = training_paces(45)
    assert _per(MILE_M, p.threshold[1]) == pytest.approx(parse_time("7:27"), abs=3)
    assert _per(MILE_M, p.marathon[0]) == pytest.approx(parse_time("7:57"), abs=3)
    slow, fast = (_per(MILE_M, s) for s in p.easy)
    assert fast < parse_time("9:16") < slow


def test_vdot_49_paces_match_daniels_table() -> None:
    p = training_paces(49)
    assert _per(MILE_M, p.marathon[0]) == pytest.approx(parse_time("7:24"), abs=3)
    assert _per(MILE_M, p.threshold[1]) == pytest.approx(parse_time("6:55"), abs=3)
    assert _per(KM_M, p.threshold[1]) == pytest.approx(parse_time("4:20"), abs=3)
    assert _per(400, p.threshold[1]) == pytest.approx(103, abs=1)
    interval_mid = (p.interval[0] + p.interval[1]) / 2
    assert _per(KM_M, interval_mid) == pytest.approx(parse_time("3:59"), abs=3)
    assert _per(400, interval_mid) == pytest.approx(95, abs=1)
    assert _per(400, p.repetition[0]) == pytest.approx(89, abs=1)


def test_vdot_50_repetition_starts_at_mile_race_pace() -> None:
    assert _per(MILE_M, training_paces(50).repetition[0]) == pytest.approx(350, abs=1)


@pytest.mark.parametrize("vdot", [30, 40, 50, 60, 70, 85])
def test_ranges_run_slow_to_fast_and_intensities_in_order(vdot: float) -> None:
    p = training_paces(vdot)
    ranges = [p.easy, p.marathon, p.threshold, p.interval, p.repetition]
    assert all(slow <= fast for slow, fast in ranges)
    assert p.easy[1] < p.marathon[0] <= p.marathon[1]
    assert p.threshold[1] < p.interval[1] < p.repetition[1]


def test_vdot_outside_tables_is_refused() -> None:
    with pytest.raises(OutOfRangeError, match="VDOT"):
        training_paces(5)


def test_goal_pace_splits_are_proportional_R_G12() -> None:
    m = mile_paces(parse_time("6:00"))
    assert m.splits_s[400] == pytest.approx(360 * 400 / MILE_M)
    assert m.splits_s[200] * 4 == pytest.approx(m.splits_s[800])
    assert m.splits_s[600] == pytest.approx(360 * 600 / MILE_M)
    assert m.effort_band is None


def test_effort_band_is_current_mile_pace_to_800m_race_pace_R_G14() -> None:
    m = mile_paces(parse_time("5:20"), current_mile_s=parse_time("5:30"))
    assert m.effort_band is not None
    slow, fast = m.effort_band
    assert slow == pytest.approx(MILE_M / 330)
    assert fast == pytest.approx(800 / riegel_convert(330, MILE_M, 800))
    assert fast > slow
