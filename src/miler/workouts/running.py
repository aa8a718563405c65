"""Running sessions from the library: quality formats, time trials, races, easy and long
runs, and cross-training, built for one runner.

Every quality session has an easy warm-up of at least 10 min plus drills and a cool-down
of at least 5 min (R-G19), and one of the two R-S5.2 layouts: sections (drills, sprints,
speed-endurance intervals) for long formats, interleaved (drills and sprint reps
alternating) for short ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final, Literal

from miler.plan.model import (
    Block,
    BlockRole,
    CrossStep,
    Equipment,
    Intensity,
    RepeatStep,
    RunStep,
    SessionType,
    Step,
    Substitution,
)
from miler.units import GPS_PACE_TOLERANCE, MILE_M, format_time
from miler.workouts.drills import drill_blocks
from miler.workouts.library import WorkoutFormat, get_workout
from miler.workouts.power import Modality, resisted_sprint_block
from miler.workouts.session import BuiltSession
from miler.workouts.targets import (
    Intensities,
    cooldown,
    easy_hr_cap,
    easy_run,
    jog,
    lap_segments,
    rep_by_distance,
    rep_by_time,
    walk,
    warmup,
)

__all__ = [
    "CrossMode",
    "QualityOptions",
    "cross_session",
    "easy_session",
    "long_interval_bout_s",
    "long_interval_reps",
    "quality_session",
    "repeat_recovery_s",
    "time_trial_session",
]

CrossMode = Literal["cycling", "elliptical", "swimming", "deep_water_running", "rowing"]

SHORT_REP_FASTER: Final = 1.02
"""R-G12: 200-300 m reps may be run faster than goal pace; miler asks 2% faster."""
PYRAMID_DOWN_FASTER: Final = 1.02
"""R-G13: each rep on the pyramid's way down 1-3% faster than its match; miler asks 2%."""
TIMED_BAND: Final = 0.005
"""Half-width of the speed band of a distance rep turned into a time (R-S6.10)."""
RECOVERY_RATIO: Final = 2.5
"""R-G12: recovery 2-3× the rep duration (Daniels' R work:rest 1:2-1:3)..."""
RECOVERY_CAP_S: Final = 300.0
"""... capped at 5 min."""


def repeat_recovery_s(rep_s: float) -> float:
    """R-G12 recovery after a rep of ``rep_s`` seconds: 2.5× the rep, at most 5 min."""
    return min(RECOVERY_RATIO * rep_s, RECOVERY_CAP_S)


def long_interval_bout_s(pr_s: float) -> float:
    """Bout length in seconds of the long time-based intervals, from the current best mile
    ``pr_s`` in seconds (R-S6.6, R-G15).

    ≥9:00 → 5 min; ≤8:00 → 3 min; between, 3 + 2·(PR − 480)/60 min rounded to the nearest
    0.5 min (R-G15, joining the article's two anchors). PR 8:15 → 3.5 min; 8:30 → 4.0;
    8:59 → 5.0.
    """
    if pr_s >= 540:
        return 300.0
    if pr_s <= 480:
        return 180.0
    minutes = 3.0 + 2.0 * (pr_s - 480.0) / 60.0
    return math.floor(minutes * 2.0 + 0.5) / 2.0 * 60.0


def long_interval_reps(pr_s: float, occurrence: int) -> int:
    """Reps of the long intervals: 4, except for a PR between 8:00 and 9:00 where they build
    2 → 3 → 4 over the first three sessions (R-G15). ``occurrence`` counts from 0."""
    if 480 < pr_s < 540:
        return min(4, 2 + occurrence)
    return 4


@dataclass(frozen=True)
class _Rep:
    metres: float | None
    seconds: float
    low: float
    high: float
    recovery_s: float
    name: str
    rpe: tuple[float, float] = (7, 8)
    effort: tuple[float, float] | None = None
    jog: bool = False
    """The recovery must be a jog (R-S6.5, R-G15)."""


