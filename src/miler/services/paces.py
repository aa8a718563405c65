"""Use case: training paces from the runner's current mile.

Daniels' E/M/T/I/R paces come from a VDOT (Daniels & Gilbert 1979; intensities from Daniels'
Running Formula, 3rd ed.): the VDOT given, or the VDOT of the runner's current mile, decided
by the one current-mile rule (:mod:`miler.science.current`), so ``paces`` shows the same mile
as ``assess``, ``predict`` and ``plan``. Mile-specific paces: goal pace per 200/400/600/800 m
(R-G12) and the R-G14 "90-95 % effort" band for 30-s reps. The goal defaults to the current
mile × 0.97 (R-G20).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from miler.errors import InvalidInputError
from miler.plan.request import RaceResult
from miler.planning.assess import GOAL_FACTOR
from miler.science.current import current_mile
from miler.services.current import CurrentMileReport, report_of
from miler.units import MILE_M, format_pace, format_time

__all__ = ["PaceRange", "PacesReport", "training_paces_report"]

PACE_NAMES = ("easy", "marathon", "threshold", "interval", "repetition")


class PaceRange(BaseModel):
    """A speed range in every unit a runner reads."""

    model_config = ConfigDict(frozen=True)

    slow_mps: float
    fast_mps: float
    slow_per_km: str
    fast_per_km: str
    slow_per_mi: str
    fast_per_mi: str
    slow_per_400m: str
    fast_per_400m: str

    @classmethod
    def of(cls, slow_mps: float, fast_mps: float) -> PaceRange:
        """The range from ``slow_mps`` to ``fast_mps``."""
        return cls(
            slow_mps=slow_mps,
            fast_mps=fast_mps,
            slow_per_km=format_pace(slow_mps, "km"),
            fast_per_km=format_pace(fast_mps, "km"),
            slow_per_mi=format_pace(slow_mps, "mi"),
            fast_per_mi=format_pace(fast_mps, "mi"),
            slow_per_400m=format_pace(slow_mps, "400m", decimals=1),
            fast_per_400m=format_pace(fast_mps, "400m", decimals=1),
        )


class MilePacesReport(BaseModel):
    """Goal-pace splits and the R-G14 effort band."""

    model_config = ConfigDict(frozen=True)

    current_mile_s: float
    current_kind: str
    goal_mile_s: float
    goal_is_default: bool
    goal_splits_s: dict[str, float]
    effort_band: PaceRange


class PacesReport(BaseModel):
    """What ``miler paces`` shows."""

    model_config = ConfigDict(frozen=True)

    vdot: float
    vdot_from: str
    paces: dict[str, PaceRange]
    mile: MilePacesReport
    current_mile: CurrentMileReport | None


def training_paces_report(
    results: Sequence[RaceResult],
    today: dt.date,
    *,
    vdot: float | None = None,
    goal_mile_s: float | None = None,
    sex: str | None = None,
) -> PacesReport:
    """Training paces from ``results`` (their current mile) or a given ``vdot``."""
    from miler.science.paces import mile_paces, training_paces
    from miler.science.vdot import time_for_vdot, vdot_from_performance

    if (vdot is None) == (not results):
        raise InvalidInputError("give either --vdot N or at least one --result EVENT=TIME")
    current = None
    if vdot is not None:
        vdot_from = "--vdot"
        current_s, current_kind = time_for_vdot(vdot, MILE_M), "estimated"
    else:
        current = current_mile(results, today, sex=sex)
        current_s, current_kind = current.time_s, current.kind
        vdot = vdot_from_performance(MILE_M, current_s)
        vdot_from = f"current mile {format_time(current_s)}"
    paces = training_paces(vdot)
    goal_s = goal_mile_s if goal_mile_s is not None else current_s * GOAL_FACTOR
    mile = mile_paces(goal_s, current_s)
    if mile.effort_band is None:  # pragma: no cover - mile_paces always gives it with a current
        raise InvalidInputError("no effort band without a current mile")
    return PacesReport(
        vdot=vdot,
        vdot_from=vdot_from,
        paces={name: PaceRange.of(*getattr(paces, name)) for name in PACE_NAMES},
        mile=MilePacesReport(
            current_mile_s=current_s,
            current_kind=current_kind,
            goal_mile_s=goal_s,
            goal_is_default=goal_mile_s is None,
            goal_splits_s={str(d): t for d, t in mile.splits_s.items()},
            effort_band=PaceRange.of(*mile.effort_band),
        ),
        current_mile=None if current is None else report_of(current),
    )
