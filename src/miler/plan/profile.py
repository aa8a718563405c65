"""The runner's fixed choices a plan is made for: the goal type, the training days and the
equipment at hand. Shared by the plan request and the plan document."""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["WEEKDAYS", "Equipment", "GoalType", "Weekday"]

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class GoalType(StrEnum):
    """What the goal is (R-F3.1, R-S1.3, R-G21)."""

    SINGLE_MILE = "single_mile"
    RACE_AVERAGE = "race_average"
    MILITARY_TEST = "military_test"
    OCCUPATIONAL_TEST = "occupational_test"
    TREADMILL_MILE = "treadmill_mile"


class Equipment(BaseModel):
    """Facility and equipment profile (R-P7)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    track: bool = True
    gym: bool = True
    hills: bool = True
    treadmill: bool = False
    sled: bool = False
    parachute: bool = False
    boxes: bool = False
