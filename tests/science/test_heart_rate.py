"""HRmax and zones: Tanaka 2001, Karvonen 1957, Daniels' intensities (R-G6, R-G14)."""

from __future__ import annotations

import pytest

from miler.errors import InvalidInputError, OutOfRangeError
from miler.science.heart_rate import (
    easy_cap,
    estimate_hr_max,
    heart_rate_max,
    heart_rate_zones,
)


def test_age_40_without_measurement_is_180_R_G14() -> None:
    assert estimate_hr_max(40) == 180.0
    hr = heart_rate_max(age=40)
    assert hr.bpm == 180.0
    assert not hr.measured
    assert "Tanaka" in hr.source


@pytest.mark.parametrize(("age", "bpm"), [(20, 194.0), (60, 166.0), (80, 152.0)])
def test_tanaka_formula_208_minus_0_7_age(age: float, bpm: float) -> None:
    assert estimate_hr_max(age) == pytest.approx(bpm)


def test_measured_value_wins_over_estimate() -> None:
    hr = heart_rate_max(measured_bpm=192, age=40)
    assert (hr.bpm, hr.measured, hr.source) == (192.0, True, "measured")


def test_easy_cap_is_79_percent_of_max_R_G6() -> None:
    assert easy_cap(180.0) == pytest.approx(142.2)
    easy = heart_rate_zones(180.0)[0]
    assert easy.name == "E"
    assert easy.high_bpm == pytest.approx(easy_cap(180.0))


def test_karvonen_reserve_zone_bpm() -> None:
    # Karvonen: HRrest + k·(HRmax − HRrest); 60 + 0.74·(180 − 60) = 148.8.
    zones = {z.name: z for z in heart_rate_zones(180.0, 60.0)}
    assert zones["E"].hrr_low_bpm == pytest.approx(60 + 0.59 * 120)
    assert zones["E"].hrr_high_bpm == pytest.approx(148.8)
    assert zones["I"].hrr_high_bpm == pytest.approx(180.0)


def test_zones_follow_daniels_percentages_of_max() -> None:
    zones = heart_rate_zones(200.0)
    assert [z.name for z in zones] == ["E", "M", "T", "I"]
    assert [z.percent_max for z in zones] == [(65, 79), (80, 90), (88, 92), (98, 100)]
    assert [z.low_bpm for z in zones] == pytest.approx([130, 160, 176, 196])
    assert all(z.hrr_low_bpm is None for z in zones)


def test_implausible_inputs_are_refused() -> None:
    with pytest.raises(OutOfRangeError):
        estimate_hr_max(150)
    with pytest.raises(OutOfRangeError, match="implausible"):
        heart_rate_max(measured_bpm=300)
    with pytest.raises(InvalidInputError, match="measured HRmax or an age"):
        heart_rate_max()
    with pytest.raises(OutOfRangeError, match="below HRmax"):
        heart_rate_zones(180.0, 185.0)