def _distance_rep(metres: float, speed: float, label: str = "") -> _Rep:
    seconds = math.floor(metres / speed * 1000.0 + 1e-6) / 1000.0
    name = f"{metres:g} m{label}"
    return _Rep(
        metres,
        seconds,
        metres / seconds,
        metres / seconds * (1 + GPS_PACE_TOLERANCE),
        repeat_recovery_s(seconds),
        name,
    )


def _work(fmt: WorkoutFormat, z: Intensities, reps: int, occurrence: int) -> list[_Rep]:
    base = fmt.timed_of or fmt.id
    if base == "sprints_30s":
        return [
            _Rep(
                None,
                30.0,
                z.current_speed,
                z.fast_speed,
                60.0,
                "30 s fast",
                (9, 9),
                (90, 95),
                jog=True,
            )
        ] * reps
    if base == "long_intervals":
        pr = z.current_mile_s
        bout = long_interval_bout_s(pr)
        count = long_interval_reps(pr, occurrence) if reps <= 0 else reps
        return [
            _Rep(
                None,
                bout,
                z.current_speed,
                z.current_speed * 1.02,
                bout,
                f"{bout / 60:g} min at mile pace",
                (8, 9),
                jog=True,
            )
        ] * count
    if base == "pyramid":
        assert fmt.distances
        half = len(fmt.distances) // 2
        up = [_distance_rep(d, z.goal_speed, " (up, goal pace)") for d in fmt.distances[: half + 1]]
        down = [
            _distance_rep(d, z.goal_speed * PYRAMID_DOWN_FASTER, " (down, 2% faster)")
            for d in fmt.distances[half + 1 :]
        ]
        return up + down
    if fmt.distances:
        return [_distance_rep(d, z.goal_speed) for d in fmt.distances]
    assert fmt.rep_m is not None
    speed = z.goal_speed * (SHORT_REP_FASTER if fmt.rep_m <= 300 else 1.0)
    return [_distance_rep(fmt.rep_m, speed)] * reps


def _rep_step(rep: _Rep, timed: bool) -> RunStep:
    if rep.metres is None:
        return rep_by_time(
            rep.seconds, rep.low, rep.high, name=rep.name, rpe=rep.rpe, effort=rep.effort
        )
    if timed:
        # The target pace sits in the middle of a ±0.5% band, so the rep covers its distance.
        speed = rep.metres / rep.seconds
        return rep_by_time(
            rep.seconds,
            speed * (1 - TIMED_BAND),
            speed * (1 + TIMED_BAND),
            name=f"≈{rep.name} ({format_time(rep.seconds, 0)})",
            rpe=rep.rpe,
            notes="no track: run for the time at the target pace (R-S6.10)",
        )
    return rep_by_distance(rep.metres, rep.low, name=rep.name, rpe=rep.rpe)


def _recovery(rep: _Rep, z: Intensities, walk_ok: bool) -> RunStep:
    """R-G12 allows a jog or a walk; the 30-s reps keep their jog (R-S6.5)."""
    if walk_ok and not rep.jog:
        return walk(rep.recovery_s, name="walk recovery")
    return jog(rep.recovery_s, z)


def _rep_steps(
    reps: list[_Rep], z: Intensities, timed: bool, walk_ok: bool = False
) -> tuple[Step, ...]:
    """Work reps with their recoveries, equal reps as one repeat; no recovery after the
    last rep (the cool-down follows)."""
    if len(reps) > 1 and all(r == reps[0] for r in reps):
        rep = reps[0]
        pair = (_rep_step(rep, timed), _recovery(rep, z, walk_ok))
        return (RepeatStep(count=len(reps) - 1, steps=pair), _rep_step(rep, timed))
    steps: list[Step] = []
    for i, rep in enumerate(reps):
        steps.append(_rep_step(rep, timed))
        if i < len(reps) - 1:
            steps.append(_recovery(rep, z, walk_ok))
    return tuple(steps)


