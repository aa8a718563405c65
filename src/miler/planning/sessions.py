"""What fills each slot: quality formats picked, and every slot built into a session.

Picks the week's quality formats (:class:`~miler.planning.progression.FormatPicker`,
R-G17), swaps heavy ones for plain repeats when the week is over its volume, and builds
each slot (quality with its reps, sprints and warm-up; easy, long and cross-training runs;
strength A/B, R-G9; the time trial or race) with cached pure builders.
"""

from __future__ import annotations

import functools
from typing import Final, Literal

from miler.planning.context import Context, State
from miler.planning.model import (
    GoalType,
)
from miler.planning.phases import WeekFrame
from miler.planning.slots import Slot
from miler.units import MILE_M
from miler.workouts.power import Modality
from miler.workouts.running import (
    QualityOptions,
    cross_session,
    time_trial_session,
)
from miler.workouts.running import easy_session as _easy_session
from miler.workouts.running import quality_session as _quality_session
from miler.workouts.session import BuiltSession
from miler.workouts.strength import strength_session as _strength_session

__all__ = [
    "LIGHT_LONG",
    "LIGHT_SHORT",
    "SPRINT_ROTATION",
    "build_slots",
    "easy_session",
    "lighten",
    "pick_quality",
    "quality_session",
    "strength_session",
]

SPRINT_ROTATION: Final[tuple[Modality, ...]] = ("hill", "sled_push", "parachute", "sled_pull")


# Sizing a week rebuilds its sessions several times; the builders are pure, so cache them.
quality_session = functools.lru_cache(maxsize=4096)(_quality_session)
easy_session = functools.lru_cache(maxsize=4096)(_easy_session)
strength_session = functools.lru_cache(maxsize=256)(_strength_session)


def _quality_options(
    ctx: Context,
    state: State,
    frame: WeekFrame,
    warm: float,
    cool: float,
    sprint: Modality,
    walk: bool,
) -> QualityOptions:
    return QualityOptions(
        track=ctx.request.equipment.track,
        equipment=ctx.request.equipment,
        sprint=sprint,
        sprint_reps=4 if ctx.novice else 6,
        body_mass_kg=ctx.request.body_mass_kg,
        drill_start=2 * frame.index,
        warmup_s=warm,
        cooldown_s=cool,
        taper=frame.phase == "taper",
        walk_recovery=walk or ctx.novice or frame.phase == "taper",
    )


