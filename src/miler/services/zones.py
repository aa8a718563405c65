"""Use case: the runner's maximum heart rate and training zones (``miler zones``, the web
app's settings).

HRmax is the measured value when known, else Tanaka's estimate from the age
(:func:`miler.science.heart_rate.heart_rate_max`); Daniels' zones by % HRmax and, with a
resting heart rate, by heart-rate reserve; the R-G6 easy-run cap and the R-G14 check for
30-s reps.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from miler.science.heart_rate import HeartRateMax, HeartRateZone

__all__ = ["ZonesReport", "zones_report"]


class ZonesReport(BaseModel):
    """What ``miler zones --json`` prints."""

    model_config = ConfigDict(frozen=True)

    hr_max: HeartRateMax
    hr_rest_bpm: float | None
    easy_cap_bpm: float
    hard_rep_check_bpm: float
    zones: tuple[HeartRateZone, ...]


def zones_report(
    hr_max_bpm: float | None, age: float | None, hr_rest_bpm: float | None
) -> ZonesReport:
    """HRmax (measured, else estimated from ``age``) and the zones from it."""
    from miler.science.heart_rate import (
        HARD_REP_FRACTION,
        easy_cap,
        heart_rate_max,
        heart_rate_zones,
    )

    hr_max = heart_rate_max(hr_max_bpm, age)
    return ZonesReport(
        hr_max=hr_max,
        hr_rest_bpm=hr_rest_bpm,
        easy_cap_bpm=easy_cap(hr_max.bpm),
        hard_rep_check_bpm=HARD_REP_FRACTION * hr_max.bpm,
        zones=tuple(heart_rate_zones(hr_max.bpm, hr_rest_bpm)),
    )
