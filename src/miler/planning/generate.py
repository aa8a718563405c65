"""Generate a periodized mile plan that applies every training rule.

Public entry point: :func:`generate_plan`. The plan is built week by week:

1. assess the runner (R-G1 level, R-G3 current best, baseline, R-G20 goal, R-F2 realism);
2. frame the weeks (base, build, mile-specific, 2-week taper; lighter weeks; time trials);
3. lay the week on the available days (:mod:`miler.planning.schedule`);
4. pick each week's quality formats and reps (:mod:`miler.planning.progression`);
5. size the runs so weekly volume follows the level's limits (R-S1.4, R-G5, R-G8, R-G16).

This module holds the request checks, the week loop (try a week, trim it until it fits its
volume limits, record it) and the plan's assembly. A try lays the week out with the steps of
``_LAYOUT`` and sizes it with the adjustments of ``_SIZING``, each a small function tagged
with the rule ids it serves, applied in order. The parts it calls:
:mod:`miler.planning.context` (the per-plan context and week-to-week state),
:mod:`miler.planning.slots` (which days get which session),
:mod:`miler.planning.volume` (minutes and volume limits) and
:mod:`miler.planning.sessions` (quality picks and building each session).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final

from miler.errors import ImpossibleGoalError, InvalidInputError
from miler.plan.model import (
    WEEKDAYS,
    Athlete,
    Plan,
    Session,
    Week,
)
from miler.plan.request import MAX_WEEKS, PlanRequest
from miler.planning.assess import assess
from miler.planning.context import (
    LONG_STEP_MIN,
    RETURN_SETTLE_WEEKS,
    THIRTY_MIN,
    Context,
    State,
    context,
    date_of,
)
from miler.planning.goal_pace import week_reference
from miler.planning.phases import MIN_WEEKS, TAPER_WEEKS, WeekFrame
from miler.planning.progression import FormatPicker, Pick
from miler.planning.rules.coach_volume import (
    FULL_COOL_DOWN_S,
    FULL_WARM_UP_S,
    LIGHTER_FLOOR,
    LONG_SHARE_FREE_MIN,
    LONG_SHARE_RUNS,
    LONG_SHARE_TIMES,
    measure_build,
)
from miler.planning.schedule import DAY_INDEX
from miler.planning.sessions import (
    build_slots,
    check_session_minutes,
    lighten,
    pick_quality,
    session_seconds,
)
from miler.planning.slots import (
    RUN_KINDS,
    Slot,
    add_cross,
    add_strength,
    clear_goal_eve,
    goal_eve,
    may_time_trial,
    place_race,
    quality_count,
    quiet_after_goal,
    space_novice_runs,
    week_slots,
)
from miler.planning.volume import (
    MIN_RUN_MIN,
    baseline_ceiling,
    easy_bounds,
    experienced_single_miler,
    goal_trial_minutes,
    growth_cap,
    keeps_thirty,
    lighter_cap,
    long_minutes,
    long_run_most,
    mix_fits,
    novice_hard_cap,
    pre_taper_long,
    race_minutes,
    returning,
    taper_floor,
    volume_limits,
    week_bound,
    week_minutes,
)
from miler.units import GPS_PACE_TOLERANCE

__all__ = ["KeptWeeks", "generate_checked_plan", "generate_plan"]

DEFAULT_WEEKS: Final = 12
DEADLINE_WEEK: Final = 9
"""R-G5: a novice runs 30 min continuously by week min(9, plan length)."""


def _today(request: PlanRequest) -> dt.date:
    """The request's date: the use case that makes a plan dates it (the domain never reads the
    clock). Without one, a request with a start date is taken as made on that day; a request
    with neither cannot be planned."""
    if request.today is not None:
        return request.today
    if request.start_date is not None:
        return request.start_date
    raise InvalidInputError(
        "the plan request has no date: give today's date (PlanRequest.today) or a start date, "
        "or make the plan through miler.services.plan.make_plan, which dates it"
    )


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
        if weeks > MAX_WEEKS:
            raise InvalidInputError(
                f"the race date {request.race_date} is {weeks} weeks after the plan starts "
                f"({start}); plans run at most {MAX_WEEKS} weeks: plan for a nearer race, or "
                "start later with --start-date"
            )
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
    if len(days) == 1:
        raise InvalidInputError(
            f"one training day ({WEEKDAYS[days[0]]}) cannot hold a week of mile training: "
            "a short and a long quality session on days apart (R-S6.8, R-G19) and a rest "
            "day; give at least 2 days that are not next to each other, e.g. --days mon,thu"
        )
    if len(days) == 2 and (days[1] - days[0]) % 7 in (1, 6):
        raise InvalidInputError(
            f"two neighbouring days ({WEEKDAYS[days[0]]}, {WEEKDAYS[days[1]]}) cannot hold a "
            "short and a long quality session without hard days back to back (R-S6.8, "
            "R-G19); choose days apart, e.g. --days mon,thu, or add a day"
        )
    return days


def generate_plan(
    request: PlanRequest,
    *,
    plan_id: str | None = None,
    athlete_id: str | None = None,
    kept: KeptWeeks | None = None,
) -> Plan:
    """A periodized plan for ``request`` (see the module docstring for the steps).

    ``plan_id`` and ``athlete_id`` name the plan and its runner (the use case that makes a new
    plan passes fresh ids); without them both derive from the request, so the same request
    gives the same plan, byte for byte. ``kept``: a re-plan's kept weeks, which the week
    after them continues from (R-G5, R-G16, C-6, R-G20) rather than from the weeks the
    generator would have written.

    Raises :class:`~miler.errors.InvalidInputError` for no days, a race date in the past,
    too few weeks for the taper, or a goal faster than the world record; and
    :class:`~miler.errors.ImpossibleGoalError` for an unrealistic goal unless
    ``request.force``. The plan is not validated here: :func:`generate_checked_plan` is
    the one to hand to a runner.
    """
    days = _check_days(request)
    today = _today(request)
    start = _start(request, today)
    n_weeks = _n_weeks(request, today, start)
    profile = assess(request, today, n_weeks)
    ctx = context(request, profile, days, start, n_weeks)
    state = State(
        picker=FormatPicker(
            track=request.equipment.track,
            familiar_ok=request.recent_intervals or profile.baseline.quality_per_week > 0,
            current_mile_s=profile.assessment.current_mile_s,
        ),
        long_min=request.longest_run_min,
        longest_so_far=request.longest_run_min,
    )
    check_session_minutes(ctx, state)
    weeks = []
    for frame in ctx.frames:
        if kept is not None and frame.index == len(kept.running_min) + 1:
            n = len(kept.running_min)
            state.totals[:n] = state.volumes[:n] = kept.running_min
            state.last_trial = kept.last_trial
        restart = ctx.restarted(frame.index)
        if restart is not None and frame.index == restart.week:
            # C-11: the return's long run starts from the runner's recent longest and
            # grows by R-G5's 5 min a week.
            state.long_min = state.longest_so_far = restart.longest_run_min
        if restart is not None and frame.index < restart.week + RETURN_SETTLE_WEEKS:
            # C-11: the return's first weeks load (the break was the rest), no time trial
            frame = dataclasses.replace(frame, deload=False)
        weeks.append(_build_week(ctx, state, frame))
    ids = _identity(request, plan_id, athlete_id)
    return _assemble(ctx, state, weeks, today, start, ids)


def generate_checked_plan(
    request: PlanRequest, *, plan_id: str | None = None, athlete_id: str | None = None
) -> Plan:
    """:func:`generate_plan`, then the validator's verdict: a plan that breaks a rule is
    refused, never handed out (issue 11: a schedule that cannot hold the rules is refused
    or explained, never emitted silently). The validator is independent of this module.

    Raises what :func:`generate_plan` raises, and
    :class:`~miler.errors.ImpossibleGoalError` naming the first rule the plan would break.
    """
    from miler.planning.validate import validate_plan

    plan = generate_plan(request, plan_id=plan_id, athlete_id=athlete_id)
    failures = validate_plan(plan).failures
    if failures:
        first = failures[0]
        others = f" (and {len(failures) - 1} more rule(s))" if len(failures) > 1 else ""
        raise ImpossibleGoalError(
            f"miler cannot yet build a plan for this request that keeps rule {first.rule}"
            f"{others}: {first.reason.split('; ')[0]}. Try more training days, more weeks, "
            f"a longer session length or a nearer goal; 'miler rules {first.rule}' explains "
            "the rule"
        )
    return plan


@dataclass(frozen=True)
class KeptWeeks:
    """A re-plan's kept weeks, as the rebuilt weeks continue from them: each week's running
    in minutes (the goal effort left out) and the last week holding a time trial."""

    running_min: tuple[float, ...]
    last_trial: int | None


FULL_MIX_SESSIONS: Final = 2
"""R-S6.8: the full mix is a short and a long quality session, at least."""


def _build_week(ctx: Context, state: State, frame: WeekFrame) -> Week:
    n_quality = quality_count(ctx, state, frame)
    wanted_long = long_minutes(ctx, state, frame)
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
        if mix_fits(ctx, state, frame, slots, minutes, long_min):
            state.mix_on = frame.index
            return _finish_week(ctx, state, frame, slots, minutes, long_min)
        n_quality = 1
    if (
        ctx.restarted(frame.index) is not None
        and state.return_mix is None
        and frame.phase != "taper"
        and frame.index >= ctx.mix_start_at(frame.index)
        and n_quality >= FULL_MIX_SESSIONS
    ):
        # C-11: the return's phase-in ends once the full mix fits R-G16's 10% growth with
        # the return's 30-min run; until then one short session a week.
        state.mix_trying = True
        slots, minutes, long_min, over = _try_week(ctx, state, frame, n_quality)
        state.mix_trying = False
        if not over:
            state.return_mix = frame.index
            return _finish_week(ctx, state, frame, slots, minutes, long_min)
        n_quality = 1
    kept: tuple[list[Slot], float, float] | None = None
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
        total = minutes - goal_trial_minutes(ctx, frame, slots)
        hard = total > novice_hard_cap(ctx, state) if ctx.novice and not before_thirty else over
        novice_over = ctx.novice and hard and n_quality > 0 and not taper
        novice_over = novice_over and state.mix_on is None
        # R-G8: every taper week keeps at least one quality session (intensity kept).
        # In the goal effort's week the race or final time trial keeps the intensity (R-G8,
        # docs/rule-choices.md 2), so its last quality session may go too.
        goal_week = frame.index == len(ctx.frames) and (
            ctx.race_date is not None or may_time_trial(ctx, state)
        )
        taper_over = taper and over and n_quality > (0 if goal_week else 1)
        if taper and over and n_quality == 1 and not state.taper_short:
            state.taper_short = True
            continue
        if taper and over and ctx.novice and not state.taper_drop_easy:
            state.taper_drop_easy = True
            kept = (slots, minutes, long_min)
            continue
        if state.taper_drop_easy and kept is not None:
            # Dropping the easy run must not cut the week under R-G8's 40% floor.
            low = volume_limits(ctx, state, frame)[0]
            if minutes < low <= kept[1]:
                slots, minutes, long_min = kept
                break
        if not (novice_over or taper_over):
            break
        n_quality -= 1
    state.taper_short = False
    state.taper_drop_easy = False
    if frame.deload and _under_lighter_floor(
        ctx, state, minutes - goal_trial_minutes(ctx, frame, slots)
    ):
        # C-6 keeps an experienced single-miler's lighter week at R-G8's 80% of the
        # baseline; when the lighter week's sessions cannot hold that (few days, the long
        # run at its C-7 cap), the week is built as a loading week instead, unlabelled.
        loading = dataclasses.replace(frame, deload=False)
        again, again_min, again_long, again_over = _try_week(ctx, state, loading, n_quality)
        again_total = again_min - goal_trial_minutes(ctx, loading, again)
        if not again_over and not _under_lighter_floor(ctx, state, again_total):
            frame, slots, minutes, long_min = loading, again, again_min, again_long
    return _finish_week(ctx, state, frame, slots, minutes, long_min)


def _under_lighter_floor(ctx: Context, state: State, total: float) -> bool:
    """Whether an experienced single-miler's week of ``total`` minutes falls under the 80%
    of the baseline that C-6 keeps in their lighter weeks (R-G8); never in a restart's
    return, which is still growing back to it (C-11)."""
    base = ctx.profile.baseline.weekly_run_min
    floor = experienced_single_miler(ctx) and not returning(ctx, state)
    return floor and total < LIGHTER_FLOOR * base


def _try_week(
    ctx: Context, state: State, frame: WeekFrame, n_quality: int
) -> tuple[list[Slot], float, float, bool]:
    """One try at a week with ``n_quality`` quality sessions: its days laid out by the
    steps of :data:`_LAYOUT`, then its runs sized by the adjustments of :data:`_SIZING`,
    each in order. Returns the slots, the week's minutes, the continuous run's minutes and
    whether the week is still over its cap."""
    slots = week_slots(ctx, state, frame, n_quality)
    for lay_out in _LAYOUT:
        slots = lay_out(ctx, state, frame, slots)
    week = _Sizing.start(ctx, state, frame, slots)
    for adjust in _SIZING:
        adjust(week)
    return week.slots, week.minutes, week.knobs.long, week.over(week.minutes)


# --- laying the week out: which day holds what ------------------------------------------


def _place_goal_effort(
    ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]
) -> list[Slot]:
    """R-G20, R-G8, R-G5: the last week holds the race (or a no-race plan's final time
    trial) on its date; a novice's runs around it keep their rest days until the deadline
    week."""
    last = frame.index == len(ctx.frames)
    if last and (ctx.race_date is not None or may_time_trial(ctx, state)):
        slots = place_race(ctx, slots, frame.start)
        if ctx.novice and frame.index <= DEADLINE_WEEK:
            space_novice_runs(ctx, slots, frame.start, state.ran_last_day)
    return slots


def _clear_goal_eve(ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> list[Slot]:
    """R-G19, R-S7.2, R-G5: a goal effort on its week's first day: its eve ends this week,
    so no quality session there (a novice's runs keep their rest days)."""
    eve = goal_eve(ctx, frame.start)
    if eve is not None:
        clear_goal_eve(ctx, slots, frame.start)
        if ctx.novice and frame.index < DEADLINE_WEEK:
            space_novice_runs(ctx, slots, frame.start, state.ran_last_day, near={eve})
    return slots


def _add_cross_training(
    ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]
) -> list[Slot]:
    """R-S7.3, R-G18: an easy run becomes cross-training when quality exceeds the baseline."""
    add_cross(
        ctx,
        slots,
        sum(1 for s in slots if s.kind in ("quality", "trial", "race")),
        frame.phase == "taper",
        frame.index < ctx.mix_start_at(frame.index),
    )
    return slots


