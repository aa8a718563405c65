"""Which days of a week get which session: the week's slots.

Decides how many quality sessions a week holds and of which class, short or long (R-G16,
R-G8), when a time trial takes a long session's place (R-G3, R-G20), the novice phase-in
(R-G16), the final week's race or time trial and the runs around it (R-S1.2, R-S7.2,
R-G19), where cross-training (R-S7.3, R-G18) and strength go, and which rest day stays
free (R-G19). Sizing the slots is :mod:`miler.planning.volume`'s job and building them
:mod:`miler.planning.sessions`'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal

from miler.planning.context import RETURN_SETTLE_WEEKS, THIRTY_MIN, Context, State
from miler.planning.phases import WeekFrame
from miler.planning.progression import Pick
from miler.planning.schedule import strength_days
from miler.workouts.session import BuiltSession

__all__ = [
    "GOAL_QUIET_DAYS",
    "NOVICE_QUALITY_FROM_MIN",
    "RUN_KINDS",
    "Slot",
    "add_cross",
    "add_strength",
    "after_goal",
    "clear_goal_eve",
    "goal_eve",
    "may_time_trial",
    "near_goal",
    "place_race",
    "quality_count",
    "quiet_after_goal",
    "space_novice_runs",
    "week_slots",
]

NOVICE_QUALITY_FROM_MIN: Final = 15.0
"""A novice starts short quality work once the long run reaches 15 min continuous."""


@dataclass
class Slot:
    day: int
    kind: Literal["quality", "long", "easy", "cross", "strength", "race", "trial"]
    cls: Literal["short", "long"] | None = None
    order: int = 0
    minutes: float = 0.0
    pick: Pick | None = None
    built: BuiltSession | None = None
    plyometrics: bool = True
    reps_used: int | None = None


def quality_count(ctx: Context, state: State, frame: WeekFrame) -> int:
    if ctx.novice:
        if state.long_min < NOVICE_QUALITY_FROM_MIN and frame.phase != "taper":
            wanted = 0
        elif frame.index < ctx.mix_start or not _past_thirty(ctx, state, frame):
            wanted = 1
        else:
            wanted = ctx.n_quality_full
    else:
        wanted = 1 if frame.index < ctx.mix_start_at(frame.index) else ctx.n_quality_full
    if frame.phase == "taper" and state.quality_counts:
        # R-G8: frequency and intensity kept, at least one quality session a taper week
        # when the pre-taper weeks had one (a novice still without quality adds none).
        pre = [
            q
            for q, f in zip(state.quality_counts, ctx.frames, strict=False)
            if f.phase != "taper" and not f.deload
        ][-4:] or state.quality_counts[-1:]
        wanted = max(1, state.quality_counts[-1]) if any(pre) else 0
    # R-G16: at most one more quality session than any week two or more before (from a
    # restart, the weeks since it, with the recent weeks before it, C-11).
    base = ctx.base_quality(frame.index)
    history = [base, base, *state.quality_counts[ctx.segment_first(frame.index) - 1 :]]
    allowed = max(history[: len(history) - 1]) + 1
    return int(min(wanted, allowed))


def _classes(
    ctx: Context, frame: WeekFrame, n_quality: int, taper_short: bool = False
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
    # Too few separable days for every session the baseline holds: the week keeps its
    # short session and as many long ones as fit (R-S6.8: exactly one short and at least one
    # long every week; alternating them week by week left every other week with no short
    # session, issue 11 item 7).
    return wanted[:room]


def _trial_now(ctx: Context, state: State, frame: WeekFrame) -> bool:
    """R-G20: a time trial every 4-6 weeks from the week the 30-min run is reached (R-G3),
    in a lighter week when one falls right, and the last one at most 6 weeks before the
    end; a plan without a race date ends with its own trial, so none in the 3 weeks
    before it."""
    if frame.phase == "taper" or not may_time_trial(ctx, state):
        return False
    restart = ctx.restarted(frame.index)
    if restart is not None and frame.index < restart.week + RETURN_SETTLE_WEEKS:
        return False  # C-11: not in the first weeks back
    n = len(ctx.frames)
    last = state.last_trial
    first = ctx.segment_first(frame.index)
    if last is not None and last < first:
        last = None  # C-11: a restart starts the time trials' spacing again (R-G20)
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
        start = max(first, ctx.mix_start_at(frame.index) - 1)
    due = last + 6 if last is not None else start + 5
    # the last trial 4-6 weeks before the final one, or at most 6 weeks before the race
    closing = (last is None or n - last > 6) and frame.index >= n - 6
    return frame.index >= due or frame.deload or closing


def _in_phase_in(ctx: Context, state: State, frame: WeekFrame) -> bool:
    """R-G16 phase-in: short sessions only (novices until the 30-min run; others without
    recent quality, weeks 1-2)."""
    early = frame.index < ctx.mix_start_at(frame.index)
    if ctx.novice:
        return early or (state.mix_on is None and not state.mix_trying)
    return early


def _past_thirty(ctx: Context, state: State, frame: WeekFrame) -> bool:
    """R-G16: a novice gets the full mix from the week after the 30-min run is reached."""
    if ctx.request.longest_run_min >= THIRTY_MIN:
        return True
    return state.reached_week is not None and frame.index > state.reached_week


def week_slots(ctx: Context, state: State, frame: WeekFrame, n_quality: int) -> list[Slot]:
    sk = ctx.skeleton
    slots: list[Slot] = []
    classes = _classes(ctx, frame, n_quality, state.taper_short)
    if _in_phase_in(ctx, state, frame):
        classes = ["short" for _ in classes[:1]]  # R-G16: short sessions only, one a week
    hosts = sk.quality
    if sk.long in hosts and len(classes) < len(hosts):
        # A week with fewer quality sessions than quality days keeps them off the long
        # run's day (C-3); a full week doubles there with its first (short) session.
        hosts = (*(d for d in hosts if d != sk.long), sk.long)
    for i, day in enumerate(hosts):
        if i < len(classes):
            slots.append(Slot(day, "quality", classes[i]))
        elif day != sk.long:
            slots.append(Slot(day, "easy"))
    slots.append(Slot(sk.long, "long"))
    slots.extend(Slot(day, "easy") for day in sk.easy)
    doubled = sk.long in hosts[: len(classes)]
    if frame.phase == "taper" and sk.long in hosts and not doubled and classes:
        # The long run has its own day now that a quality day is free (C-3); the taper keeps
        # the week's running sessions (R-G8: frequency unchanged), so the quality day adds
        # an easy run after its session, the one the long run's day no longer holds.
        slots.append(Slot(hosts[0], "easy", order=1))
    if _trial_now(ctx, state, frame):
        longs = [s for s in slots if s.kind == "quality" and s.cls == "long"]
        if not longs and not _in_phase_in(ctx, state, frame):
            longs = [s for s in slots if s.kind == "quality"]
        if longs:
            longs[-1].kind, longs[-1].cls = "trial", "long"
    return slots


def place_race(ctx: Context, slots: list[Slot], week_start: dt.date) -> list[Slot]:
    """The final week: the race (or the final time trial) on the target date, no quality or
    strength the day before, and runs after the race turned into easy recovery runs."""
    race_day = ctx.target_date.weekday()
    kind: Literal["race", "trial"] = "race" if ctx.race_date else "trial"
    out = [s for s in slots if s.day != race_day]
    main = Slot(race_day, kind, "long")
    out.append(main)
    before = (race_day - 1) % 7
    race_offset = (ctx.target_date - week_start).days
    for s in out:
        if s is main:
            continue
        offset = (s.day - week_start.weekday()) % 7
        if s.kind in ("quality", "trial") and (s.day == before or offset > race_offset):
            s.kind, s.cls = "easy", None
        if s.kind == "long" and offset > race_offset:
            s.kind = "easy"  # C-1: only easy running after the goal; the long run before it
    if not any(s.kind == "long" for s in out):
        _restore_long(ctx, out, week_start, race_offset, race_day)
    _unstack_long(out, week_start, race_offset)
    if len({s.day for s in out}) == 7:
        # The race took the rest day: the easy run after it (or before it) gives way (R-G19).
        easy = [s for s in out if s.kind == "easy"]
        easy.sort(key=lambda s: (s.day != (race_day + 1) % 7, s.day != before))
        if easy:
            out.remove(easy[0])
    return out


def _unstack_long(out: list[Slot], week_start: dt.date, race_offset: int) -> None:
    """C-3: a long run on a quality day trades places with an easy run on a day of its own
    before the goal's eve."""

    def offset(day: int) -> int:
        return (day - week_start.weekday()) % 7

    hard = {s.day for s in out if s.kind in ("quality", "trial", "race")}
    long = next((s for s in out if s.kind == "long"), None)
    if long is None or long.day not in hard:
        return
    for s in out:
        if s.kind == "easy" and s.day not in hard and offset(s.day) < race_offset - 1:
            s.kind, long.kind = "long", "easy"
            return


