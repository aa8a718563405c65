"""Aerobic base, volume and progression: R-S1.1–R-S1.4, R-S7.2, R-G5, R-G6, R-G8, R-G16.

Weekly volume is the running time of every run step (walks excluded), repeats unrolled,
distance steps at their target speed; race sessions are left out (choice: a race is the
goal, not training load the volume rules limit). The "longest continuous run" of a week
is its longest run step marked ``continuous``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from miler.plan.model import GoalType, RunStep, SessionType
from miler.plan.request import RETURN_PHASE_IN_WEEKS
from miler.planning.rules._facts import (
    EASY_HR_FRACTION,
    PlanFacts,
    SessionFacts,
    Stretch,
    WeekFacts,
)
from miler.planning.rules._registry import (
    Outcome,
    Problems,
    minutes,
    not_applicable,
    rule,
)
from miler.planning.rules.coach_volume import LIGHTER_FLOOR

__all__ = ["deadline_week"]

THIRTY_MIN_S: Final = 1800.0
_WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLACK_S: Final = 1.0
"""Rounding slack on durations, in seconds."""
_TEST_GOALS: Final = (GoalType.MILITARY_TEST, GoalType.OCCUPATIONAL_TEST, GoalType.TREADMILL_MILE)


def deadline_week(facts: PlanFacts) -> int:
    """R-G5: the plan's declared deadline week, else min(9, plan length)."""
    return facts.deadline_week()


@rule("R-S1.1")
def check_continuous_base(facts: PlanFacts) -> Outcome:
    """Every week holds continuous easy running; while the athlete's longest run so far is
    under 30 min, a week's longest continuous run is not shorter than the previous
    counted week's. Taper and deload weeks are excepted (and skipped as references); a
    novice's race week whose every training day is next to the race may hold no run but
    the race (project choice, docs/rule-choices.md)."""
    problems = Problems()
    best = facts.plan.athlete.longest_run_min * 60
    previous: float | None = None
    for week in facts.weeks:
        ids = [s.id for s in week.sessions]
        if week.longest_continuous_s <= 0:
            if facts.level != "novice" or not _race_week_hemmed_in(facts, week):
                problems.add(f"week {week.index}: no continuous easy run", ids)
            continue
        if week.taper or week.deload:
            continue
        if (
            previous is not None
            and best < THIRTY_MIN_S
            and (week.longest_continuous_s < previous - _SLACK_S)
        ):
            problems.add(
                f"week {week.index}: longest continuous run {minutes(week.longest_continuous_s)}"
                f" < {minutes(previous)} the week before, athlete still under 30 min",
                _longest_ids(week),
            )
        previous = week.longest_continuous_s
        best = max(best, week.longest_continuous_s)
    return problems.outcome("continuous easy running every week, lengthened while under 30 min")


def _longest_ids(week: WeekFacts) -> list[str]:
    return [s.id for s in week.sessions if s.longest_continuous_s == week.longest_continuous_s]


def _race_week_hemmed_in(facts: PlanFacts, week: WeekFacts) -> bool:
    """Project choice (docs/rule-choices.md): ``week`` holds the goal race and every one of
    the athlete's days is next to the race day, so R-S7.2 leaves no day for another run."""
    races = [s for s in week.sessions if s.session.type is SessionType.RACE]
    if not races or facts.plan.goal.race_date is None:
        return False
    race_day = races[-1].date.weekday()
    near = {(race_day - 1) % 7, (race_day + 1) % 7}
    days = {_WEEKDAYS.index(d) for d in facts.plan.athlete.days}
    return bool(days) and days <= near


def _thirty_minute_from_deadline(facts: PlanFacts, novice: bool = False) -> Problems:
    problems = Problems()
    start = deadline_week(facts)
    for week in facts.weeks[start - 1 :]:
        if novice and _race_week_hemmed_in(facts, week):
            continue
        if week.longest_continuous_s < THIRTY_MIN_S - _SLACK_S:
            problems.add(
                f"week {week.index}: longest continuous run {minutes(week.longest_continuous_s)}"
                f" < 30 min (deadline week {start})",
                [s.id for s in week.sessions],
            )
    return problems


