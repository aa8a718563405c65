"""Realistic hand-built plans for the validator's tests, made with the plan models only.

``build_plan(Profile(...))`` lays out a coach-like plan that passes every rule: easy runs
capped at 75% HRmax, quality sessions with a 12-min warm-up and drills, a cool-down, a
short and a long session a week (8×200 m or 10×30 s; 4×600 m, the ladders, the pyramid,
the long intervals by the athlete's mile), a time trial every five weeks, two heavy
strength sessions a week, plyometrics and hill sprints, cross-training, and a two-week
taper to a race. Tests then break one rule at a time with ``replace_session`` and friends.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

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
    Step,
    Week,
    WeekReference,
)
from miler.planning.rules.coach_volume import long_run_cap_min

MILE = 1609.344
START = dt.date(2027, 1, 4)  # a Monday
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Level = Literal["novice", "intermediate", "experienced"]


@dataclass(frozen=True)
class Profile:
    """Who the plan is for."""

    level: Level = "intermediate"
    weeks: int = 8
    pr_s: float = 450.0
    goal_s: float | None = None
    age: int | None = 35
    sex: Literal["M", "F"] | None = "F"
    track: bool = True
    hills: bool = True
    race: bool = True
    goal_type: GoalType = GoalType.SINGLE_MILE


HISTORY: dict[str, tuple[float, float, float, bool, bool]] = {
    # months running, runs/week, longest run min, recent intervals, lifts
    "novice": (3, 2, 15, False, False),
    "intermediate": (8, 3, 45, True, True),
    "experienced": (36, 5, 70, True, True),
}


class _Builder:
    def __init__(self, profile: Profile) -> None:
        self.p = profile
        self.hr_max = 208 - 0.7 * (profile.age or 35)
        self.current_v = MILE / profile.pr_s
        goal_s = profile.goal_s or round(profile.pr_s * 0.97, 1)
        self.goal_s = goal_s
        self.goal_v = max(MILE / goal_s, self.current_v)
        self.easy_lo = self.current_v * 0.62
        self.easy_hi = self.current_v * 0.72
        self.occurrences: dict[str, int] = {}

    # -- steps ---------------------------------------------------------------
    def easy(self, minutes: float, purpose: str = "easy", continuous: bool = True) -> RunStep:
        return RunStep(
            name=f"{minutes:g} min easy",
            purpose=purpose,
            intensity=Intensity.ACTIVE,
            end="time",
            duration_s=minutes * 60,
            speed_low_mps=self.easy_lo,
            speed_high_mps=self.easy_hi,
            hr_high_bpm=round(0.75 * self.hr_max),
            rpe_low=2,
            rpe_high=4,
            continuous=continuous,
        )

    def jog(self, seconds: float, purpose: str = "jog") -> RunStep:
        return RunStep(
            name=f"{seconds:g} s {purpose}",
            purpose=purpose,
            intensity=Intensity.RECOVERY,
            end="time",
            duration_s=seconds,
        )

    def warmup(self, minutes: float = 12, drills: bool = True) -> Block:
        steps: list[Step] = [
            RunStep(
                name="warm-up jog",
                purpose="warmup",
                intensity=Intensity.WARMUP,
                end="time",
                duration_s=minutes * 60,
                speed_low_mps=self.easy_lo,
                speed_high_mps=self.easy_hi,
                hr_high_bpm=round(0.75 * self.hr_max),
            )
        ]
        if drills:
            steps += [
                DrillStep(name="A-skip", sets=2, distance_m=30, duration_s=120),
                DrillStep(name="high knees", sets=2, distance_m=30, duration_s=120),
                DrillStep(
                    name="bounding", sets=2, distance_m=30, duration_s=120, ground_contacts=24
                ),
            ]
        return Block(role=BlockRole.WARMUP, steps=tuple(steps))

    def cooldown(self, minutes: float = 8) -> Block:
        return Block(
            role=BlockRole.COOLDOWN,
            steps=(
                RunStep(
                    name="cool-down jog",
                    purpose="cooldown",
                    intensity=Intensity.COOLDOWN,
                    end="time",
                    duration_s=minutes * 60,
                ),
            ),
        )

    def rep(self, metres: float, seconds: float) -> RunStep:
        if not self.p.track:
            v = metres / seconds
            return RunStep(
                name=f"{seconds:.0f} s at {metres:g} m pace",
                purpose="work",
                intensity=Intensity.ACTIVE,
                end="time",
                duration_s=round(seconds, 1),
                speed_low_mps=v * 0.99,
                speed_high_mps=v * 1.01,
            )
        segments: tuple[Segment, ...] = ()
        if metres >= 800:
            segments = lap_segments(metres, seconds)
        return RunStep(
            name=f"{metres:g} m",
            purpose="work",
            intensity=Intensity.ACTIVE,
            end="distance",
            distance_m=metres,
            target_time_s=round(seconds, 1),
            segments=segments,
        )

    def reps_block(
        self, role: BlockRole, reps: list[tuple[float, float]], recovery: Callable[[float], float]
    ) -> Block:
        steps: list[Step] = []
        if len({r for r in reps}) == 1:
            metres, seconds = reps[0]
            steps.append(
                RepeatStep(
                    count=len(reps),
                    steps=(self.rep(metres, seconds), self.jog(round(recovery(seconds)))),
                )
            )
        else:
            for i, (metres, seconds) in enumerate(reps):
                steps.append(self.rep(metres, seconds))
                if i + 1 < len(reps):
                    steps.append(self.jog(round(recovery(seconds))))
        return Block(role=role, steps=tuple(steps))

    # -- sessions --------------------------------------------------------------
    def goal_time(self, metres: float, faster: float = 0.0) -> float:
        return metres / self.goal_v * (1 - faster)

    def quality(self, day: int, week: int, fmt: str, *, taper: bool = False) -> Session:
        warm, cool = (10, 5) if taper else (12, 8)
        rec = repeat_recovery
        layout: Literal["sections", "interleaved"] | None = None
        blocks: list[Block]
        cls: Literal["short", "long"]
        if fmt.startswith("repeats_200"):
            n = int(fmt.split("x")[1]) if "x" in fmt else 8
            main = [self.reps_block(BlockRole.MAIN, [(200, self.goal_time(200, 0.02))] * n, rec)]
            blocks, cls = [self.warmup(warm), *main, self.cooldown(cool)], "short"
        elif fmt.startswith("time_30s"):
            n = int(fmt.split("x")[1]) if "x" in fmt else 10
            blocks, cls = [self.warmup(warm), self.thirty_seconds(n), self.cooldown(cool)], "short"
        elif fmt.startswith("repeats_600"):
            n = int(fmt.split("x")[1]) if "x" in fmt else 4
            sprint = [(80, 80 / (self.goal_v * 1.12))] * 4
            blocks = [
                self.warmup(warm, drills=False),
                Block(
                    role=BlockRole.DRILLS,
                    steps=(
                        DrillStep(name="A-skip", sets=3, distance_m=30, duration_s=180),
                        DrillStep(name="B-skip", sets=3, distance_m=30, duration_s=180),
                    ),
                ),
                self.reps_block(BlockRole.SPRINTS, sprint, lambda s: 2.5 * s),
                self.reps_block(BlockRole.ENDURANCE, [(600, self.goal_time(600))] * n, rec),
                self.cooldown(cool),
            ]
            cls, layout = "long", "sections"
        elif fmt.startswith("repeats_300"):
            n = int(fmt.split("x")[1]) if "x" in fmt else 6
            main = [self.reps_block(BlockRole.MAIN, [(300, self.goal_time(300, 0.01))] * n, rec)]
            blocks, cls = [self.warmup(warm), *main, self.cooldown(cool)], "short"
        elif fmt.startswith("repeats_400"):
            n = int(fmt.split("x")[1]) if "x" in fmt else 4
            main = [self.reps_block(BlockRole.MAIN, [(400, self.goal_time(400))] * n, rec)]
            blocks, cls = [self.warmup(warm), *main, self.cooldown(cool)], "long"
        elif fmt == "ladder_up":
            dists = [200] * 4 + [400] * 2 + [600] * 2 + [800]
            reps = [(d, self.goal_time(d, 0.02 if d == 200 else 0.0)) for d in dists]
            main = [self.reps_block(BlockRole.MAIN, reps, rec)]
            blocks, cls = [self.warmup(warm), *main, self.cooldown(cool)], "long"
        elif fmt == "ladder_down":
            dists = [800] + [600] * 2 + [400] * 2 + [200] * 4
            reps = [(d, self.goal_time(d, 0.02 if d == 200 else 0.0)) for d in dists]
            main = [self.reps_block(BlockRole.MAIN, reps, rec)]
            blocks, cls = [self.warmup(warm), *main, self.cooldown(cool)], "long"
        elif fmt == "pyramid":
            up = [200, 400, 600, 800]
            reps = [(d, self.goal_time(d)) for d in up] + [
                (d, self.goal_time(d, 0.02)) for d in reversed(up[:-1])
            ]
            main = [self.reps_block(BlockRole.MAIN, reps, rec)]
            blocks, cls = [self.warmup(warm), *main, self.cooldown(cool)], "long"
        elif fmt == "long_intervals":
            blocks, cls = [self.warmup(warm), self.long_intervals(), self.cooldown(cool)], "long"
        else:
            raise ValueError(fmt)
        return self.session(
            week,
            day,
            SessionType.QUALITY,
            fmt,
            tuple(blocks),
            quality_class=cls,
            layout=layout,
            location="track" if self.p.track else "road",
            needs_track=self.p.track,
        )

    def thirty_seconds(self, n: int) -> Block:
        work = RunStep(
            name="30 s fast",
            purpose="work",
            intensity=Intensity.ACTIVE,
            end="time",
            duration_s=30,
            speed_low_mps=self.current_v * 1.04,
            speed_high_mps=self.current_v * 1.10,
            rpe_low=9,
            rpe_high=9.5,
            effort_pct_low=90,
            effort_pct_high=95,
        )
        return Block(role=BlockRole.MAIN, steps=(RepeatStep(count=n, steps=(work, self.jog(60))),))

    def long_intervals(self) -> Block:
        bout = long_bout(self.p.pr_s)
        k = self.occurrences.get("long_intervals", 0)
        self.occurrences["long_intervals"] = k + 1
        count = min(2 + k, 4) if 480 < self.p.pr_s < 540 else (2 if self.p.level == "novice" else 4)
        work = RunStep(
            name=f"{bout / 60:g} min at mile pace",
            purpose="work",
            intensity=Intensity.ACTIVE,
            end="time",
            duration_s=bout,
            speed_low_mps=self.current_v * 0.995,
            speed_high_mps=self.current_v * 1.005,
        )
        return Block(
            role=BlockRole.ENDURANCE,
            steps=(RepeatStep(count=count, steps=(work, self.jog(bout))),),
        )

    def time_trial(self, day: int, week: int) -> Session:
        target = self.p.pr_s
        step = RunStep(
            name="mile time trial",
            purpose="time_trial",
            intensity=Intensity.ACTIVE,
            end="distance",
            distance_m=MILE,
            target_time_s=target,
            effort_pct_low=100,
            effort_pct_high=100,
            segments=lap_segments(MILE, target),
        )
        blocks = (self.warmup(15), Block(role=BlockRole.MAIN, steps=(step,)), self.cooldown(10))
        return self.session(
            week,
            day,
            SessionType.TIME_TRIAL,
            "time_trial",
            blocks,
            quality_class="long",
            location="track" if self.p.track else "road",
            needs_track=self.p.track,
        )

    def race(self, day: int, week: int) -> Session:
        step = RunStep(
            name="goal mile",
            purpose="race",
            intensity=Intensity.ACTIVE,
            end="distance",
            distance_m=MILE,
            target_time_s=self.goal_s,
            segments=lap_segments(MILE, self.goal_s),
        )
        blocks = (self.warmup(10), Block(role=BlockRole.MAIN, steps=(step,)), self.cooldown(5))
        return self.session(week, day, SessionType.RACE, "race", blocks)

    def easy_run(self, day: int, week: int, minutes: float, long: bool = False) -> Session:
        kind = SessionType.LONG_RUN if long else SessionType.EASY_RUN
        block = Block(role=BlockRole.MAIN, steps=(self.easy(minutes),))
        return self.session(week, day, kind, "long_run" if long else "easy_run", (block,))

    def strength(self, day: int, week: int, order: int, familiarising: bool) -> Session:
        def lift(name: str, parent: str) -> ExerciseStep:
            if familiarising:
                return ExerciseStep(
                    name=name,
                    category="strength",
                    parent=parent,
                    main=True,
                    sets=2,
                    reps=10,
                    reps_in_reserve=4,
                    rest_s=90,
                    intent="explosive_concentric",
                    duration_s=360,
                )
            return ExerciseStep(
                name=name,
                category="strength",
                parent=parent,
                main=True,
                sets=3,
                reps=5,
                load_pct_1rm=None if self.scaled else 85,
                reps_in_reserve=3 if self.scaled else None,  # C-4: by feel when young or older
                rest_s=180,
                intent="explosive_concentric",
                duration_s=600,
            )

        block = Block(
            role=BlockRole.STRENGTH,
            steps=(
                lift("back squat", "squat"),
                lift("Bulgarian split squat", "bulgarian_split_squat"),
                lift("weighted calf raise", "calf_raise"),
            ),
        )
        return self.session(
            week,
            day,
            SessionType.STRENGTH,
            "strength_heavy",
            (block,),
            order=order,
            location="gym",
            supervision=(self.p.age or 35) < 18,
        )

    @property
    def scaled(self) -> bool:
        """C-4: under 18 or 60 and over, strength by feel and plyometrics at the novice dose."""
        return self.p.age is not None and (self.p.age < 18 or self.p.age >= 60)

    def power(self, day: int, week: int, order: int) -> Session:
        extra = 10 if self.p.level == "experienced" and not self.scaled else 0
        intensity: Literal["low", "moderate"] = "low" if self.scaled else "moderate"
        burpees = 10 if self.scaled else 30 + extra
        plyo = Block(
            role=BlockRole.PLYOMETRICS,
            steps=(
                ExerciseStep(
                    name="pogo jumps",
                    category="plyometric",
                    sets=4,
                    reps=15,
                    rest_s=60,
                    ground_contacts=60,
                    plyo_intensity=intensity,
                    duration_s=300,
                ),
                ExerciseStep(
                    name="squat jumps",
                    category="plyometric",
                    sets=2 + extra // 10,
                    reps=10,
                    rest_s=60,
                    ground_contacts=20 + extra,
                    plyo_intensity=intensity,
                    duration_s=240,
                ),
                ExerciseStep(
                    name="burpees",
                    category="plyometric",
                    sets=3 + extra // 10 if not self.scaled else 2,
                    reps=10 if not self.scaled else 5,
                    rest_s=60,
                    ground_contacts=burpees,
                    plyo_intensity=intensity,
                    duration_s=300,
                ),
            ),
        )
        blocks: list[Block] = [self.warmup(10, drills=False), plyo]
        if self.p.hills:
            hill = RunStep(
                name="hill sprint",
                purpose="sprint",
                intensity=Intensity.ACTIVE,
                end="time",
                duration_s=10,
                resistance="hill",
                incline_pct=8,
                effort_pct_low=95,
                effort_pct_high=100,
            )
            walk = RunStep(
                name="walk back",
                purpose="walk",
                intensity=Intensity.REST,
                end="lap_button",
                duration_s=60,
            )
            blocks.append(
                Block(role=BlockRole.RESISTED, steps=(RepeatStep(count=6, steps=(hill, walk)),))
            )
        return self.session(
            week,
            day,
            SessionType.POWER,
            "plyometrics_hills",
            tuple(blocks),
            order=order,
            supervision=(self.p.age or 35) < 18,
        )

    def cross(self, day: int, week: int, minutes: float) -> Session:
        step = CrossStep(
            mode="cycling",
            duration_s=minutes * 60,
            hr_high_bpm=round(0.75 * self.hr_max),
            rpe_high=4,
        )
        return self.session(
            week,
            day,
            SessionType.CROSS_TRAINING,
            "cross_cycling",
            (Block(role=BlockRole.CROSS, steps=(step,)),),
            replaces="easy run",
        )

    def session(
        self,
        week: int,
        day: int,
        kind: SessionType,
        fmt: str,
        blocks: tuple[Block, ...],
        *,
        order: int = 0,
        quality_class: Literal["short", "long"] | None = None,
        layout: Literal["sections", "interleaved"] | None = None,
        location: Literal["track", "road", "gym", "any"] = "any",
        needs_track: bool = False,
        supervision: bool = False,
        replaces: str | None = None,
    ) -> Session:
        return Session(
            id=f"w{week:02d}-{DAY_NAMES[day]}-{fmt}",
            date=START + dt.timedelta(days=7 * (week - 1) + day),
            week=week,
            day=DAY_NAMES[day],  # type: ignore[arg-type]
            order=order,
            type=kind,
            format=fmt,
            name=fmt.replace("_", " "),
            purpose=kind.value,
            quality_class=quality_class,
            layout=layout,
            location=location,
            needs_track=needs_track,
            supervision_required=supervision,
            blocks=blocks,
            replaces=replaces,
        )


def repeat_recovery(rep_s: float) -> float:
    """R-G12: 2.5× the rep, capped at 5 min."""
    return min(2.5 * rep_s, 300.0)


def long_bout(pr_s: float) -> float:
    """R-S6.6/R-G15 bout in seconds, written out independently of the validator."""
    if pr_s >= 540:
        return 300.0
    if pr_s <= 480:
        return 180.0
    return math.floor((3 + 2 * (pr_s - 480) / 60) * 2 + 0.5) / 2 * 60


def lap_segments(metres: float, seconds: float) -> tuple[Segment, ...]:
    """R-G11: a first remainder segment, then 400 m laps, times in proportion."""
    laps = math.floor(metres / 400 + 1e-9)
    first = metres - 400 * (laps - 1) if laps >= 1 else metres
    distances = [first] + [400.0] * (laps - 1) if first > 0 else [400.0] * laps
    if first > 400 + 9.344 + 1e-6:  # e.g. 600 m: 200 + 400
        distances = [metres - 400 * laps] + [400.0] * laps
    times = [round(seconds * d / metres, 2) for d in distances]
    times[-1] = round(seconds - sum(times[:-1]), 2)
    return tuple(
        Segment(distance_m=round(d, 3), time_s=t) for d, t in zip(distances, times, strict=True)
    )


SHORT_ROTATION = ("repeats_200", "time_30s")
NOVICE_SHORT_ROTATION = ("repeats_200", "time_30s", "repeats_300")
LONG_ROTATION = ("repeats_600", "ladder_up", "pyramid", "long_intervals", "ladder_down")
NOVICE_LONG_ROTATION = ("long_intervals", "repeats_400x3", "repeats_600x3")


def _non_novice_week(b: _Builder, w: int, n: int, taper_week: int) -> list[Session]:
    p = b.p
    short = SHORT_ROTATION[(w - 1) % 2]
    sessions: list[Session] = []
    tt = w % 5 == 0 and taper_week == 0
    if taper_week == 1:
        sessions += [
            b.quality(1, w, "repeats_200x5", taper=True),
            b.easy_run(2, w, 30),
            b.strength(2, w, 1, familiarising=False),
            b.cross(3, w, 30),
            b.power(3, w, 1),
            b.quality(4, w, "repeats_400x2", taper=True),
            b.easy_run(5, w, 10),
        ]
        return sessions
    if taper_week == 2:
        sessions += [
            b.quality(1, w, "time_30sx8", taper=True),
            b.easy_run(2, w, 30),
            b.cross(3, w, 30),
            b.easy_run(4, w, 25 if p.race else 15),
            b.race(5, w) if p.race else b.quality(5, w, "repeats_600x2", taper=True),
        ]
        if not p.race:  # a race week is quiet: no lifting or power in its last 4 days (C-1)
            sessions += [b.strength(2, w, 1, familiarising=False), b.power(3, w, 1)]
        return sessions
    long_fmt = LONG_ROTATION[(w - 1 - (w - 1) // 5) % len(LONG_ROTATION)]  # time trials skip
    sessions += [
        b.quality(1, w, short),
        b.easy_run(2, w, 40),
        b.strength(2, w, 1, familiarising=False),
        b.cross(3, w, 40),
        b.power(3, w, 1),
        b.time_trial(4, w) if tt else b.quality(4, w, long_fmt),
        b.strength(4, w, 1, familiarising=False),
    ]
    # the long run tops the week up to about 190 running minutes, within C-7's cap
    _, _, longest, _, _ = HISTORY[p.level]
    cap = long_run_cap_min(p.level, p.goal_type is GoalType.SINGLE_MILE, longest)
    long_min = min(cap, max(45.0, round(190 - _volume_min(sessions, b.easy_lo))))
    sessions.append(b.easy_run(5, w, long_min, long=True))
    return sessions


def _novice_week(b: _Builder, w: int, n: int, taper_week: int) -> list[Session]:
    fam = w <= 2
    build = [18, 22, 26, 30]
    sessions: list[Session] = [
        b.strength(2, w, 0, familiarising=fam),
        b.strength(6, w, 0, familiarising=fam),
    ]
    if taper_week:
        quiet = taper_week == 2 and b.p.race  # no lifting in the race's last 4 days (C-1)
        sessions = [] if quiet else [b.strength(2, w, 0, familiarising=False)]
        if taper_week == 1:
            sessions += [
                b.quality(1, w, "time_30sx8", taper=True),
                b.easy_run(3, w, 30),
                b.easy_run(5, w, 10),
            ]
        else:
            sessions += [
                b.quality(1, w, "repeats_200x5", taper=True),
                b.easy_run(3, w, 30),
                b.race(5, w) if b.p.race else b.easy_run(5, w, 20),
            ]
        return sessions
    short = NOVICE_SHORT_ROTATION[(w - 1) % 3]
    sessions.append(b.quality(1, w, short))
    if w <= 4:
        sessions.append(b.easy_run(3, w, build[w - 1]))
        sessions.append(b.easy_run(5, w, [15, 18, 22, 25][w - 1], long=True))
    else:
        sessions.append(b.easy_run(3, w, 32))
        deadline = min(9, n)
        if w >= 9 and (w - 9) % 5 == 0:
            sessions.append(b.time_trial(5, w))
        elif w <= deadline:  # phase-in lasts to the deadline week (R-G5, R-G16)
            sessions.append(b.easy_run(5, w, 35, long=True))
        else:
            fmt = NOVICE_LONG_ROTATION[(w - deadline - 1) % len(NOVICE_LONG_ROTATION)]
            sessions.append(b.quality(5, w, fmt))
    return sessions


def _volume_min(sessions: Iterable[Session], easy_v: float) -> float:
    """Running minutes, for the baseline (computed here, not by the validator)."""
    total = 0.0

    def walk(steps: tuple[Step, ...], times: int) -> None:
        nonlocal total
        for step in steps:
            if isinstance(step, RepeatStep):
                walk(step.steps, times * step.count)
            elif isinstance(step, RunStep) and step.purpose != "walk":
                if step.end == "time" and step.duration_s:
                    total += step.duration_s * times
                elif step.target_time_s:
                    total += step.target_time_s * times

    for s in sessions:
        for block in s.blocks:
            walk(block.steps, 1)
    return total / 60


def build_plan(profile: Profile = Profile()) -> Plan:
    """A plan for ``profile`` that passes every rule."""
    b = _Builder(profile)
    n = profile.weeks
    weeks: list[Week] = []
    goal_v = b.goal_v
    arrival = max(n - 2, 1)  # the last week before the taper (C-9)
    for w in range(1, n + 1):
        taper_week = w - (n - 2) if w > n - 2 else 0
        maker = _novice_week if profile.level == "novice" else _non_novice_week
        # C-9: the reps step from the current mile in week 1 to the goal in the arrival week
        share = 1.0 if arrival <= 1 else min(1.0, (w - 1) / (arrival - 1))
        b.goal_v = b.current_v + (goal_v - b.current_v) * share
        sessions = sorted(maker(b, w, n, taper_week), key=lambda s: (s.date, s.order))
        weeks.append(
            Week(
                index=w,
                start_date=START + dt.timedelta(days=7 * (w - 1)),
                phase="taper" if taper_week else "base" if w <= n // 3 else "specific",
                reference=_step_reference(b, profile) if b.goal_v < goal_v else None,
                sessions=tuple(sessions),
            )
        )
    b.goal_v = goal_v
    months, runs, longest, intervals, lifts = HISTORY[profile.level]
    pre_taper = [_volume_min(wk.sessions, b.easy_lo) for wk in weeks[: n - 2]]
    # a novice's recent weeks: week 1 is within 30% of them (C-5)
    weekly = max(pre_taper) if profile.level != "novice" else 72.0
    quality = {"novice": 0.0, "intermediate": 1.0, "experienced": 2.0}[profile.level]
    grade_std = 255.0 if profile.sex == "F" else 230.0
    grade = round(100 * grade_std / profile.pr_s, 1) if profile.sex and profile.age else None
    race_date = weeks[-1].start_date + dt.timedelta(days=5) if profile.race else None
    return Plan(
        plan_id="test-plan",
        athlete_id="test-plan-athlete",
        miler_version="test",
        created=START - dt.timedelta(days=3),
        start_date=START,
        athlete=Athlete(
            name="Test Runner",
            age=profile.age,
            sex=profile.sex,
            level=profile.level,
            months_running=months,
            runs_per_week=runs,
            longest_run_min=longest,
            recent_intervals=intervals,
            lifting_experience=lifts,
            days=("tue", "wed", "thu", "fri", "sat", "sun"),
            session_minutes=75,
            equipment=Equipment(track=profile.track, gym=True, hills=profile.hills),
            cross_training="cycling",
        ),
        baseline=Baseline(weekly_run_min=weekly, quality_per_week=quality, longest_run_min=longest),
        goal=Goal(
            type=profile.goal_type,
            distance_m=MILE,
            time_s=b.goal_s,
            race_date=race_date,
            maintenance=b.goal_s > profile.pr_s,
        ),
        assessment=Assessment(
            current_mile_s=profile.pr_s,
            current_mile_estimated=False,
            current_mile_source="mile time trial, 2026-11-14",
            age_grade_pct=grade,
            band=_band(grade) if grade is not None else None,
            open_equivalent_s=profile.pr_s if grade is not None else None,
            lifetime_best_mile_s=profile.pr_s - 4,
        ),
        paces=PlanPaces(
            goal_mile_speed_mps=b.goal_v,
            current_mile_speed_mps=b.current_v,
            easy_speed_low_mps=b.easy_lo,
            easy_speed_high_mps=b.easy_hi,
            hr_max_bpm=b.hr_max,
            hr_max_source="Tanaka 208 − 0.7 × age",
        ),
        deadline_week=min(9, n) if profile.level == "novice" else None,
        familiarisation_weeks=2 if profile.level == "novice" else 0,
        weeks=tuple(weeks),
    )


def _step_reference(b: _Builder, profile: Profile) -> WeekReference:
    """The pace reference of a week written at a step toward the goal (C-9)."""
    return WeekReference(
        current_mile_s=profile.pr_s,
        paces=PlanPaces(
            goal_mile_speed_mps=b.goal_v,
            current_mile_speed_mps=b.current_v,
            easy_speed_low_mps=b.easy_lo,
            easy_speed_high_mps=b.easy_hi,
            hr_max_bpm=b.hr_max,
            hr_max_source="Tanaka 208 − 0.7 × age",
        ),
    )


def _band(grade: float) -> str:
    for floor, band in (
        (100, "world record"),
        (90, "world class"),
        (80, "national"),
        (70, "regional"),
        (60, "local"),
    ):
        if grade >= floor:
            return band
    return "developing"


# -- editing helpers for the tests -------------------------------------------------


def find(plan: Plan, session_id: str) -> Session:
    for session in plan.sessions():
        if session.id == session_id:
            return session
    raise KeyError(session_id)


def first(plan: Plan, predicate: Callable[[Session], bool]) -> Session:
    return next(s for s in plan.sessions() if predicate(s))


def replace_session(plan: Plan, session_id: str, **changes: object) -> Plan:
    """The plan with one session's fields changed."""
    weeks = []
    for week in plan.weeks:
        sessions = tuple(
            s.model_copy(update=changes) if s.id == session_id else s for s in week.sessions
        )
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return plan.model_copy(update={"weeks": tuple(weeks)})