def _restore_long(
    ctx: Context, out: list[Slot], week_start: dt.date, race_offset: int, race_day: int
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
        out.append(Slot(free[0], "long"))
        return
    hosts = [s for s in out if s.kind == "quality" and offset(s.day) < race_offset]
    host = hosts[-1].day if hosts else race_day
    out.append(Slot(host, "long", order=2))


def goal_eve(ctx: Context, week_start: dt.date) -> int | None:
    """The weekday before the goal effort (race, or a no-race plan's final time trial) when
    that day falls in the week from ``week_start`` but the effort does not: a goal effort
    on its week's first day."""
    eve = ctx.target_date - dt.timedelta(days=1)
    return eve.weekday() if (eve - week_start).days == 6 else None


def clear_goal_eve(ctx: Context, slots: list[Slot], week_start: dt.date) -> None:
    """No quality session on the day before the goal effort when that day ends the week
    before it (R-G19: no hard days back to back): it trades days with an easy run whose
    neighbours are not hard, else becomes an easy run. (In the goal effort's own week,
    :func:`place_race` does this.)"""
    eve = goal_eve(ctx, week_start)
    first = week_start.weekday()
    for slot in slots:
        if slot.day != eve or slot.kind not in ("quality", "trial"):
            continue
        hard = {s.day for s in slots if s.kind in ("quality", "trial") and s is not slot}
        hosts = [
            s
            for s in slots
            if s.kind == "easy"
            and s.day not in (eve, first)
            and not {(s.day - 1) % 7, (s.day + 1) % 7} & hard
        ]
        if hosts:
            hosts[0].kind, hosts[0].cls = slot.kind, slot.cls
        slot.kind, slot.cls = "easy", None


def may_time_trial(ctx: Context, state: State) -> bool:
    """R-G3: no time trial before the 30-min continuous run is reached."""
    return max(state.longest_so_far, ctx.request.longest_run_min) >= THIRTY_MIN


RUN_KINDS: Final = ("quality", "long", "easy", "trial")


def space_novice_runs(
    ctx: Context,
    slots: list[Slot],
    week_start: dt.date,
    ran_before: bool = False,
    near: set[int] | None = None,
) -> None:
    """R-S7.2 in a race week: a run next to the race (or on the first day when the last
    week ended with a run) moves to a free day away from other runs, else becomes easy
    cross-training (the continuous run follows another run that day).

    ``near``: the week before a race on its week's first day, whose last day is next to
    the race. There a run with no free day follows another run that day too, so the taper
    week keeps its running sessions (R-G8: frequency unchanged; docs/rule-choices.md)."""
    keep_runs = near is not None
    race_day = ctx.target_date.weekday()
    hemmed = near is None and all(
        d in {(race_day - 1) % 7, (race_day + 1) % 7} for d in ctx.skeleton.days
    )
    near = {(race_day - 1) % 7, (race_day + 1) % 7} if near is None else near
    if hemmed:
        # Every training day is next to the race (docs/rule-choices.md): no other run
        # this week; its runs become easy cross-training (R-S7.2 wins over R-S1.2 here).
        crossed = {s.day for s in slots if s.kind == "cross"}
        for slot in list(slots):
            if slot.kind not in RUN_KINDS:
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
        if slot.kind not in RUN_KINDS or slot.day not in near:
            continue
        runs = {s.day for s in slots if s.kind in (*RUN_KINDS, "race") and s is not slot}
        free = [
            d
            for d in ctx.skeleton.days
            if d not in runs
            and d not in near
            and (d - 1) % 7 not in runs
            and (d + 1) % 7 not in runs
            and not (ran_before and d == first)
        ]
        hosts = sorted(d for d in runs if d not in near and d != race_day)
        if not hosts and slot.kind == "long" and race_day in runs:
            hosts = [race_day]  # the race is the week's only other run (docs/rule-choices.md)
        if free:
            slot.day = free[0]
        elif hosts and (slot.kind == "long" or keep_runs):
            # the run follows another run that day (R-S1.1, R-G8 with R-S7.2)
            slot.day, slot.order = hosts[0], 2
        elif slot.kind != "long":
            slot.kind, slot.cls = "cross", None


def add_cross(
    ctx: Context, slots: list[Slot], n_quality: int, taper: bool, phase_in: bool = False
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
    slots.append(Slot(host, "cross", order=3))


def _keep_free(ctx: Context, slots: list[Slot]) -> int | None:
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


GOAL_QUIET_DAYS: Final = 4
"""C-1: no heavy strength, plyometrics or resisted sprints in the 4 days before the goal
effort, and nothing but easy running after it."""


def near_goal(ctx: Context, date: dt.date) -> bool:
    """Whether ``date`` is one of the quiet days before the goal effort (C-1)."""
    return 0 < (ctx.target_date - date).days <= GOAL_QUIET_DAYS


def after_goal(ctx: Context, date: dt.date) -> bool:
    """Whether ``date`` follows the goal effort (C-1: only easy running then)."""
    return date > ctx.target_date


def _goal_in(ctx: Context, slots: list[Slot], week_start: dt.date) -> bool:
    """Whether this week holds the goal effort (a novice who never reached the 30-min run
    has no final time trial, R-G3)."""
    if not 0 <= (ctx.target_date - week_start).days < 7:
        return False
    day = ctx.target_date.weekday()
    return any(s.kind in ("race", "trial") and s.day == day for s in slots)


def quiet_after_goal(ctx: Context, slots: list[Slot], week_start: dt.date) -> None:
    """C-1: after the goal effort (on its day too), only easy running: no cross-training
    or strength; and in the quiet days before it, one hard session at most: the first
    stays, later ones become easy runs."""
    if not _goal_in(ctx, slots, week_start):
        return
    hard_before = 0
    for slot in sorted(slots, key=lambda s: (s.day - week_start.weekday()) % 7):
        date = week_start + dt.timedelta(days=(slot.day - week_start.weekday()) % 7)
        if date >= ctx.target_date and slot.kind in ("cross", "strength"):
            slots.remove(slot)
        elif near_goal(ctx, date) and slot.kind in ("quality", "trial"):
            hard_before += 1
            if hard_before > 1:
                slot.kind, slot.cls = "easy", None
    _unstack_long(slots, week_start, (ctx.target_date - week_start).days)


def add_strength(ctx: Context, slots: list[Slot], frame: WeekFrame, week_start: dt.date) -> None:
    """Strength sessions (R-G9: 2 a week, 1 in the taper), never on the goal effort's day
    or the day before it (no heavy lifting in the 24 h before a quality run), whichever
    week that day falls in."""
    count = 1 if frame.phase == "taper" else 2
    quality_days = set(ctx.skeleton.quality) | {
        s.day for s in slots if s.kind in ("quality", "trial", "race")
    }
    week = [week_start + dt.timedelta(days=i) for i in range(7)]
    goal_elsewhere = not 0 <= (ctx.target_date - week_start).days < 7
    blocked: set[int] = set()
    goal_here = _goal_in(ctx, slots, week_start)
    if goal_elsewhere or goal_here:
        # C-1's quiet days, when the goal effort takes place
        blocked = {d.weekday() for d in week if near_goal(ctx, d) or d >= ctx.target_date}
    blocked |= {d.weekday() for d in week if d == ctx.target_date - dt.timedelta(days=1)}
    keep = _keep_free(ctx, slots)
    for day, plyometrics in strength_days(
        ctx.skeleton, count, quality_days=quality_days, blocked=blocked, keep_free=keep
    ):
        # The goal's week keeps its legs fresh: strength without plyometrics (C-1).
        slots.append(Slot(day, "strength", order=5, plyometrics=plyometrics and not goal_here))