@rule("R-S1.2")
def check_beginner_thirty_minutes(facts: PlanFacts) -> Outcome:
    """Novice plans have a continuous easy run ≥30 min in the deadline week (R-G5) and
    every week after, except (project choice, docs/rule-choices.md) the goal-race week
    when every one of the athlete's days is next to the race day (R-S7.2 leaves no day)."""
    if facts.level != "novice":
        return not_applicable(f"athlete is {facts.level}, not a novice")
    return _thirty_minute_from_deadline(facts, novice=True).outcome(
        f"≥30 min continuous run from week {deadline_week(facts)} on"
        " (not in a race week whose every training day is next to the race)"
    )


@rule("R-S1.3")
def check_test_goal_base(facts: PlanFacts) -> Outcome:
    """For military, occupational and treadmill-mile goals, R-S1.2 applies at any level
    while the longest current continuous run is under 30 min."""
    plan = facts.plan
    if plan.goal.type not in _TEST_GOALS:
        return not_applicable(f"goal is {plan.goal.type}, not a test or treadmill mile")
    if plan.athlete.longest_run_min >= 30:
        return not_applicable("the athlete already runs 30 min continuously")
    # R-S1.2's race-week exception comes with it (a novice only: R-S7.2 is theirs).
    return _thirty_minute_from_deadline(facts, novice=facts.level == "novice").outcome(
        f"{plan.goal.type}: ≥30 min continuous run from week {deadline_week(facts)} on"
    )


def _experienced_single_mile(facts: PlanFacts) -> bool:
    return facts.level == "experienced" and facts.plan.goal.type is GoalType.SINGLE_MILE


def _easing_back(facts: PlanFacts, index: int) -> bool:
    """Whether week ``index`` is in a restart's return (C-11): its phase-in weeks, or the
    weeks before the running is back at R-G8's 80% of the baseline. The baseline's quality
    count and R-G8's floor wait for it."""
    if facts.stretch(index).restart is None:
        return False
    return index < facts.mix_start_week(index) or facts.returning(index, LIGHTER_FLOOR)


@rule("R-S1.4")
def check_experienced_less_volume(facts: PlanFacts) -> Outcome:
    """Experienced, single_mile: every week's run time ≤ the 4-week baseline (+1 min
    rounding) and quality sessions per week ≥ the baseline's."""
    if not _experienced_single_mile(facts):
        return not_applicable("only for experienced athletes with a single_mile goal")
    base = facts.plan.baseline
    problems = Problems()
    for week in facts.weeks:
        ids = [s.id for s in week.sessions]
        if week.training_time_s > base.weekly_run_min * 60 + 60:
            problems.add(
                f"week {week.index}: {minutes(week.training_time_s)} > baseline "
                f"{base.weekly_run_min:g} min",
                ids,
            )
        if _easing_back(facts, week.index):
            continue
        if len(week.quality) < base.quality_per_week - 1e-9:
            problems.add(
                f"week {week.index}: {len(week.quality)} quality sessions < baseline "
                f"{base.quality_per_week:g}",
                ids,
            )
    return problems.outcome("volume within baseline, quality at least baseline, every week")


def _running_dates(facts: PlanFacts, last_week: int) -> dict[dt.date, list[str]]:
    days: dict[dt.date, list[str]] = {}
    for s in facts.sessions:
        if s.week <= last_week and s.running:
            days.setdefault(s.date, []).append(s.id)
    return days


@rule("R-S7.2")
def check_novice_alternate_days(facts: PlanFacts) -> Outcome:
    """Novices: no two running days in a row in weeks 1–9 (both days inside weeks 1–9).
    A running day has running outside a warm-up or cool-down; lifting and cross-training
    days are not running days."""
    if facts.level != "novice":
        return not_applicable(f"athlete is {facts.level}, not a novice")
    days = _running_dates(facts, 9)
    problems = Problems()
    for day in sorted(days):
        after = day + dt.timedelta(days=1)
        if after in days:
            problems.add(f"runs on {day} and {after}", [*days[day], *days[after]])
    return problems.outcome("no consecutive running days in weeks 1–9")


