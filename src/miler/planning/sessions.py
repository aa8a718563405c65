"""What fills each slot: quality formats picked, and every slot built into a session.

Picks the week's quality formats (:class:`~miler.planning.progression.FormatPicker`,
R-G17), swaps heavy ones for plain repeats when the week is over its volume, and builds
each slot (quality with its reps, sprints and warm-up; easy, long and cross-training runs;
strength A/B, R-G9; the time trial or race) with cached pure builders.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from typing import Final, Literal

from miler.errors import InvalidInputError
from miler.plan.model import (
    BlockRole,
    CrossStep,
    DrillStep,
    ExerciseStep,
    GoalType,
    RunStep,
    iter_steps,
)
from miler.planning.context import Context, State, date_of
from miler.planning.goal_pace import week_intensities
from miler.planning.phases import WeekFrame
from miler.planning.progression import Pick, step_seconds
from miler.planning.rules.coach_content import SESSION_SLACK_S, rehearsal_fits
from miler.planning.slots import Slot, near_goal
from miler.planning.volume import MIN_CROSS_MIN
from miler.science.equivalence import riegel_time
from miler.units import MILE_M, event_name
from miler.workouts.power import Modality
from miler.workouts.running import (
    QualityOptions,
    cross_session,
)
from miler.workouts.running import easy_session as _easy_session
from miler.workouts.running import quality_session as _quality_session
from miler.workouts.running import time_trial_session as _time_trial_session
from miler.workouts.session import BuiltSession
from miler.workouts.strength import age_scaled
from miler.workouts.strength import strength_session as _strength_session
from miler.workouts.targets import Intensities

__all__ = [
    "LIGHT_LONG",
    "LIGHT_SHORT",
    "PLAIN_REPEATS",
    "SPRINT_ROTATION",
    "TIGHT_REPS",
    "build_slots",
    "drills_stay_small",
    "easy_session",
    "lighten",
    "pick_quality",
    "quality_session",
    "strength_session",
]

SPRINT_ROTATION: Final[tuple[Modality, ...]] = ("hill", "sled_push", "parachute", "sled_pull")


# Sizing a week rebuilds its sessions several times; the builders are pure, so cache them
# (each week has its own step toward goal pace, C-9, so the quality sessions need room).
quality_session = functools.lru_cache(maxsize=16384)(_quality_session)
easy_session = functools.lru_cache(maxsize=4096)(_easy_session)
strength_session = functools.lru_cache(maxsize=256)(_strength_session)
time_trial_session = functools.lru_cache(maxsize=1024)(_time_trial_session)


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


LIGHT_SHORT: Final = ("repeats_150", "repeats_200", "repeats_300")
"""The plain repeats a heavy session gives way to (:func:`lighten`), shortest reps first."""


PLAIN_REPEATS: Final = frozenset(LIGHT_LONG + LIGHT_SHORT)
"""Equal-distance repeats (R-S6.1): the formats whose rep count is free. The 30-s reps
(8-10, R-S6.5), the long intervals (R-S6.6, R-G15) and the ladders and pyramid (fixed
shapes, R-S6.2-R-S6.4) keep theirs."""
TIGHT_REPS: Final = 2
"""The fewest reps of plain repeats in a week whose volume bound (R-S1.4's baseline, R-G8's
taper, the growth caps of R-G5 and R-G16) leaves no room for the format's usual fewest: two
reps are still repeats (R-S6.1) of the same class (R-G7), so the week keeps its quality
sessions and their intensity."""


def lighten(
    ctx: Context, state: State, frame: WeekFrame, slots: list[Slot], *, shortest: int = 0
) -> None:
    """Swap a heavy session (ladder, pyramid, long intervals, or the 30-s reps with their
    jogs) for plain repeats with walk recoveries. ``shortest``: swap that many sessions,
    long ones first, to the plain repeats with the shortest reps the picker allows (R-G16's
    new formats, R-G17's variety), for a week whose volume bound has room for no more; the
    others keep their format, so a 4-week block keeps its variety (R-G17)."""
    quality = [s for s in slots if s.kind == "quality" and s.cls is not None and s.pick]
    if not shortest:
        for slot in quality:
            light = LIGHT_LONG if slot.cls == "long" else LIGHT_SHORT
            if slot.pick is not None and slot.pick.format not in light:
                slot.pick = _repick(state, frame, slots, slot, light)
        return
    for slot in sorted(quality, key=lambda s: s.cls != "long")[:shortest]:
        for fmt in LIGHT_LONG if slot.cls == "long" else LIGHT_SHORT:
            if slot.pick is None or slot.pick.format == fmt:
                break  # already the shortest the picker allows
            pick = _repick(state, frame, slots, slot, (fmt,))
            if pick.format == fmt:
                slot.pick = pick
                break


def _repick(
    state: State, frame: WeekFrame, slots: list[Slot], slot: Slot, fits: tuple[str, ...]
) -> Pick:
    """Another pick for ``slot`` among ``fits``, not a format of the week's other sessions,
    and new only if no other session of the week is (R-G16)."""
    assert slot.cls is not None and slot.pick is not None
    others = [s for s in slots if s is not slot]
    return state.picker.pick(
        slot.cls,
        frame.phase,
        frame.index,
        deload=frame.deload,
        avoid={s.pick.format for s in others if s.pick is not None},
        allow_new=slot.pick.new or not any(s.pick and s.pick.new for s in others),
        fits=fits,
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
    tight: bool = False,
) -> None:
    z = week_intensities(ctx, frame)  # C-9: the week's step toward goal pace
    limit_s = ctx.request.session_minutes * 60.0  # C-8
    eq = ctx.request.equipment
    sprint_k = state.long_sessions
    strength_k = state.strength_count
    under_18 = ctx.request.age is not None and ctx.request.age < 18
    for slot in sorted(slots, key=lambda s: (s.day, s.order)):
        if slot.kind == "quality" and slot.pick is not None:
            sprint = SPRINT_ROTATION[sprint_k % len(SPRINT_ROTATION)]
            if slot.cls == "long":
                sprint_k += 1
            if near_goal(ctx, date_of(frame.start, slot.day)):
                sprint = "none"  # C-1: no resisted sprints in the days before the goal
            options = _quality_options(ctx, state, frame, warm, cool, sprint, walk)
            _build_quality(state, frame, slot, slot.pick, options, rep_cut, tight, z)
            if session_seconds(slot.built, z.easy_speed) > limit_s:
                _fit_quality(state, frame, slots, slot, options, rep_cut, z, limit_s)
        elif slot.kind in ("trial", "race"):
            slot.built = _trial(ctx, frame, slot.kind == "race", warm)
            if session_seconds(slot.built, z.easy_speed) > limit_s:
                # C-8: R-G19's 10-min warm-up and fewer drills (the goal race and a
                # rehearsal over the goal's distance may pass the limit)
                slot.built = _trial(ctx, frame, slot.kind == "race", 600.0, FEWEST_DRILLS)
        elif slot.kind == "long":
            slot.built = easy_session(long_min * 60.0, z, long=True)
        elif slot.kind == "easy":
            slot.minutes = min(easy_min, long_min)
            slot.built = easy_session(slot.minutes * 60.0, z)
        elif slot.kind == "cross":
            minutes = max(easy_min, MIN_CROSS_MIN)  # C-2: never a token session
            slot.built = cross_session(minutes * 60.0, ctx.request.cross_training, z)
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
                scaled=age_scaled(ctx.request.age),
            )


def _build_quality(
    state: State,
    frame: WeekFrame,
    slot: Slot,
    pick: Pick,
    options: QualityOptions,
    rep_cut: int,
    tight: bool,
    z: Intensities,
) -> None:
    """Build a quality slot with its pick's reps less ``rep_cut``, never under the format's
    fewest (``tight``: plain repeats down to :data:`TIGHT_REPS`, with the drills still the
    smaller part, R-S5.3), and never last week's session again (R-G17)."""
    variant = state.picker.variant(pick.format)

    def build(reps: int) -> BuiltSession:
        return quality_session(variant, z, reps=reps, occurrence=pick.occurrence, options=options)

    cut = 0 if pick.format == "long_intervals" else rep_cut
    fewest = min(_fewest_reps(pick.format), pick.reps)
    if tight and pick.format in PLAIN_REPEATS:
        usual, fewest = fewest, min(fewest, TIGHT_REPS)
        while fewest < usual and not drills_stay_small(build(fewest), z.easy_speed):
            fewest += 1
    reps = max(fewest, pick.reps - cut)
    last = state.picker.last_slot.get(slot.cls) if slot.cls else None
    if cut and last == (frame.index - 1, pick.format, reps):
        # R-G17: never the same session as last week
        reps = reps - 1 if reps - 1 >= fewest else reps + 1
    slot.reps_used = reps
    slot.built = build(reps)


SHORTEST_WARMUP_S: Final = 600.0
"""R-G19: a quality session's warm-up is at least 10 min ..."""
SHORTEST_COOLDOWN_S: Final = 300.0
"""... and its cool-down at least 5 min."""


FEWEST_SPRINTS: Final = 3
"""C-8: a session fitted to the runner's minutes keeps 3 resisted sprints (R-S3.2, R-S5.2's
sprint section), not the usual 4-6 ..."""
FEWEST_DRILLS: Final = 2
"""... and 2 drills (R-S5.1, R-S5.2's drill section; one before each sprint group in the
interleaved layout), not 4."""


def session_seconds(built: BuiltSession | None, easy_speed: float) -> float:
    """How long a session takes from start to end (C-8): running and walking, drills,
    exercises with their rests, cross-training; ``easy_speed`` in m/s for a distance step
    without a target. The cached builders hand back the same session object for the same
    build, so each is timed once."""
    if built is None:
        return 0.0
    key = (id(built), easy_speed)
    known = _TIMED.get(key)
    if known is not None and known[0] is built:
        return known[1]
    total = 0.0
    for block in built.blocks:
        for step, times in iter_steps(block.steps):
            if isinstance(step, RunStep):
                total += times * step_seconds(step, easy_speed)
            elif isinstance(step, DrillStep | ExerciseStep | CrossStep):
                total += times * step.duration_s
    if len(_TIMED) > 8192:
        _TIMED.clear()
    _TIMED[key] = (built, total)  # the session is held, so its id is not reused
    return total


_TIMED: dict[tuple[int, float], tuple[BuiltSession, float]] = {}


def _fit_quality(
    state: State,
    frame: WeekFrame,
    slots: list[Slot],
    slot: Slot,
    options: QualityOptions,
    rep_cut: int,
    z: Intensities,
    limit_s: float,
) -> None:
    """C-8: a quality session longer than the runner's stated minutes is fitted to them, in
    order: warm-up and cool-down down to R-G19's 10 and 5 min, 2 drills and 3 resisted
    sprints;
    fewer reps of plain repeats
    (down to :data:`TIGHT_REPS`, drills still the smaller part, R-S5.3); a fixed shape
    (ladder, pyramid, long intervals) given way to plain repeats of its class (R-G7), the
    longest reps that fit. What still does not fit is left for the validator to refuse."""

    def over() -> bool:
        return session_seconds(slot.built, z.easy_speed) > limit_s

    short = replace(
        options,
        warmup_s=SHORTEST_WARMUP_S,
        cooldown_s=SHORTEST_COOLDOWN_S,
        sprint_reps=min(options.sprint_reps, FEWEST_SPRINTS),
        drills=FEWEST_DRILLS,
    )

    def fewer_reps(cut: int) -> None:
        assert slot.pick is not None
        _build_quality(state, frame, slot, slot.pick, short, cut, True, z)
        while over() and slot.pick.format in PLAIN_REPEATS:
            before = slot.reps_used
            cut += 1
            _build_quality(state, frame, slot, slot.pick, short, cut, True, z)
            if slot.reps_used is None or before is None or slot.reps_used >= before:
                break

    fewer_reps(rep_cut)
    if not over() or slot.pick is None:
        return
    lighter = LIGHT_LONG if slot.cls == "long" else ("sprints_30s", *LIGHT_SHORT)
    tried = {slot.pick.format}
    # the picker's choice among them first (R-G17's variety), then each in turn
    for fits in (lighter, *((fmt,) for fmt in reversed(lighter))):
        pick = _repick(state, frame, slots, slot, fits)
        if pick.format not in fits or pick.format in tried:
            continue
        tried.add(pick.format)
        slot.pick = pick
        fewer_reps(0)
        if not over():
            return


def check_session_minutes(ctx: Context, state: State) -> None:
    """C-8, before any week is built: refuse a session length too short for the shortest
    sessions this runner's plan holds, at the slowest paces of the plan (week 1's): two
    different plain long repeats in turn (2×400 m, then 3×400 m or 2×600 m, R-G17) and the
    time trial, each with R-G19's 10-min warm-up and 5-min
    cool-down, drills and 3 resisted sprints (R-S5.2). Raises
    :class:`~miler.errors.InvalidInputError` naming the minutes needed."""
    z = week_intensities(ctx, ctx.frames[0])
    options = replace(
        _quality_options(ctx, state, ctx.frames[0], 0.0, 0.0, "none", True),
        warmup_s=SHORTEST_WARMUP_S,
        cooldown_s=SHORTEST_COOLDOWN_S,
        sprint_reps=FEWEST_SPRINTS,
        drills=FEWEST_DRILLS,
    )
    # R-G17 varies the long session week to week: the shorter of 3×400 m and 2×600 m must
    # fit as well as 2×400 m
    longs = [
        session_seconds(
            quality_session(state.picker.variant(fmt), z, reps=reps, options=options),
            z.easy_speed,
        )
        for fmt, reps in (("repeats_400", TIGHT_REPS + 1), ("repeats_600", TIGHT_REPS))
    ]
    needed = [min(longs)]
    week_1 = ctx.frames[0]
    if trial_distance(ctx, week_1, ctx.profile.assessment.current_mile_s) == MILE_M:
        # (a time trial over the goal's distance, like the goal race, is exempt)
        trial = _trial(ctx, week_1, False, SHORTEST_WARMUP_S, FEWEST_DRILLS)
        needed.append(session_seconds(trial, z.easy_speed))
    shortest = math.ceil(max(needed) / 60.0)
    if shortest > ctx.request.session_minutes + SESSION_SLACK_S / 60.0:
        raise InvalidInputError(
            f"{ctx.request.session_minutes:g}-min sessions cannot hold this plan's quality "
            f"sessions and time trials: at your current pace the shortest (10-min warm-up, "
            f"drills and sprints, 3×400 m or 2×600 m, or the time trial, 5-min cool-down) takes "
            f"{shortest} min (rule C-8); give a session length of {shortest} min or more"
        )


_INTERVAL_ROLES: Final = frozenset({BlockRole.SPRINTS, BlockRole.ENDURANCE, BlockRole.MAIN})


def drills_stay_small(built: BuiltSession, easy_speed: float) -> bool:
    """R-S5.3: a speed workout's drills take less time than its intervals (every run step
    of its sprint, endurance and main blocks: the work and the recoveries between); easy
    speed in m/s for a distance step without a target."""
    drills = intervals = 0.0
    for block in built.blocks:
        for step, times in iter_steps(block.steps):
            if isinstance(step, DrillStep):
                drills += times * step.duration_s
            elif isinstance(step, RunStep) and block.role in _INTERVAL_ROLES:
                intervals += times * step_seconds(step, easy_speed)
    return drills < intervals


def _fewest_reps(format_id: str) -> int:
    from miler.workouts.library import get_workout

    fmt = get_workout(format_id)
    return len(fmt.distances) if fmt.fixed_shape else fmt.reps[1]


def distance_words(distance_m: float) -> str:
    """A distance in a runner's words (issue 11, item 10): "the mile", "1.5 mi", "5 km",
    "2400 m", never "2.41402 km"."""
    name = event_name(distance_m)
    if name == "mile":
        return "the mile"
    for suffix, unit in (("mi", "mi"), ("k", "km"), ("m", "m")):
        if name.endswith(suffix) and name[: -len(suffix)].replace(".", "", 1).isdigit():
            return f"{name[: -len(suffix)]} {unit}"
    return name


def goal_effort_name(goal_type: GoalType, distance_m: float) -> str:
    """The goal's name in its own terms (issue 11, item 10): "goal race: the mile", "goal
    race: 5 km", "fitness test: 1.5 mi"."""
    what = (
        "fitness test"
        if goal_type in (GoalType.MILITARY_TEST, GoalType.OCCUPATIONAL_TEST)
        else "goal race"
    )
    return f"{what}: {distance_words(distance_m)}"


REHEARSED_UP_TO_M: Final = 2 * MILE_M * 1.01
"""C-10: time trials rehearse goal distances up to 2 miles (longer ones cost too much of a
week's volume; the validator's own constant says why)."""
REHEARSED_GOALS: Final = frozenset(
    {GoalType.MILITARY_TEST, GoalType.OCCUPATIONAL_TEST, GoalType.RACE_AVERAGE}
)
"""C-10: goals over another distance whose time trials rehearse that distance."""


def trial_distance(ctx: Context, frame: WeekFrame, target_mile_s: float) -> float:
    """C-10: a time trial is run over the goal's distance when the goal is a fitness test
    or a race average over another distance than the mile up to 2 miles (rehearsal: the
    test is what the runner must pace), as the goal effort of a plan without a race date,
    or when the longer effort at ``target_mile_s`` (s) adds at most 10% of the weekly
    baseline (:func:`~miler.planning.rules.coach_content.rehearsal_fits`); else over the
    mile (m)."""
    distance = ctx.request.goal_distance_m
    other = abs(distance - MILE_M) > 0.01 * MILE_M and distance <= REHEARSED_UP_TO_M
    if ctx.request.goal_type not in REHEARSED_GOALS or not other:
        return MILE_M
    final = ctx.race_date is None and frame.index == len(ctx.frames)
    weekly = ctx.base_min(frame.index)  # after a restart, the running it returns from (C-11)
    return distance if final or rehearsal_fits(weekly, distance, MILE_M / target_mile_s) else MILE_M


def _trial(
    ctx: Context, frame: WeekFrame, race: bool, quality_warm_s: float = 720.0, drills: int = 4
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
            name=goal_effort_name(ctx.request.goal_type, goal.distance_m),
        )
    current = ctx.profile.assessment.current_mile_s
    goal_mile = min(ctx.profile.goal_mile_s, current)
    progress = frame.index / len(ctx.frames)
    target = current - (current - goal_mile) * progress
    distance = trial_distance(ctx, frame, target)
    if distance != MILE_M:
        target = riegel_time(MILE_M, target, distance)  # R-G4: the same fitness
    return time_trial_session(
        z,
        target,
        distance_m=distance,
        name=None if distance == MILE_M else f"time trial: {distance_words(distance)}",
        track=eq.track,
        treadmill=treadmill or (not eq.track and eq.treadmill),
        drill_start=2 * frame.index,
        warmup_s=warm,
        drills=drills,
    ).with_notes("re-plan from the result so paces reset to your current fitness (R-G20)")
