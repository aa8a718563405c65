"""Training load of one session from heart rate: Banister's TRIMP."""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from miler.activities.heart_rate import sample_durations, valid_heart_rate
from miler.activities.model import Samples
from miler.errors import InvalidInputError

__all__ = ["TRIMP_WEIGHTING", "trimp", "trimp_for_average"]

#: sex -> (a, b) of the weighting y = a * exp(b * HRr)
TRIMP_WEIGHTING: Final = {"male": (0.64, 1.92), "female": (0.86, 1.67)}


def _check(hr_rest_bpm: float, hr_max_bpm: float, sex: str) -> tuple[float, float]:
    if sex not in TRIMP_WEIGHTING:
        raise InvalidInputError(f"sex must be 'male' or 'female' for TRIMP, not {sex!r}")
    if not 0 < hr_rest_bpm < hr_max_bpm:
        raise InvalidInputError(
            f"resting heart rate ({hr_rest_bpm:g}) must be above 0 and below HRmax ({hr_max_bpm:g})"
        )
    return TRIMP_WEIGHTING[sex]


def trimp_for_average(
    minutes: float, hr_avg_bpm: float, hr_rest_bpm: float, hr_max_bpm: float, sex: str = "male"
) -> float:
    """Banister TRIMP of a session from its average heart rate.

    TRIMP = D x HRr x a x e^(b x HRr), with D the duration in minutes and
    HRr = (HRavg - HRrest) / (HRmax - HRrest) the heart-rate reserve fraction; a = 0.64,
    b = 1.92 for men, a = 0.86, b = 1.67 for women. Banister 1991, "Modeling elite athletic
    performance", in *Physiological Testing of Elite Athletes* (MacDougall, Wenger & Green,
    eds.), Human Kinetics, 403-424; weighting constants from Morton, Fitz-Clarke & Banister
    1990, J Appl Physiol 69:1171-1177. Heart rates in beats/min.
    """
    a, b = _check(hr_rest_bpm, hr_max_bpm, sex)
    reserve = min(max((hr_avg_bpm - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm), 0.0), 1.0)
    return minutes * reserve * a * math.exp(b * reserve)


def trimp(
    samples: Samples, hr_rest_bpm: float, hr_max_bpm: float, sex: str = "male"
) -> float | None:
    """Banister TRIMP summed sample by sample (each sample's minutes x its weighted HRr);
    same formula and sources as :func:`trimp_for_average`. ``None`` without heart rate."""
    a, b = _check(hr_rest_bpm, hr_max_bpm, sex)
    hr = valid_heart_rate(samples)
    ok = np.isfinite(hr)
    if not ok.any():
        return None
    reserve = np.clip((hr[ok] - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm), 0.0, 1.0)
    minutes = sample_durations(samples)[ok] / 60.0
    return float(np.sum(minutes * reserve * a * np.exp(b * reserve)))