@rule("R-G5")
def check_beginner_timeline(facts: PlanFacts) -> Outcome:
    """Novices: the deadline week is min(9, length) unless the plan says why it moved;
    the longest continuous run grows ≤5 min a week over the longest so far (starting from
    the athlete's); weekly volume ≤1.3× the highest of the weeks two or more before
    (choice: the highest, so a return after a deload week is not a rise; the goal effort,
    the race or a no-race plan's final time trial, is not counted, docs/rule-choices.md)."""
    if facts.level != "novice":
        return not_applicable(f"athlete is {facts.level}, not a novice")
    problems = Problems()
    default = min(9, len(facts.weeks))
    declared = facts.plan.deadline_week
    if declared is not None and declared > default and not facts.plan.notes:
        problems.add(f"deadline moved to week {declared} (default {default}) without a reason")
    longest = facts.plan.athlete.longest_run_min * 60
    for week in facts.weeks:
        if week.longest_continuous_s > longest + 300 + _SLACK_S:
            problems.add(
                f"week {week.index}: longest continuous run {minutes(week.longest_continuous_s)}"
                f" grows more than 5 min over {minutes(longest)}",
                _longest_ids(week),
            )
        longest = max(longest, week.longest_continuous_s)
    volumes = [w.load_time_s for w in facts.weeks]
    for i in range(2, len(volumes)):
        reference = max(volumes[: i - 1])
        if reference > 0 and volumes[i] > 1.3 * reference + 60:
            week = facts.weeks[i]
            problems.add(
                f"week {week.index}: {minutes(volumes[i])} is more than 30% over "
                f"{minutes(reference)} two weeks before",
                [s.id for s in week.sessions],
            )
    return problems.outcome("deadline, 5 min/week and 30%/2 weeks caps respected")


def _easy_steps(facts: PlanFacts) -> list[tuple[SessionFacts, RunStep]]:
    easy: list[tuple[SessionFacts, RunStep]] = []
    for s in facts.sessions:
        easy_session = s.session.type in (SessionType.EASY_RUN, SessionType.LONG_RUN)
        for role, leaves in s.blocks:
            if role.value in ("strides", "drills"):
                continue
            for step in leaves:
                if not isinstance(step, RunStep):
                    continue
                if step.continuous or (
                    easy_session
                    and step.purpose.lower() == "easy"
                    and step.intensity.value == "active"
                ):
                    easy.append((s, step))
    return easy


@rule("R-G6")
def check_easy_hr_cap(facts: PlanFacts) -> Outcome:
    """Every easy run step (continuous, or ``easy`` in an easy or long run) has an HR cap
    ≤0.79·HRmax (+0.5 bpm rounding), HRmax being that of the paces of the session's week
    (the plan's, or the week's reference, ``Week.reference``)."""
    problems = Problems()
    caps: set[float] = set()
    for session, step in _easy_steps(facts):
        session_id = session.id
        cap = EASY_HR_FRACTION * session.paces.hr_max_bpm
        caps.add(cap)
        if step.hr_high_bpm is None:
            problems.add(f"{session_id}: easy run {step.name!r} has no HR cap", [session_id])
        elif step.hr_high_bpm > cap + 0.5:
            problems.add(
                f"{session_id}: HR cap {step.hr_high_bpm:g} > {cap:.0f} bpm (79% HRmax)",
                [session_id],
            )
    rounded = (f"{cap:.0f}" for cap in sorted(caps or {EASY_HR_FRACTION * facts.hr_max}))
    shown = "/".join(dict.fromkeys(rounded))
    return problems.outcome(f"every easy run capped at ≤{shown} bpm")


@rule("R-G8")
def check_volume_goal_taper(facts: PlanFacts) -> Outcome:
    """Experienced single_mile: non-taper, non-deload weeks at 80–100% of the 4-week
    baseline, and ≥1 continuous easy run ≥30 min every week. With a race date: the last 2
    weeks are taper weeks at 40–59% of the baseline volume, where (choice, after Bosquet
    2007, who measures the cut from pre-taper training) the baseline is the mean of the
    up to 4 non-deload weeks before the taper; session frequency is unchanged (running
    sessions per taper week ≥ the last pre-taper week's, less the race) and each taper
    week keeps a quality session (intensity kept). Choice: a race session is the goal,
    not training, so it is left out of the taper week's volume."""
    problems = Problems()
    plan = facts.plan
    if _experienced_single_mile(facts):
        base = plan.baseline.weekly_run_min * 60
        for week in facts.weeks:
            ids = [s.id for s in week.sessions]
            band = not (week.taper or week.deload or facts.returning(week.index, LIGHTER_FLOOR))
            if band and week.training_time_s < LIGHTER_FLOOR * base - 60:
                problems.add(
                    f"week {week.index}: {minutes(week.training_time_s)} < 80% of baseline", ids
                )
            if week.longest_continuous_s < THIRTY_MIN_S - _SLACK_S:
                problems.add(f"week {week.index}: no easy run ≥30 min", ids)
    if plan.goal.race_date is not None:
        _check_taper(facts, problems)
    return problems.outcome(
        "volume by goal type and level; taper at 40–59% with intensity kept"
        if plan.goal.race_date
        else "volume by goal type and level (no race date: no taper required)"
    )


