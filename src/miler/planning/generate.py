"""Generate a periodized mile plan that applies every training rule.

Public entry point: :func:`generate_plan`. The plan is built week by week:

1. assess the runner (R-G1 level, R-G3 current best, baseline, R-G20 goal, R-F2 realism);
2. frame the weeks (base, build, mile-specific, 2-week taper; lighter weeks; time trials);
3. lay the week on the available days (:mod:`miler.planning.schedule`);
4. pick each week's quality formats and reps (:mod:`miler.planning.progression`);
5. size the runs so weekly volume follows the level's limits (R-S1.4, R-G5, R-G8, R-G16).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from miler.errors import InvalidInputError
from miler.planning.assess import Profile, assess
from miler.planning.model import (
    WEEKDAYS,
    Athlete,
    GoalType,
    Plan,
    Session,
    Week,
)
from miler.planning.phases import MIN_WEEKS, TAPER_WEEKS, WeekFrame, frame_weeks
from miler.planning.progression import FormatPicker, Pick, blocks_run_seconds, long_run_cap_min
from miler.planning.request import PlanRequest
from miler.planning.schedule import DAY_INDEX, Skeleton, build_skeleton, strength_days
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

__all__ = ["generate_plan"]

DEFAULT_WEEKS: Final = 12
DEADLINE_WEEK: Final = 9
"""R-G5: a novice runs 30 min continuously by week min(9, plan length)."""
THIRTY_MIN: Final = 30.0
LONG_STEP_MIN: Final = 5.0
"""R-G5: the longest continuous run grows by at most 5 min a week."""
NOVICE_QUALITY_FROM_MIN: Final = 15.0
"""A novice starts short quality work once the long run reaches 15 min continuous."""
SPRINT_ROTATION: Final[tuple[Modality, ...]] = ("hill", "sled_push", "parachute", "sled_pull")
TAPER_SHARE: Final = 0.5
"""R-G8: taper weeks at 40-59% of the pre-taper volume; miler aims at 50%."""


# Sizing a week rebuilds its sessions several times; the builders are pure, so cache them.
quality_session = functools.lru_cache(maxsize=4096)(_quality_session)
easy_session = functools.lru_cache(maxsize=4096)(_easy_session)
strength_session = functools.lru_cache(maxsize=256)(_strength_session)


def _today(request: PlanRequest) -> dt.date:
    return request.today or dt.datetime.now(dt.UTC).date()


def _start(request: PlanRequest, today: dt.date) -> dt.date:
    if request.start_date is not None:
        return request.start_date
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def _n_weeks(request: PlanRequest, today: dt.date, start: dt.date) -> int:
    if request.race_date is not None:
        if request.race_date < today:
            raise InvalidInputError(
                f"the race date {request.race_date} is in the past (today is {today}); "
                "give a future date with --race-date YYYY-MM-DD"
            )
        if request.race_date < start:
            raise InvalidInputError(
                f"the race date {request.race_date} is before the plan starts ({start})"
            )
        weeks = (request.race_date - start).days // 7 + 1
    else:
        weeks = request.weeks or DEFAULT_WEEKS
    if weeks < MIN_WEEKS:
        raise InvalidInputError(
            f"{weeks} week(s) is too short: the {TAPER_WEEKS}-week taper (R-G8) needs at "
            f"least {MIN_WEEKS} weeks with one week of training; choose a later race date "
            "or more weeks"
        )
    return weeks


def _check_days(request: PlanRequest) -> tuple[int, ...]:
    days = tuple(sorted({DAY_INDEX[d] for d in request.days}))
    if not days:
        raise InvalidInputError("no training days: give at least 2, e.g. --days mon,thu")
    return days


@dataclass
class _State:
    """What the generator remembers from week to week."""

    picker: FormatPicker
    long_min: float
    volumes: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    """Weekly training run time for R-G5's and R-G16's caps: the goal effort (race, or a
    no-race plan's final time trial) left out (docs/rule-choices.md)."""
    long_history: list[float] = field(default_factory=list)
    run_counts: list[int] = field(default_factory=list)
    ran_last_day: bool = False
    """Whether last week's last day had a run (R-S7.2 across the week boundary)."""
    quality_counts: list[int] = field(default_factory=list)
    long_sessions: int = 0
    strength_count: int = 0
    reached_week: int | None = None
    mix_on: int | None = None
    """A novice's first week of the full R-S6.8 mix: the phase-in ends the week before,
    which is the plan's deadline week (docs/rule-choices.md)."""
    mix_trying: bool = False
    taper_short: bool = False
    taper_drop_easy: bool = False
    """A novice taper week over R-G5's cap lets its quality session replace an easy run."""
    """A taper week too full for its long session keeps a (shorter) short one instead."""
    last_trial: int | None = None
    longest_so_far: float = 0.0


@dataclass(frozen=True)
class _Context:
    request: PlanRequest
    profile: Profile
    skeleton: Skeleton
    frames: tuple[WeekFrame, ...]
    race_date: dt.date | None
    target_date: dt.date
    novice: bool
    n_quality_full: int
    familiarisation: int
    long_cap: float
    mix_start: int
    runs_full: int

    @property
    def level(self) -> str:
        return self.profile.level


def generate_plan(request: PlanRequest) -> Plan:
    """A periodized plan for ``request`` (see the module docstring for the steps).

    Raises :class:`~miler.errors.InvalidInputError` for no days, a race date in the past,
    too few weeks for the taper, or a goal faster than the world record; and
    :class:`~miler.errors.ImpossibleGoalError` for an unrealistic goal unless
    ``request.force``.
    """
    days = _check_days(request)
    today = _today(request)
    start = _start(request, today)
    n_weeks = _n_weeks(request, today, start)
    profile = assess(request, today, n_weeks)
    ctx = _context(request, profile, days, start, n_weeks)
    state = _State(
        picker=FormatPicker(
            track=request.equipment.track,
            familiar_ok=request.recent_intervals or profile.baseline.quality_per_week > 0,
            current_mile_s=profile.assessment.current_mile_s,
        ),
        long_min=request.longest_run_min,
        longest_so_far=request.longest_run_min,
    )
    weeks = [_build_week(ctx, state, frame) for frame in ctx.frames]
    return _assemble(ctx, state, weeks, today, start)


def _context(
    request: PlanRequest, profile: Profile, days: tuple[int, ...], start: dt.date, n_weeks: int
) -> _Context:
    novice = profile.level == "novice"
    baseline_q = profile.baseline.quality_per_week
    n_quality = 2
    if profile.level == "experienced" and baseline_q > 2:
        n_quality = min(3, math.ceil(baseline_q))
    if novice:
        runs = 3
    else:
        runs = max(3, min(6, round(request.runs_per_week)))
        runs = max(runs, n_quality + 1)
    preferred = DAY_INDEX[request.long_run_day] if request.long_run_day else None
    skeleton = build_skeleton(
        days, n_quality, runs, alternate_days=novice, preferred_long=preferred
    )
    long_cap = long_run_cap_min(
        profile.level, request.goal_type == GoalType.SINGLE_MILE, request.session_minutes
    )
    reach = _reach_week(request.longest_run_min, long_cap)
    # R-G16: from no recent quality work, one session in weeks 1-2. A novice's full mix
    # also waits for the 30-min run and for room under R-G5's caps (see _build_week).
    mix_start = 3 if baseline_q <= 0 else 1
    frames = frame_weeks(
        n_weeks,
        start,
        base_until=max(reach, 1) if novice else None,
        first_trial=max(mix_start, reach),
    )
    race_date = request.race_date
    target = race_date or _last_day(start, n_weeks, skeleton)
    fam = 0 if request.lifting_experience else 4
    return _Context(
        request=request,
        profile=profile,
        skeleton=skeleton,
        frames=tuple(frames),
        race_date=race_date,
        target_date=target,
        novice=novice,
        n_quality_full=n_quality,
        familiarisation=min(fam, max(0, n_weeks - TAPER_WEEKS)),
        long_cap=long_cap,
        mix_start=mix_start,
        runs_full=runs,
    )


def _reach_week(longest_min: float, cap: float) -> int:
    """The week the long run first reaches 30 min at +5 min a week (0: already)."""
    if longest_min >= THIRTY_MIN:
        return 0
    return math.ceil((THIRTY_MIN - longest_min) / LONG_STEP_MIN)


def _date_of(week_start: dt.date, day: int) -> dt.date:
    return week_start + dt.timedelta(days=(day - week_start.weekday()) % 7)


def _last_day(start: dt.date, n_weeks: int, skeleton: Skeleton) -> dt.date:
    """Without a race date the plan ends with a time trial on the week's last quality day."""
    week_start = start + dt.timedelta(weeks=n_weeks - 1)
    host = skeleton.quality[0] if skeleton.quality else skeleton.long
    return _date_of(week_start, host)


# --------------------------------------------------------------------------- week slots


@dataclass
class _Slot:
    day: int
    kind: Literal["quality", "long", "easy", "cross", "strength", "race", "trial"]
    cls: Literal["short", "long"] | None = None
    order: int = 0
    minutes: float = 0.0
    pick: Pick | None = None
    built: BuiltSession | None = None
    plyometrics: bool = True
    reps_used: int | None = None


def _quality_count(ctx: _Context, state: _State, frame: WeekFrame) -> int:
    if ctx.novice:
        if state.long_min < NOVICE_QUALITY_FROM_MIN and frame.phase != "taper":
            wanted = 0
        elif frame.index < ctx.mix_start or not _past_thirty(ctx, state, frame):
            wanted = 1
        else:
            wanted = ctx.n_quality_full
    else:
        wanted = 1 if frame.index < ctx.mix_start else ctx.n_quality_full
    if frame.phase == "taper" and state.quality_counts:
        # R-G8: frequency and intensity kept, at least one quality session a taper week
        # when the pre-taper weeks had one (a novice still without quality adds none).
        pre = [
            q
            for q, f in zip(state.quality_counts, ctx.frames, strict=False)
            if f.phase != "taper" and not f.deload
        ][-4:] or state.quality_counts[-1:]
        wanted = max(1, state.quality_counts[-1]) if any(pre) else 0
    # R-G16: at most one more quality session than any week two or more before.
    base = ctx.profile.baseline.quality_per_week
    history = [base, base, *state.quality_counts]
    allowed = max(history[: len(history) - 1]) + 1
    return int(min(wanted, allowed))


def _classes(
    ctx: _Context, frame: WeekFrame, n_quality: int, taper_short: bool = False
) -> list[Literal["short", "long"]]:
    if not n_quality:
        return []
    longs: list[Literal["short", "long"]] = ["long"] * (n_quality - 1)
    wanted: list[Literal["short", "long"]] = ["short", *longs]
    room = len(ctx.skeleton.quality)
    if frame.phase == "taper" and n_quality == 1 and frame.index < len(ctx.frames):
        # The first taper week keeps its long session when it keeps only one (R-G17 variety;
        # the race week has the race), unless that is too much volume (R-G8).
        return ["short"] if taper_short else ["long"]
    if n_quality <= room or (n_quality > 1 and frame.phase == "taper"):
        return wanted
    if room == 0:
        return []
    # Too few separable days: alternate the classes week by week (see the plan notes).
    if frame.index % 2 == 0:
        wanted = wanted[1:] + wanted[:1]
    return wanted[:room]


def _trial_now(ctx: _Context, state: _State, frame: WeekFrame) -> bool:
    """R-G20: a time trial every 4-6 weeks from the week the 30-min run is reached (R-G3),
    in a lighter week when one falls right, and the last one at most 6 weeks before the
    end; a plan without a race date ends with its own trial, so none in the 3 weeks
    before it."""
    if frame.phase == "taper" or not _may_time_trial(ctx, state):
        return False
    n = len(ctx.frames)
    last = state.last_trial
    if last is not None and frame.index - last < 4:
        return False
    final_trial = ctx.race_date is None
    if final_trial and n - frame.index < 4:
        return False
    if ctx.novice:
        # Counted from the end of the phase-in, the deadline week (R-G3, R-G20).
        if _in_phase_in(ctx, state, frame):
            return False
        start = max(1, (state.mix_on or frame.index) - 1)
    else:
        start = max(1, ctx.mix_start - 1)
    due = last + 6 if last is not None else start + 5
    # the last trial 4-6 weeks before the final one, or at most 6 weeks before the race
    closing = (last is None or n - last > 6) and frame.index >= n - 6
    return frame.index >= due or frame.deload or closing


def _in_phase_in(ctx: _Context, state: _State, frame: WeekFrame) -> bool:
    """R-G16 phase-in: short sessions only (novices until the 30-min run; others without
    recent quality, weeks 1-2)."""
    early = ctx.profile.baseline.quality_per_week <= 0 and frame.index <= 2
    if ctx.novice:
        return early or (state.mix_on is None and not state.mix_trying)
    return early


def _past_thirty(ctx: _Context, state: _State, frame: WeekFrame) -> bool:
    """R-G16: a novice gets the full mix from the week after the 30-min run is reached."""
    if ctx.request.longest_run_min >= THIRTY_MIN:
        return True
    return state.reached_week is not None and frame.index > state.reached_week


def _mix_fits(
    ctx: _Context,
    state: _State,
    frame: WeekFrame,
    slots: list[_Slot],
    minutes: float,
    long_min: float,
) -> bool:
    """Whether a novice's week holds the full mix within R-G5's caps: ≤30% over the weeks
    two or more before (the goal effort left out), and the continuous run kept at 30 min
    (R-S1.2)."""
    total = minutes - _goal_trial_minutes(ctx, frame, slots)
    return total <= _novice_hard_cap(state) and long_min >= THIRTY_MIN - 1e-9


def _slots(ctx: _Context, state: _State, frame: WeekFrame, n_quality: int) -> list[_Slot]:
    sk = ctx.skeleton
    slots: list[_Slot] = []
    classes = _classes(ctx, frame, n_quality, state.taper_short)
    if _in_phase_in(ctx, state, frame):
        classes = ["short" for _ in classes[:1]]  # R-G16: short sessions only, one a week
    for i, day in enumerate(sk.quality):
        if i < len(classes):
            slots.append(_Slot(day, "quality", classes[i]))
        elif day != sk.long:
            slots.append(_Slot(day, "easy"))
    slots.append(_Slot(sk.long, "long"))
    slots.extend(_Slot(day, "easy") for day in sk.easy)
    if _trial_now(ctx, state, frame):
        longs = [s for s in slots if s.kind == "quality" and s.cls == "long"]
        if not longs and not _in_phase_in(ctx, state, frame):
            longs = [s for s in slots if s.kind == "quality"]
        if longs:
            longs[-1].kind, longs[-1].cls = "trial", "long"
    return slots


def _place_race(ctx: _Context, slots: list[_Slot], week_start: dt.date) -> list[_Slot]:
    """The final week: the race (or the final time trial) on the target date, no quality or
    strength the day before, and runs after the race turned into easy recovery runs."""
    race_day = ctx.target_date.weekday()
    kind: Literal["race", "trial"] = "race" if ctx.race_date else "trial"
    out = [s for s in slots if s.day != race_day]
    main = _Slot(race_day, kind, "long")
    out.append(main)
    before = (race_day - 1) % 7
    race_offset = (ctx.target_date - week_start).days
    for s in out:
        if s is main:
            continue
        offset = (s.day - week_start.weekday()) % 7
        if s.kind in ("quality", "trial") and (s.day == before or offset > race_offset):
            s.kind, s.cls = "easy", None
    if not any(s.kind == "long" for s in out):
        _restore_long(ctx, out, week_start, race_offset, race_day)
    if len({s.day for s in out}) == 7:
        # The race took the rest day: the easy run after it (or before it) gives way (R-G19).
        easy = [s for s in out if s.kind == "easy"]
        easy.sort(key=lambda s: (s.day != (race_day + 1) % 7, s.day != before))
        if easy:
            out.remove(easy[0])
    return out


def _restore_long(
    ctx: _Context, out: list[_Slot], week_start: dt.date, race_offset: int, race_day: int
) -> None:
    """Keep the week's continuous run (R-S1.1, R-S1.2, R-G8) when the race took its day:
    an easy run before the race becomes it, else a free day before the race (not the day
    before), else it follows the last quality session before the race."""

    def offset(day: int) -> int:
        return (day - week_start.weekday()) % 7

    easy = [s for s in out if s.kind == "easy" and offset(s.day) < race_offset]
    if easy:
        easy[0].kind = "long"
        return
    used = {s.day for s in out}
    free = [d for d in ctx.skeleton.days if d not in used and offset(d) < race_offset - 1]
    if free:
        out.append(_Slot(free[0], "long"))
        return
    hosts = [s for s in out if s.kind == "quality" and offset(s.day) < race_offset]
    host = hosts[-1].day if hosts else race_day
    out.append(_Slot(host, "long", order=2))


def _may_time_trial(ctx: _Context, state: _State) -> bool:
    """R-G3: no time trial before the 30-min continuous run is reached."""
    return max(state.longest_so_far, ctx.request.longest_run_min) >= THIRTY_MIN


_RUN_KINDS: Final = ("quality", "long", "easy", "trial")


def _space_novice_runs(
    ctx: _Context, slots: list[_Slot], week_start: dt.date, ran_before: bool = False
) -> None:
    """R-S7.2 in a race week: a run next to the race (or on the first day when the last
    week ended with a run) moves to a free day away from other runs, else becomes easy
    cross-training."""
    race_day = ctx.target_date.weekday()
    near = {(race_day - 1) % 7, (race_day + 1) % 7}
    if all(d in near for d in ctx.skeleton.days):
        # Every training day is next to the race (docs/rule-choices.md): no other run
        # this week; its runs become easy cross-training (R-S7.2 wins over R-S1.2 here).
        crossed = {s.day for s in slots if s.kind == "cross"}
        for slot in list(slots):
            if slot.kind not in _RUN_KINDS:
                continue
            if slot.day in crossed:
                slots.remove(slot)
                continue
            slot.kind, slot.cls, slot.order = "cross", None, 0
            crossed.add(slot.day)
        return
    first = week_start.weekday()
    if ran_before:
        near.add(first)
    for slot in slots:
        if slot.kind not in _RUN_KINDS or slot.day not in near:
            continue
        runs = {s.day for s in slots if s.kind in (*_RUN_KINDS, "race") and s is not slot}
        free = [
            d
            for d in ctx.skeleton.days
            if d not in runs
            and (d - 1) % 7 not in runs
            and (d + 1) % 7 not in runs
            and not (ran_before and d == first)
        ]
        hosts = sorted(d for d in runs if d not in near and d != race_day)
        if free:
            slot.day = free[0]
        elif slot.kind != "long":
            slot.kind, slot.cls = "cross", None
        elif hosts:
            # the week's continuous run follows another run that day (R-S1.1 and R-S7.2)
            slot.day, slot.order = hosts[0], 2


def _add_cross(
    ctx: _Context, slots: list[_Slot], n_quality: int, taper: bool, phase_in: bool = False
) -> None:
    """R-S7.3, R-G18: when quality sessions exceed the baseline, one easy run a week becomes
    cross-training (experienced and intermediate runners, R-G1)."""
    if ctx.novice or n_quality <= ctx.profile.baseline.quality_per_week:
        return
    easy = [s for s in slots if s.kind == "easy"]
    # In the taper the running sessions stay (R-G8: frequency unchanged), and in the
    # phase-in weeks the running volume builds toward the full mix (R-G16): there the
    # cross-training is added to the week instead of replacing a run.
    if easy and not taper and not phase_in:
        easy[-1].kind = "cross"
        return
    used = {s.day for s in slots}
    free = [d for d in ctx.skeleton.days if d not in used]
    keep = _keep_free(ctx, slots)
    free = [d for d in free if d != keep]
    host = free[0] if free else ctx.skeleton.long
    slots.append(_Slot(host, "cross", order=3))


def _keep_free(ctx: _Context, slots: list[_Slot]) -> int | None:
    """The rest day to keep empty when every day of the week could hold a session (R-G19):
    all seven are training days, or the race falls on the one day that is not."""
    if len(set(ctx.skeleton.days) | {s.day for s in slots}) < 7:
        return None
    used = {s.day for s in slots if s.kind != "strength"}
    free = [d for d in range(7) if d not in used]
    if not free:
        return None
    after_long = (ctx.skeleton.long + 1) % 7
    return after_long if after_long in free else free[0]


def _add_strength(
    ctx: _Context, slots: list[_Slot], frame: WeekFrame, last_week: bool, week_start: dt.date
) -> None:
    count = 1 if frame.phase == "taper" else 2
    quality_days = set(ctx.skeleton.quality) | {
        s.day for s in slots if s.kind in ("quality", "trial", "race")
    }
    blocked: set[int] = set()
    if last_week:
        race_day = ctx.target_date.weekday()
        blocked = {race_day, (race_day - 1) % 7}
    keep = _keep_free(ctx, slots)
    for day, plyometrics in strength_days(
        ctx.skeleton, count, quality_days=quality_days, blocked=blocked, keep_free=keep
    ):
        slots.append(_Slot(day, "strength", order=5, plyometrics=plyometrics))


# --------------------------------------------------------------------------- sizing


def _easy_bounds(ctx: _Context, taper: bool, long_min: float) -> tuple[float, float]:
    # In the taper the runs stay (frequency unchanged, R-G8) but shrink to short shake-outs.
    low = 5.0 if ctx.novice or taper else 10.0
    high = max(low, min(ctx.request.session_minutes, long_min))
    return low, high


def _long_minutes(ctx: _Context, state: _State, frame: WeekFrame) -> float:
    previous = state.long_min
    cap = ctx.long_cap
    if frame.phase == "taper":
        # Keep the 30-min run (R-S1.2, R-G8) once reached; otherwise hold the longest.
        keep = THIRTY_MIN if _keeps_thirty(ctx) else 20.0
        return min(previous, keep) if state.longest_so_far >= THIRTY_MIN else previous
    if frame.deload:
        if previous < THIRTY_MIN:
            return previous
        return max(THIRTY_MIN, previous - LONG_STEP_MIN)
    if previous >= cap:
        return cap
    grown = min(cap, state.longest_so_far + LONG_STEP_MIN, previous + LONG_STEP_MIN)
    return max(grown, min(previous, cap))


def _keeps_thirty(ctx: _Context) -> bool:
    """R-S1.2 (novices, and test goals, R-S1.3) and R-G8 (experienced single mile) keep a
    continuous run of at least 30 min every week."""
    single = ctx.request.goal_type == GoalType.SINGLE_MILE
    return ctx.novice or (ctx.level == "experienced" and single)


def _novice_hard_cap(state: _State) -> float:
    """R-G5's own limit: 30% over the highest week two or more weeks back."""
    vols = state.totals
    return 1.295 * max(vols[:-1]) if len(vols) >= 2 else math.inf


def _growth_cap(ctx: _Context, state: _State, taper: bool = False) -> float:
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
        return high
    base = ctx.profile.baseline.weekly_run_min
    reference = max([base, *vols])
    return 1.09 * reference if reference > 0 else math.inf


def _baseline_ceiling(ctx: _Context) -> float:
    """R-S1.4: an experienced single-miler's week never goes over the baseline, race and
    time trial included (2% margin for the validator timing distance steps at their own
    targets)."""
    base = ctx.profile.baseline.weekly_run_min
    single = ctx.request.goal_type == GoalType.SINGLE_MILE
    if ctx.level == "experienced" and single and base > 0:
        return 0.98 * base
    return math.inf


def _volume_limits(ctx: _Context, state: _State, frame: WeekFrame) -> tuple[float, float, float]:
    """(low, target, high) weekly run time in minutes."""
    base = ctx.profile.baseline.weekly_run_min
    vols = state.volumes
    exp_single = (
        ctx.level == "experienced" and ctx.request.goal_type == GoalType.SINGLE_MILE and base > 0
    )
    if frame.phase == "taper":
        before = [
            v for v, f in zip(vols, ctx.frames, strict=False) if f.phase != "taper" and not f.deload
        ][-4:] or vols[-1:]
        ref = sum(before) / len(before)
        return 0.41 * ref, TAPER_SHARE * ref, 0.58 * ref
    high = math.inf
    if ctx.novice:
        # R-G5: ≤30% over any 2 weeks; growing ≤13.5% a week keeps every pair under it.
        if len(vols) >= 2:
            high = 1.29 * max(vols[:-1])
        if vols:
            high = min(high, 1.135 * max(vols))
    else:
        reference = max([base, *vols])
        if reference > 0:
            high = 1.09 * reference
    if exp_single:
        high = min(high, 0.995 * base)
    previous = vols[-1] if vols else base
    if frame.deload:
        target = 0.8 * previous
        high = min(high, previous)
        low = 0.0
    elif ctx.novice:
        target = math.inf
        low = 0.0
    elif frame.index < ctx.mix_start:
        # Phase-in weeks build toward the volume the full mix will need (R-G16: +10%/week).
        target = high
        low = 0.0
    else:
        peak = base * (1.0 if ctx.level == "intermediate" else 1.2)
        target = min(max(previous, base) * 1.06, max(peak, previous)) if base > 0 else math.inf
        low = 0.0
    if exp_single:
        target = min(target, 0.92 * base) if not frame.deload else target
        low = 0.82 * base if not frame.deload else 0.0
    return low, target, high


# --------------------------------------------------------------------------- building


def _quality_options(
    ctx: _Context,
    state: _State,
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


def _pick_quality(ctx: _Context, state: _State, frame: WeekFrame, slots: list[_Slot]) -> None:
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


def _lighten(ctx: _Context, state: _State, frame: WeekFrame, slots: list[_Slot]) -> None:
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


def _build_slots(
    ctx: _Context,
    state: _State,
    frame: WeekFrame,
    slots: list[_Slot],
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
    ctx: _Context, frame: WeekFrame, race: bool, quality_warm_s: float = 720.0
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


def _week_minutes(ctx: _Context, slots: list[_Slot]) -> float:
    easy = ctx.profile.intensities.easy_speed
    total = 0.0
    for slot in slots:
        # The race itself is not training volume (R-G8 measures the taper without it).
        if slot.built is not None and slot.kind != "race":
            total += _built_seconds(slot.built, easy)
    return total / 60.0


def _built_seconds(built: BuiltSession, easy: float) -> float:
    return blocks_run_seconds(built.blocks, easy)


def _build_week(ctx: _Context, state: _State, frame: WeekFrame) -> Week:
    n_quality = _quality_count(ctx, state, frame)
    wanted_long = _long_minutes(ctx, state, frame)
    if (
        ctx.novice
        and state.mix_on is None
        and frame.phase != "taper"
        and n_quality >= ctx.n_quality_full
    ):
        # R-G16/R-S6.8: the phase-in ends (the deadline week, R-G5) only when the full mix
        # fits R-G5's caps; until then one short session a week while the volume builds.
        state.mix_trying = True
        slots, minutes, long_min, over = _try_week(ctx, state, frame, n_quality)
        state.mix_trying = False
        if _mix_fits(ctx, state, frame, slots, minutes, long_min):
            state.mix_on = frame.index
            return _finish_week(ctx, state, frame, slots, minutes, long_min)
        n_quality = 1
    kept: tuple[list[_Slot], float, float] | None = None
    while True:
        slots, minutes, long_min, over = _try_week(ctx, state, frame, n_quality)
        # Before the 30-min run a novice's long run comes first (R-S1.2, R-G5): quality
        # (optional then, R-G16) waits when it would hold the long run back.
        before_thirty = ctx.novice and state.longest_so_far < THIRTY_MIN
        taper = frame.phase == "taper"
        if before_thirty and not taper and n_quality > 0 and long_min < wanted_long - 1e-9:
            n_quality -= 1
            continue
        # A novice whose volume cannot absorb a quality session yet builds the base first
        # (R-G5's 30% cap wins over starting speed work). The taper keeps its intensity
        # with one quality session when two would hold too much volume (R-G8: 40-59%);
        # the other becomes a short easy run.
        total = minutes - _goal_trial_minutes(ctx, frame, slots)
        hard = total > _novice_hard_cap(state) if ctx.novice and not before_thirty else over
        novice_over = ctx.novice and hard and n_quality > 0 and not taper
        novice_over = novice_over and state.mix_on is None
        # R-G8: every taper week keeps at least one quality session (intensity kept).
        taper_over = taper and over and n_quality > 1
        if taper and over and n_quality == 1 and not state.taper_short:
            state.taper_short = True
            continue
        if taper and over and ctx.novice and not state.taper_drop_easy:
            state.taper_drop_easy = True
            kept = (slots, minutes, long_min)
            continue
        if state.taper_drop_easy and kept is not None:
            # Dropping the easy run must not cut the week under R-G8's 40% floor.
            low = _volume_limits(ctx, state, frame)[0]
            if minutes < low <= kept[1]:
                slots, minutes, long_min = kept
                break
        if not (novice_over or taper_over):
            break
        n_quality -= 1
    state.taper_short = False
    state.taper_drop_easy = False
    return _finish_week(ctx, state, frame, slots, minutes, long_min)


def _pre_taper_long(ctx: _Context, state: _State) -> float:
    longs = [v for v, f in zip(state.long_history, ctx.frames, strict=False) if f.phase != "taper"]
    return longs[-1] if longs else state.long_min


def _race_minutes(ctx: _Context, slots: list[_Slot]) -> float:
    easy = ctx.profile.intensities.easy_speed
    return sum(
        _built_seconds(s.built, easy) / 60.0
        for s in slots
        if s.kind == "race" and s.built is not None
    )


def _goal_trial_minutes(ctx: _Context, frame: WeekFrame, slots: list[_Slot]) -> float:
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


def _taper_floor(ctx: _Context, state: _State, slots: list[_Slot]) -> float:
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


def _try_week(
    ctx: _Context, state: _State, frame: WeekFrame, n_quality: int
) -> tuple[list[_Slot], float, float, bool]:
    slots = _slots(ctx, state, frame, n_quality)
    last = frame.index == len(ctx.frames)
    if last and (ctx.race_date is not None or _may_time_trial(ctx, state)):
        slots = _place_race(ctx, slots, frame.start)
        if ctx.novice and frame.index <= DEADLINE_WEEK:
            _space_novice_runs(ctx, slots, frame.start, state.ran_last_day)
    _add_cross(
        ctx,
        slots,
        sum(1 for s in slots if s.kind in ("quality", "trial", "race")),
        frame.phase == "taper",
        frame.index < ctx.mix_start,
    )
    if frame.phase == "taper" and state.taper_drop_easy and state.run_counts:
        # The taper's quality session (R-G8) takes an easy run's place rather than adding
        # a run, so a small novice week stays within R-G5's 30% (frequency unchanged).
        easy = [s for s in slots if s.kind == "easy"]
        runs = sum(1 for s in slots if s.kind in _RUN_KINDS or s.kind == "race")
        if easy and runs > state.run_counts[-1]:
            slots.remove(easy[-1])
    _add_strength(ctx, slots, frame, last, frame.start)
    _pick_quality(ctx, state, frame, slots)
    long_min = _long_minutes(ctx, state, frame)
    low, target, high = _volume_limits(ctx, state, frame)
    growth = _growth_cap(ctx, state, frame.phase == "taper")
    ceiling = _baseline_ceiling(ctx)
    taper = frame.phase == "taper"

    def cap() -> float:
        # (3% margin: the validator times distance steps at their own targets)
        limit = max(high, 0.97 * _taper_floor(ctx, state, slots) - 0.5) if taper else high
        # The goal effort (race, or a no-race plan's final time trial) is not in R-G5's or
        # R-G16's growth caps; R-S1.4's baseline still counts the race (conservatively).
        goal = _goal_trial_minutes(ctx, frame, slots)
        return min(limit, growth + goal, ceiling - _race_minutes(ctx, slots))

    def over(m: float) -> bool:
        return m > cap()

    easy_low, easy_high = _easy_bounds(ctx, taper, long_min)
    n_easy = sum(1 for s in slots if s.kind == "easy")
    warm, cool = (600.0, 480.0) if ctx.novice else (720.0, 600.0)
    if taper:
        warm, cool = 600.0, 300.0
    knobs = _Knobs(easy=easy_low, long=long_min, warm=warm, cool=cool, rep_cut=0)
    if ctx.novice:
        knobs.easy = max(easy_low, min(easy_high, 0.6 * long_min))

    def build() -> float:
        if knobs.light:
            _lighten(ctx, state, frame, slots)
        easy = [s for s in slots if s.kind == "easy"]
        while knobs.crossed < knobs.cross_easy and easy:
            easy.pop().kind = "cross"
            knobs.crossed += 1
        _build_slots(
            ctx,
            state,
            frame,
            slots,
            easy_min=knobs.easy,
            long_min=knobs.long,
            warm=knobs.warm,
            cool=knobs.cool,
            rep_cut=knobs.rep_cut,
            walk=knobs.walk,
        )
        return _week_minutes(ctx, slots)

    minutes = build()
    if n_easy and math.isfinite(target) and minutes < target:
        knobs.easy = min(easy_high, max(easy_low, knobs.easy + (target - minutes) / n_easy))
        minutes = build()
    if n_easy and minutes < low:
        knobs.easy = min(easy_high, knobs.easy + (low - minutes) / n_easy)
        minutes = build()
    if minutes < low and knobs.long < state.long_min:
        knobs.long = min(state.long_min, knobs.long + (low - minutes))
        minutes = build()
    longest = max(state.longest_so_far, ctx.request.longest_run_min) + LONG_STEP_MIN
    if minutes < low and not taper and not ctx.novice and knobs.long < longest:
        # R-G8's 80% floor when the cross-training (R-S7.3) took the easy run: the
        # continuous run may grow by up to 5 min over the athlete's longest.
        knobs.long = min(longest, knobs.long + (low - minutes))
        minutes = build()
    if minutes < low and taper and knobs.long < _pre_taper_long(ctx, state):
        # R-G8's 40% floor: the continuous run may stay up to its pre-taper length.
        knobs.long = min(_pre_taper_long(ctx, state), knobs.long + (low - minutes))
        minutes = build()
    if minutes < low:
        knobs.warm, knobs.cool = 900.0, 900.0
        minutes = build()
    n_easy = sum(1 for s in slots if s.kind == "easy")
    if n_easy and over(minutes) and knobs.easy > easy_low:
        # Shorten the easy runs just enough (the volume keeps building toward the caps).
        knobs.easy = max(easy_low, knobs.easy - (minutes - cap()) / n_easy - 0.2)
        minutes = build()
    for trim in _trims(ctx, state, frame, knobs, easy_low):
        if not over(minutes):
            break
        trim()
        minutes = build()
    for _ in range(3):
        # The trims cut in steps: give easy running back up to the week's floor (R-G8 80%).
        if not n_easy or minutes >= low or knobs.easy >= easy_high:
            break
        before = knobs.easy
        knobs.easy = min(easy_high, knobs.easy + (low - minutes) / n_easy + 0.2)
        minutes = build()
        if over(minutes):
            knobs.easy = (before + knobs.easy) / 2
            minutes = build()
            if over(minutes):
                knobs.easy = before
                minutes = build()
                break
    if minutes < low and (taper or not ctx.novice) and not over(minutes):
        # The same for the taper's continuous run (R-G8's 40% floor, race weeks under the
        # growth caps): back up toward the floor without passing the cap.
        before = knobs.long
        knobs.long = knobs.long + (low - minutes) + 0.3
        minutes = build()
        if over(minutes):
            knobs.long = before + max(0.0, cap() - (minutes - (knobs.long - before))) * 0.9
            minutes = build()
            if over(minutes):
                knobs.long = before
                minutes = build()
    elif minutes < low and taper and over(minutes):
        # Over the growth cap even at its shortest (a race week at very low volume): the
        # taper's 40% floor (R-G8) is the bound that can still be met.
        knobs.long = knobs.long + (low - minutes) + 0.3
        minutes = build()
    return slots, minutes, knobs.long, over(minutes)


@dataclass
class _Knobs:
    easy: float
    long: float
    warm: float
    cool: float
    rep_cut: int
    walk: bool = False
    light: bool = False
    cross_easy: int = 0
    crossed: int = 0
    """Pick the lightest long format (repeats) when the week is over its volume limit."""


def _trims(
    ctx: _Context, state: _State, frame: WeekFrame, knobs: _Knobs, easy_low: float
) -> list[Callable[[], None]]:
    """Ways to shorten a week that is over its volume limit, gentlest first."""

    def easy_down() -> None:
        knobs.easy = max(easy_low, knobs.easy * 0.8)

    def easy_min() -> None:
        knobs.easy = easy_low

    def warm_down() -> None:
        knobs.warm, knobs.cool = 600.0, 300.0

    def long_down() -> None:
        # Novices and experienced single-milers keep a 30-min run once reached (R-S1.2,
        # R-G8); others keep 20 min. Below 30 a novice's run shortens only in taper and
        # lighter weeks (R-S1.1 excepts them).
        lighter = frame.phase == "taper" or frame.deload
        keep = THIRTY_MIN if _keeps_thirty(ctx) else 10.0 if frame.phase == "taper" else 15.0
        below = max(5.0, state.long_min - LONG_STEP_MIN) if lighter else knobs.long
        floor = keep if state.longest_so_far >= THIRTY_MIN else below
        knobs.long = max(min(floor, knobs.long), knobs.long - LONG_STEP_MIN)

    def reps_down() -> None:
        knobs.rep_cut += 1

    def walk_between() -> None:
        knobs.walk = True

    def long_hold() -> None:
        # Growth of the long run waits for the volume (R-G5 moves the deadline instead).
        if knobs.long > state.long_min:
            knobs.long = max(state.long_min, knobs.long - 1.0)

    def lighter() -> None:
        knobs.light = True

    def long_short() -> None:
        # Last resort when a quality session is added (R-G16: +10% a week at most): a runner
        # who need not hold a 30-min run pays for it with a shorter continuous run, kept
        # at 5 min so every week still has continuous easy running (R-S1.1).
        free = not _keeps_thirty(ctx) and ctx.request.longest_run_min >= THIRTY_MIN
        # In the taper a run not yet held at 30 min may shorten too (R-S1.1 excepts it).
        tapering = frame.phase == "taper" and state.longest_so_far < THIRTY_MIN
        if free or tapering:
            knobs.long = max(5.0, knobs.long - 3.0)

    def easy_to_cross() -> None:
        # An easy run becomes easy cross-training: the aerobic work stays, the running
        # volume drops (R-G18 modes; never in the taper, whose frequency is kept, R-G8).
        if frame.phase != "taper":
            knobs.cross_easy += 1

    return [
        easy_down,
        easy_down,
        easy_min,
        walk_between,
        *([long_hold] * 5),
        warm_down,
        *([long_down] * 6),
        easy_to_cross,
        lighter,
        easy_to_cross,
        reps_down,
        reps_down,
        reps_down,
        easy_to_cross,
        *([long_short] * 4),
        easy_to_cross,
        *([long_short] * 3),
    ]


def _finish_week(
    ctx: _Context,
    state: _State,
    frame: WeekFrame,
    slots: list[_Slot],
    minutes: float,
    long_min: float,
) -> Week:
    sessions: list[Session] = []
    quality = 0
    by_day: dict[int, list[_Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.day, []).append(slot)
    rank = {"quality": 0, "trial": 0, "race": 0, "long": 2, "easy": 2, "cross": 3, "strength": 5}
    used_ids: set[str] = set()
    for day in sorted(by_day, key=lambda d: (d - frame.start.weekday()) % 7):
        date = _date_of(frame.start, day)
        for order, slot in enumerate(
            sorted(by_day[day], key=lambda s: (rank[s.kind], s.cls or ""))
        ):
            built = slot.built
            assert built is not None
            sid = f"{date.isoformat()}-{built.format}"
            while sid in used_ids:
                sid += "-2"
            used_ids.add(sid)
            new = bool(slot.pick and slot.pick.new)
            if slot.kind in ("quality", "trial", "race"):
                quality += 1
            if slot.kind == "quality" and slot.pick is not None and slot.cls is not None:
                used = slot.pick
                if slot.reps_used is not None:
                    used = Pick(used.format, slot.reps_used, used.occurrence, used.new)
                state.picker.commit(used, frame.index, slot.cls)
                if slot.cls == "long":
                    state.long_sessions += 1
            if slot.kind == "trial":
                state.last_trial = frame.index
            if slot.kind == "trial" and "time_trial" not in state.picker.introduced:
                new = True
                state.picker.introduced.add("time_trial")
            if slot.kind == "strength":
                state.strength_count += 1
            sessions.append(
                built.to_session(
                    session_id=sid,
                    date=date,
                    week=frame.index,
                    day=WEEKDAYS[day],
                    order=order,
                    new_format=new,
                )
            )
    state.volumes.append(minutes)
    state.totals.append(minutes - _goal_trial_minutes(ctx, frame, slots))
    state.quality_counts.append(quality)
    last_day = (frame.start.weekday() + 6) % 7
    state.ran_last_day = any(s.kind in _RUN_KINDS and s.day == last_day for s in slots)
    state.run_counts.append(sum(1 for s in slots if s.kind in _RUN_KINDS or s.kind == "race"))
    state.long_min = long_min
    state.long_history.append(long_min)
    state.longest_so_far = max(state.longest_so_far, long_min)
    if state.reached_week is None and long_min >= THIRTY_MIN:
        state.reached_week = frame.index
    notes = []
    if frame.deload:
        notes.append("lighter week: less running, same quality")
    if frame.time_trial:
        notes.append("time trial week (R-G20)")
    return Week(
        index=frame.index,
        start_date=frame.start,
        phase=frame.phase,
        deload=frame.deload,
        sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.order))),
        notes="; ".join(notes),
    )


def _assemble(
    ctx: _Context, state: _State, weeks: list[Week], today: dt.date, start: dt.date
) -> Plan:
    from importlib.metadata import version

    request, profile = ctx.request, ctx.profile
    notes = list(profile.notes)
    notes.extend(ctx.skeleton.doubles)
    deadline: int | None = None
    if ctx.novice:
        default = min(DEADLINE_WEEK, len(weeks))
        reached = state.reached_week
        if reached is None or reached > default:
            deadline = reached if reached is not None else len(weeks) + 1
            notes.append(
                f"the 30-min continuous run moves from week {default} to week {deadline}: "
                "the long run grows by at most 5 min a week from "
                f"{request.longest_run_min:g} min (R-G5)"
            )
        else:
            # The phase-in ends at the deadline week and the full mix follows (R-G16,
            # R-S6.8; docs/rule-choices.md): the week before the mix starts, or after the
            # last training week when it never fits R-G5's caps.
            training = [f.index for f in ctx.frames if f.phase != "taper"]
            last_training = training[-1] if training else 0
            end = state.mix_on - 1 if state.mix_on is not None else last_training + 1
            deadline = max(reached, end, 1)
            if deadline > default:
                why = (
                    f"the full mix of quality sessions only fits R-G5's 30%-in-2-weeks cap "
                    f"from week {state.mix_on}"
                    if state.mix_on is not None
                    else "the full mix of quality sessions never fits R-G5's 30%-in-2-weeks "
                    "cap before the taper, so this plan keeps one short session a week"
                )
                notes.append(
                    f"the 30-min run deadline (R-G5) moves from week {default} to week "
                    f"{deadline}, ending the phase-in there (R-G16): {why}"
                )
    if ctx.familiarisation:
        notes.append(
            f"strength: {ctx.familiarisation} weeks of familiarisation at 8-12 reps, then heavy "
            "sets of 3-6 (R-G9)"
        )
    athlete = Athlete(
        name=request.name,
        age=request.age,
        sex=request.sex,
        level=profile.level,  # type: ignore[arg-type]
        months_running=request.months_running,
        runs_per_week=request.runs_per_week,
        longest_run_min=request.longest_run_min,
        recent_intervals=request.recent_intervals,
        lifting_experience=request.lifting_experience,
        body_mass_kg=request.body_mass_kg,
        hr_max_bpm=request.hr_max_bpm,
        days=tuple(WEEKDAYS[d] for d in ctx.skeleton.days),
        long_run_day=request.long_run_day,
        session_minutes=request.session_minutes,
        equipment=request.equipment,
        cross_training=request.cross_training,
    )
    try:
        miler_version = version("miler")
    except Exception:
        miler_version = "0+unknown"
    return Plan(
        miler_version=miler_version,
        created=today,
        start_date=start,
        athlete=athlete,
        baseline=profile.baseline,
        goal=profile.goal,
        assessment=profile.assessment,
        paces=profile.paces,
        deadline_week=deadline,
        familiarisation_weeks=ctx.familiarisation,
        weeks=tuple(weeks),
        notes=tuple(notes),
    )
