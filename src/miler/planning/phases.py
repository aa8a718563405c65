"""The shape of a plan in weeks: phases, lighter weeks, time trials, taper.

* Phases a coach recognises: base, build (strength and speed), mile-specific, then a
  2-week taper before the target date (R-G8; Bosquet et al. 2007).
* A lighter (deload) week every 3-4 weeks: at most 3 loading weeks in a row, counted back
  from the taper so the last weeks before it carry the most specific work.
* A time trial every 4-6 weeks (R-G20), in a lighter week so it is run fresh, and never
  before a runner reaches the 30-min continuous run (R-G3).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["TAPER_WEEKS", "WeekFrame", "deload_weeks", "frame_weeks", "time_trial_weeks"]

TAPER_WEEKS: Final = 2
"""R-G8: the last 2 weeks before the target date."""
MIN_WEEKS: Final = TAPER_WEEKS + 1
"""The taper plus at least one week of training."""

Phase = Literal["base", "build", "specific", "taper"]


@dataclass(frozen=True)
class WeekFrame:
    index: int
    start: dt.date
    phase: Phase
    deload: bool
    time_trial: bool


def deload_weeks(training_weeks: int) -> tuple[int, ...]:
    """Lighter weeks among ``training_weeks`` weeks before the taper: every 4th week counted
    back from the last training week (so at most 3 loading weeks in a row); a lighter week
    that would fall in week 1 moves to week 2."""
    weeks = sorted(w for w in range(training_weeks - 3, 0, -4))
    if weeks and weeks[0] == 1:
        weeks[0] = 2 if len(weeks) == 1 or weeks[1] > 3 else 0
        weeks = [w for w in weeks if w > 0]
    return tuple(weeks)


def time_trial_weeks(deloads: tuple[int, ...], first_allowed: int) -> tuple[int, ...]:
    """Time-trial weeks: lighter weeks from ``first_allowed`` on, at least 4 weeks apart
    (R-G20: every 4-6 weeks), chosen from the last one back so the last trial is 5 weeks
    before the target date."""
    chosen: list[int] = []
    for week in sorted(deloads, reverse=True):
        if week < max(2, first_allowed):
            continue
        if chosen and chosen[-1] - week < 4:
            continue
        chosen.append(week)
    return tuple(sorted(chosen))


def _phase(index: int, training_weeks: int, base_until: int) -> Phase:
    if index > training_weeks:
        return "taper"
    if index <= base_until:
        return "base"
    build_until = max(base_until, math.ceil(0.7 * training_weeks))
    if index <= build_until and index < training_weeks:
        return "build"
    return "specific"


def frame_weeks(
    n_weeks: int, start: dt.date, base_until: int | None = None, first_trial: int = 1
) -> list[WeekFrame]:
    """The weeks of a plan of ``n_weeks`` weeks starting ``start`` (a Monday).

    ``base_until``: last base week (default 40% of the training weeks); ``first_trial``:
    earliest week a time trial may fall in.
    """
    training = n_weeks - TAPER_WEEKS
    base_end = max(1, math.ceil(0.4 * training)) if base_until is None else base_until
    base_end = min(base_end, max(1, training - 1))
    deloads = deload_weeks(training)
    trials = time_trial_weeks(deloads, first_trial)
    return [
        WeekFrame(
            index=i,
            start=start + dt.timedelta(weeks=i - 1),
            phase=_phase(i, training, base_end),
            deload=i in deloads,
            time_trial=i in trials,
        )
        for i in range(1, n_weeks + 1)
    ]
