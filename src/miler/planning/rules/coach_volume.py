"""The coach rules on weekly volume (C-5, C-6, C-7, C-11, C-12; issue 11, items 2, 4, 5 and
13): where the plan starts, how lighter weeks and growth look week to week, how big the long
run is, how a re-plan restarts after missed running, and that an experienced runner's
volume builds.

Their text is in ``miler/data/rules/coach-rules.md``. Like every check, these read only the
plan: a week's running is timed from its steps (:attr:`WeekFacts.load_time_s`, the goal
effort left out as in R-G5 and R-G16), the long run is the week's longest continuous run.
The constants are the rules' own numbers; the generator imports them, so both sides hold
the same line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from miler.plan.model import GoalType, SessionType
from miler.plan.request import RETURN_PHASE_IN_WEEKS, RETURN_SETTLE_WEEKS
from miler.planning.rules._facts import PlanFacts, SessionFacts, WeekFacts
from miler.planning.rules._registry import (
    Outcome,
    Problems,
    minutes,
    not_applicable,
    passed,
    rule,
)
from miler.planning.rules.coach import goal_effort, session_seconds
from miler.planning.rules.coach_content import exempt_from_session_limit

__all__ = [
    "BUILD_FROM",
    "BUILD_GAIN",
    "BUILD_REACH",
    "BUILD_TO",
    "BUILD_WEEKS",
    "FIRST_WEEKS",
    "FULL_COOL_DOWN_S",
    "FULL_WARM_UP_S",
    "HELD_WITHIN_S",
    "LIGHTER_FLOOR",
    "LIGHTER_LOOKBACK",
    "LONG_RUN_CAP_LONGER_GOAL_MIN",
    "LONG_RUN_CAP_MIN",
    "LONG_SHARE_FREE_MIN",
    "LONG_SHARE_RUNS",
    "LONG_SHARE_TIMES",
    "RETURN_LONG_MIN",
    "STARTER_SESSION_MIN",
    "START_GROWTH",
    "WEEKLY_GROWTH",
    "Build",
    "level_long_run_cap_min",
    "long_run_cap_min",
    "long_run_share_cap_min",
    "measure_build",
    "start_cap_min",
]

FIRST_WEEKS: Final = 2
"""C-5: the weeks measured against the runner's recent volume (R-G5 counts 2 weeks)."""
START_GROWTH: Final = 1.3
"""C-5: a novice's first weeks hold at most 30% more than the recent weekly volume (R-G5's
30% over 2 weeks, with the weeks before the plan at the baseline)."""
STARTER_SESSION_MIN: Final = 10.0
"""C-5: a starter week always has room for the runner's longest run (grown by R-G5's 5 min
a week) and two sessions of this length (C-2's shortest run, walk breaks included)."""
WEEKLY_GROWTH: Final = 1.1
"""C-6: a non-novice's week holds at most 10% more running than the week before it."""
LIGHTER_LOOKBACK: Final = 3
"""C-6: a lighter week runs less than each of the up to 3 weeks before it."""
LIGHTER_FLOOR: Final = 0.8
"""C-6: an experienced single-miler's lighter week keeps R-G8's 80% of the baseline."""
BUILD_WEEKS: Final = 6
"""C-12: a plan with this many weeks of the full mix before the taper or more builds its
volume; a shorter one has no room for a build between its start and taper."""
BUILD_GAIN: Final = 1.08
"""C-12: the later half's highest loading week runs at least 8% more than the earlier
half's typical loading week ..."""
BUILD_REACH: Final = 0.9
"""... or reaches 90% of the baseline (a week 1 near the baseline has little room left:
R-S1.4 caps an experienced single-miler at the baseline)."""
HELD_WITHIN_S: Final = 600.0
"""C-12: a session within 10 min of the runner's session minutes fills them (C-8)."""
FULL_WARM_UP_S: Final = 1200.0
"""C-12: the longest warm-up the generator gives a quality session to build a week
(rule choice 21; R-G19 asks at least 10 min) ..."""
FULL_COOL_DOWN_S: Final = 900.0
"""... and the longest cool-down (R-G19 asks at least 5 min)."""
BUILD_FROM: Final = 0.85
"""C-12: the generator aims an experienced single-miler's first week at 85% of the baseline
(R-S1.4's cut from what the runner ran, inside R-G8's 80-100%) ..."""
BUILD_TO: Final = 0.97
"""... and the weeks at 97% by the last week before the taper (R-S1.4's ceiling aimed 3%
under)."""
LONG_RUN_CAP_MIN: Final = {"novice": 45.0, "intermediate": 60.0, "experienced": 75.0}
"""C-7: the longest long run a mile plan gives each level, in minutes (an experienced runner
training for a longer race or test average: :data:`LONG_RUN_CAP_LONGER_GOAL_MIN`)."""
LONG_RUN_CAP_LONGER_GOAL_MIN: Final = 90.0
LONG_SHARE_TIMES: Final = 2.0
"""C-7: the long run is at most twice an even share of the week's running ..."""
LONG_SHARE_RUNS: Final = 3
"""... in a week of at least this many running sessions (with two, the long run is one of
two and only the level's cap applies) ..."""
LONG_SHARE_FREE_MIN: Final = 30.0
"""... and a 30-min run is always allowed (R-S1.2 and R-G8 keep one every week)."""
RETURN_LONG_MIN: Final = 30.0
"""C-11: a restart's return keeps a continuous run of at least 30 min every week but the
taper's (a runner who is not a novice runs 30 min, R-G1; the easy running comes back
first)."""
_SLACK_S: Final = 60.0
"""One minute of rounding on a week's or a run's time."""


