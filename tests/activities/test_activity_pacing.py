"""Pacing evenness and the too-fast-start flag (R-S4.2, R-G11)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miler.activities.pacing import analyse_pacing, too_fast_start
from miler.errors import InvalidInputError
from miler.units import MILE_M


def test_too_fast_start_flagged_R_S4_2() -> None:
    assert too_fast_start([95, 105, 108, 110]) is True


def test_even_laps_not_flagged_R_S4_2() -> None:
    assert too_fast_start([104, 104, 105, 103]) is False


def test_fast_final_lap_never_flagged_R_G11() -> None:
    # a kick at the end (the world-record pattern) is not a fast start
    assert too_fast_start([104, 106, 106, 92]) is False


def test_mile_segments_compared_per_400m_R_G11() -> None:
    # 409.344 m first segment: 102.3 s is exactly the 100 s/400 m pace of the other laps
    first = 100 * (MILE_M - 1200) / 400
    report = analyse_pacing([first, 100, 100, 100], [MILE_M - 1200, 400, 400, 400])
    assert report.lap_paces_s_per_400m == pytest.approx((100, 100, 100, 100))
    assert report.even and not report.too_fast_start
    assert report.speed_cv == pytest.approx(0.0, abs=1e-12)


def test_even_band_is_2_percent_on_track_and_3_with_gps_R_G11() -> None:
    laps = [100, 102.5, 100, 97.5]  # mean 100: laps 2 and 4 are 2.5 % off
    assert analyse_pacing(laps).even is False
    assert analyse_pacing(laps, gps_only=True).even is True


def test_report_numbers_for_the_flagged_example() -> None:
    report = analyse_pacing([95, 105, 108, 110])
    assert report.mean_pace_s_per_400m == pytest.approx(104.5)
    assert report.first_lap_ratio == pytest.approx(95 / 104.5)
    assert report.split == "positive"
    assert report.first_half_s == 200 and report.second_half_s == 218


def test_negative_split() -> None:
    assert analyse_pacing([62, 61, 60, 58]).split == "negative"
    assert analyse_pacing([60, 60, 60, 60]).split == "even"


def test_bad_laps_are_refused() -> None:
    with pytest.raises(InvalidInputError):
        analyse_pacing([])
    with pytest.raises(InvalidInputError):
        analyse_pacing([60, 0])


@given(
    st.lists(st.floats(min_value=50, max_value=200), min_size=2, max_size=12), st.floats(0.5, 2.0)
)
def test_pacing_does_not_depend_on_the_runner_speed(laps: list[float], scale: float) -> None:
    a = analyse_pacing(laps)
    b = analyse_pacing([t * scale for t in laps])
    assert a.too_fast_start == b.too_fast_start
    assert a.even == b.even
    assert a.speed_cv == pytest.approx(b.speed_cv, rel=1e-9, abs=1e-12)