def _check_taper(facts: PlanFacts, problems: Problems) -> None:
    weeks = facts.weeks
    if len(weeks) < 3:
        problems.add(f"{len(weeks)} weeks: too short for a 2-week taper after training")
        return
    taper, before = weeks[-2:], weeks[:-2]
    for week in weeks:
        if week.taper != (week in taper):
            problems.add(
                f"week {week.index}: phase {week.phase}, but the taper is the last 2 weeks",
                [s.id for s in week.sessions],
            )
    # After a restart (C-11) the taper is measured from the return's weeks, not the weeks
    # run before the break.
    first = facts.stretch(taper[0].index).first
    since = [w for w in before if w.index >= first] or list(before)
    reference_weeks = [w for w in since if not w.deload][-4:] or list(since[-1:])
    baseline = sum(w.training_time_s for w in reference_weeks) / len(reference_weeks)
    last = reference_weeks[-1]
    last_runs = sum(1 for s in last.sessions if s.running)
    # "Intensity unchanged": a taper week keeps a quality session when the pre-taper
    # weeks had one; it need not add intensity a novice has not yet started (R-G16).
    had_quality = any(w.quality for w in reference_weeks)
    for week in taper:
        ids = [s.id for s in week.sessions]
        if facts.level == "novice" and _race_week_hemmed_in(facts, week):
            # Project choice (docs/rule-choices.md): every training day is next to the
            # race, so R-S7.2 leaves the race as the week's only run; volume and frequency
            # cannot be kept, the race keeps the intensity.
            if had_quality and not week.quality:
                problems.add(f"taper week {week.index}: no quality session", ids)
            continue
        races = sum(1 for s in week.sessions if s.session.type is SessionType.RACE)
        volume = week.training_time_s
        share = volume / baseline if baseline > 0 else 0.0
        floor = _taper_floor_s(facts, week)
        too_low = share < 0.40 - 0.005
        too_high = share > 0.59 + 0.005 and volume > floor + _SLACK_S
        if too_low or too_high:
            problems.add(
                f"taper week {week.index}: {share:.0%} of the pre-taper {minutes(baseline)}"
                f" (40–59%, or up to the {minutes(floor)} floor)",
                ids,
            )
        runs = sum(1 for s in week.sessions if s.running)
        if runs + races < last_runs:
            problems.add(
                f"taper week {week.index}: {runs} running sessions < {last_runs} before taper",
                ids,
            )
        if had_quality and not week.quality:
            problems.add(f"taper week {week.index}: no quality session (intensity dropped)", ids)


def _must_hold_thirty(facts: PlanFacts, week: WeekFacts) -> bool:
    """Whether ``week`` must hold a ≥30-min continuous run: a novice from the deadline week
    (R-S1.2, R-G5), an experienced single-miler (R-G8), a test goal (R-S1.3) from the
    deadline week."""
    plan = facts.plan
    if _experienced_single_mile(facts):
        return True
    from_deadline = week.index >= deadline_week(facts)
    if facts.level == "novice":
        return from_deadline
    return plan.goal.type in _TEST_GOALS and plan.athlete.longest_run_min < 30 and from_deadline


def _taper_floor_s(facts: PlanFacts, week: WeekFacts) -> float:
    """Project choice (docs/rule-choices.md): at low volume the taper's 59% cap conflicts
    with the runs the rules keep, so a taper week may hold up to 30 min for a run that must
    stay ≥30 min (R-S1.2, R-S1.3, R-G8) + 20 min per quality session, time trial or race
    (R-G19 warm-up and cool-down, R-G8 intensity kept) + 10 min per other run."""
    floor = 0.0
    others = 0
    for s in week.sessions:
        kind = s.session.type
        if s.quality or kind in (SessionType.TIME_TRIAL, SessionType.RACE):
            floor += 20 * 60
        elif s.run_time_s > 0 and kind in (SessionType.EASY_RUN, SessionType.LONG_RUN):
            others += 1
    if _must_hold_thirty(facts, week) and others:
        floor += THIRTY_MIN_S
        others -= 1
    return floor + others * 10 * 60