def _taper_quality_for_easy(
    ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]
) -> list[Slot]:
    """R-G8, R-G5: the taper's quality session takes an easy run's place rather than adding
    a run, so a small novice week stays within R-G5's 30% (frequency unchanged)."""
    if frame.phase == "taper" and state.taper_drop_easy and state.run_counts:
        easy = [s for s in slots if s.kind == "easy"]
        runs = sum(1 for s in slots if s.kind in RUN_KINDS or s.kind == "race")
        if easy and runs > state.run_counts[-1]:
            slots.remove(easy[-1])
    return slots


def _add_strength(ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> list[Slot]:
    """R-G9: strength sessions, 2 a week and 1 in the taper, clear of the goal effort."""
    add_strength(ctx, slots, frame, frame.start)
    return slots


def _quiet_after_goal(
    ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]
) -> list[Slot]:
    """C-1, R-G19: only easy running after the goal effort, one hard session at most in
    the quiet days before it."""
    quiet_after_goal(ctx, slots, frame.start)
    return slots


def _pick_quality(ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> list[Slot]:
    """R-S6.8, R-G16, R-G17: each quality slot's format and reps."""
    pick_quality(ctx, state, frame, slots)
    return slots


_LAYOUT: Final[tuple[Callable[[Context, State, WeekFrame, list[Slot]], list[Slot]], ...]] = (
    _place_goal_effort,
    _clear_goal_eve,
    _add_cross_training,
    _taper_quality_for_easy,
    _add_strength,
    _quiet_after_goal,
    _pick_quality,
)
"""How a week's days are laid out after :func:`~miler.planning.slots.week_slots`, in order."""


# --- sizing the week: minutes within the volume limits -----------------------------------


@dataclass
class _Sizing:
    """A week being sized: its slots, the knobs that set each session's minutes, the
    week's volume limits (R-G8 floor and target, R-G5/R-G16 growth, R-S1.4 baseline) and
    the minutes the slots came to at the last build."""

    ctx: Context
    state: State
    frame: WeekFrame
    slots: list[Slot]
    knobs: _Knobs
    low: float
    target: float
    high: float
    growth: float
    ceiling: float
    easy_low: float
    easy_high: float
    n_easy: int
    minutes: float = 0.0

    @classmethod
    def start(cls, ctx: Context, state: State, frame: WeekFrame, slots: list[Slot]) -> _Sizing:
        """The week's limits and its first build: easy runs at their shortest (a novice's
        at 60% of the long run), the level's warm-up and cool-down (R-G19)."""
        long_min = long_minutes(ctx, state, frame)
        low, target, high = volume_limits(ctx, state, frame)
        taper = frame.phase == "taper"
        growth = growth_cap(ctx, state, taper)
        ceiling = baseline_ceiling(ctx)
        easy_low, easy_high = easy_bounds(ctx, taper, long_min)
        n_easy = sum(1 for s in slots if s.kind == "easy")
        warm, cool = (600.0, 480.0) if ctx.novice else (720.0, 600.0)
        if taper:
            warm, cool = 600.0, 300.0
        knobs = _Knobs(easy=easy_low, long=long_min, warm=warm, cool=cool, rep_cut=0)
        if ctx.novice:
            knobs.easy = max(easy_low, min(easy_high, 0.6 * long_min))
        week = cls(
            ctx,
            state,
            frame,
            slots,
            knobs,
            low,
            target,
            high,
            growth,
            ceiling,
            easy_low,
            easy_high,
            n_easy,
        )
        week.build()
        return week

    @property
    def taper(self) -> bool:
        """Whether the week is a taper week (R-G8)."""
        return self.frame.phase == "taper"

    def cap(self) -> float:
        """The most minutes the week may hold: R-G5's or R-G16's growth (the goal effort
        left out), R-S1.4's baseline aimed 2% under, in the taper R-G8's floor if higher."""
        ctx, state, frame, slots = self.ctx, self.state, self.frame, self.slots
        # (a GPS-tolerance margin: the validator times distance steps at their own targets)
        floor = (1 - GPS_PACE_TOLERANCE) * taper_floor(ctx, state, slots) - 0.5
        limit = max(self.high, floor) if self.taper else self.high
        # The goal effort (race, or a no-race plan's final time trial) is not in R-G5's or
        # R-G16's growth caps; R-S1.4's baseline still counts the race (conservatively).
        goal = goal_trial_minutes(ctx, frame, slots)
        return min(
            limit, self.growth + goal, _CEILING_AIM * self.ceiling - race_minutes(ctx, slots)
        )

    def long_most(self) -> float:
        """C-7: the longest the continuous run may be with the week's other runs as built:
        the level's cap, and twice an even share of the week's running (a 30-min run
        always allowed; no share bound with fewer than 3 running sessions)."""
        cap = long_run_most(self.ctx)
        restart = self.ctx.restarted(self.frame.index)
        if restart is not None:
            # C-11: from the restart's longest run, 5 min a week at most (R-G5's step)
            weeks = self.frame.index - restart.week + 1
            cap = min(cap, restart.longest_run_min + LONG_STEP_MIN * weeks)
        runs = sum(1 for s in self.slots if s.kind in RUN_KINDS)
        if runs < LONG_SHARE_RUNS:
            return cap
        # long <= k (others + long) / runs  <=>  long <= k others / (runs - k)
        others = self.minutes - self.knobs.long
        share = LONG_SHARE_TIMES * others / max(runs - LONG_SHARE_TIMES, 1e-9)
        return min(cap, max(LONG_SHARE_FREE_MIN, 0.98 * share))

    def over(self, m: float) -> bool:
        """Whether ``m`` minutes are over :meth:`cap`."""
        return m > self.cap()

    def within_rules(self, m: float) -> bool:
        """Whether ``m`` minutes keep the rules' own bound (R-S1.4, R-G8, R-G5, R-G16).

        Not in a novice's phase-in: there the quality session waits for the base rather
        than shrink (R-G5 before R-G16, see _build_week), and the full mix starts only
        when it fits with its usual sessions (docs/rule-choices.md, 3), not cut to the
        bone, which would leave the next week no room."""
        phase_in = self.ctx.novice and self.state.mix_on is None and not self.taper
        return phase_in or m <= week_bound(self.ctx, self.state, self.frame, self.slots)

    def keep_or_undo(self, before: _Knobs, grew_from: float = -math.inf) -> bool:
        """After a change to the knobs, built: keep it when the week stays within the cap
        and the rules' bound and runs more than ``grew_from`` minutes (less would mean a
        session gave reps back to stay in the runner's minutes, C-8); else rebuild the week
        from ``before``. Whether the change was kept."""
        m = self.minutes
        if not self.over(m) and self.within_rules(m) and m > grew_from:
            return True
        self.knobs = before
        self.build()
        return False

    def build(self) -> None:
        """Build every session from the knobs and total the week's minutes."""
        ctx, state, frame, slots, knobs = self.ctx, self.state, self.frame, self.slots, self.knobs
        if knobs.light:
            lighten(ctx, state, frame, slots)
        if knobs.shortest:
            lighten(ctx, state, frame, slots, shortest=knobs.shortest)
        easy = [s for s in slots if s.kind == "easy"]
        while knobs.crossed < knobs.cross_easy and easy:
            easy.pop().kind = "cross"
            knobs.crossed += 1
        build_slots(
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
            tight=knobs.tight,
        )
        self.minutes = week_minutes(ctx, slots)


def _easy_up_to_target(w: _Sizing) -> None:
    """R-G8: easy runs lengthen toward the week's volume target (80-100% of baseline)."""
    knobs = w.knobs
    if w.n_easy and math.isfinite(w.target) and w.minutes < w.target:
        knobs.easy = min(
            w.easy_high, max(w.easy_low, knobs.easy + (w.target - w.minutes) / w.n_easy)
        )
        w.build()


def _easy_up_to_floor(w: _Sizing) -> None:
    """R-G8: easy runs lengthen up to the week's floor (80%, 40% in the taper)."""
    knobs = w.knobs
    if w.n_easy and w.minutes < w.low:
        knobs.easy = min(w.easy_high, knobs.easy + (w.low - w.minutes) / w.n_easy)
        w.build()


def _long_back_to_last(w: _Sizing) -> None:
    """R-G8, R-S1.1: under the floor, the continuous run grows back to last week's length."""
    knobs = w.knobs
    last = min(w.state.long_min, w.long_most())  # C-7: never past the level's cap
    if w.minutes < w.low and knobs.long < last:
        knobs.long = min(last, knobs.long + (w.low - w.minutes))
        w.build()


def _long_past_longest(w: _Sizing) -> None:
    """R-G8, R-S7.3: R-G8's 80% floor when the cross-training took the easy run: the
    continuous run may grow by up to 5 min over the athlete's longest."""
    ctx, state, knobs = w.ctx, w.state, w.knobs
    longest = max(state.longest_so_far, ctx.longest_min(w.frame.index)) + LONG_STEP_MIN
    longest = min(longest, w.long_most())  # C-7: the rest goes to the other runs
    if w.minutes < w.low and not w.taper and not ctx.novice and knobs.long < longest:
        knobs.long = min(longest, knobs.long + (w.low - w.minutes))
        w.build()


def _taper_long_to_floor(w: _Sizing) -> None:
    """R-G8: the taper's 40% floor: the continuous run may stay up to its pre-taper length."""
    ctx, state, knobs = w.ctx, w.state, w.knobs
    most = min(pre_taper_long(ctx, state), w.long_most())  # C-7
    if w.minutes < w.low and w.taper and knobs.long < most:
        knobs.long = min(most, knobs.long + (w.low - w.minutes))
        w.build()


def _long_warm_up(w: _Sizing) -> None:
    """R-G8, R-G19: still under the floor, the quality sessions' warm-up and cool-down
    take 15 min each."""
    if w.minutes < w.low:
        w.knobs.warm, w.knobs.cool = 900.0, 900.0
        w.build()


def _easy_down_to_cap(w: _Sizing) -> None:
    """R-G5, R-G16, R-S1.4: over the cap, the easy runs shorten just enough (the volume
    keeps building toward the caps)."""
    knobs = w.knobs
    w.n_easy = sum(1 for s in w.slots if s.kind == "easy")
    if w.n_easy and w.over(w.minutes) and knobs.easy > w.easy_low:
        knobs.easy = max(w.easy_low, knobs.easy - (w.minutes - w.cap()) / w.n_easy - 0.2)
        w.build()


def _trim_to_cap(w: _Sizing) -> None:
    """R-G5, R-G16, R-S1.4 (keeping R-S1.1, R-S1.2, R-G8): still over the cap, the
    :func:`_trims` apply, gentlest first, until the week fits."""
    for trim in _trims(w.ctx, w.state, w.frame, w.knobs, w.easy_low):
        if not w.over(w.minutes):
            break
        before = replace(w.knobs)
        trim()
        if w.knobs != before:  # a trim with nothing left to cut needs no rebuild
            w.build()


def _fewest_reps_within_rules(w: _Sizing) -> None:
    """R-S1.4, R-G8, R-G5, R-G16: last resort: the rules' bound holds only with fewer reps
    than the formats' usual fewest, then with the shortest reps in one session after
    another, as at a slow mile pace, where each rep is long and R-G19's warm-up and
    cool-down already fill most of the quality sessions' time."""
    knobs = w.knobs
    for shortest in range(sum(1 for s in w.slots if s.kind == "quality") + 1):
        if w.within_rules(w.minutes):
            break
        knobs.shortest, knobs.tight = shortest, True
        if shortest:
            knobs.rep_cut = 0  # the new formats' reps are cut afresh
        w.build()
        while not w.within_rules(w.minutes) and knobs.rep_cut < _MOST_REP_CUT:
            knobs.rep_cut += 1
            w.build()


def _easy_back_to_floor(w: _Sizing) -> None:
    """R-G8: the trims cut in steps: easy running comes back up to the week's floor (80%)
    without passing the cap."""
    knobs = w.knobs
    for _ in range(3):
        if not w.n_easy or w.minutes >= w.low or knobs.easy >= w.easy_high:
            break
        before = knobs.easy
        knobs.easy = min(w.easy_high, knobs.easy + (w.low - w.minutes) / w.n_easy + 0.2)
        w.build()
        if w.over(w.minutes):
            knobs.easy = (before + knobs.easy) / 2
            w.build()
            if w.over(w.minutes):
                knobs.easy = before
                w.build()
                break


def _long_back_to_floor(w: _Sizing) -> None:
    """R-G8, R-G16: the continuous run comes back toward the floor (the taper's 40%, race
    weeks under the growth caps) without passing the cap; a taper week over the growth
    cap even at its shortest (a race week at very low volume) meets R-G8's 40% floor,
    the bound that can still be met."""
    knobs = w.knobs
    most = max(knobs.long, w.long_most())  # C-7: within the level's cap and share
    if w.minutes < w.low and (w.taper or not w.ctx.novice) and not w.over(w.minutes):
        before = knobs.long
        knobs.long = min(most, knobs.long + (w.low - w.minutes) + 0.3)
        w.build()
        if w.over(w.minutes):
            knobs.long = before + max(0.0, w.cap() - (w.minutes - (knobs.long - before))) * 0.9
            w.build()
            if w.over(w.minutes):
                knobs.long = before
                w.build()
    elif w.minutes < w.low and w.taper and w.over(w.minutes):
        knobs.long = min(most, knobs.long + (w.low - w.minutes) + 0.3)
        w.build()


def _taper_easy_to_floor(w: _Sizing) -> None:
    """R-G8: a taper week still under its 40% floor with the long run at its cap (a race
    week of short shake-outs after weeks that built, C-12) lengthens its easy runs up to
    30 min, C-1's longest easy run around the goal; never over the cap."""
    knobs = w.knobs
    if not w.taper or not w.n_easy or w.minutes >= w.low or knobs.easy >= THIRTY_MIN:
        return
    before = knobs.easy
    knobs.easy = min(THIRTY_MIN, knobs.easy + (w.low - w.minutes) / w.n_easy + 0.2)
    w.build()
    if w.over(w.minutes):
        knobs.easy = before
        w.build()


def _warm_up_back_to_floor(w: _Sizing) -> None:
    """R-G8, C-7: still under the floor with the continuous run at its cap, the quality
    sessions' warm-up and cool-down take 15 min each again (never over the cap)."""
    knobs = w.knobs
    if w.minutes < w.low and (knobs.warm, knobs.cool) != (900.0, 900.0):
        before = knobs.warm, knobs.cool
        knobs.warm, knobs.cool = 900.0, 900.0
        w.build()
        if w.over(w.minutes):
            knobs.warm, knobs.cool = before
            w.build()


def _long_within_share(w: _Sizing) -> None:
    """C-7: the continuous run within the level's cap and twice an even share of the
    week's running; the easy runs then take the volume back up to the floor (R-G8)."""
    knobs = w.knobs
    for _ in range(3):
        most = w.long_most()
        if knobs.long <= most + 0.5:
            break
        knobs.long = most
        w.build()


def _return_long_up(w: _Sizing) -> None:
    """C-11: in a restart's return the easy running comes back first: when the trims left
    room under the cap (an easy run gave way to cross-training, reps were cut), the long run
    grows back toward its 5-min-a-week step."""
    ctx, state, frame, knobs = w.ctx, w.state, w.frame, w.knobs
    if ctx.restarted(frame.index) is None or w.taper or frame.deload:
        return
    wanted = min(long_minutes(ctx, state, frame), w.long_most())
    for _ in range(3):
        room = w.cap() - w.minutes
        if knobs.long >= wanted - 1e-9 or room < 1.0:
            return
        before = replace(knobs)
        knobs.long = min(wanted, knobs.long + room - 0.5)
        w.build()
        if not w.keep_or_undo(before):
            return


def _up_to_target(w: _Sizing) -> None:
    """R-G8, C-12 (rule choice 21): an experienced runner's loading week still short of
    its volume target once the easy runs are at their longest (or gone: R-G18's
    cross-training took the only one) builds through its other runs. First the quality
    sessions' warm-up grows toward 20 min and cool-down toward 15 (R-G19 asks at least 10
    and 5), the room shared between them; then the long run by its 5-min step, or back to
    its length before a lighter week, within C-7 and never past the level's cap or the
    longest the plan has reached. Never past the cap, the rules' bound or the runner's
    session minutes (C-8); a change that would cost reps is undone."""
    ctx, state, frame = w.ctx, w.state, w.frame
    if ctx.level != "experienced" or w.taper or frame.deload or not math.isfinite(w.target):
        return
    if any(s.kind == "race" for s in w.slots) or goal_trial_minutes(ctx, frame, w.slots) > 0:
        return  # C-1: the goal's week stays quiet

    def room() -> float:
        return min(w.target, w.cap()) - w.minutes

    knobs = w.knobs
    quality = [s for s in w.slots if s.kind == "quality"]
    most = (FULL_WARM_UP_S - knobs.warm) + (FULL_COOL_DOWN_S - knobs.cool)
    if room() >= 1.0 and quality and most > 0:
        # the room shared between the sessions, the warm-up first
        limit = ctx.request.session_minutes * 60.0
        easy = ctx.profile.intensities.easy_speed
        spare = min(limit - session_seconds(s.built, easy) for s in quality) - 60.0  # C-8
        extra = min(most, 60.0 * (room() - 0.5) / len(quality), spare)
        if extra >= 60.0:
            before, minutes = replace(knobs), w.minutes
            warm = min(FULL_WARM_UP_S - knobs.warm, extra)
            knobs.warm, knobs.cool = knobs.warm + warm, knobs.cool + extra - warm
            w.build()
            w.keep_or_undo(before, minutes)
    knobs = w.knobs
    reach = max(ctx.long_cap, state.longest_so_far)
    # after a lighter week, back to the loading week's run before it (or 5 min over last week's)
    back = max(state.long_history[-2:], default=0.0)
    wanted = min(w.long_most(), reach, max(knobs.long, state.long_min + LONG_STEP_MIN, back))
    if room() >= 1.0 and knobs.long < wanted - 0.5:
        before, minutes = replace(knobs), w.minutes
        knobs.long = min(wanted, knobs.long + room() - 0.5)
        w.build()
        w.keep_or_undo(before, minutes)


_SIZING: Final[tuple[Callable[[_Sizing], None], ...]] = (
    _easy_up_to_target,
    _easy_up_to_floor,
    _long_back_to_last,
    _long_past_longest,
    _taper_long_to_floor,
    _long_warm_up,
    _easy_down_to_cap,
    _trim_to_cap,
    _fewest_reps_within_rules,
    _long_within_share,
    _easy_back_to_floor,
    _long_back_to_floor,
    _warm_up_back_to_floor,
    _taper_easy_to_floor,
    _up_to_target,
    _return_long_up,
)
"""How a laid-out week is sized after its first build, in order: up to the floor and
target, down to the cap, the rules' bound, and back up to the floor (and, in a restart's
return, the long run back up to its growth)."""


_CEILING_AIM: Final = 0.98
"""The trims aim 2% under R-S1.4's baseline, leaving the easy runs room to be sized."""
_MOST_REP_CUT: Final = 12
"""Enough to take any plain repeats from their most reps to sessions.TIGHT_REPS."""


@dataclass
class _Knobs:
    easy: float
    long: float
    warm: float
    cool: float
    rep_cut: int
    walk: bool = False
    light: bool = False
    """Pick the lightest long format (repeats) when the week is over its volume limit."""
    cross_easy: int = 0
    crossed: int = 0
    tight: bool = False
    """Plain repeats may go below their format's usual fewest reps (sessions.TIGHT_REPS)."""
    shortest: int = 0
    """How many quality sessions become the plain repeats with the shortest reps allowed."""


def _trims(
    ctx: Context, state: State, frame: WeekFrame, knobs: _Knobs, easy_low: float
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
        # A novice building to the 30-min run holds it in a lighter week too (R-G5 keeps
        # the deadline; a week that cannot then be lighter is not labelled so, C-6).
        building = ctx.novice and state.longest_so_far < THIRTY_MIN
        lighter = frame.phase == "taper" or (frame.deload and not building)
        shorter = 10.0 if frame.phase == "taper" else 15.0
        keep = THIRTY_MIN if keeps_thirty(ctx, frame.index) else shorter
        below = max(MIN_RUN_MIN, state.long_min - LONG_STEP_MIN) if lighter else knobs.long
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
        free = not keeps_thirty(ctx, frame.index) and ctx.request.longest_run_min >= THIRTY_MIN
        # In the taper a run not yet held at 30 min may shorten too (R-S1.1 excepts it).
        tapering = frame.phase == "taper" and state.longest_so_far < THIRTY_MIN
        if free or tapering:
            knobs.long = max(MIN_RUN_MIN, knobs.long - 3.0)

    def easy_to_cross() -> None:
        # An easy run becomes easy cross-training: the aerobic work stays, the running
        # volume drops (R-G18 modes; never in the taper, whose frequency is kept, R-G8).
        if frame.phase != "taper":
            knobs.cross_easy += 1

    # C-11: in a restart's return the easy running comes back first, so fewer reps before
    # an easy run gives way to cross-training.
    first_reps = [reps_down] * 3 if ctx.restarted(frame.index) is not None else []
    return [
        easy_down,
        easy_down,
        easy_min,
        walk_between,
        *([long_hold] * 5),
        warm_down,
        *([long_down] * 6),
        *first_reps,
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
    ctx: Context,
    state: State,
    frame: WeekFrame,
    slots: list[Slot],
    minutes: float,
    long_min: float,
) -> Week:
    sessions: list[Session] = []
    quality = 0
    by_day: dict[int, list[Slot]] = {}
    for slot in slots:
        by_day.setdefault(slot.day, []).append(slot)
    rank = {"quality": 0, "trial": 0, "race": 0, "long": 2, "easy": 2, "cross": 3, "strength": 5}
    used_ids: set[str] = set()
    for day in sorted(by_day, key=lambda d: (d - frame.start.weekday()) % 7):
        date = date_of(frame.start, day)
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
    total = minutes - goal_trial_minutes(ctx, frame, slots)
    lighter = _still_lighter(ctx, state, frame, total, long_min)
    state.lighter.append(lighter)
    state.volumes.append(minutes)
    state.totals.append(minutes - goal_trial_minutes(ctx, frame, slots))
    state.quality_counts.append(quality)
    last_day = (frame.start.weekday() + 6) % 7
    state.ran_last_day = any(s.kind in RUN_KINDS and s.day == last_day for s in slots)
    state.run_counts.append(sum(1 for s in slots if s.kind in RUN_KINDS or s.kind == "race"))
    state.long_min = long_min
    state.long_history.append(long_min)
    state.longest_so_far = max(state.longest_so_far, long_min)
    if state.reached_week is None and long_min >= THIRTY_MIN:
        state.reached_week = frame.index
    notes = []
    if lighter:
        notes.append("lighter week: less running, same quality")
    if frame.time_trial:
        notes.append("time trial week (R-G20)")
    return Week(
        index=frame.index,
        start_date=frame.start,
        phase=frame.phase,
        deload=lighter,
        reference=week_reference(ctx, frame),
        sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.order))),
        notes="; ".join(notes),
    )


