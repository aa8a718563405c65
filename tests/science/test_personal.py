"""Personal fits: an individual power law and critical speed with D′, each with a prior."""

from __future__ import annotations

import pytest

from miler.errors import OutOfRangeError
from miler.science.equivalence import riegel_time
from miler.science.personal import (
    CS_DPRIME_PRIOR_S,
    fit_critical_speed,
    fit_power_law,
)
from miler.units import MILE_M


def test_one_result_gives_the_prior_exponent_riegel() -> None:
    fit = fit_power_law([(5000, 1200)])
    assert fit.exponent == pytest.approx(1.06)
    assert fit.time_s(MILE_M) == pytest.approx(riegel_time(5000, 1200, MILE_M))


def test_several_results_pull_the_exponent_to_the_runners_own() -> None:
    # A runner exactly on T = 200 s · (D/km)^1.12 at 1500 m, 5 km and 10 km.
    results = [(d, 200 * (d / 1000) ** 1.12) for d in (1500.0, 5000.0, 10000.0)]
    fit = fit_power_law(results)
    assert 1.10 < fit.exponent < 1.12
    assert fit.exponent_sd < 0.03
    assert fit.n == 3


def test_critical_speed_recovers_cs_and_d_prime() -> None:
    cs, d_prime = 4.5, 250.0
    results = [(cs * t + d_prime, t) for t in (180.0, 420.0, 900.0)]
    fit = fit_critical_speed(results, prior_weight=0.0)
    assert fit.critical_speed_mps == pytest.approx(cs)
    assert fit.d_prime_m == pytest.approx(d_prime)
    assert fit.time_s(MILE_M) == pytest.approx((MILE_M - d_prime) / cs)


def test_one_result_critical_speed_uses_the_prior_d_prime() -> None:
    fit = fit_critical_speed([(MILE_M, 300.0)])
    assert fit.critical_speed_mps == pytest.approx(MILE_M / (300.0 + CS_DPRIME_PRIOR_S))
    assert fit.time_s(MILE_M) == pytest.approx(300.0)


def test_critical_speed_needs_a_2_to_20_min_effort() -> None:
    with pytest.raises(OutOfRangeError, match="2 to 20 minutes"):
        fit_critical_speed([(42195.0, 3 * 3600.0)])
