"""The runner's level: novice, intermediate or experienced (R-G1, a project choice).

* **Novice** if any of: under 6 months of consistent running; under 2 runs per week
  (averaged over the last 8 weeks); longest recent continuous run under 30 minutes.
* **Experienced** if all of: at least 12 months consistent; at least 3 runs per week; a
  weekly continuous run of at least 30 minutes; interval work done before.
* **Intermediate**: everyone else.

The caution for novices rests on Videbæk et al. 2015 (Sports Med 45:1017-1026): 17.8
injuries per 1000 h of running in novices vs 7.7 in recreational runners. The thresholds
themselves are heuristics (training-rules.md, R-G1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from miler.errors import InvalidInputError

__all__ = ["Level", "LevelReason", "classify_level", "explain_level"]

NOVICE_MONTHS: Final = 6.0
NOVICE_RUNS_PER_WEEK: Final = 2.0
CONTINUOUS_RUN_MIN: Final = 30.0
EXPERIENCED_MONTHS: Final = 12.0
EXPERIENCED_RUNS_PER_WEEK: Final = 3.0


class Level(StrEnum):
    """R-G1 runner level; selects the plan template (R-F2.1)."""

    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    EXPERIENCED = "experienced"


@dataclass(frozen=True)
class LevelReason:
    """A level with the R-G1 reasons that decided it, in a runner's words."""

    level: Level
    reasons: tuple[str, ...]


def _check(name: str, value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise InvalidInputError(f"{name} must be a number of zero or more, not {value!r}")


def explain_level(
    months_running: float, runs_per_week: float, longest_run_min: float, recent_intervals: bool
) -> LevelReason:
    """:func:`classify_level` with the reasons that decided it."""
    _check("months running", months_running)
    _check("runs per week", runs_per_week)
    _check("longest run (minutes)", longest_run_min)
    novice = []
    if months_running < NOVICE_MONTHS:
        novice.append(f"under {NOVICE_MONTHS:g} months of consistent running")
    if runs_per_week < NOVICE_RUNS_PER_WEEK:
        novice.append(f"fewer than {NOVICE_RUNS_PER_WEEK:g} runs a week")
    if longest_run_min < CONTINUOUS_RUN_MIN:
        novice.append(f"no continuous run of {CONTINUOUS_RUN_MIN:g} minutes yet")
    if novice:
        return LevelReason(Level.NOVICE, tuple(novice))
    missing = []
    if months_running < EXPERIENCED_MONTHS:
        missing.append(f"under {EXPERIENCED_MONTHS:g} months of consistent running")
    if runs_per_week < EXPERIENCED_RUNS_PER_WEEK:
        missing.append(f"fewer than {EXPERIENCED_RUNS_PER_WEEK:g} runs a week")
    if not recent_intervals:
        missing.append("no interval work yet")
    if missing:
        return LevelReason(Level.INTERMEDIATE, tuple(missing))
    return LevelReason(
        Level.EXPERIENCED,
        (
            f"{EXPERIENCED_MONTHS:g}+ months consistent, {EXPERIENCED_RUNS_PER_WEEK:g}+ runs a "
            f"week, a {CONTINUOUS_RUN_MIN:g}+ minute run and interval work",
        ),
    )


def classify_level(
    months_running: float, runs_per_week: float, longest_run_min: float, recent_intervals: bool
) -> Level:
    """R-G1 level from months of consistent running, runs per week (8-week average), the
    longest recent continuous run in minutes, and whether the runner has done intervals."""
    return explain_level(months_running, runs_per_week, longest_run_min, recent_intervals).level