def map_steps(plan: Plan, session_id: str, change: Callable[[Step], Step]) -> Plan:
    """The plan with ``change`` applied to every leaf step of one session."""

    def visit(steps: tuple[Step, ...]) -> tuple[Step, ...]:
        out: list[Step] = []
        for step in steps:
            if isinstance(step, RepeatStep):
                out.append(step.model_copy(update={"steps": visit(step.steps)}))
            else:
                out.append(change(step))
        return tuple(out)

    session = find(plan, session_id)
    blocks = tuple(b.model_copy(update={"steps": visit(b.steps)}) for b in session.blocks)
    return replace_session(plan, session_id, blocks=blocks)


def add_session(plan: Plan, session: Session) -> Plan:
    weeks = []
    for week in plan.weeks:
        if week.index == session.week:
            sessions = tuple(sorted([*week.sessions, session], key=lambda s: (s.date, s.order)))
            week = week.model_copy(update={"sessions": sessions})
        weeks.append(week)
    return plan.model_copy(update={"weeks": tuple(weeks)})


def remove_session(plan: Plan, session_id: str) -> Plan:
    weeks = [
        w.model_copy(update={"sessions": tuple(s for s in w.sessions if s.id != session_id)})
        for w in plan.weeks
    ]
    return plan.model_copy(update={"weeks": tuple(weeks)})


def with_athlete(plan: Plan, **changes: object) -> Plan:
    return plan.model_copy(update={"athlete": plan.athlete.model_copy(update=changes)})


def with_assessment(plan: Plan, **changes: object) -> Plan:
    return plan.model_copy(update={"assessment": plan.assessment.model_copy(update=changes)})


def builder(profile: Profile = Profile()) -> _Builder:
    """The session builder, to make extra sessions in a test."""
    return _Builder(profile)


__all__ = [
    "Profile",
    "add_session",
    "build_plan",
    "builder",
    "find",
    "first",
    "lap_segments",
    "long_bout",
    "map_steps",
    "remove_session",
    "replace",
    "replace_session",
    "with_assessment",
    "with_athlete",
]