@dataclass(frozen=True)
class QualityOptions:
    """How to build one quality session for one runner on one day."""

    track: bool = True
    equipment: Equipment = field(default_factory=Equipment)
    sprint: Modality = "hill"
    sprint_reps: int = 6
    body_mass_kg: float | None = None
    drill_start: int = 0
    warmup_s: float = 720.0
    cooldown_s: float = 600.0
    taper: bool = False
    walk_recovery: bool = False
    """Walk rather than jog between reps (new runners; R-G12 allows either)."""
    drills: int = 4
    """How many drills the session holds (fewer when it must fit the runner's minutes, C-8);
    the interleaved layout splits them in two groups."""


def _accelerations(count: int) -> tuple[Step, ...]:
    """Short fast-but-relaxed accelerations that open the interleaved layout."""
    steps: list[Step] = []
    for i in range(count):
        steps.append(
            RunStep(
                name="acceleration 40 m",
                purpose="sprint",
                intensity=Intensity.ACTIVE,
                end="distance",
                distance_m=40.0,
                duration_s=7.0,
                effort_pct_low=80,
                effort_pct_high=85,
                rpe_low=6,
                rpe_high=7,
                notes="build up smoothly, relaxed; walk back",
            )
        )
        if i < count - 1:
            steps.append(walk(45.0))
    return tuple(steps)


