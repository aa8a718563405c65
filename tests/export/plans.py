"""Realistic plans built by hand, covering every kind of step the plan schema has.

Used by the export tests until (and beside) the generator: distance reps with target
times, time reps, lap-button and open steps, nested repeats, drills, strength lifts,
plyometrics, hill and parachute sprints, cross-training, a time trial with per-lap
segments (R-G11: 409.344 m then 3 x 400 m) and easy runs with heart-rate caps (R-G6).

Paces: goal mile 6:00 (4.4704 m/s), current best 6:11, HRmax 185 bpm.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from miler.plan.model import (
    Assessment,
    Athlete,
    Baseline,
    Block,
    BlockRole,
    CrossStep,
    DrillStep,
    Equipment,
    ExerciseStep,
    Goal,
    GoalType,
    Intensity,
    Plan,
    PlanPaces,
    RepeatStep,
    RunStep,
    Segment,
    Session,
    SessionType,
    Week,
)
from miler.units import MILE_M

GOAL_MILE_S = 360.0
GOAL_SPEED = MILE_M / GOAL_MILE_S
HR_MAX = 185.0
EASY_CAP = round(0.79 * HR_MAX)  # R-G6
START = dt.date(2026, 1, 5)  # a Monday

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _day(week: int, day: str) -> dt.date:
    return START + dt.timedelta(days=7 * (week - 1) + DAYS.index(day))


def _session(week: int, day: str, slug: str, **fields: Any) -> Session:
    """A session of ``week`` on ``day``, with the id ``w<week>-<day>-<slug>``."""
    return Session(id=f"w{week}-{day}-{slug}", date=_day(week, day), week=week, day=day, **fields)


def easy(
    minutes: float, name: str = "Easy run", intensity: Intensity = Intensity.ACTIVE
) -> RunStep:
    return RunStep(
        name=name,
        purpose="easy",
        intensity=intensity,
        end="time",
        duration_s=minutes * 60,
        speed_low_mps=2.9,
        speed_high_mps=3.3,
        hr_high_bpm=EASY_CAP,
        rpe_low=2,
        rpe_high=4,
        continuous=True,
    )


def warmup() -> Block:
    return Block(role=BlockRole.WARMUP, steps=(easy(12, "Warm-up jog", Intensity.WARMUP),))


def cooldown() -> Block:
    jog = RunStep(
        name="Cool-down jog",
        purpose="jog",
        intensity=Intensity.COOLDOWN,
        end="open",
        duration_s=600,
        hr_high_bpm=EASY_CAP,
        notes="stop when you feel loose",
    )
    return Block(role=BlockRole.COOLDOWN, steps=(jog,))


def drills() -> Block:
    return Block(
        role=BlockRole.DRILLS,
        steps=(
            DrillStep(name="A-skip", sets=2, distance_m=30, duration_s=120),
            DrillStep(name="B-skip", sets=2, distance_m=30, duration_s=120),
            DrillStep(name="Bounding", sets=2, distance_m=30, duration_s=150, ground_contacts=24),
        ),
    )


def rep(metres: float, seconds: float, *, ranged: bool) -> RunStep:
    """A distance rep with a target time; ``ranged`` also gives the speed range."""
    speed = metres / seconds
    return RunStep(
        name=f"{metres:g} m",
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=metres,
        target_time_s=seconds,
        speed_low_mps=speed * 0.99 if ranged else None,
        speed_high_mps=speed * 1.01 if ranged else None,
    )


def jog(seconds: float) -> RunStep:
    return RunStep(
        name="Jog",
        purpose="jog",
        intensity=Intensity.RECOVERY,
        end="time",
        duration_s=seconds,
    )


def walk_back() -> RunStep:
    return RunStep(
        name="Walk back",
        purpose="walk",
        intensity=Intensity.RECOVERY,
        end="lap_button",
        notes="walk back to the start",
    )


def quality_sections(week: int) -> Session:
    """Layout A (R-S5.2): drills, sprints, then 4 x 400 m at goal pace with jog recovery."""
    sprints = RepeatStep(
        count=4,
        steps=(
            RunStep(
                name="Fast 60 m",
                purpose="work",
                intensity=Intensity.ACTIVE,
                end="distance",
                distance_m=60,
                effort_pct_low=90,
                effort_pct_high=95,
            ),
            walk_back(),
        ),
    )
    endurance = RepeatStep(count=4, steps=(rep(400, 89.5, ranged=True), jog(180)))
    return _session(
        week,
        "tue",
        "repeats-400",
        type=SessionType.QUALITY,
        format="repeats_400",
        name="4 x 400 m",
        purpose="speed endurance at goal mile pace",
        quality_class="long",
        layout="sections",
        location="track",
        needs_track=True,
        blocks=(
            warmup(),
            drills(),
            Block(role=BlockRole.SPRINTS, steps=(sprints,)),
            Block(role=BlockRole.ENDURANCE, steps=(endurance,)),
            cooldown(),
        ),
    )


def strength(week: int, day: str) -> Session:
    """Heavy explosive lifts (R-S2.2, R-G9) and low-intensity plyometrics (R-G10)."""

    def lift(name: str, parent: str, sets: int, reps: int) -> ExerciseStep:
        return ExerciseStep(
            name=name,
            category="strength",
            parent=parent,
            main=True,
            sets=sets,
            reps=reps,
            load_pct_1rm=85,
            rest_s=180,
            intent="explosive_concentric",
            duration_s=sets * 210,
        )

    plyo = (
        ExerciseStep(
            name="Box jumps",
            category="plyometric",
            sets=3,
            reps=5,
            rest_s=90,
            ground_contacts=15,
            plyo_intensity="low",
            duration_s=300,
        ),
        ExerciseStep(
            name="Pogo hops",
            category="plyometric",
            sets=1,
            reps=20,
            rest_s=0,
            ground_contacts=20,
            plyo_intensity="low",
            duration_s=60,
        ),
    )
    return _session(
        week,
        day,
        "strength",
        order=1 if day == "tue" else 0,
        type=SessionType.STRENGTH,
        format="strength_heavy",
        name="Strength: heavy and explosive",
        purpose="running economy and power",
        location="gym",
        blocks=(
            Block(
                role=BlockRole.STRENGTH,
                steps=(
                    lift("Back squat", "squat", 3, 5),
                    lift("Step-up", "step_up", 3, 5),
                    lift("Romanian deadlift", "deadlift", 3, 4),
                    lift("Weighted calf raise", "calf_raise", 2, 6),
                    lift("Hip thrust", "hip_thrust", 3, 6),
                ),
            ),
            Block(role=BlockRole.PLYOMETRICS, steps=plyo),
        ),
    )


def easy_run(week: int, day: str, minutes: float, long: bool = False) -> Session:
    return _session(
        week,
        day,
        f"{'long' if long else 'easy'}",
        type=SessionType.LONG_RUN if long else SessionType.EASY_RUN,
        format="long_run" if long else "easy_run",
        name=f"{'Long' if long else 'Easy'} run {minutes:g} min",
        purpose="aerobic base at conversational pace",
        location="road",
        blocks=(Block(role=BlockRole.MAIN, steps=(easy(minutes),)),),
        notes="talk test: full sentences",
    )


def cross(week: int, day: str) -> Session:
    return _session(
        week,
        day,
        "cross",
        type=SessionType.CROSS_TRAINING,
        format="cross_cycling",
        name="Easy cycling 40 min",
        purpose="aerobic work without impact",
        replaces="easy run 40 min",
        blocks=(
            Block(
                role=BlockRole.CROSS,
                steps=(
                    CrossStep(mode="cycling", duration_s=2400, hr_high_bpm=EASY_CAP, rpe_high=4),
                ),
            ),
        ),
    )


def short_time_reps(week: int) -> Session:
    """R-S6.5: 8 x 30 s at 90-95 % effort, 60 s jog; no track needed."""
    work = RunStep(
        name="30 s fast",
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="time",
        duration_s=30,
        speed_low_mps=5.2,
        rpe_low=9,
        rpe_high=9,
        effort_pct_low=90,
        effort_pct_high=95,
    )
    return _session(
        week,
        "tue",
        "time-30s",
        type=SessionType.QUALITY,
        format="time_30s",
        name="8 x 30 s",
        purpose="turnover and the anaerobic system",
        quality_class="short",
        location="road",
        blocks=(
            warmup(),
            drills(),
            Block(role=BlockRole.SPRINTS, steps=(RepeatStep(count=8, steps=(work, jog(60))),)),
            cooldown(),
        ),
    )


def time_trial(week: int) -> Session:
    """A mile time trial at even pace with per-lap targets (R-S4.1, R-G11)."""
    target = GOAL_MILE_S * 1.03
    per_m = target / MILE_M
    first = Segment(distance_m=409.344, time_s=409.344 * per_m)
    lap = Segment(distance_m=400, time_s=400 * per_m)
    segments = (first, lap, lap, lap)
    trial = RunStep(
        name="Mile time trial",
        purpose="time_trial",
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=MILE_M,
        target_time_s=target,
        segments=segments,
        rpe_low=10,
        rpe_high=10,
        notes="even laps; the last lap may be faster",
    )
    return _session(
        week,
        "sat",
        "time-trial",
        type=SessionType.TIME_TRIAL,
        format="time_trial_mile",
        name="Mile time trial",
        purpose="measure current fitness and reset paces (R-G20)",
        location="track",
        needs_track=True,
        blocks=(warmup(), drills(), Block(role=BlockRole.MAIN, steps=(trial,)), cooldown()),
    )


def power(week: int) -> Session:
    """Interleaved layout (R-S5.2 B): hill sprints and parachute sprints between plyometrics,
    with a nested repeat (2 sets of 4 hill sprints)."""
    hill = RunStep(
        name="Hill sprint",
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="time",
        duration_s=10,
        rpe_low=9,
        rpe_high=10,
        resistance="hill",
        incline_pct=8,
    )
    chute = RunStep(
        name="Parachute sprint",
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=40,
        effort_pct_low=95,
        effort_pct_high=100,
        resistance="parachute",
    )
    set_rest = RunStep(
        name="Rest between sets",
        purpose="walk",
        intensity=Intensity.REST,
        end="time",
        duration_s=180,
    )
    hills = RepeatStep(count=2, steps=(RepeatStep(count=4, steps=(hill, walk_back())), set_rest))
    jumps = ExerciseStep(
        name="Squat jumps",
        category="plyometric",
        sets=2,
        reps=6,
        rest_s=60,
        ground_contacts=12,
        plyo_intensity="moderate",
        duration_s=180,
    )
    return _session(
        week,
        "thu",
        "power",
        type=SessionType.POWER,
        format="hill_sprints",
        name="Hill and parachute sprints",
        purpose="power: resisted sprinting (R-S3.2)",
        layout="interleaved",
        location="hill",
        blocks=(
            warmup(),
            Block(role=BlockRole.RESISTED, steps=(hills,)),
            Block(role=BlockRole.PLYOMETRICS, steps=(jumps,)),
            Block(
                role=BlockRole.RESISTED, steps=(RepeatStep(count=3, steps=(chute, walk_back())),)
            ),
            cooldown(),
        ),
        substitutions=(),
    )


def ladder(week: int) -> Session:
    """R-S6.2 ascending ladder 4x200, 2x400, 2x600, 1x800 m, recovery 2-3x the rep (R-G12)."""

    def rung(count: int, metres: float) -> RepeatStep:
        seconds = metres / GOAL_SPEED
        recovery = RunStep(
            name="Walk or jog",
            purpose="jog",
            intensity=Intensity.RECOVERY,
            end="time",
            duration_s=min(round(2.5 * seconds), 300),
        )
        work = rep(metres, round(seconds, 1), ranged=False)
        return RepeatStep(count=count, steps=(work, recovery))

    return _session(
        week,
        "tue",
        "ladder-up",
        type=SessionType.QUALITY,
        format="ladder_up",
        name="Ascending ladder",
        purpose="speed endurance and pacing",
        quality_class="long",
        layout="sections",
        location="track",
        needs_track=True,
        blocks=(
            warmup(),
            drills(),
            Block(
                role=BlockRole.ENDURANCE,
                steps=(rung(4, 200), rung(2, 400), rung(2, 600), rung(1, 800)),
            ),
            cooldown(),
        ),
    )


def full_plan() -> Plan:
    """Three weeks covering every session type and every kind of step."""
    weeks = (
        Week(
            index=1,
            start_date=_day(1, "mon"),
            phase="base",
            sessions=(
                quality_sections(1),
                strength(1, "tue"),
                easy_run(1, "thu", 30),
                cross(1, "fri"),
                easy_run(1, "sun", 45, long=True),
            ),
        ),
        Week(
            index=2,
            start_date=_day(2, "mon"),
            phase="build",
            sessions=(
                short_time_reps(2),
                power(2),
                strength(2, "fri"),
                time_trial(2),
            ),
        ),
        Week(
            index=3,
            start_date=_day(3, "mon"),
            phase="specific",
            deload=True,
            sessions=(ladder(3), easy_run(3, "thu", 35), easy_run(3, "sun", 50, long=True)),
            notes="deload: a lighter week to absorb the training",
        ),
    )
    return Plan(
        plan_id="ana-plan",
        athlete_id="ana-plan-athlete",
        miler_version="0.1.0",
        created=dt.date(2026, 1, 1),
        start_date=START,
        athlete=Athlete(
            name="Ana Runner",
            age=34,
            sex="F",
            level="intermediate",
            months_running=18,
            runs_per_week=3,
            longest_run_min=50,
            recent_intervals=True,
            lifting_experience=True,
            hr_max_bpm=HR_MAX,
            days=("tue", "thu", "fri", "sat", "sun"),
            long_run_day="sun",
            session_minutes=75,
            equipment=Equipment(parachute=True, boxes=True),
            cross_training="cycling",
        ),
        baseline=Baseline(weekly_run_min=150, quality_per_week=1, longest_run_min=50),
        goal=Goal(type=GoalType.SINGLE_MILE, distance_m=MILE_M, time_s=GOAL_MILE_S),
        assessment=Assessment(
            current_mile_s=371, current_mile_estimated=False, current_mile_source="time trial"
        ),
        paces=PlanPaces(
            goal_mile_speed_mps=GOAL_SPEED,
            current_mile_speed_mps=MILE_M / 371,
            easy_speed_low_mps=2.9,
            easy_speed_high_mps=3.3,
            hr_max_bpm=HR_MAX,
            hr_max_source="measured",
        ),
        weeks=weeks,
        notes=("Hand-built test plan covering every step kind.",),
    )