def start_cap_min(baseline_min: float, longest_min: float, week: int) -> float:
    """C-5: the most running (minutes) a novice's ``week`` (1 or 2) may hold: 30% over the
    recent weekly volume, or a starter week of the longest run grown by 5 min a week and
    two 10-min sessions when that is more."""
    starter = longest_min + 5.0 * week + 2 * STARTER_SESSION_MIN
    return max(START_GROWTH * baseline_min, starter)


def level_long_run_cap_min(level: str, single_mile: bool) -> float:
    """C-7: the longest long run for ``level`` (novice 45, intermediate 60, experienced 75
    min, or 90 for a goal other than a single mile)."""
    if level == "experienced" and not single_mile:
        return LONG_RUN_CAP_LONGER_GOAL_MIN
    return LONG_RUN_CAP_MIN.get(level, LONG_RUN_CAP_MIN["intermediate"])


def long_run_cap_min(level: str, single_mile: bool, longest_min: float) -> float:
    """C-7: the longest long run a plan may give: the level's cap, or the runner's own
    longest run when that is longer (a plan never lengthens it past both)."""
    return max(level_long_run_cap_min(level, single_mile), longest_min)


def long_run_share_cap_min(week_min: float, running_sessions: int) -> float:
    """C-7: the longest long run a week of ``week_min`` minutes of running in
    ``running_sessions`` sessions may hold: twice an even share, but never under 30 min;
    no share bound with fewer than 3 running sessions."""
    if running_sessions < LONG_SHARE_RUNS:
        return float("inf")
    return max(LONG_SHARE_FREE_MIN, LONG_SHARE_TIMES * week_min / running_sessions)


def _running_sessions(week: WeekFacts) -> int:
    """C-7: the running sessions a week's long run is an even share of (races left out)."""
    return sum(1 for s in week.sessions if s.running and s.session.type is not SessionType.RACE)


def _ids(week: WeekFacts) -> list[str]:
    return [s.id for s in week.sessions]


@rule("C-5")
def check_start_from_recent_volume(facts: PlanFacts) -> Outcome:
    """Novices: weeks 1 and 2 hold at most 30% more running than the runner's recent weekly
    volume (the plan's baseline), or a starter week (the longest run + 5 min a week and two
    10-min sessions) when that is more. Others: R-G16 already holds week 1 within 10% of
    the baseline."""
    if facts.level != "novice":
        return not_applicable(f"athlete is {facts.level}: R-G16 starts week 1 from the baseline")
    plan = facts.plan
    problems = Problems()
    for week in facts.weeks[:FIRST_WEEKS]:
        cap = start_cap_min(plan.baseline.weekly_run_min, plan.athlete.longest_run_min, week.index)
        if week.load_time_s > cap * 60 + _SLACK_S:
            problems.add(
                f"week {week.index}: {minutes(week.load_time_s)} of running, more than "
                f"{minutes(cap * 60)} from a recent {plan.baseline.weekly_run_min:g} min a week",
                _ids(week),
            )
    return problems.outcome("the first weeks start from the runner's recent volume")