def _interleaved(
    reps: list[_Rep], z: Intensities, timed: bool, options: QualityOptions
) -> list[Block]:
    """R-S5.2 layout B: drills, accelerations, drills, then the sprint reps."""
    drills = drill_blocks(2, max(1, options.drills // 2), options.drill_start)
    return [
        drills[0],
        Block(role=BlockRole.SPRINTS, steps=_accelerations(2)),
        drills[1],
        Block(role=BlockRole.SPRINTS, steps=_rep_steps(reps, z, timed, options.walk_recovery)),
    ]


def _sections(
    main: tuple[Step, ...], options: QualityOptions
) -> tuple[list[Block], Substitution | None]:
    sprints, substitution = resisted_sprint_block(
        options.sprint, options.equipment, options.sprint_reps, options.body_mass_kg
    )
    blocks = [
        *drill_blocks(1, options.drills, options.drill_start),
        sprints,
        Block(role=BlockRole.ENDURANCE, steps=main),
    ]
    return blocks, substitution


def _location(timed: bool, options: QualityOptions) -> Literal["track", "road", "treadmill"]:
    if not timed:
        return "track"
    return "road"


def quality_session(
    format_id: str,
    z: Intensities,
    *,
    reps: int,
    occurrence: int = 0,
    options: QualityOptions | None = None,
) -> BuiltSession:
    """A quality session of ``format_id`` (a track format, or its ``_timed`` version) with
    ``reps`` work reps (ignored by fixed shapes; 0 for the long intervals' R-G15 default)."""
    options = options or QualityOptions()
    fmt = get_workout(format_id)
    if fmt.kind != "quality":
        raise ValueError(f"{format_id} is not a quality format")
    timed = fmt.timed_of is not None or not fmt.needs_track
    work = _work(fmt, z, reps, occurrence)
    substitutions: tuple[Substitution, ...] = ()
    if fmt.quality_class == "short":
        body = _interleaved(work, z, timed and fmt.rep_m is not None, options)
        layout: Literal["sections", "interleaved"] = "interleaved"
    else:
        main = _rep_steps(work, z, timed and fmt.timed_of is not None, options.walk_recovery)
        body, sub = _sections(main, options)
        layout = "sections"
        substitutions = (sub,) if sub else ()
    blocks = (
        Block(role=BlockRole.WARMUP, steps=(warmup(options.warmup_s, z),)),
        *body,
        Block(role=BlockRole.COOLDOWN, steps=(cooldown(options.cooldown_s, z),)),
    )
    shape = _shape_name(fmt, work)
    return BuiltSession(
        format=fmt.id,
        name=shape,
        purpose=fmt.purpose,
        type=SessionType.QUALITY,
        blocks=blocks,
        quality_class=fmt.quality_class,
        layout=layout,
        location=_location(fmt.timed_of is not None or not fmt.needs_track, options),
        needs_track=fmt.needs_track and fmt.timed_of is None,
        substitutions=substitutions,
    )


def _shape_name(fmt: WorkoutFormat, work: list[_Rep]) -> str:
    if fmt.distances:
        return fmt.name
    first = work[0]
    what = f"{first.metres:g} m" if first.metres is not None else f"{first.seconds / 60:g} min"
    if first.metres is None and first.seconds < 60:
        what = f"{first.seconds:g} s"
    suffix = ", by time" if fmt.timed_of else ""
    return f"{len(work)}×{what}{suffix}"


def time_trial_session(
    z: Intensities,
    target_s: float,
    *,
    distance_m: float = MILE_M,
    race: bool = False,
    track: bool = True,
    treadmill: bool = False,
    drill_start: int = 0,
    name: str | None = None,
    warmup_s: float = 720.0,
    drills: int = 4,
) -> BuiltSession:
    """A time trial (or the goal race) with equal per-400 m targets that sum to
    ``target_s`` (R-S4.1, R-G11), after warm-up (``warmup_s``, at least the 10 min of
    R-G19), ``drills`` drills and strides."""
    step = RunStep(
        name=name or ("race" if race else "mile time trial"),
        purpose="race" if race else "time_trial",
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=distance_m,
        duration_s=target_s,
        target_time_s=target_s,
        speed_low_mps=distance_m / target_s,
        speed_high_mps=distance_m / target_s * 1.01,
        rpe_low=9,
        rpe_high=10,
        effort_pct_low=95,
        effort_pct_high=100,
        segments=lap_segments(distance_m, target_s),
        incline_pct=1.0 if treadmill else None,
        notes=(
            "even laps: do not run the first lap faster than its target (R-S4.1)"
            + ("; treadmill at 1% incline (R-G21)" if treadmill else "")
        ),
    )
    strides = []
    for i in range(3):
        strides.append(
            RunStep(
                name="stride 60 m, building to mile pace",
                purpose="strides",
                intensity=Intensity.ACTIVE,
                end="distance",
                distance_m=60.0,
                duration_s=60.0 / z.goal_speed,
                # a belt speed on the treadmill (C-10): the pace the stride builds to
                speed_low_mps=STRIDE_BUILD * z.goal_speed if treadmill else None,
                speed_high_mps=z.goal_speed if treadmill else None,
                rpe_low=6,
                rpe_high=7,
            )
        )
        if i < 2:
            strides.append(walk(30.0))
    blocks = (
        Block(role=BlockRole.WARMUP, steps=(warmup(max(600.0, warmup_s), z),)),
        *drill_blocks(1, drills, drill_start),
        Block(role=BlockRole.SPRINTS, steps=tuple(strides)),
        Block(role=BlockRole.ENDURANCE, steps=(step,)),
        Block(role=BlockRole.COOLDOWN, steps=(cooldown(300.0, z),)),
    )
    location: Literal["track", "road", "treadmill"] = (
        "treadmill" if treadmill else "track" if track else "road"
    )
    if treadmill:
        blocks = tuple(_inclined(block) for block in blocks)
    fmt_id = "race" if race else "time_trial"
    return BuiltSession(
        format=fmt_id,
        name=name or ("race" if race else "mile time trial"),
        purpose=get_workout(fmt_id).purpose,
        type=SessionType.RACE if race else SessionType.TIME_TRIAL,
        blocks=blocks,
        quality_class="long",
        layout="sections",
        location=location,
        needs_track=False,
        notes=(
            "run it on a measured road mile with GPS (±3% tolerance) if there is no track"
            if not track and not treadmill
            else ""
        ),
    )


def _inclined(block: Block) -> Block:
    """R-G21: every run step of a treadmill session at a 1% incline."""
    steps = tuple(
        step.model_copy(update={"incline_pct": 1.0}) if isinstance(step, RunStep) else step
        for step in block.steps
    )
    return Block(role=block.role, steps=steps)


STRIDE_BUILD: Final = 0.95
"""A treadmill stride's belt speed starts at 95% of mile pace and builds to it (C-10)."""
SHORTEST_SESSION_S: Final = 600.0
"""C-2: a running session lasts at least 10 min; a shorter run is walk-run (a beginner's
way to the 30-min run, as in NHS Couch to 5K) or is followed by a walk."""
WALK_RUN_BOUT_S: Final = 180.0
"""The longest run bout of a walk-run session (Couch to 5K starts at 60-90 s)."""
WALK_RUN_WALK_S: Final = 90.0
"""The walk between bouts, at least (Couch to 5K's 90 s)."""


def easy_session(seconds: float, z: Intensities, *, long: bool = False) -> BuiltSession:
    """An easy (or the week's long) continuous run at conversational pace (R-S1.1, R-G6).

    Under 10 min of running (C-2): an easy run becomes walk-run bouts of at most 3 min with
    walks of at least 90 s, 10 min in all; the long run stays continuous (it is the run
    R-S1.1 lengthens) and is followed by a walk to make 10 min."""
    fmt = get_workout("long_run" if long else "easy_run")
    kind = "long" if long else "easy"
    blocks: tuple[Block, ...]
    if seconds >= SHORTEST_SESSION_S - 1e-6:
        blocks = (
            Block(
                role=BlockRole.MAIN,
                steps=(easy_run(seconds, z, name=f"{kind} run {seconds / 60:.0f} min"),),
            ),
        )
        name = f"{fmt.name} {seconds / 60:.0f} min"
    elif long:
        step = easy_run(seconds, z, name=f"long run {seconds / 60:.0f} min")
        rest = walk(SHORTEST_SESSION_S - seconds, name="easy walk")
        blocks = (
            Block(role=BlockRole.MAIN, steps=(step,)),
            Block(role=BlockRole.COOLDOWN, steps=(rest,)),
        )
        name = f"{fmt.name} {seconds / 60:.0f} min, then walk"
    else:
        bouts = max(1, math.ceil(seconds / WALK_RUN_BOUT_S - 1e-9))
        bout = seconds / bouts
        pause = max(WALK_RUN_WALK_S, (SHORTEST_SESSION_S - seconds) / bouts)
        run = easy_run(bout, z, name=f"run {format_time(bout, 0)}")
        steps: tuple[Step, ...] = (RepeatStep(count=bouts, steps=(run, walk(pause, name="walk"))),)
        blocks = (Block(role=BlockRole.MAIN, steps=steps),)
        name = f"walk-run: {bouts}×{format_time(bout, 0)} run, {format_time(pause, 0)} walk"
    return BuiltSession(
        format=fmt.id,
        name=name,
        purpose=fmt.purpose,
        type=SessionType.LONG_RUN if long else SessionType.EASY_RUN,
        blocks=blocks,
        location="any",
    )


def cross_session(
    seconds: float, mode: CrossMode, z: Intensities, *, replaces: str = "easy_run"
) -> BuiltSession:
    """Easy cross-training as long as the run it replaces (R-S7.3, R-G18)."""
    step = CrossStep(
        mode=mode,
        duration_s=seconds,
        hr_high_bpm=easy_hr_cap(z.hr_max),
        rpe_high=4,
        notes="easy: conversational effort, HR ≤79% HRmax",
    )
    return BuiltSession(
        format="cross_training",
        name=f"{mode.replace('_', ' ')} {seconds / 60:.0f} min (easy)",
        purpose=get_workout("cross_training").purpose,
        type=SessionType.CROSS_TRAINING,
        blocks=(Block(role=BlockRole.CROSS, steps=(step,)),),
        location="pool" if mode in ("swimming", "deep_water_running") else "any",
        replaces=replaces,
    )
