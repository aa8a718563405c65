"""Minutes and weekly volume limits: how long the runs may be and how much a week may hold.

Decides the easy runs' bounds, the long run's minutes (R-G5's +5 min a week, R-S1.2's
30-min run, the R-G8 taper), the growth caps (R-G5 for novices, R-G16 for others), R-S1.4's
baseline ceiling, the taper's volume band and the validator's taper floor (R-G8), whether
a novice's week holds the full mix; and measures a built week (training minutes, the race,
a no-race plan's final time trial).
"""

from __future__ import annotations

import math
from typing import Final

from miler.plan.model import (
    GoalType,
)
from miler.planning.context import LONG_STEP_MIN, THIRTY_MIN, Context, State
from miler.planning.phases import WeekFrame
from miler.planning.progression import blocks_run_seconds
from miler.planning.rules.coach_volume import (
    BUILD_FROM,
    BUILD_TO,
    FIRST_WEEKS,
    LIGHTER_FLOOR,
    LIGHTER_LOOKBACK,
    WEEKLY_GROWTH,
    long_run_cap_min,
    start_cap_min,
)
from miler.planning.slots import Slot
from miler.workouts.session import BuiltSession

__all__ = [
    "TAPER_SHARE",
    "baseline_ceiling",
    "easy_bounds",
    "goal_trial_minutes",
    "growth_cap",
    "holds_thirty",
    "keeps_thirty",
    "lighter_cap",
    "long_minutes",
    "long_run_most",
    "mix_fits",
    "novice_hard_cap",
    "pre_taper_long",
    "race_minutes",
    "returning",
    "start_cap",
    "taper_floor",
    "volume_limits",
    "week_bound",
    "week_minutes",
]

TAPER_SHARE: Final = 0.5
"""R-G8: taper weeks at 40-59% of the pre-taper volume; miler aims at 50%."""
TAPER_MOST: Final = 0.59
"""R-G8: the most a taper week holds, as a share of the pre-taper volume."""


MIN_RUN_MIN: Final = 10.0
"""C-2: the shortest run worth getting changed for (running time; a novice's walk-run
session holds its walks on top)."""
MIN_CROSS_MIN: Final = 20.0
"""C-2: the shortest cross-training session (R-G18's "same duration as the replaced run"
when that run is longer)."""


def easy_bounds(ctx: Context, taper: bool, long_min: float) -> tuple[float, float]:
    # In the taper the runs stay (frequency unchanged, R-G8) but shrink to short shake-outs,
    # never under C-2's 10 min; a novice's short runs become walk-run sessions instead.
    low = 5.0 if ctx.novice else MIN_RUN_MIN
    high = max(low, min(ctx.request.session_minutes, long_min))
    return low, high


def long_minutes(ctx: Context, state: State, frame: WeekFrame) -> float:
    previous = state.long_min
    cap = ctx.long_cap
    if frame.phase == "taper":
        # Keep the 30-min run (R-S1.2, R-G8) once reached; otherwise hold the longest.
        keep = THIRTY_MIN if keeps_thirty(ctx, frame.index) else 20.0
        return min(previous, keep) if state.longest_so_far >= THIRTY_MIN else previous
    if frame.deload:
        if previous < THIRTY_MIN:
            return previous
        return max(THIRTY_MIN, previous - LONG_STEP_MIN)
    if previous >= cap:
        return cap
    grown = min(cap, state.longest_so_far + LONG_STEP_MIN, previous + LONG_STEP_MIN)
    return max(grown, min(previous, cap))


def long_run_most(ctx: Context) -> float:
    """C-7: the longest continuous run the plan may give: the level's cap, or the runner's
    own longest run when longer (the weeks grow toward ``ctx.long_cap``, within it)."""
    single = ctx.request.goal_type == GoalType.SINGLE_MILE
    return long_run_cap_min(ctx.level, single, ctx.request.longest_run_min)


