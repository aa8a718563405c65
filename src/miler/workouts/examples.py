"""Every library entry built for one example runner, so it can be shown (``miler
workouts show``) and tested: current mile 6:00, goal 5:45, age 35 (HRmax 183.5 by Tanaka
2001), a track, a gym, hills and boxes."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from miler.plan.model import Equipment, Session
from miler.units import MILE_M
from miler.workouts.library import get_workout
from miler.workouts.power import resisted_sprint_block
from miler.workouts.running import (
    QualityOptions,
    cross_session,
    easy_session,
    quality_session,
    time_trial_session,
)
from miler.workouts.session import BuiltSession
from miler.workouts.strength import strength_session
from miler.workouts.targets import Intensities

__all__ = ["EXAMPLE_DATE", "example_intensities", "example_session"]

EXAMPLE_DATE: Final = dt.date(2027, 1, 4)
EXAMPLE_EQUIPMENT: Final = Equipment(boxes=True, sled=True, parachute=True)


def example_intensities(current_mile_s: float = 360.0, goal_mile_s: float = 345.0) -> Intensities:
    """Reference intensities of the example runner (Daniels E band from the mile's VDOT;
    R-G14 fast band: 800 m pace from the PR by Riegel)."""
    from miler.science.heart_rate import estimate_hr_max
    from miler.science.paces import mile_paces, training_paces
    from miler.science.vdot import vdot_from_performance

    easy = training_paces(vdot_from_performance(MILE_M, current_mile_s)).easy
    band = mile_paces(goal_mile_s, current_mile_s).effort_band
    assert band is not None
    return Intensities(
        goal_speed=MILE_M / min(goal_mile_s, current_mile_s),
        current_speed=MILE_M / current_mile_s,
        easy_low=easy[0],
        easy_high=easy[1],
        fast_speed=max(band),
        hr_max=estimate_hr_max(35),
    )


def _power(workout_id: str, z: Intensities) -> BuiltSession:
    from miler.plan.model import Block, BlockRole, SessionType
    from miler.workouts.targets import cooldown, warmup

    wanted = {
        "hill_sprints": "hill",
        "sled_sprints": "sled_push",
        "parachute_sprints": "parachute",
        "flying_sprints": "none",
    }[workout_id]
    block, sub = resisted_sprint_block(wanted, EXAMPLE_EQUIPMENT, 6, 70.0)  # type: ignore[arg-type]
    fmt = get_workout(workout_id)
    return BuiltSession(
        format=fmt.id,
        name=fmt.name,
        purpose=fmt.purpose,
        type=SessionType.POWER,
        blocks=(
            Block(role=BlockRole.WARMUP, steps=(warmup(600.0, z),)),
            block,
            Block(role=BlockRole.COOLDOWN, steps=(cooldown(300.0, z),)),
        ),
        substitutions=(sub,) if sub else (),
    )


def _build(workout_id: str, z: Intensities) -> BuiltSession:
    fmt = get_workout(workout_id)
    if fmt.kind == "quality":
        reps = fmt.reps[0] if not fmt.fixed_shape else len(fmt.distances)
        return quality_session(
            workout_id, z, reps=reps, options=QualityOptions(equipment=EXAMPLE_EQUIPMENT)
        )
    if fmt.kind == "time_trial":
        return time_trial_session(z, 350.0)
    if fmt.kind == "race":
        return time_trial_session(z, 345.0, race=True, name="goal race: the mile")
    if fmt.kind in ("easy", "long"):
        return easy_session(2400.0 if fmt.kind == "easy" else 3600.0, z, long=fmt.kind == "long")
    if fmt.kind == "cross":
        return cross_session(2400.0, "cycling", z)
    if fmt.kind == "strength":
        variant: Literal["A", "B"] = "A" if workout_id == "strength_a" else "B"
        return strength_session(
            variant, level="intermediate", equipment=EXAMPLE_EQUIPMENT, familiarisation=False
        )
    if workout_id == "plyometrics":
        built = strength_session(
            "A", level="intermediate", equipment=EXAMPLE_EQUIPMENT, familiarisation=False
        )
        return BuiltSession(
            format="plyometrics",
            name=fmt.name,
            purpose=fmt.purpose,
            type=built.type,
            blocks=built.blocks[:2],
            location="any",
        )
    if workout_id == "track_drills":
        long_example = quality_session("repeats_600", z, reps=4)
        return BuiltSession(
            format="track_drills",
            name=fmt.name,
            purpose=fmt.purpose,
            type=long_example.type,
            blocks=long_example.blocks[:2],
            location="track",
        )
    return _power(workout_id, z)


def example_session(workout_id: str) -> Session:
    """``workout_id`` built for the example runner, dated :data:`EXAMPLE_DATE`."""
    built = _build(workout_id, example_intensities())
    return built.to_session(
        session_id=f"{EXAMPLE_DATE.isoformat()}-{built.format}",
        date=EXAMPLE_DATE,
        week=1,
        day="mon",
    )
