"""Fits to one runner's own results: an individual power law and critical speed with D′.

Both fits carry a population prior, so one result already gives an answer and more results
move the answer towards the runner's own curve. Distances in metres, times in seconds,
speeds in m/s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from miler.errors import OutOfRangeError

__all__ = [
    "CS_DPRIME_PRIOR_S",
    "CS_WINDOW_S",
    "CriticalSpeedFit",
    "PowerLawFit",
    "fit_critical_speed",
    "fit_power_law",
]

CS_WINDOW_S: Final = (120.0, 1200.0)
"""Efforts of about 2 to 20 minutes: where the critical-speed model holds (Jones et al. 2010)."""

CS_DPRIME_PRIOR_S: Final = 50.0
"""Prior D′ expressed as seconds at critical speed (D′ ≈ 50 s × CS, e.g. 200 m at 4 m/s).

Jones & Vanhatalo (Sports Med 2017) report D′ of about 150-300 m in trained runners with CS of
4-5.5 m/s; 50 s of running at CS sits inside that band."""

_RESULT_SD: Final = 0.015  # log-time scatter of one all-out result around the runner's curve


@dataclass(frozen=True, slots=True)
class PowerLawFit:
    """A runner's power law T = scale_s · (D / 1000 m) ^ exponent.

    ``exponent_sd`` is the posterior standard deviation of the exponent; ``n`` the number of
    results used.
    """

    scale_s: float
    exponent: float
    exponent_sd: float
    n: int

    def time_s(self, distance_m: float) -> float:
        """Predicted time in seconds over ``distance_m`` metres."""
        return float(self.scale_s * (distance_m / 1000.0) ** self.exponent)


def fit_power_law(
    results: Sequence[tuple[float, float]],
    prior_exponent: float = 1.06,
    prior_sd: float = 0.03,
) -> PowerLawFit:
    """Fit log T = log a + b · log D to one runner's ``results`` ((metres, seconds) pairs).

    Maximum a posteriori with a normal prior b ~ N(prior_exponent, prior_sd²) and a
    log-time scatter of 1.5 % per result. Source of the model: Riegel 1981 (population
    exponent 1.06); Blythe & Király, PLOS ONE 11(6) e0157257 (2016), who show that each
    runner has their own exponent, varying with specialisation. One result gives the prior
    exponent through that result.
    """
    if not results:
        raise OutOfRangeError("a power-law fit needs at least one result")
    xs = [math.log(d / 1000.0) for d, _ in results]
    ys = [math.log(t) for _, t in results]
    w = 1.0 / _RESULT_SD**2
    p = 1.0 / prior_sd**2
    n = len(xs)
    # Normal equations of the weighted least squares with the prior on b.
    sxx = w * sum(x * x for x in xs) + p
    sx = w * sum(xs)
    sy = w * sum(ys)
    sxy = w * sum(x * y for x, y in zip(xs, ys, strict=True)) + p * prior_exponent
    s1 = w * n
    det = s1 * sxx - sx * sx
    b = (s1 * sxy - sx * sy) / det
    a = (sy - sx * b) / s1
    return PowerLawFit(scale_s=math.exp(a), exponent=b, exponent_sd=math.sqrt(s1 / det), n=n)


@dataclass(frozen=True, slots=True)
class CriticalSpeedFit:
    """Critical speed (m/s) and D′ (m): D = CS · T + D′ for efforts of about 2-20 min."""

    critical_speed_mps: float
    d_prime_m: float
    n: int

    def time_s(self, distance_m: float) -> float:
        """Time in seconds for ``distance_m`` metres: T = (D − D′) / CS (Hill 1993)."""
        if distance_m <= self.d_prime_m:
            raise OutOfRangeError(
                f"{distance_m:g} m is inside D′ ({self.d_prime_m:.0f} m): too short for the "
                "critical-speed model"
            )
        return (distance_m - self.d_prime_m) / self.critical_speed_mps


def fit_critical_speed(
    results: Sequence[tuple[float, float]],
    prior_dprime_s: float = CS_DPRIME_PRIOR_S,
    prior_weight: float = 0.5,
) -> CriticalSpeedFit:
    """Fit the distance-time critical-speed model D = CS · T + D′ (Hill, Sports Med 16, 1993;
    Jones et al., MSSE 42, 2010) to results lasting 2-20 min ((metres, seconds) pairs).

    D′ is shrunk towards ``prior_dprime_s`` × CS with the weight of ``prior_weight``
    results, so one result gives CS = D / (T + prior_dprime_s).
    """
    efforts = [(d, t) for d, t in results if CS_WINDOW_S[0] <= t <= CS_WINDOW_S[1]]
    if not efforts:
        raise OutOfRangeError(
            "critical speed needs at least one all-out result lasting 2 to 20 minutes"
        )
    # Least squares of D on T with a pseudo-observation D′ = k·CS, i.e. rows
    # [T, 1]·[CS, D′] = D plus prior row sqrt(w)·[−k, 1]·[CS, D′] = 0.
    k = prior_dprime_s
    a11 = sum(t * t for _, t in efforts) + prior_weight * k * k
    a12 = sum(t for _, t in efforts) - prior_weight * k
    a22 = len(efforts) + prior_weight
    b1 = sum(d * t for d, t in efforts)
    b2 = sum(d for d, _ in efforts)
    det = a11 * a22 - a12 * a12
    cs = (b1 * a22 - a12 * b2) / det
    d_prime = (a11 * b2 - a12 * b1) / det
    if cs <= 0 or d_prime < 0:
        raise OutOfRangeError(
            "these results do not fit a critical speed (a longer effort should be slower)"
        )
    return CriticalSpeedFit(critical_speed_mps=cs, d_prime_m=d_prime, n=len(efforts))
