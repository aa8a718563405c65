"""Training paces from current fitness (Daniels) and mile-specific paces (R-G12, R-G14, R-G20).

Daniels' paces come from VDOT with the Daniels & Gilbert (1979) equations in
:mod:`miler.science.vdot`; the intensities are those of Daniels' Running Formula (3rd ed.,
2014, ch. 4, as % of VO2max, here % of VDOT):

* **E** easy: 59–74 %.
* **M** marathon: the Daniels–Gilbert marathon race pace for the VDOT (slow end) up to
  84 %, the top of Daniels' M band (75–84 %).
* **T** threshold: 83–88 %; the book's tables list the 88 % pace (VDOT 45 → 7:27/mi).
* **I** interval: 95–100 %; the tables list about 97.5 % (VDOT 49 → 3:59/km, 1:35/400 m).
* **R** repetition: Daniels' R pace is about current mile race pace; the range is the
  Daniels–Gilbert mile race pace to 3 % faster (R-G12 lets 200 m reps run faster).

Mile-specific: goal pace per 200/400/600/800 m (R-G12: 400–800 m reps at goal pace), and
the R-G14 "90–95 % effort" band for 30-s reps: at least current-PR mile pace, nominally
about 800 m race pace (the 800 m from the PR by Riegel 1981, exponent 1.06).
All speeds are m/s; ranges are ``(slow, fast)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from miler.errors import OutOfRangeError
from miler.science.vdot import speed_at_vo2, time_for_vdot
from miler.units import MARATHON_M, MILE_M, riegel_convert

__all__ = [
    "MilePaces",
    "TrainingPaces",
    "mile_paces",
    "training_paces",
]

_EASY: Final = (0.59, 0.74)
_MARATHON_TOP: Final = 0.84
_THRESHOLD: Final = (0.83, 0.88)
_INTERVAL: Final = (0.95, 1.00)
_REPETITION_FASTER: Final = 1.03
_VDOT_RANGE: Final = (20.0, 90.0)
_SPLITS_M: Final = (200, 400, 600, 800)


@dataclass(frozen=True)
class TrainingPaces:
    """Daniels' training speeds in m/s, each ``(slow, fast)``, for one VDOT."""

    vdot: float
    easy: tuple[float, float]
    marathon: tuple[float, float]
    threshold: tuple[float, float]
    interval: tuple[float, float]
    repetition: tuple[float, float]


@dataclass(frozen=True)
class MilePaces:
    """Mile-specific targets: goal-pace splits and the R-G14 90–95 % effort band.

    ``splits_s`` maps a rep distance in metres (200, 400, 600, 800) to its time at goal
    pace. ``effort_band`` is ``(slow, fast)`` in m/s, ``None`` without a current PR.
    """

    goal_mile_s: float
    goal_speed: float
    splits_s: dict[int, float]
    current_mile_s: float | None
    effort_band: tuple[float, float] | None


def _speed(fraction: float, vdot: float) -> float:
    return speed_at_vo2(fraction * vdot)


def training_paces(vdot: float) -> TrainingPaces:
    """Daniels' E/M/T/I/R speed ranges in m/s for a runner of ``vdot`` (ml/kg/min).

    Intensities: Daniels' Running Formula 3rd ed. (2014) ch. 4; oxygen cost and race
    times: Daniels & Gilbert 1979. Checks against the book's tables: VDOT 45 gives
    T 7:27/mi and M 7:57/mi; VDOT 49 gives I 3:59/km and R 1:29/400 m.
    """
    if not math.isfinite(vdot) or not _VDOT_RANGE[0] <= vdot <= _VDOT_RANGE[1]:
        raise OutOfRangeError(
            f"VDOT {vdot!r} is outside {_VDOT_RANGE[0]:g}-{_VDOT_RANGE[1]:g}, "
            "the range of Daniels' tables and beyond"
        )
    marathon_speed = MARATHON_M / time_for_vdot(vdot, MARATHON_M)
    mile_speed = MILE_M / time_for_vdot(vdot, MILE_M)
    return TrainingPaces(
        vdot=vdot,
        easy=(_speed(_EASY[0], vdot), _speed(_EASY[1], vdot)),
        marathon=(marathon_speed, max(marathon_speed, _speed(_MARATHON_TOP, vdot))),
        threshold=(_speed(_THRESHOLD[0], vdot), _speed(_THRESHOLD[1], vdot)),
        interval=(_speed(_INTERVAL[0], vdot), _speed(_INTERVAL[1], vdot)),
        repetition=(mile_speed, mile_speed * _REPETITION_FASTER),
    )


def mile_paces(goal_mile_s: float, current_mile_s: float | None = None) -> MilePaces:
    """Goal-pace split times and, given the current PR, the R-G14 effort band.

    Splits are proportional to distance at goal pace (R-G12: 400–800 m reps at goal pace).
    Effort band (R-G14): slow end = current-PR mile pace, fast end = the 800 m race pace
    predicted from that PR by Riegel 1981 (T2 = T1·(D2/D1)^1.06).
    """
    if not math.isfinite(goal_mile_s) or goal_mile_s <= 0:
        raise OutOfRangeError(f"goal mile time {goal_mile_s!r} s must be positive")
    speed = MILE_M / goal_mile_s
    splits = {d: d / speed for d in _SPLITS_M}
    band: tuple[float, float] | None = None
    if current_mile_s is not None:
        if not math.isfinite(current_mile_s) or current_mile_s <= 0:
            raise OutOfRangeError(f"current mile time {current_mile_s!r} s must be positive")
        pr_speed = MILE_M / current_mile_s
        speed_800 = 800.0 / riegel_convert(current_mile_s, MILE_M, 800.0)
        band = (pr_speed, speed_800)
    return MilePaces(
        goal_mile_s=goal_mile_s,
        goal_speed=speed,
        splits_s=splits,
        current_mile_s=current_mile_s,
        effort_band=band,
    )