def _still_lighter(
    ctx: Context, state: State, frame: WeekFrame, total: float, long_min: float
) -> bool:
    """C-6: a planned lighter week keeps its label only when it runs less than each of the
    3 weeks before it (at the smallest its sessions allow it may not, e.g. a novice's week
    holding the 30-min run, a time trial and the short session). Unlabelled, it is held to
    every rule of a loading week, so it stays a lighter week when the continuous run was
    shortened under 30 min (R-S1.1 excepts only lighter weeks)."""
    if not frame.deload:
        return False
    if total < lighter_cap(ctx, state) - 0.5:
        return True
    return state.longest_so_far < THIRTY_MIN and long_min < state.long_min - 1e-9


def _identity(request: PlanRequest, plan_id: str | None, athlete_id: str | None) -> tuple[str, str]:
    """The plan's and the athlete's ids: those given, else a digest of the request."""
    digest = hashlib.sha256(request.model_dump_json().encode()).hexdigest()[:32]
    return plan_id or digest, athlete_id or digest


def _assemble(
    ctx: Context,
    state: State,
    weeks: list[Week],
    today: dt.date,
    start: dt.date,
    ids: tuple[str, str],
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
    held = _held_volume_note(ctx, state)
    if held:
        notes.append(held)
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
        plan_id=ids[0],
        athlete_id=ids[1],
        request=request,
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
        weeks=tuple(_mark_restart(ctx, state, weeks)),
        notes=tuple(notes),
    )