def pick_quality(ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> None:
    avoid: set[str] = set()
    for slot in slots:
        if slot.kind != "quality" or slot.cls is None:
            continue
        phase = frame.phase
        pick = state.picker.pick(
            slot.cls,
            phase,
            frame.index,
            deload=frame.deload,
            avoid=avoid,
            allow_new=not any(s.pick and s.pick.new for s in slots),
        )
        avoid.add(pick.format)
        slot.pick = pick


LIGHT_LONG: Final = ("repeats_400", "repeats_600", "repeats_800")


LIGHT_SHORT: Final = ("repeats_200", "repeats_300", "repeats_150")


def lighten(ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> None:
    """Swap a heavy session (ladder, pyramid, long intervals, or the 30-s reps with their
    jogs) for plain repeats with walk recoveries."""
    for slot in slots:
        if slot.kind != "quality" or slot.cls is None or slot.pick is None:
            continue
        light = LIGHT_LONG if slot.cls == "long" else LIGHT_SHORT
        if slot.pick.format in light:
            continue
        avoid = {s.pick.format for s in slots if s.pick is not None and s is not slot}
        others_new = any(s.pick and s.pick.new for s in slots if s is not slot)
        slot.pick = state.picker.pick(
            slot.cls,
            frame.phase,
            frame.index,
            deload=frame.deload,
            avoid=avoid,
            allow_new=slot.pick.new or not others_new,
            fits=light,
        )


def build_slots(
    ctx: Context,
    state: State,
    frame: WeekFrame,
    slots: list[Slot],
    *,
    easy_min: float,
    long_min: float,
    warm: float,
    cool: float,
    rep_cut: int,
    walk: bool = False,
) -> None:
    z = ctx.profile.intensities
    eq = ctx.request.equipment
    sprint_k = state.long_sessions
    strength_k = state.strength_count
    under_18 = ctx.request.age is not None and ctx.request.age < 18
    for slot in sorted(slots, key=lambda s: (s.day, s.order)):
        if slot.kind == "quality" and slot.pick is not None:
            pick = slot.pick
            cut = 0 if pick.format == "long_intervals" else rep_cut
            fewest = min(_fewest_reps(pick.format), pick.reps)
            reps = max(fewest, pick.reps - cut)
            if (
                cut
                and slot.cls
                and state.picker.last_slot.get(slot.cls) == (frame.index - 1, pick.format, reps)
            ):
                # R-G17: never the same session as last week
                reps = reps - 1 if reps - 1 >= fewest else reps + 1
            slot.reps_used = reps
            sprint = SPRINT_ROTATION[sprint_k % len(SPRINT_ROTATION)]
            if slot.cls == "long":
                sprint_k += 1
            slot.built = quality_session(
                state.picker.variant(pick.format),
                z,
                reps=reps,
                occurrence=pick.occurrence,
                options=_quality_options(ctx, state, frame, warm, cool, sprint, walk),
            )
        elif slot.kind in ("trial", "race"):
            slot.built = _trial(ctx, frame, slot.kind == "race", warm)
        elif slot.kind == "long":
            slot.built = easy_session(long_min * 60.0, z, long=True)
        elif slot.kind == "easy":
            slot.minutes = min(easy_min, long_min)
            slot.built = easy_session(slot.minutes * 60.0, z)
        elif slot.kind == "cross":
            slot.built = cross_session(easy_min * 60.0, ctx.request.cross_training, z)
        elif slot.kind == "strength":
            variant: Literal["A", "B"] = "A" if strength_k % 2 == 0 else "B"
            strength_k += 1
            slot.built = strength_session(
                variant,
                level=ctx.level,
                equipment=eq,
                familiarisation=frame.index <= ctx.familiarisation,
                taper=frame.phase == "taper",
                under_18=under_18,
                with_plyometrics=slot.plyometrics,
            )


def _fewest_reps(format_id: str) -> int:
    from miler.workouts.library import get_workout

    fmt = get_workout(format_id)
    return len(fmt.distances) if fmt.fixed_shape else fmt.reps[1]


def _trial(
    ctx: Context, frame: WeekFrame, race: bool, quality_warm_s: float = 720.0
) -> BuiltSession:
    z = ctx.profile.intensities
    # 12 min of warm-up, or the quality sessions' shorter one when the week is tight, and
    # in the taper R-G19's 10 min (R-G8 cuts the volume; R-G5, R-G16 and R-S1.4 count
    # the race and time-trial weeks too).
    warm = 600.0 if frame.phase == "taper" else min(720.0, quality_warm_s)
    eq = ctx.request.equipment
    treadmill = ctx.request.goal_type == GoalType.TREADMILL_MILE and eq.treadmill
    if race:
        goal = ctx.profile.goal
        return time_trial_session(
            z,
            goal.time_s,
            distance_m=goal.distance_m,
            race=True,
            track=eq.track,
            treadmill=treadmill,
            drill_start=2 * frame.index,
            warmup_s=warm,
            name=f"goal race: {goal.distance_m / 1000:g} km"
            if abs(goal.distance_m - MILE_M) > 1
            else "goal race: the mile",
        )
    current = ctx.profile.assessment.current_mile_s
    goal_mile = min(ctx.profile.goal_mile_s, current)
    progress = frame.index / len(ctx.frames)
    target = current - (current - goal_mile) * progress
    return time_trial_session(
        z,
        target,
        track=eq.track,
        treadmill=treadmill or (not eq.track and eq.treadmill),
        drill_start=2 * frame.index,
        warmup_s=warm,
    ).with_notes("re-plan from the result so paces reset to your current fitness (R-G20)")