def holds_thirty(ctx: Context) -> bool:
    """R-S1.2 (novices, and test goals, R-S1.3) and R-G8 (experienced single mile) keep a
    continuous run of at least 30 min every week."""
    single = ctx.request.goal_type == GoalType.SINGLE_MILE
    return ctx.novice or (ctx.level == "experienced" and single)


def keeps_thirty(ctx: Context, index: int) -> bool:
    """Whether week ``index`` keeps a continuous run of at least 30 min: every week for the
    runners of :func:`holds_thirty`, and a restart's return but its taper (C-11: the easy
    running comes back before the quality)."""
    restarted = ctx.restarted(index) is not None and ctx.frames[index - 1].phase != "taper"
    return holds_thirty(ctx) or restarted


def novice_hard_cap(ctx: Context, state: State) -> float:
    """R-G5's own limit: 30% over the highest week two or more weeks back; in weeks 1-2,
    C-5's from the runner's recent volume."""
    vols = state.totals
    cap = 1.295 * max(vols[:-1]) if len(vols) >= 2 else math.inf
    return min(cap, 0.995 * start_cap(ctx, state))


def start_cap(ctx: Context, state: State) -> float:
    """C-5: the most running a novice's week 1 or 2 may hold, from the runner's recent
    weekly volume (the baseline) and longest run; no bound later or for anyone else."""
    week = len(state.totals) + 1
    if not ctx.novice or week > FIRST_WEEKS:
        return math.inf
    return start_cap_min(ctx.profile.baseline.weekly_run_min, ctx.request.longest_run_min, week)


def _growth_reference(ctx: Context, state: State, vols: list[float]) -> float:
    """What a non-novice's week grows from: the week before (C-6), or after a lighter or
    taper week the highest week before or the baseline (R-G16); from a restart, only the
    weeks since it and the running it starts from count (C-11)."""
    index = len(vols) + 1
    since = vols[ctx.segment_first(index) - 1 :]
    reference = max([ctx.base_min(index), *since])
    if since and not state.lighter[len(vols) - 1] and ctx.frames[len(vols) - 1].phase != "taper":
        reference = min(reference, since[-1])
    return reference


def returning(ctx: Context, state: State) -> bool:
    """Whether the week being built is in a restart's return (C-11) for an experienced
    single-miler: no week since the restart has yet reached R-G8's 80% of the baseline,
    so R-G8's floor waits while the weeks grow back (R-G16's 10% a week)."""
    index = len(state.totals) + 1
    if ctx.restarted(index) is None:
        return False
    since = state.totals[ctx.segment_first(index) - 1 :]
    return max(since, default=0.0) < LIGHTER_FLOOR * ctx.profile.baseline.weekly_run_min


def lighter_cap(ctx: Context, state: State) -> float:
    """C-6: a lighter week runs less than each of the up to 3 weeks before it (from a
    restart, the weeks since it, C-11)."""
    since = state.totals[ctx.segment_first(len(state.totals) + 1) - 1 :]
    before = since[-LIGHTER_LOOKBACK:]
    return min(before) if before else math.inf


def growth_cap(ctx: Context, state: State, taper: bool = False) -> float:
    """The most training run time the week may hold (the goal effort left out,
    docs/rule-choices.md): novices ≤30% over any 2 weeks (R-G5; ≤13.5% a week while
    building, so every pair stays under it), others ≤10% over the highest week before
    (R-G16)."""
    vols = state.totals
    high = math.inf
    if ctx.novice:
        if len(vols) >= 2:
            high = 1.29 * max(vols[:-1])
        if vols and not taper:
            high = min(high, 1.135 * max(vols))
        return min(high, 0.985 * start_cap(ctx, state))
    reference = _growth_reference(ctx, state, vols)
    return 1.09 * reference if reference > 0 else math.inf


def experienced_single_miler(ctx: Context) -> bool:
    """An experienced runner training for one mile, with a weekly baseline: the runner whose
    weeks R-S1.4 bounds by the baseline and whose lighter weeks keep R-G8's 80% (C-6)."""
    single = ctx.request.goal_type == GoalType.SINGLE_MILE
    return ctx.level == "experienced" and single and ctx.profile.baseline.weekly_run_min > 0


