"""What a runner or coach asks for: the input of plan generation.

Only the current result and the days are required; everything else has the default a
coach would assume, documented on the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from miler.plan.profile import Equipment, GoalType, Weekday
from miler.units import MILE_M

__all__ = [
    "MAX_WEEKLY_MIN",
    "MAX_WEEKS",
    "MIN_SESSION_MIN",
    "PlanRequest",
    "RaceResult",
    "Weekday",
]

MAX_WEEKS: Final = 52
"""The longest plan, by weeks or to a race date: a year; beyond it, plan the nearer races."""
MAX_WEEKLY_MIN: Final = 1500.0
"""25 hours of running a week: more than any miler runs; a larger number is a typo."""
MIN_SESSION_MIN: Final = 25.0
"""The shortest session length a plan can hold: a 10-min warm-up, 5-min cool-down and
10 min of work (R-G19)."""


class RaceResult(BaseModel):
    """One result the athlete reports. ``tag`` separates an all-out mile from a split
    inside a longer effort (R-F3.1); ``treadmill_incline_pct`` applies to treadmill runs
    (R-G21)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    distance_m: float = Field(gt=0)
    time_s: float = Field(gt=0)
    date: dt.date | None = Field(default=None, description="None: assumed recent")
    tag: Literal["time_trial", "race", "workout", "training_run"] = "race"
    treadmill_incline_pct: float | None = None


class PlanRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    results: tuple[RaceResult, ...] = Field(min_length=1)
    days: tuple[Weekday, ...] = Field(min_length=1, description="days the athlete can train")
    goal_time_s: float | None = Field(
        default=None, gt=0, description="None: current best × 0.97 (R-G20)"
    )
    goal_distance_m: float = MILE_M
    goal_type: GoalType = GoalType.SINGLE_MILE
    race_date: dt.date | None = None
    weeks: int | None = Field(
        default=None, ge=1, le=MAX_WEEKS, description="used when no race date"
    )
    start_date: dt.date | None = Field(default=None, description="None: next Monday")
    today: dt.date | None = Field(
        default=None,
        description="the date the plan is made on (None: the start date); the use case fills "
        "it in, the domain never reads the clock",
    )
    long_run_day: Weekday | None = None
    age: int | None = Field(default=None, ge=5, le=100, description="years; 5-100")
    sex: Literal["M", "F"] | None = None
    months_running: float = Field(default=12, ge=0, le=1000, description="months; ≤1000")
    runs_per_week: float = Field(default=3, ge=0, le=14, description="≤14: two a day")
    longest_run_min: float = Field(
        default=40, ge=0, le=360, description="the longest continuous run now, ≤360 min"
    )
    weekly_run_min: float | None = Field(
        default=None,
        ge=0,
        le=MAX_WEEKLY_MIN,
        description="4-week baseline volume, ≤1,500 min (25 h); None: estimated from runs",
    )
    quality_per_week: float | None = Field(
        default=None, ge=0, le=7, description="4-week baseline; None: 1 if recent_intervals else 0"
    )
    recent_intervals: bool = False
    lifting_experience: bool = False
    body_mass_kg: float | None = Field(default=None, ge=15, le=250)
    hr_max_bpm: float | None = Field(default=None, gt=80, lt=240)
    equipment: Equipment = Equipment()
    cross_training: Literal["cycling", "elliptical", "swimming", "deep_water_running", "rowing"] = (
        "cycling"
    )
    session_minutes: float = Field(
        default=75,
        ge=MIN_SESSION_MIN,
        le=300,
        description="the longest session the athlete has time for (the long run may pass it)",
    )
    name: str = ""
    force: bool = False