def _held_volume_note(ctx: Context, state: State) -> str:
    """C-12: say what holds an experienced runner's weeks when they neither build 8% nor
    reach 90% of the baseline (the validator then passes the plan only when its later
    weeks are full: the runner's days and session minutes hold the volume)."""
    base = ctx.profile.baseline.weekly_run_min
    if ctx.level != "experienced" or ctx.restart is not None or base <= 0:
        return ""
    weeks = [
        (frame.index, total, lighter)
        for total, frame, lighter in zip(state.totals, ctx.frames, state.lighter, strict=False)
        if frame.phase != "taper" and frame.index >= ctx.mix_start
    ]
    build = measure_build(weeks, base)
    if build is None or build.built:
        return ""
    days = len(set(ctx.request.days))
    return (
        f"your weeks top out at about {build.top_min:.0f} min of running, "
        f"{build.top_min / base:.0%} of your {base:g}-min weekly baseline: your {days} "
        f"training day(s), the long run's cap (C-7) and your "
        f"{ctx.request.session_minutes:g}-min sessions (C-8) leave no more room within the "
        "rules (C-12)"
    )


def _mark_restart(ctx: Context, state: State, weeks: list[Week]) -> list[Week]:
    """The restart week carries its restart, which the validator measures the weeks from
    it on by (C-11), with the week the full mix returned when that is not the return's
    third (the first taper week when it never did before the taper)."""
    restart = ctx.restart
    if restart is None:
        return weeks
    first = restart.week - 1
    mix = state.return_mix
    due = ctx.mix_start_at(restart.week)
    if mix is None:
        # Never before the taper: the weeks up to it wait for the mix (C-11).
        taper = next((f.index for f in ctx.frames if f.phase == "taper"), len(ctx.frames) + 1)
        mix = max(taper, due)
    marked = restart.model_copy(update={"mix_week": None if mix == due else mix})
    return [
        *weeks[:first],
        weeks[first].model_copy(update={"restart": marked}),
        *weeks[first + 1 :],
    ]
