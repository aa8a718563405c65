"""Goal pace approached week by week (coach rule C-9; issue 11, item 9).

A runner trains at current fitness, not at the goal (R-G20, after Daniels): a goal 7%
faster than today's mile is not run from week 4. Each week's reps are written at a step
from the current mile speed (week 1) toward the goal mile speed, reached in the *arrival
week*, the last week of the mile-specific phase (else the last week before the taper),
and held from then on. The week records the step as its pace reference
(:class:`~miler.plan.model.WeekReference`), which the validator judges its reps by
(R-S6.1 to R-S6.4, R-G12, R-G13; docs/rule-choices.md, 16). The 30-s reps and the long
intervals are keyed to the current mile (R-G14, R-G15) and do not move.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from miler.plan.model import WeekReference
from miler.planning.context import Context
from miler.planning.phases import WeekFrame
from miler.workouts.targets import Intensities

__all__ = ["arrival_week", "goal_step_share", "week_intensities", "week_reference"]

_ARRIVAL_PHASES = ("specific", "build", "base")


def arrival_week(frames: Sequence[WeekFrame]) -> int:
    """The week goal pace arrives: the last mile-specific week, else the last week before
    the taper, else week 1."""
    for phase in _ARRIVAL_PHASES:
        weeks = [f.index for f in frames if f.phase == phase]
        if weeks:
            return max(weeks)
    return 1


def goal_step_share(frames: Sequence[WeekFrame], frame: WeekFrame) -> float:
    """How far toward the goal ``frame``'s reps are written: 0 in week 1, 1 from the
    arrival week on, a straight line between."""
    arrival = arrival_week(frames)
    if arrival <= 1:
        return 1.0
    return min(1.0, (frame.index - 1) / (arrival - 1))


def week_intensities(ctx: Context, frame: WeekFrame) -> Intensities:
    """The intensities ``frame``'s sessions are built from: the plan's, with the reps' goal
    speed at the week's step from the current mile speed toward the goal (m/s). A week is
    sized by many builds, so each plan's weeks are stepped once."""
    key = (id(ctx), frame.index)
    known = _STEPPED.get(key)
    if known is not None and known[0] is ctx:
        return known[1]
    z = ctx.profile.intensities
    share = goal_step_share(ctx.frames, frame)
    if share < 1.0 and z.goal_speed > z.current_speed:
        z = dataclasses.replace(
            z, goal_speed=z.current_speed + (z.goal_speed - z.current_speed) * share
        )
    if len(_STEPPED) > 4096:
        _STEPPED.clear()
    _STEPPED[key] = (ctx, z)  # the context is held, so its id is not reused
    return z


_STEPPED: dict[tuple[int, int], tuple[Context, Intensities]] = {}


def week_reference(ctx: Context, frame: WeekFrame) -> WeekReference | None:
    """The pace reference ``frame`` is written from when its goal pace is a step short of
    the plan's (None from the arrival week on, and for a maintenance goal)."""
    z = week_intensities(ctx, frame)
    if z is ctx.profile.intensities:
        return None
    paces = ctx.profile.paces.model_copy(update={"goal_mile_speed_mps": z.goal_speed})
    return WeekReference(current_mile_s=ctx.profile.assessment.current_mile_s, paces=paces)
