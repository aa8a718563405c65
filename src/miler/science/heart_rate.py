"""Maximum heart rate and training zones (R-G6, R-G14, R-P5).

* HRmax: the measured value when the runner has one; otherwise Tanaka, Monahan & Seals
  2001 (J Am Coll Cardiol 37:153-156): HRmax = 208 − 0.7·age (beats/min, age in years),
  preferred by R-G14 to 220 − age.
* Zones as % of HRmax and as % of heart-rate reserve (Karvonen, Kentala & Mustala 1957,
  Ann Med Exp Biol Fenn 35:307-315): target = HRrest + k·(HRmax − HRrest).
* The zone limits are Daniels' training intensities (Daniels' Running Formula, 3rd ed.
  2014, ch. 4): E 65–79 % HRmax (59–74 % of VO2max or HRR), M 80–90 % HRmax (75–84 %),
  T 88–92 % HRmax (83–88 %), I 98–100 % HRmax (95–100 %). R work is paced, not
  heart-rate guided.
* R-G6 easy cap: 0.79·HRmax. R-G14 check: peak HR ≥ 0.90·HRmax in reps 4 onward.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from miler.errors import InvalidInputError, OutOfRangeError

__all__ = [
    "EASY_CAP_FRACTION",
    "HARD_REP_FRACTION",
    "HeartRateMax",
    "HeartRateZone",
    "easy_cap",
    "estimate_hr_max",
    "heart_rate_max",
    "heart_rate_zones",
]

EASY_CAP_FRACTION: Final = 0.79
"""R-G6: an easy run stays at or below 79 % of HRmax (top of Daniels' E band)."""

HARD_REP_FRACTION: Final = 0.90
"""R-G14: in 30-s reps at 90–95 % effort, peak HR from rep 4 on reaches 90 % of HRmax."""

TANAKA_SOURCE: Final = "Tanaka, Monahan & Seals 2001: HRmax = 208 - 0.7 x age"

#: (name, purpose, % HRmax low-high, % of HR reserve low-high); Daniels 2014, ch. 4.
_DANIELS_ZONES: Final[tuple[tuple[str, str, float, float, float, float], ...]] = (
    ("E", "easy / long runs, warm-up, recovery", 0.65, 0.79, 0.59, 0.74),
    ("M", "marathon pace", 0.80, 0.90, 0.75, 0.84),
    ("T", "threshold: tempo runs, cruise intervals", 0.88, 0.92, 0.83, 0.88),
    ("I", "intervals at VO2max", 0.98, 1.00, 0.95, 1.00),
)


@dataclass(frozen=True)
class HeartRateMax:
    """HRmax in beats per minute and where the number came from."""

    bpm: float
    measured: bool
    source: str


@dataclass(frozen=True)
class HeartRateZone:
    """One training zone in beats per minute.

    ``low_bpm``/``high_bpm`` are % of HRmax; ``hrr_low_bpm``/``hrr_high_bpm`` are the same
    zone by heart-rate reserve (Karvonen), ``None`` when no resting HR is known.
    """

    name: str
    purpose: str
    percent_max: tuple[float, float]
    low_bpm: float
    high_bpm: float
    percent_reserve: tuple[float, float]
    hrr_low_bpm: float | None
    hrr_high_bpm: float | None


def estimate_hr_max(age: float) -> float:
    """HRmax in beats/min estimated from ``age`` in years.

    Tanaka, Monahan & Seals 2001: 208 − 0.7·age (meta-analysis of 351 studies, 18 712
    subjects). Published check: age 40 → 180.
    """
    if not math.isfinite(age) or not 5 <= age <= 110:
        raise OutOfRangeError(f"age {age!r} is outside 5-110 years, where HRmax can be estimated")
    return 208.0 - 0.7 * age


def heart_rate_max(measured_bpm: float | None = None, age: float | None = None) -> HeartRateMax:
    """The runner's HRmax: the measured value if given, else Tanaka's estimate from ``age``."""
    if measured_bpm is not None:
        if not math.isfinite(measured_bpm) or not 100 <= measured_bpm <= 230:
            raise OutOfRangeError(
                f"a measured HRmax of {measured_bpm:g} bpm is implausible: use 100-230"
            )
        return HeartRateMax(bpm=float(measured_bpm), measured=True, source="measured")
    if age is None:
        raise InvalidInputError("give a measured HRmax or an age to estimate it from")
    return HeartRateMax(bpm=estimate_hr_max(age), measured=False, source=TANAKA_SOURCE)


def easy_cap(hr_max_bpm: float) -> float:
    """R-G6 easy-run heart-rate cap in beats/min: 0.79·HRmax."""
    return EASY_CAP_FRACTION * hr_max_bpm


def _karvonen(rest: float, hr_max: float, fraction: float) -> float:
    return rest + fraction * (hr_max - rest)


def heart_rate_zones(hr_max_bpm: float, hr_rest_bpm: float | None = None) -> list[HeartRateZone]:
    """Daniels' E/M/T/I zones in beats/min, by % HRmax and (with a resting HR) by HRR."""
    if hr_rest_bpm is not None and not (
        math.isfinite(hr_rest_bpm) and 25 <= hr_rest_bpm < hr_max_bpm
    ):
        raise OutOfRangeError(
            f"resting HR {hr_rest_bpm:g} bpm must be at least 25 and below HRmax ({hr_max_bpm:g})"
        )
    zones: list[HeartRateZone] = []
    for name, purpose, lo, hi, rlo, rhi in _DANIELS_ZONES:
        zones.append(
            HeartRateZone(
                name=name,
                purpose=purpose,
                percent_max=(100 * lo, 100 * hi),
                low_bpm=lo * hr_max_bpm,
                high_bpm=hi * hr_max_bpm,
                percent_reserve=(100 * rlo, 100 * rhi),
                hrr_low_bpm=None
                if hr_rest_bpm is None
                else _karvonen(hr_rest_bpm, hr_max_bpm, rlo),
                hrr_high_bpm=(
                    None if hr_rest_bpm is None else _karvonen(hr_rest_bpm, hr_max_bpm, rhi)
                ),
            )
        )
    return zones