@rule("R-G16")
def check_phase_in(facts: PlanFacts) -> Outcome:
    """Novices: ≤1 quality session a week, short, before the deadline week of the 30-min
    run (R-G5; the full mix is due from the week after it, see R-S6.8). Others with no
    quality in the last 4 weeks: ≤1, short, in weeks 1–2.
    Everyone: quality sessions a week ≤ 1 + the most in any week two or more before
    (the 4-week baseline counting as weeks 0 and −1), i.e. ≤1 new session per 2 weeks;
    ≤1 added rep per occurrence of a format (choice: over the most reps of its earlier
    occurrences, so returning to them after a lighter week is not an addition).
    Non-novices: weekly run time ≤1.1× the highest week before (week 1 against the
    baseline when it is >0; +1 min rounding; the goal effort, the race or a no-race
    plan's final time trial, is not counted, docs/rule-choices.md).
    After a restart (C-11) all of this counts again from the restart week, against the
    running and quality sessions the restart records: its first 2 weeks are a phase-in.
    Races are the goal, not training: they are left out of the quality counts."""
    problems = Problems()
    training = [
        [s for s in week.quality if s.session.type is not SessionType.RACE] for week in facts.weeks
    ]
    for stretch in facts.stretches:
        _check_stretch_phase_in(facts, stretch, training, problems)
    _check_rep_increments(facts, problems)
    return problems.outcome("phase-in, new sessions, added reps and volume growth gradual")


def _check_stretch_phase_in(
    facts: PlanFacts, stretch: Stretch, training: list[list[SessionFacts]], problems: Problems
) -> None:
    """R-G16 over one stretch: from week 1 against the baseline, or from a restart against
    the running and quality it starts from (C-11)."""
    end = next((s.first for s in facts.stretches if s.first > stretch.first), len(facts.weeks) + 1)
    weeks = facts.weeks[stretch.first - 1 : end - 1]
    counted = training[stretch.first - 1 : end - 1]
    if stretch.restart is not None:
        # C-11: the return's own phase-in, without recent quality work (the full mix may
        # wait longer for room under the growth caps, R-S6.8 holds it from then)
        phase_in = RETURN_PHASE_IN_WEEKS if stretch.quality_per_week <= 0 else 0
        limit_week = stretch.first + phase_in - 1
    elif facts.level == "novice":
        # Phase-in ends at the deadline week (R-G5; docs/rule-choices.md): the weeks before
        # it hold at most one short session.
        limit_week = max(facts.deadline_week() - 1, 0)
        if stretch.quality_per_week <= 0:
            limit_week = max(limit_week, 2)
    elif stretch.quality_per_week <= 0:
        limit_week = 2
    else:
        limit_week = 0
    for week, quality in zip(weeks, counted, strict=True):
        if week.index > limit_week:
            break
        ids = [s.id for s in quality]
        if len(quality) > 1:
            problems.add(f"week {week.index}: {len(quality)} quality sessions in phase-in", ids)
        for s in quality:
            if s.quality_class != "short":
                problems.add(
                    f"{s.id}: {s.quality_class or 'unclassified'} session in phase-in", [s.id]
                )
    counts = [stretch.quality_per_week] * 2 + [float(len(q)) for q in counted]
    for i, (week, quality) in enumerate(zip(weeks, counted, strict=True), start=2):
        allowed = max(counts[: i - 1]) + 1
        if counts[i] > allowed + 1e-9:
            problems.add(
                f"week {week.index}: {int(counts[i])} quality sessions, more than one new "
                "in 2 weeks",
                [s.id for s in quality],
            )
    if facts.level != "novice":
        highest = stretch.weekly_run_min * 60
        for week in weeks:
            if highest > 0 and week.load_time_s > 1.1 * highest + 60:
                problems.add(
                    f"week {week.index}: {minutes(week.load_time_s)} is more than 10% over "
                    f"{minutes(highest)}",
                    [s.id for s in week.sessions],
                )
            highest = max(highest, week.load_time_s)


def _check_rep_increments(facts: PlanFacts, problems: Problems) -> None:
    from miler.planning.rules.sessions import format_key, main_reps

    most: dict[str, int] = {}
    for s in facts.sessions:
        if not s.quality:
            continue
        key = format_key(s)
        count = len(main_reps(s))
        before = most.get(key)
        if before is not None and count > before + 1:
            problems.add(f"{s.id}: {key} goes from {before} to {count} reps", [s.id])
        most[key] = max(count, before or 0)
