"""What the rule checks need to know about a plan, recomputed once from its steps.

Nothing here trusts what a session declares about itself (its type, format, quality
class or run time): durations come from the steps (time, or distance at the target
speed), quality reps are found by their pace or effort, and the short/long class
(R-G7) is derived from the reps. The declared values are kept beside the derived ones
so that a check can flag a disagreement.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Literal

from miler.plan.model import (
    Block,
    BlockRole,
    CrossStep,
    DrillStep,
    ExerciseStep,
    Goal,
    Intensity,
    Plan,
    PlanPaces,
    RepeatStep,
    RunStep,
    Session,
    SessionType,
    Step,
    Week,
)
from miler.plan.request import RETURN_PHASE_IN_WEEKS, Restart
from miler.units import GPS_PACE_TOLERANCE, MILE_M

__all__ = [
    "EASY_HR_FRACTION",
    "MILE_M",
    "PlanFacts",
    "Rep",
    "SessionFacts",
    "Stretch",
    "WeekFacts",
    "WeekPaces",
    "compute_facts",
    "level_from_history",
]

EASY_HR_FRACTION: Final = 0.79
"""R-G6: conversational pace is at most 79% of HRmax (Daniels' E, 65–79% HRmax)."""
QUALITY_PACE_SLACK: Final = 1 - GPS_PACE_TOLERANCE
"""A rep counts as "at mile pace or faster" when its speed is at least 97% of the slowest
of the goal and current mile speeds (R-G12's GPS tolerance, 3%)."""

_NOT_WORK_PURPOSES: Final = frozenset(
    {
        "easy",
        "jog",
        "walk",
        "recovery",
        "rest",
        "warmup",
        "warm-up",
        "cooldown",
        "cool-down",
        "strides",
        "walk_back",
        "walk-back",
    }
)
_NOT_WORK_ROLES: Final = frozenset(
    {
        BlockRole.WARMUP,
        BlockRole.COOLDOWN,
        BlockRole.STRIDES,
        BlockRole.DRILLS,
        BlockRole.STRENGTH,
        BlockRole.CROSS,
        BlockRole.PLYOMETRICS,
        BlockRole.RESISTED,
    }
)

Level = Literal["novice", "intermediate", "experienced"]
Leaf = RunStep | DrillStep | ExerciseStep | CrossStep


def level_from_history(
    months_running: float, runs_per_week: float, longest_run_min: float, recent_intervals: bool
) -> Level:
    """R-G1: novice if any of <6 months, <2 runs/week, longest run <30 min; experienced if
    all of ≥12 months, ≥3 runs/week, a run ≥30 min and prior interval work; else intermediate."""
    if months_running < 6 or runs_per_week < 2 or longest_run_min < 30:
        return "novice"
    if months_running >= 12 and runs_per_week >= 3 and recent_intervals:
        return "experienced"
    return "intermediate"


@dataclass(frozen=True)
class WeekPaces:
    """The paces a week's sessions are judged by: those of its ``reference`` when it has
    one (a week kept by a re-plan, written from an earlier current mile), else the plan's
    ``assessment`` and ``paces``."""

    current_mile_s: float
    current_speed_mps: float
    goal_speed_mps: float
    """The pace reps are checked against (R-G20): the goal, or the current best when the
    goal is slower (maintenance)."""
    quality_threshold_mps: float
    """The slowest speed a rep counts as quality at (see :data:`QUALITY_PACE_SLACK`)."""
    easy_speed_mps: float
    """The middle of the easy range: the speed of a distance step without a target."""
    hr_max_bpm: float
    from_reference: bool
    """True when the week carries its own reference."""


@dataclass(frozen=True)
class Rep:
    """A work rep of a quality session, in the order it is run."""

    step: RunStep
    block: int
    role: BlockRole
    distance_m: float | None
    """The prescribed distance; None for a rep by time."""
    duration_s: float
    speed_mps: float | None
    recovery_s: float | None
    """Jog/walk/rest time before the next rep of the same block; None after the last."""
    recovery_purposes: tuple[str, ...]

    @property
    def by_time(self) -> bool:
        return self.distance_m is None

    @property
    def equivalent_m(self) -> float | None:
        """The distance covered: prescribed, or duration × target speed for a rep by time."""
        if self.distance_m is not None:
            return self.distance_m
        if self.speed_mps is not None:
            return self.duration_s * self.speed_mps
        return None

    @property
    def stands_for_distance(self) -> bool:
        """A rep by time that stands for a distance (a track rep turned into a time,
        R-S6.10): not a whole quarter-minute, and covering a multiple of 50 m (±2%) at its
        target speed."""
        eq = self.equivalent_m
        if not self.by_time or eq is None or eq < 50:
            return False
        if abs(self.duration_s / 15 - round(self.duration_s / 15)) < 1e-6:
            return False
        return abs(eq - round(eq / 50) * 50) <= 0.02 * eq

    @property
    def is_short(self) -> bool:
        """R-G7 short rep: ≤300 m for a distance rep (or a rep by time standing for one);
        ≤60 s, or ≤300 m at its pace (1% for rounding the time), for other reps by time."""
        if self.distance_m is not None:
            return self.distance_m <= 300 + 1e-6
        eq = self.equivalent_m
        if self.stands_for_distance and eq is not None:
            return eq <= 300 * 1.01
        return self.duration_s <= 60 + 1e-6 or (eq is not None and eq <= 300 * 1.01)

    @property
    def is_long(self) -> bool:
        """R-G7 long rep: ≥400 m for a distance rep (or a rep by time standing for one);
        ≥2 min, or ≥400 m at its pace (1% for rounding), for other reps by time."""
        if self.distance_m is not None:
            return self.distance_m >= 400 - 1e-6
        eq = self.equivalent_m
        if self.stands_for_distance and eq is not None:
            return eq >= 400 * 0.99
        return self.duration_s >= 120 - 1e-6 or (eq is not None and eq >= 400 * 0.99)


@dataclass(frozen=True)
class SessionFacts:
    session: Session
    paces: WeekPaces
    """The paces of the session's week: every per-session pace check reads these."""
    week: int
    date: dt.date
    run_time_s: float
    """Running time (walks and rests excluded) of every run step, repeats unrolled."""
    running: bool
    """Has running outside warm-up and cool-down: a running day for R-S7.2."""
    reps: tuple[Rep, ...]
    quality: bool
    quality_class: Literal["short", "long"] | None
    longest_continuous_s: float
    drill_time_s: float
    interval_time_s: float
    """Work plus recovery time outside warm-up, cool-down, drills and strides."""
    contacts: int
    plyometric: bool
    heavy_lower_body: bool
    strength: bool
    warmup_run_s: float
    cooldown_run_s: float
    has_drills_before_main: bool
    blocks: tuple[tuple[BlockRole, tuple[Leaf, ...]], ...]
    """Each block's role and leaf steps in order, repeats unrolled."""
    main_reps: tuple[Rep, ...]
    """The reps of the block with the most work time."""
    format_key: str
    """The format recomputed from the main reps (see :func:`format_key`)."""

    @property
    def id(self) -> str:
        return self.session.id

    all_steps: tuple[Leaf, ...]
    """Every leaf step of the session, in order."""

    def leaves(self) -> tuple[Leaf, ...]:
        return self.all_steps


@dataclass(frozen=True)
class WeekFacts:
    index: int
    start: dt.date
    phase: str
    deload: bool
    paces: WeekPaces
    sessions: tuple[SessionFacts, ...]
    run_time_s: float
    training_time_s: float
    """Running time without race sessions: the load the volume rules limit (a race is the
    goal, not training)."""
    longest_continuous_s: float
    quality: tuple[SessionFacts, ...]
    load_time_s: float
    """Training time without the goal effort (the race, or in a plan without a race date
    the final time trial of the last week): the load R-G5's and R-G16's growth caps limit
    (project choice, docs/rule-choices.md)."""
    restart: Restart | None = None
    """The restart this week begins (C-11), if any."""

    @property
    def taper(self) -> bool:
        return self.phase == "taper"


@dataclass(frozen=True)
class Stretch:
    """The weeks from the plan's start, or from a restart (C-11), to the next restart: what
    the rules that count from the start or measure against the baseline count from."""

    first: int
    restart: Restart | None
    weekly_run_min: float
    """The baseline's weekly running, or the running the restart's return starts from."""
    quality_per_week: float
    """The baseline's quality sessions a week, or the restart's recent ones."""


@dataclass(frozen=True)
class PlanFacts:
    plan: Plan
    level: Level
    goal_speed_mps: float
    """The plan's own goal reference speed (R-G20), from its assessment: for plan-level
    checks. A session's reps are judged by its week's (``SessionFacts.paces``)."""
    current_speed_mps: float
    """The plan's current mile speed, from its assessment: for plan-level checks."""
    weeks: tuple[WeekFacts, ...]
    sessions: tuple[SessionFacts, ...]
    by_id: dict[str, SessionFacts] = field(repr=False)
    stretches: tuple[Stretch, ...] = ()
    """The plan's stretches in order: the first from week 1, one more from each restart."""

    def stretch(self, index: int) -> Stretch:
        """The stretch week ``index`` belongs to."""
        found = self.stretches[0]
        for stretch in self.stretches:
            if stretch.first <= index:
                found = stretch
        return found

    def returning(self, index: int, floor: float) -> bool:
        """Whether week ``index`` is in a restart's return (C-11): no week of its stretch
        before it has reached ``floor`` of the plan's baseline (R-G8's 80% band waits while
        the weeks grow back)."""
        stretch = self.stretch(index)
        if stretch.restart is None:
            return False
        before = [w.load_time_s for w in self.weeks[stretch.first - 1 : index - 1]]
        return max(before, default=0.0) < floor * self.plan.baseline.weekly_run_min * 60

    @property
    def hr_max(self) -> float:
        """The plan's HRmax (R-P5); a session's easy caps use its week's (``paces``)."""
        return self.plan.paces.hr_max_bpm

    def week(self, index: int) -> WeekFacts | None:
        if 1 <= index <= len(self.weeks):
            return self.weeks[index - 1]
        return None

    def thirty_minute_week(self) -> int | None:
        """The first week whose longest continuous run is ≥30 min; 0 if the athlete already
        runs 30 min; None if never reached."""
        if self.plan.athlete.longest_run_min >= 30:
            return 0
        for week in self.weeks:
            if week.longest_continuous_s >= 1800 - 1:
                return week.index
        return None

    def deadline_week(self) -> int:
        """R-G5: the plan's declared 30-min-run deadline week, else min(9, plan length)."""
        return self.plan.deadline_week or min(9, len(self.weeks))

    def mix_start_week(self, index: int = 1) -> int:
        """R-G16: the first week the full R-S6.8 mix is due, for week ``index``'s stretch.
        Novices (project choice, docs/rule-choices.md): phase-in ends at the plan's deadline
        week (R-G5), so the week after it; a deadline beyond the plan means no full mix is
        due. Others with no quality work in the last 4 weeks: week 3. Everyone else: week 1.
        Never before week 3 without quality work in the 4-week baseline. After a restart
        (C-11): the week it records, else its third week without recent quality work (the
        first two ease back in), else the restart week."""
        stretch = self.stretch(index)
        restart = stretch.restart
        if restart is not None:
            phase_in = RETURN_PHASE_IN_WEEKS if restart.quality_per_week <= 0 else 0
            return restart.mix_week or stretch.first + phase_in
        # R-G16's "≤1 new quality session per 2 weeks" also holds: from no quality work,
        # weeks 1–2 can hold one session only, so the mix is due from week 3 at the earliest.
        earliest = 3 if self.plan.baseline.quality_per_week <= 0 else 1
        if self.level == "novice":
            return max(earliest, self.deadline_week() + 1)
        return earliest


def unroll(steps: tuple[Step, ...]) -> Iterator[Leaf]:
    """Leaf steps in the order they are done, repeats expanded."""
    for step in steps:
        if isinstance(step, RepeatStep):
            for _ in range(step.count):
                yield from unroll(step.steps)
        else:
            yield step


def run_step_speed(step: RunStep) -> float | None:
    """The target speed of a run step: distance / target time, else the middle of its range."""
    if step.target_time_s is not None and step.distance_m is not None:
        return step.distance_m / step.target_time_s
    low, high = step.speed_low_mps, step.speed_high_mps
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


def run_step_seconds(step: RunStep, fallback_speed: float) -> float:
    """How long a run step lasts: its time, its target time, or its distance at its target
    speed; with no target speed, its stated duration (a 40 m sprint lasts seconds, not the
    distance at easy pace), else the easy speed; 0 for a lap-button or open step without a
    time."""
    if step.end == "time" and step.duration_s is not None:
        return step.duration_s
    if step.target_time_s is not None:
        return step.target_time_s
    if step.distance_m is not None:
        speed = run_step_speed(step)
        if speed is None and step.duration_s is not None:
            return step.duration_s
        return step.distance_m / (speed or fallback_speed)
    return step.duration_s or 0.0


def _is_walk(step: RunStep) -> bool:
    return step.purpose.lower() in {"walk", "walk_back", "walk-back"} or (
        step.intensity is Intensity.REST
    )


def _is_work_candidate(step: RunStep, role: BlockRole) -> bool:
    return (
        role not in _NOT_WORK_ROLES
        and step.intensity is Intensity.ACTIVE
        and step.resistance == "none"
        and step.purpose.lower() not in _NOT_WORK_PURPOSES
        and not step.continuous
    )


def _is_quality_rep(step: RunStep, threshold_mps: float) -> bool:
    """Quality: at mile pace or faster, or an all-out effort (≥90%) whatever its pace (a
    time trial over a test's longer distance is run at that distance's pace, C-10)."""
    speed = run_step_speed(step)
    all_out = (step.effort_pct_low or 0) >= 90
    if speed is not None:
        return speed >= threshold_mps or all_out
    return all_out or (step.rpe_low or 0) >= 9


def _block_reps(
    block: Block, leaves: tuple[Leaf, ...], index: int, threshold: float, easy: float
) -> list[Rep]:
    reps: list[tuple[int, RunStep]] = [
        (i, s)
        for i, s in enumerate(leaves)
        if isinstance(s, RunStep)
        and _is_work_candidate(s, block.role)
        and _is_quality_rep(s, threshold)
    ]
    out: list[Rep] = []
    for k, (i, step) in enumerate(reps):
        recovery: float | None = None
        purposes: tuple[str, ...] = ()
        if k + 1 < len(reps):
            between = leaves[i + 1 : reps[k + 1][0]]
            recovery = sum(
                run_step_seconds(s, easy) if isinstance(s, RunStep) else s.duration_s
                for s in between
                if not isinstance(s, RepeatStep)
            )
            purposes = tuple(s.purpose.lower() for s in between if isinstance(s, RunStep))
        distance = step.distance_m if step.end == "distance" else None
        out.append(
            Rep(
                step=step,
                block=index,
                role=block.role,
                distance_m=distance,
                duration_s=run_step_seconds(step, easy),
                speed_mps=run_step_speed(step),
                recovery_s=recovery,
                recovery_purposes=purposes,
            )
        )
    return out


def classify(reps: tuple[Rep, ...]) -> Literal["short", "long"] | None:
    """R-G7 from the reps: short if every rep is short; long if ≥50% of the work time is in
    long reps; None if neither."""
    if not reps:
        return None
    if all(r.is_short for r in reps):
        return "short"
    total = sum(r.duration_s for r in reps)
    long_time = sum(r.duration_s for r in reps if r.is_long)
    if total > 0 and long_time >= 0.5 * total:
        return "long"
    return None


def _session_facts(session: Session, paces: WeekPaces) -> SessionFacts:
    threshold, easy = paces.quality_threshold_mps, paces.easy_speed_mps
    run_time = 0.0
    running = False
    longest = 0.0
    drill_time = 0.0
    interval_time = 0.0
    contacts = 0
    plyometric = False
    heavy_lower = False
    strength = False
    warmup_run = 0.0
    cooldown_run = 0.0
    drills_seen = False
    drills_before_main = False
    reps: list[Rep] = []
    blocks: list[tuple[BlockRole, tuple[Leaf, ...]]] = []
    for index, block in enumerate(session.blocks):
        if block.role is BlockRole.PLYOMETRICS:
            plyometric = True
        leaves = tuple(unroll(block.steps))
        blocks.append((block.role, leaves))
        block_reps = _block_reps(block, leaves, index, threshold, easy)
        if block_reps and not drills_before_main and drills_seen:
            drills_before_main = True
        reps.extend(block_reps)
        for step in leaves:
            if isinstance(step, RunStep):
                seconds = run_step_seconds(step, easy)
                if not _is_walk(step):
                    run_time += seconds
                if block.role is BlockRole.WARMUP and not _is_walk(step):
                    warmup_run += seconds
                elif block.role is BlockRole.COOLDOWN and not _is_walk(step):
                    cooldown_run += seconds
                elif block.role not in (BlockRole.STRENGTH, BlockRole.CROSS):
                    running = True
                if step.continuous:
                    longest = max(longest, seconds)
                if block.role not in _NOT_WORK_ROLES:
                    interval_time += seconds
            elif isinstance(step, DrillStep):
                drills_seen = True
                drill_time += step.duration_s
                contacts += step.ground_contacts
            elif isinstance(step, ExerciseStep):
                if step.category == "plyometric":
                    plyometric = True
                    contacts += step.ground_contacts or step.sets * step.reps
                elif step.category == "strength" and step.main:
                    strength = True
                    if step.lower_body and is_heavy(step):
                        heavy_lower = True
    quality_reps = tuple(reps)
    main = _main_reps(quality_reps)
    return SessionFacts(
        session=session,
        paces=paces,
        week=session.week,
        date=session.date,
        run_time_s=run_time,
        running=running,
        reps=quality_reps,
        quality=bool(quality_reps),
        quality_class=classify(quality_reps),
        longest_continuous_s=longest,
        drill_time_s=drill_time,
        interval_time_s=interval_time,
        contacts=contacts,
        plyometric=plyometric,
        heavy_lower_body=heavy_lower,
        strength=strength,
        warmup_run_s=warmup_run,
        cooldown_run_s=cooldown_run,
        has_drills_before_main=drills_before_main or (drills_seen and not quality_reps),
        blocks=tuple(blocks),
        all_steps=tuple(step for _, leaves in blocks for step in leaves),
        main_reps=main,
        format_key=format_key(session.type, main),
    )


def _main_reps(reps: tuple[Rep, ...]) -> tuple[Rep, ...]:
    if not reps:
        return ()
    totals: dict[int, float] = {}
    for r in reps:
        totals[r.block] = totals.get(r.block, 0.0) + r.duration_s
    block = max(totals, key=lambda b: totals[b])
    return tuple(r for r in reps if r.block == block)


def shape(values: list[float]) -> str:
    """``equal``, ``ladder_up`` (never decreasing), ``ladder_down`` (never increasing),
    ``pyramid`` (strictly up then strictly down) or ``mixed``."""
    if len(values) < 2 or all(abs(v - values[0]) <= 1e-6 * max(1.0, values[0]) for v in values):
        return "equal"
    pairs = list(itertools.pairwise(values))
    if all(b >= a - 1e-6 for a, b in pairs):
        return "ladder_up"
    if all(b <= a + 1e-6 for a, b in pairs):
        return "ladder_down"
    peak = values.index(max(values))
    if (
        0 < peak < len(values) - 1
        and all(b > a for a, b in pairs[:peak])
        and all(b < a for a, b in pairs[peak:])
    ):
        return "pyramid"
    return "mixed"


def format_key(kind: SessionType, reps: tuple[Rep, ...]) -> str:
    """A session's format recomputed from its main reps: ``time_trial``, ``race``,
    ``repeats_200m``, ``time_30s``, ``ladder_up``, ``ladder_down``, ``pyramid``,
    ``mixed`` or ``none``. Reps by time that stand for distances are keyed by the
    distance (``Rep.stands_for_distance``), so a no-track plan's formats compare like a
    track plan's."""
    if kind in (SessionType.TIME_TRIAL, SessionType.RACE):
        return kind.value
    if not reps:
        return "none"
    by_distance = all(not r.by_time for r in reps)
    if not by_distance and all(r.stands_for_distance for r in reps):
        # distance reps turned into times (no track, R-S6.10): the distance is the format
        by_distance = True
        values = [round((r.equivalent_m or 0.0) / 50) * 50.0 for r in reps]
    elif by_distance:
        values = [r.distance_m or 0.0 for r in reps]
    else:
        values = [r.duration_s for r in reps]
    found = shape(values)
    if found == "equal":
        return f"repeats_{values[0]:g}m" if by_distance else f"time_{values[0]:g}s"
    return found


def is_heavy(step: ExerciseStep) -> bool:
    """R-G9 heavy: 1–6 reps at ≥85% 1RM, or ≤3 reps in reserve when 1RM is unknown."""
    if step.reps > 6:
        return False
    if step.load_pct_1rm is not None:
        return step.load_pct_1rm >= 85 - 1e-9
    return step.reps_in_reserve is not None and step.reps_in_reserve <= 3


def goal_reference_speed(plan: Plan) -> float:
    """R-G20 for the plan's own assessment and paces (see :func:`reference_speed`)."""
    return reference_speed(plan.goal, plan.assessment.current_mile_s, plan.paces)


def reference_speed(goal: Goal, current_mile_s: float, paces: PlanPaces) -> float:
    """R-G20: reps are prescribed at the goal pace, or at the current best when the goal is
    slower (maintenance). For a goal over another distance the goal mile speed of
    ``paces`` is the reference (its mile equivalent, R-G4, cannot be recomputed without the
    predictor). Speeds in m/s, ``current_mile_s`` in seconds."""
    current = MILE_M / current_mile_s
    if abs(goal.distance_m - MILE_M) <= 0.01 * MILE_M:
        return max(goal.distance_m / goal.time_s, current)
    return paces.goal_mile_speed_mps


def week_paces(plan: Plan, week: Week) -> WeekPaces:
    """The paces ``week`` is judged by: its reference's current mile and paces when it has
    one, else the plan's assessment and paces. The goal is the plan's (a re-plan never
    changes it). The quality threshold is :data:`QUALITY_PACE_SLACK` of the slowest of
    the goal reference, the current mile and the goal's average speed."""
    reference = week.reference
    if reference is None:
        mile_s, paces = plan.assessment.current_mile_s, plan.paces
    else:
        mile_s, paces = reference.current_mile_s, reference.paces
    current = MILE_M / mile_s
    # A week's own reference may hold a step toward the goal (C-9), bounded by R-G20.
    goal_ref = (
        paces.goal_mile_speed_mps
        if reference is not None
        else reference_speed(plan.goal, mile_s, paces)
    )
    goal_avg = plan.goal.distance_m / plan.goal.time_s
    return WeekPaces(
        current_mile_s=mile_s,
        current_speed_mps=current,
        goal_speed_mps=goal_ref,
        quality_threshold_mps=QUALITY_PACE_SLACK * min(goal_ref, current, goal_avg),
        easy_speed_mps=(paces.easy_speed_low_mps + paces.easy_speed_high_mps) / 2,
        hr_max_bpm=paces.hr_max_bpm,
        from_reference=reference is not None,
    )


def compute_facts(plan: Plan) -> PlanFacts:
    """Everything the checks read, in one pass over the plan. Each week's sessions are
    read with that week's paces (:func:`week_paces`)."""
    athlete = plan.athlete
    level = level_from_history(
        athlete.months_running,
        athlete.runs_per_week,
        athlete.longest_run_min,
        athlete.recent_intervals,
    )
    weeks: list[WeekFacts] = []
    all_sessions: list[SessionFacts] = []
    for number, week in enumerate(plan.weeks, start=1):
        paces = week_paces(plan, week)
        facts = tuple(_session_facts(s, paces) for s in week.sessions)
        all_sessions.extend(facts)
        training = sum(f.run_time_s for f in facts if f.session.type is not SessionType.RACE)
        goal_trial = 0.0
        if plan.goal.race_date is None and number == len(plan.weeks):
            trials = [f for f in facts if f.session.type is SessionType.TIME_TRIAL]
            if trials:
                goal_trial = max(trials, key=lambda f: (f.date, f.session.order)).run_time_s
        weeks.append(
            WeekFacts(
                index=week.index,
                start=week.start_date,
                phase=week.phase,
                deload=week.deload,
                paces=paces,
                sessions=facts,
                run_time_s=sum(f.run_time_s for f in facts),
                training_time_s=training,
                longest_continuous_s=max((f.longest_continuous_s for f in facts), default=0.0),
                quality=tuple(f for f in facts if f.quality),
                load_time_s=training - goal_trial,
                restart=week.restart if number > 1 else None,
            )
        )
    return PlanFacts(
        plan=plan,
        level=level,
        goal_speed_mps=goal_reference_speed(plan),
        current_speed_mps=MILE_M / plan.assessment.current_mile_s,
        weeks=tuple(weeks),
        sessions=tuple(all_sessions),
        by_id={f.id: f for f in all_sessions},
        stretches=_stretches(plan),
    )


def _stretches(plan: Plan) -> tuple[Stretch, ...]:
    """The plan's stretches: from week 1 with its baseline, and from each restarted week
    (C-11) with its restart."""
    base = plan.baseline
    found = [Stretch(1, None, base.weekly_run_min, base.quality_per_week)]
    for week in plan.weeks:
        restart = week.restart
        if restart is not None and week.index > 1:
            found.append(
                Stretch(week.index, restart, restart.weekly_run_min, restart.quality_per_week)
            )
    return tuple(found)


def session_is(facts: SessionFacts, *types: SessionType) -> bool:
    return facts.session.type in types