def _lighter_problems(facts: PlanFacts, problems: Problems) -> None:
    exp_single = facts.level == "experienced" and facts.plan.goal.type is GoalType.SINGLE_MILE
    base = facts.plan.baseline.weekly_run_min * 60
    for i, week in enumerate(facts.weeks):
        if not week.deload:
            continue
        before = facts.weeks[max(0, i - LIGHTER_LOOKBACK) : i]
        heavier = [w for w in before if week.load_time_s >= w.load_time_s]
        if heavier:
            problems.add(
                f"lighter week {week.index}: {minutes(week.load_time_s)}, not less than week "
                f"{heavier[0].index}'s {minutes(heavier[0].load_time_s)}",
                _ids(week),
            )
        trial = any(s.session.type is SessionType.TIME_TRIAL for s in week.sessions)
        banded = exp_single and not trial and not facts.returning(week.index, LIGHTER_FLOOR)
        if banded and week.training_time_s < LIGHTER_FLOOR * base - _SLACK_S:
            problems.add(
                f"lighter week {week.index}: {minutes(week.training_time_s)} < 80% of the "
                f"{minutes(base)} baseline",
                _ids(week),
            )


@rule("C-6")
def check_lighter_weeks_and_growth(facts: PlanFacts) -> Outcome:
    """A lighter week runs less than each of the up to 3 weeks before it and, for an
    experienced single-miler, keeps 80% of the baseline (R-G8) unless it holds a time trial
    (R-G20: a short effort in place of a long session, run fresh). A non-novice's week runs at
    most 10% more than the week before it, unless that week was lighter or a taper week
    (then R-G16's 10% over the highest week before holds)."""
    problems = Problems()
    _lighter_problems(facts, problems)
    if facts.level != "novice":
        for before, week in zip(facts.weeks, facts.weeks[1:], strict=False):
            restart = week.restart
            if restart is not None:
                # C-11: a restart week grows from the running its return starts from.
                reference, what = restart.weekly_run_min * 60, "the restart's"
            elif before.deload or before.taper:
                continue
            else:
                reference, what = before.load_time_s, f"week {before.index}'s"
            if week.load_time_s > WEEKLY_GROWTH * reference + _SLACK_S:
                problems.add(
                    f"week {week.index}: {minutes(week.load_time_s)}, more than 10% over "
                    f"{what} {minutes(reference)}",
                    _ids(week),
                )
    return problems.outcome("lighter weeks lighter, and week-to-week growth within 10%")


@rule("C-7")
def check_long_run_in_proportion(facts: PlanFacts) -> Outcome:
    """The week's longest continuous run is at most the level's cap (novice 45,
    intermediate 60, experienced 75 min, 90 for a goal other than a single mile) or the
    runner's own longest run when that is longer, and, in a
    week of 3 or more running sessions, at most twice an even share of the week's running
    (a 30-min run always allowed)."""
    plan = facts.plan
    single = plan.goal.type is GoalType.SINGLE_MILE
    cap = long_run_cap_min(facts.level, single, plan.athlete.longest_run_min)
    problems = Problems()
    for week in facts.weeks:
        long = week.longest_continuous_s
        if long <= 0:
            continue
        longest = [s.id for s in week.sessions if s.longest_continuous_s == long]
        if long > cap * 60 + _SLACK_S:
            problems.add(
                f"week {week.index}: a {minutes(long)} long run, over the {cap:g} min of the "
                f"{facts.level}'s cap or the runner's own longest",
                longest,
            )
        runs = _running_sessions(week)
        share = long_run_share_cap_min(week.training_time_s / 60, runs)
        if long > share * 60 + _SLACK_S:
            problems.add(
                f"week {week.index}: a {minutes(long)} long run in {minutes(week.training_time_s)}"
                f" over {runs} runs (at most {minutes(share * 60)})",
                longest,
            )
    return problems.outcome("long runs within the level's cap and twice an even share")