def baseline_ceiling(ctx: Context) -> float:
    """R-S1.4: an experienced single-miler's week never goes over the baseline, race and
    time trial included; no bound for anyone else."""
    if experienced_single_miler(ctx):
        return ctx.profile.baseline.weekly_run_min
    return math.inf


def volume_limits(ctx: Context, state: State, frame: WeekFrame) -> tuple[float, float, float]:
    """(low, target, high) weekly run time in minutes."""
    base = ctx.profile.baseline.weekly_run_min
    vols = state.volumes
    exp_single = experienced_single_miler(ctx)
    # R-G8's 80-100% band: from a restart, its floor waits until the weeks are back (C-11).
    banded = exp_single and not returning(ctx, state)
    if frame.phase == "taper":
        ref = _pre_taper_volume(ctx, state)
        return 0.41 * ref, TAPER_SHARE * ref, 0.58 * ref
    high = math.inf
    if ctx.novice:
        # R-G5: ≤30% over any 2 weeks; growing ≤13.5% a week keeps every pair under it.
        if len(vols) >= 2:
            high = 1.29 * max(vols[:-1])
        if vols:
            high = min(high, 1.135 * max(vols))
        high = min(high, 0.985 * start_cap(ctx, state))
    else:
        reference = _growth_reference(ctx, state, vols)
        if reference > 0:
            high = 1.09 * reference
    if exp_single:
        high = min(high, 0.995 * base)
    since = vols[ctx.segment_first(frame.index) - 1 :]
    previous = since[-1] if since else ctx.base_min(frame.index)
    if frame.deload:
        # C-6: less than each of the 3 weeks before; an experienced single-miler's lighter
        # week keeps R-G8's 80% of the baseline.
        target = 0.8 * previous
        high = min(high, previous, 0.97 * lighter_cap(ctx, state))
        low = (LIGHTER_FLOOR + 0.01) * base if banded else 0.0
        if banded:
            # R-G8's floor first: a week that cannot be lighter is not labelled so (C-6).
            high = max(high, min(0.995 * base, low + 0.02 * base))
    elif ctx.novice:
        target = math.inf
        low = 0.0
    elif frame.index < ctx.mix_start_at(frame.index) or returning(ctx, state):
        # Phase-in weeks build toward the volume the full mix will need (R-G16: +10%/week).
        target = high
        low = 0.0
    else:
        peak = base * (1.0 if ctx.level == "intermediate" else 1.2)
        target = min(max(previous, base) * 1.06, max(peak, previous)) if base > 0 else math.inf
        low = 0.0
    if exp_single and not frame.deload:
        target = min(target, build_share(ctx, frame) * base)
        low = 0.82 * base if banded else 0.0
    return low, target, high


def build_share(ctx: Context, frame: WeekFrame) -> float:
    """C-12: the share of the baseline an experienced single-miler's week ``frame`` aims at:
    a straight line from :data:`BUILD_FROM` in week 1 to :data:`BUILD_TO` in the last week
    before the taper."""
    training = [f.index for f in ctx.frames if f.phase != "taper"]
    last = training[-1] if training else 1
    progress = (frame.index - 1) / (last - 1) if last > 1 else 1.0
    return BUILD_FROM + (BUILD_TO - BUILD_FROM) * min(1.0, max(0.0, progress))


def _pre_taper_volume(ctx: Context, state: State) -> float:
    """R-G8's reference for the taper: the mean run time of the up to 4 non-deload weeks
    before it (the race left out), in minutes."""
    vols = state.volumes
    # After a restart (C-11): the return's weeks, not those before the break.
    first = ctx.segment_first(len(vols) + 1)
    before = [
        v
        for v, f, lighter in zip(vols, ctx.frames, state.lighter, strict=False)
        if f.phase != "taper" and not lighter and f.index >= first
    ][-4:] or vols[-1:]
    return sum(before) / len(before)


