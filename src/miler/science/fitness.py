"""Fitness, fatigue and form from daily training load (Banister's impulse-response model),
and the load of a session that has no heart rate.

**The model.** Each day's load raises fitness and fatigue, which then decay exponentially,
fatigue faster (Banister, Calvert, Savage & Bach 1975, "A systems model of training for
athletic performance", Aust J Sports Med 7:57-61; Banister 1991 in *Physiological Testing of
Elite Athletes*, Human Kinetics, 403-424). In the form coaches read it (Coggan's Performance
Manager, Allen & Coggan, *Training and Racing with a Power Meter*, 2nd ed. 2010, ch. 13):
chronic training load CTL with a 42-day time constant (fitness), acute training load ATL with
7 days (fatigue), and training stress balance TSB = CTL - ATL of the day before (form). With
the exponential impulse response, day by day::

    CTL_t = CTL_{t-1} + (load_t - CTL_{t-1}) * (1 - exp(-1 / 42))
    ATL_t = ATL_{t-1} + (load_t - ATL_{t-1}) * (1 - exp(-1 / 7))

so a constant daily load L from nothing brings CTL to L * (1 - 1/e) = 63.2 % of L after 42
days: the meaning of a time constant, and the published reading of CTL (Allen & Coggan).

**Load without heart rate** (:func:`pace_load`, project estimate). A run's TRIMP needs its
heart-rate reserve; from pace alone it is estimated through oxygen cost: the run's VO2
(Daniels & Gilbert 1979, :func:`miler.science.vdot.vo2_at_speed`) as a fraction of the
runner's VO2 reserve (VDOT - 3.5 ml/kg/min at rest), which tracks the heart-rate reserve
one for one (Swain & Leutholtz 1997, Med Sci Sports Exerc 29:410-414), then Banister's
weighting (:func:`miler.activities.load.trimp_for_average`). Cross-training and strength with
no heart rate count at a fixed reserve (:data:`ASSUMED_RESERVE`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from miler.activities.load import TRIMP_WEIGHTING
from miler.errors import InvalidInputError
from miler.science.vdot import vo2_at_speed

__all__ = [
    "ASSUMED_RESERVE",
    "ATL_DAYS",
    "CTL_DAYS",
    "FitnessDay",
    "fitness_series",
    "pace_load",
    "reserve_load",
]

CTL_DAYS: Final = 42.0
"""Fitness time constant, days (Banister 1975; Allen & Coggan 2010)."""
ATL_DAYS: Final = 7.0
"""Fatigue time constant, days (Banister 1975; Allen & Coggan 2010)."""
REST_VO2: Final = 3.5
"""Resting oxygen uptake, ml/kg/min (1 MET)."""
ASSUMED_RESERVE: Final = {"cross_training": 0.5, "strength": 0.4, "other": 0.3}
"""Heart-rate reserve assumed for a session with neither heart rate nor a running pace
(project estimate: moderate cross-training, strength work with rests, walking)."""


@dataclass(frozen=True)
class FitnessDay:
    """One day of the model: its load and the fitness, fatigue and form after it."""

    date: dt.date
    load: float
    ctl: float
    atl: float
    tsb: float


def reserve_load(minutes: float, reserve: float, sex: str | None = None) -> float:
    """Banister TRIMP of ``minutes`` at a heart-rate reserve fraction ``reserve`` (0-1), with
    the weighting for ``sex`` ("F": women's, else men's; Morton et al. 1990)."""
    if not (math.isfinite(minutes) and minutes >= 0):
        raise InvalidInputError(f"minutes must be zero or more, not {minutes!r}")
    a, b = TRIMP_WEIGHTING["female" if sex == "F" else "male"]
    r = min(max(reserve, 0.0), 1.0)
    return minutes * r * a * math.exp(b * r)


def pace_load(minutes: float, speed_mps: float, vdot: float, sex: str | None = None) -> float:
    """TRIMP of a run from its average speed and the runner's VDOT (see the module notes):
    reserve = (VO2(speed) - 3.5) / (VDOT - 3.5), clamped to 0-1."""
    if not (math.isfinite(vdot) and vdot > REST_VO2):
        raise InvalidInputError(f"VDOT must be above {REST_VO2}, not {vdot!r}")
    if speed_mps <= 0 or not math.isfinite(speed_mps):
        return 0.0
    reserve = (vo2_at_speed(speed_mps) - REST_VO2) / (vdot - REST_VO2)
    return reserve_load(minutes, reserve, sex)


def fitness_series(
    daily_load: Mapping[dt.date, float], start: dt.date, end: dt.date
) -> list[FitnessDay]:
    """CTL, ATL and TSB for every day from ``start`` to ``end`` (inclusive), starting from
    nothing the day before ``start``; days missing from ``daily_load`` have no load."""
    if end < start:
        raise InvalidInputError(f"the end {end} is before the start {start}")
    k_ctl = 1.0 - math.exp(-1.0 / CTL_DAYS)
    k_atl = 1.0 - math.exp(-1.0 / ATL_DAYS)
    ctl = atl = 0.0
    days: list[FitnessDay] = []
    day = start
    while day <= end:
        load = float(daily_load.get(day, 0.0))
        form = ctl - atl
        ctl += (load - ctl) * k_ctl
        atl += (load - atl) * k_atl
        days.append(FitnessDay(date=day, load=load, ctl=ctl, atl=atl, tsb=form))
        day += dt.timedelta(days=1)
    return days
