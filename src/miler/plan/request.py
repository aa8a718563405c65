"""What a runner or coach asks for: the input of plan generation.

Only the current result and the days are required; everything else has the default a
coach would assume, documented on the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from miler.plan.profile import Equipment, GoalType, Weekday
from miler.units import MILE_M

__all__ = [
    "MAX_WEEKLY_MIN",
    "MAX_WEEKS",
    "MIN_SESSION_MIN",
    "RETURN_PHASE_IN_WEEKS",
    "RETURN_SETTLE_WEEKS",
    "PlanRequest",
    "RaceResult",
    "Restart",
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


RETURN_PHASE_IN_WEEKS: Final = 2
"""C-11: a restart's first 2 weeks hold at most one short quality session each, as R-G16's
phase-in does for a runner with no recent quality work; the full R-S6.8 mix is due from
the third."""


RETURN_SETTLE_WEEKS: Final = 3
"""C-11: a restart's first 3 weeks are loading weeks without a time trial (the break was the
rest, and a trial then would measure the break, not the runner); R-G20's spacing of time
trials counts again from the third."""


class Restart(BaseModel):
    """Where a re-plan restarts a plan after missed running (coach rule C-11): from plan week
    ``week`` on, the weeks build from what the runner does now, not from the plan's
    baseline. Filled in by :mod:`miler.adapt.replan` from the runs matched to the plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    week: int = Field(ge=2, le=MAX_WEEKS, description="the first rebuilt week")
    weekly_run_min: float = Field(
        ge=0, le=MAX_WEEKLY_MIN, description="the weekly running the return starts from"
    )
    ran_weekly_min: float = Field(
        ge=0, le=MAX_WEEKLY_MIN, description="mean weekly running done in the recent weeks"
    )
    longest_run_min: float = Field(
        ge=0, le=360, description="the longest run the return starts from, minutes"
    )
    quality_per_week: float = Field(
        ge=0, le=7, description="quality sessions a week done in the recent weeks"
    )
    mix_week: int | None = Field(
        default=None,
        ge=2,
        le=MAX_WEEKS,
        description="the week the full R-S6.8 mix returns, as the plan records it (the "
        "generator fills it in: the first week from the third of the return that holds it "
        "within the growth caps); None: the third week of the return",
    )


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
    restart: Restart | None = Field(
        default=None,
        description="a re-plan's restart after missed running (C-11); None: a plan as asked",
    )

    @model_serializer(mode="wrap")
    def _leave_out_no_restart(self, to_dict: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Without a restart the request is written as before the field existed (its digest
        names the plan, :func:`miler.planning.generate.generate_plan`)."""
        data: dict[str, Any] = to_dict(self)
        if self.restart is None:
            data.pop("restart", None)
        return data