def week_bound(ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> float:
    """The most training run time (minutes, the race left out) the rules allow the week,
    without the margins the generator aims under: R-S1.4's baseline (race included); in the
    taper R-G8's 59% of the pre-taper weeks, or the floor of docs/rule-choices.md; and,
    the goal effort left out (docs/rule-choices.md), R-G5's 30% over the weeks two or more
    before for a novice, R-G16's 10% over the highest week before (or the baseline) for
    the others."""
    bound = baseline_ceiling(ctx) - race_minutes(ctx, slots)
    if frame.phase == "taper":
        taper = max(TAPER_MOST * _pre_taper_volume(ctx, state), taper_floor(ctx, state, slots))
        bound = min(bound, taper)
    totals = state.totals
    if ctx.novice:
        growth = 1.3 * max(totals[:-1]) if len(totals) >= 2 else math.inf
        growth = min(growth, start_cap(ctx, state))
    else:
        highest = _growth_reference(ctx, state, totals)
        growth = WEEKLY_GROWTH * highest if highest > 0 else math.inf
    return min(bound, growth + goal_trial_minutes(ctx, frame, slots))


def mix_fits(
    ctx: Context,
    state: State,
    frame: WeekFrame,
    slots: list[Slot],
    minutes: float,
    long_min: float,
) -> bool:
    """Whether a novice's week holds the full mix within R-G5's caps: ≤30% over the weeks
    two or more before (the goal effort left out), and the continuous run kept at 30 min
    (R-S1.2)."""
    total = minutes - goal_trial_minutes(ctx, frame, slots)
    return total <= novice_hard_cap(ctx, state) and long_min >= THIRTY_MIN - 1e-9


def week_minutes(ctx: Context, slots: list[Slot]) -> float:
    easy = ctx.profile.intensities.easy_speed
    total = 0.0
    for slot in slots:
        # The race itself is not training volume (R-G8 measures the taper without it).
        if slot.built is not None and slot.kind != "race":
            total += _built_seconds(slot.built, easy)
    return total / 60.0


def _built_seconds(built: BuiltSession, easy: float) -> float:
    return blocks_run_seconds(built.blocks, easy)


def pre_taper_long(ctx: Context, state: State) -> float:
    longs = [v for v, f in zip(state.long_history, ctx.frames, strict=False) if f.phase != "taper"]
    return longs[-1] if longs else state.long_min


def race_minutes(ctx: Context, slots: list[Slot]) -> float:
    easy = ctx.profile.intensities.easy_speed
    return sum(
        _built_seconds(s.built, easy) / 60.0
        for s in slots
        if s.kind == "race" and s.built is not None
    )


def goal_trial_minutes(ctx: Context, frame: WeekFrame, slots: list[Slot]) -> float:
    """The final time trial of a plan without a race date (its goal effort), in minutes.
    Like the race (left out of ``minutes`` already), it is not counted in R-G5's and
    R-G16's growth caps (docs/rule-choices.md): those caps govern training load."""
    if ctx.race_date is not None or frame.index != len(ctx.frames):
        return 0.0
    easy = ctx.profile.intensities.easy_speed
    trials = [s for s in slots if s.kind == "trial" and s.built is not None and s.cls == "long"]
    target = ctx.target_date.weekday()
    trials.sort(key=lambda s: s.day != target)
    built = trials[0].built if trials else None
    return _built_seconds(built, easy) / 60.0 if built is not None else 0.0


def taper_floor(ctx: Context, state: State, slots: list[Slot]) -> float:
    """The validator's taper floor (docs/rule-choices.md, R-G8): 30 min for a run that must
    stay ≥30 min, 20 min per quality session, time trial or race, 10 min per other run."""
    quality = sum(1 for s in slots if s.kind in ("quality", "trial", "race"))
    others = sum(1 for s in slots if s.kind in ("easy", "long"))
    floor = 20.0 * quality
    single = ctx.request.goal_type == GoalType.SINGLE_MILE
    holds = (ctx.novice and state.longest_so_far >= THIRTY_MIN) or (
        ctx.level == "experienced" and single
    )
    if holds and others:
        floor += THIRTY_MIN
        others -= 1
    return floor + 10.0 * others