@rule("C-11")
def check_restart(facts: PlanFacts) -> Outcome:
    """After a restart (a re-plan after missed running): the restart lowers the weekly
    running from the baseline, never for a novice (whose weeks build on the long run, rule
    choice 9) and from a run of at least 30 min; its first week runs at most 10% over the
    running the return starts from; the long run grows from the restart's longest by at
    most 5 min a week (R-G5's step) and every non-taper week of the return holds a
    continuous run of at least 30 min; its first 3 weeks are loading weeks with no time
    trial; without recent quality work the full mix returns no earlier than the return's
    third week (R-S6.8 and R-G16 hold it from the week the restart records)."""
    restarts = [s for s in facts.stretches if s.restart is not None]
    if not restarts:
        return not_applicable("no restart in this plan")
    plan = facts.plan
    goal = goal_effort(facts)
    problems = Problems()
    for number, stretch in enumerate(restarts):
        restart = stretch.restart
        assert restart is not None
        first = stretch.first
        if facts.level == "novice":
            problems.add(f"week {first}: a restart in a novice's plan (rule choice 9)")
        if restart.weekly_run_min > plan.baseline.weekly_run_min + 0.5:
            problems.add(
                f"week {first}: the restart's {restart.weekly_run_min:g} min a week is over the "
                f"{plan.baseline.weekly_run_min:g}-min baseline"
            )
        if restart.longest_run_min < RETURN_LONG_MIN:
            problems.add(f"week {first}: a restart from a {restart.longest_run_min:g}-min run")
        earliest = first + (RETURN_PHASE_IN_WEEKS if restart.quality_per_week <= 0 else 0)
        if restart.mix_week is not None and restart.mix_week < earliest:
            problems.add(f"week {first}: the full mix returns in week {restart.mix_week}")
        end = restarts[number + 1].first if number + 1 < len(restarts) else len(facts.weeks) + 1
        weeks = facts.weeks[first - 1 : end - 1]
        start = weeks[0]
        if start.load_time_s > WEEKLY_GROWTH * restart.weekly_run_min * 60 + _SLACK_S:
            problems.add(
                f"week {first}: {minutes(start.load_time_s)}, more than 10% over the "
                f"{restart.weekly_run_min:g} min the return starts from",
                _ids(start),
            )
        for offset, week in enumerate(weeks):
            settling = offset < RETURN_SETTLE_WEEKS
            trials = [
                s.id
                for s in week.sessions
                if s.session.type is SessionType.TIME_TRIAL and s is not goal
            ]
            if settling and (week.deload or trials):
                what = "a time trial" if trials else "a lighter week"
                problems.add(f"week {week.index}: {what} in the first weeks back", trials)
            long = week.longest_continuous_s
            most = restart.longest_run_min + 5.0 * (offset + 1)
            if long > most * 60 + _SLACK_S:
                problems.add(
                    f"week {week.index}: a {minutes(long)} run, more than {most:g} min "
                    f"{offset + 1} week(s) after a restart from {restart.longest_run_min:g}",
                    _ids(week),
                )
            if not week.taper and long < RETURN_LONG_MIN * 60 - _SLACK_S:
                problems.add(
                    f"week {week.index}: no continuous run of 30 min in the return",
                    _ids(week),
                )
    return problems.outcome(
        f"{len(restarts)} restart(s): the return starts from the runner's running and grows"
    )


def week_is_full(facts: PlanFacts, week: WeekFacts, goal: SessionFacts | None) -> bool:
    """C-12: whether ``week`` has no room to run more within the rules. Its long run is as
    long as a plan makes it: the level's cap and its share of the week (C-7), or the
    runner's session minutes or own longest run, whichever is more, when shorter (a plan
    lengthens it past neither). Every session C-8 limits is full too: within 10 min of the
    runner's session minutes, or else an easy run as long as the long run, a quality session
    with rule choice 21's 20-min warm-up and 15-min cool-down. ``goal``: the plan's goal
    effort (:func:`~miler.planning.rules.coach.goal_effort`), which C-8 does not limit."""
    plan = facts.plan
    athlete = plan.athlete
    single = plan.goal.type is GoalType.SINGLE_MILE
    cap = min(
        level_long_run_cap_min(facts.level, single),
        long_run_share_cap_min(week.training_time_s / 60, _running_sessions(week)),
        max(athlete.session_minutes, athlete.longest_run_min),
    )
    longs = [s for s in week.sessions if s.session.type is SessionType.LONG_RUN]
    if any(s.longest_continuous_s < cap * 60 - _SLACK_S for s in longs):
        return False
    long_s = max((s.longest_continuous_s for s in longs), default=cap * 60)
    limit_s = athlete.session_minutes * 60.0
    limited = [s for s in week.sessions if not exempt_from_session_limit(facts, s, goal)]

    def full(s: SessionFacts) -> bool:
        if session_seconds(s) >= limit_s - HELD_WITHIN_S:
            return True
        if s.session.type is SessionType.EASY_RUN:
            return s.longest_continuous_s >= long_s - _SLACK_S
        warm, cool = FULL_WARM_UP_S - _SLACK_S, FULL_COOL_DOWN_S - _SLACK_S
        return s.quality and s.warmup_run_s >= warm and s.cooldown_run_s >= cool

    return bool(limited) and all(full(s) for s in limited)


