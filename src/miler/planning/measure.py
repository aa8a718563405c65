"""Reading a planned session's numbers off its steps: the speed a step asks for and about
how long the session takes.

These belong to the plan itself, not to any one output: the watch and calendar exports use
them (:mod:`miler.export`), and so does matching the runs done to the sessions planned
(:mod:`miler.adapt.match`), which must not depend on the export layer. Pure functions of
the plan model; SI units.
"""

from __future__ import annotations

from typing import Final

from miler.plan.model import RepeatStep, RunStep, Session, iter_steps
from miler.units import GPS_PACE_TOLERANCE

__all__ = ["OPEN_SIDE", "TARGET_TIME_TOLERANCE", "session_duration_s", "speed_range"]

TARGET_TIME_TOLERANCE: Final = GPS_PACE_TOLERANCE
"""Tolerance around a rep's target time when the plan gives no speed range: the GPS
compliance tolerance of R-G12 (a watch paces from GPS even on a track)."""
OPEN_SIDE: Final = 1.25
"""How far a range reaches on the open side of a one-sided speed bound."""


def speed_range(step: RunStep) -> tuple[float, float] | None:
    """The speed range (m/s, slow to fast) a runner (or a watch) should hold on ``step``.

    The plan's range when it gives one. A one-sided bound ("at least mile pace", "no faster
    than easy") gets its open end :data:`OPEN_SIDE` away, far enough that a watch alert
    fires only on the bound's side. A distance rep with only a target time gets
    ±:data:`TARGET_TIME_TOLERANCE` around it (R-G12, GPS tolerance). ``None``: no pace.
    """
    low, high = step.speed_low_mps, step.speed_high_mps
    if low is not None and high is not None:
        return (min(low, high), max(low, high))
    if low is not None:
        return (low, low * OPEN_SIDE)
    if high is not None:
        return (high / OPEN_SIDE, high)
    if step.target_time_s is not None and step.distance_m is not None:
        speed = step.distance_m / step.target_time_s
        return (speed * (1 - TARGET_TIME_TOLERANCE), speed * (1 + TARGET_TIME_TOLERANCE))
    return None


def _run_seconds(step: RunStep, easy_speed_mps: float) -> float:
    if step.duration_s is not None:
        return step.duration_s
    if step.target_time_s is not None:
        return step.target_time_s
    if step.distance_m is not None:
        speeds = speed_range(step)
        speed = (speeds[0] + speeds[1]) / 2 if speeds else easy_speed_mps
        return step.distance_m / speed
    return 0.0


def session_duration_s(session: Session, easy_speed_mps: float) -> float:
    """About how long ``session`` takes, in seconds, every step counted (drills, exercises
    and cross-training by their estimated time); runs without a time or target at
    ``easy_speed_mps``."""
    total = 0.0
    for block in session.blocks:
        for step, times in iter_steps(block.steps):
            if isinstance(step, RunStep):
                total += times * _run_seconds(step, easy_speed_mps)
            elif not isinstance(step, RepeatStep):
                total += times * step.duration_s
    return total
