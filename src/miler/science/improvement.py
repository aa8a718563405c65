"""How much faster a mile can get with training (R-F2.1, R-F2.2).

The projected gain, as a fraction of the current mile time, is

    gain = base(level) · headroom(grade) · time_course(weeks)

* ``base``: the typical gain over a 12-week block, with a best and a worst case.
  Likely: novice 8 %, intermediate 4 %, experienced 2 %. Magnitudes
  from published training studies: recreational runners (mean age 44) improved 2 km by
  4.5 % and 10 km by 6.1 % in 8 weeks (Festa et al., as tabulated in the systematic
  review PMC9653533, Table 2), while competitive endurance athletes gained about 2–4 %
  from added high-intensity work in their off-season (Paton & Hopkins 2004, Sportscience
  8:25-40). The best case is twice the likely gain and the worst case a quarter to a
  half of it (novice 16 % / 3 %, intermediate 10 % / 1 %, experienced 5 % / 0.5 %):
  individual responses to the same training spread that widely (HERITAGE Family Study,
  Bouchard & Rankinen 2001, Med Sci Sports Exerc 33:S446: VO2max gains from about none
  to over 40 % around a mean near 19 %), and a goal is refused only beyond the best case.
  The level ranks follow R-F2.1 (newer runners gain more); the exact numbers are a
  project choice, not a fit.
* ``headroom``: (1 − g)/(1 − 0.60), where g is the current age grade as a fraction
  (R-G2 tables). It is 1 for a 60 % runner, falls linearly, and reaches 0 at 100 %,
  so gains strictly shrink as the grade rises (R-F2.2). Under 20, g is the lower grade
  against the open-class standard: the WMA youth factors (R-G2) describe how much faster
  a runner gets by growing up, so young runners improve faster.
* ``time_course``: (1 − e^(−w/12))/(1 − e^(−1)): 1 at 12 weeks, diminishing returns
  after (≈1.37 at 24 weeks, ≈1.56 at a year), 0 at 0 weeks.

No projection is ever faster than the age/sex 100 % standard (R-F2.2). Without age and
sex the ceiling is the men's open-class WMA mile standard (3:43.13, the fastest human
standard), which still bounds every runner but overstates room for women and masters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from miler.errors import InvalidInputError
from miler.science.age_grading import age_standard
from miler.science.levels import Level
from miler.units import MILE_M

__all__ = ["ProjectedMile", "projected_mile"]

#: 12-week gain fraction (best, likely, worst) by level.
_BASE_GAIN: Final[dict[Level, tuple[float, float, float]]] = {
    Level.NOVICE: (0.16, 0.08, 0.03),
    Level.INTERMEDIATE: (0.10, 0.04, 0.01),
    Level.EXPERIENCED: (0.05, 0.02, 0.005),
}
_REFERENCE_GRADE: Final = 0.60
_TIME_CONSTANT_WEEKS: Final = 12.0
_OPEN_AGE: Final = 25.0
_YOUTH_UNTIL_AGE: Final = 20.0
"""Below this age the headroom counts growth too (see :func:`_headroom_grade`)."""

SOURCE: Final = (
    "miler improvement model: 12-week gains novice 8% (3-16%), intermediate 4% (1-10%), "
    "experienced 2% (0.5-5%) after Festa et al. (recreational runners), "
    "Paton & Hopkins 2004 and the spread of individual responses (Bouchard & Rankinen "
    "2001); scaled by (1 - age grade)/0.4 and capped at the 100% "
    "age-grade standard (R-F2.2)"
)


@dataclass(frozen=True)
class ProjectedMile:
    """A projected mile in seconds: best case (fastest), likely, and worst case (slowest).

    ``ceiling_s`` is the 100 % standard the projection may not pass; ``grade_percent`` is
    the current grade against it.
    """

    low_s: float
    likely_s: float
    high_s: float
    ceiling_s: float
    grade_percent: float
    weeks: int
    level: str
    source: str


def _headroom_grade(
    grade: float, current_mile_s: float, age: float | None, sex: str | None
) -> float:
    """The grade the headroom is measured from: the age grade, but for a runner under 20
    the grade against the open-class standard, because a young runner's room includes the
    growth the WMA age factors describe (the youth standards fall toward the open one
    until about 20, R-G2 tables): young runners improve faster (issue 11, item 11)."""
    if age is None or sex is None or age >= _YOUTH_UNTIL_AGE:
        return grade
    open_standard = age_standard(MILE_M, age, sex, "track").open_standard_s
    return min(grade, open_standard / current_mile_s)


def _time_course(weeks: float) -> float:
    tau = _TIME_CONSTANT_WEEKS
    return (1.0 - math.exp(-weeks / tau)) / (1.0 - math.exp(-_TIME_CONSTANT_WEEKS / tau))


def _level(level: str) -> Level:
    try:
        return Level(level.strip().lower())
    except ValueError:
        raise InvalidInputError(
            f"unknown level {level!r}: use novice, intermediate or experienced"
        ) from None


def projected_mile(
    level: str,
    current_mile_s: float,
    weeks: int,
    age: float | None = None,
    sex: str | None = None,
) -> ProjectedMile:
    """Projected mile time after ``weeks`` of training from ``current_mile_s`` seconds.

    Gains rank novice > intermediate > experienced (R-F2.1), shrink as the age grade rises
    and never pass the age/sex 100 % standard (R-F2.2); see the module docstring for the
    model and its sources.
    """
    chosen = _level(level)
    if not math.isfinite(current_mile_s) or current_mile_s <= 0:
        raise InvalidInputError(f"current mile {current_mile_s!r} s must be positive")
    if weeks < 0:
        raise InvalidInputError(f"weeks {weeks!r} must be zero or more")
    if age is not None and sex is not None:
        ceiling = age_standard(MILE_M, age, sex, "track").age_standard_s
    else:
        ceiling = age_standard(MILE_M, _OPEN_AGE, "M", "track").open_standard_s
    grade = min(1.0, ceiling / current_mile_s)
    headroom = (1.0 - _headroom_grade(grade, current_mile_s, age, sex)) / (1.0 - _REFERENCE_GRADE)
    scale = headroom * _time_course(weeks)
    # A runner already at or past the standard is projected to hold, never to slow.
    floor = min(ceiling, current_mile_s)
    best, likely, worst = (
        max(floor, current_mile_s * (1.0 - gain * scale)) for gain in _BASE_GAIN[chosen]
    )
    return ProjectedMile(
        low_s=best,
        likely_s=likely,
        high_s=worst,
        ceiling_s=ceiling,
        grade_percent=100.0 * grade,
        weeks=weeks,
        level=chosen.value,
        source=SOURCE,
    )