@dataclass(frozen=True)
class Build:
    """C-12's measure of a plan's build (minutes of running, the goal effort left out)."""

    first: int
    last: int
    """The weeks measured: the full mix's first and the last before the taper."""
    half: int
    """The later half's first week."""
    typical_week: int
    typical_min: float
    """The earlier half's typical loading week (the lower median)."""
    top_week: int
    top_min: float
    """The later half's highest loading week."""
    needed_min: float
    """min(8% over the typical week, 90% of the baseline)."""

    @property
    def built(self) -> bool:
        """Whether the later half reached what C-12 asks (1 min of rounding)."""
        return self.top_min >= self.needed_min - _SLACK_S / 60


def measure_build(weeks: Sequence[tuple[int, float, bool]], baseline_min: float) -> Build | None:
    """C-12's measure over ``weeks``: (index, running minutes, lighter) for each week of
    the full mix before the taper, in order. None when there are fewer than
    :data:`BUILD_WEEKS` or no loading week in either half. The generator's plan note and
    the validator's check both use it."""
    if len(weeks) < BUILD_WEEKS:
        return None
    half = weeks[len(weeks) // 2][0]
    loading = [(index, load) for index, load, lighter in weeks if not lighter]
    earlier = sorted((w for w in loading if w[0] < half), key=lambda w: w[1])
    later = [w for w in loading if w[0] >= half]
    if not earlier or not later:
        return None
    typical = earlier[(len(earlier) - 1) // 2]
    top = max(later, key=lambda w: w[1])
    needed = min(BUILD_GAIN * typical[1], BUILD_REACH * baseline_min)
    return Build(weeks[0][0], weeks[-1][0], half, typical[0], typical[1], top[0], top[1], needed)


@rule("C-12")
def check_volume_builds(facts: PlanFacts) -> Outcome:
    """An experienced runner's volume builds: in a plan with at least 6 weeks of the full
    weekly mix (R-S6.8, after R-G16's phase-in) before the taper, the highest loading week
    (neither lighter nor taper) of the later half of those weeks runs at least 8% more than
    the earlier half's typical (median, the lower of two middles) loading week, or reaches
    90% of the baseline, unless a later loading week is full (:func:`week_is_full`): the
    runner's own limits hold the volume. After a restart, C-11 judges the return's growth
    instead."""
    if facts.level != "experienced":
        return not_applicable(f"athlete is {facts.level}: R-G5 and R-G16 build their weeks")
    if len(facts.stretches) > 1:
        return not_applicable("a re-plan restarted this plan: C-11 judges the return's growth")
    base = facts.plan.baseline.weekly_run_min
    # from the week the full R-S6.8 mix is due: R-G16's phase-in weeks (one quality
    # session, the rest easy running) hold another mix and do not compare
    mix = facts.mix_start_week()
    weeks = [w for w in facts.weeks if not w.taper and w.index >= mix]
    build = measure_build([(w.index, w.load_time_s / 60, w.deload) for w in weeks], base)
    if build is None:
        return not_applicable(
            f"fewer than {BUILD_WEEKS} weeks with the full mix before the taper to build in"
        )
    top, typical = build.top_min * 60, build.typical_min * 60
    if build.built:
        return passed(
            f"week {build.top_week}'s {minutes(top)} of running: 8% over the earlier "
            f"weeks' typical {minutes(typical)} or 90% of the baseline"
        )
    later = [w for w in weeks if w.index >= build.half and not w.deload]
    goal = goal_effort(facts)
    full = [w.index for w in later if week_is_full(facts, w, goal)]
    if full:
        return passed(
            f"held at {minutes(top)} by the runner's own limits: week {full[0]} fills its "
            "sessions and the long run's cap"
        )
    return Outcome(
        "fail",
        f"weeks {build.first}-{build.last}: the highest later week (week {build.top_week}, "
        f"{minutes(top)}) is under {minutes(build.needed_min * 60)}: 8% over the earlier "
        f"weeks' typical {minutes(typical)} (week {build.typical_week}) or 90% of the "
        f"{minutes(base * 60)} baseline",
        tuple(_ids(facts.weeks[build.top_week - 1])),
    )
