"""Matching real runs to real generated plans: what a coach reads off the comparison.

Every plan here comes from the real generator, its start date chosen so its weeks cover
the dates of the real activity files used (the first test pins those dates). Nothing is
synthetic: the all-out effort is a real run (``fitparse__activity-small-fenix2-run.fit``)
in which ``recognise_time_trial`` finds a 2-mile effort. The only hand-made plan is the
empty one, which the generator never makes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from miler.activities.base import NotAnActivityError, load_activity
from miler.activities.best_efforts import best_effort, recognise_time_trial
from miler.activities.model import Activity
from miler.adapt import (
    ActivityKind,
    EvidenceSource,
    IgnoredReason,
    Outcome,
    PlanMatch,
    SessionOutcome,
    Verdict,
    match_activities,
)
from miler.adapt.match import MOVE_DAYS, PACE_TOLERANCE, UNDER_BELOW
from miler.errors import MilerError
from miler.plan.model import Plan, RunStep, SessionType, iter_steps
from miler.plan.request import PlanRequest, RaceResult, Weekday
from miler.planning.generate import generate_plan
from miler.units import MILE_M, parse_time

STAMINA = "fit/fitparserjs__garmin-stamina.fit"  # 800 m reps, Thu 2026-05-14
FOUR_BY_1KM = "fit/fitparserjs__running-with-developer-data.fit"  # 4 x 1 km, Thu 2018-06-14
STEADY_SAT = "fit/slither__running.fit"  # 7.9 km steady, Sat 2021-03-13
STEADY_SUN = "tcx/runpandas__11km.tcx"  # 11 km steady, Sun 2021-03-21
SHORT_RIDE = "fit/tormoder__0134902991.fit"  # 12 min ride, Thu 2021-03-04
LONG_RIDE = "fit/fitparserjs__batt.fit"  # 2 h 46 ride, Sat 2026-01-31
LIFTING = "fit/fitparserjs__suunto-weight.fit"  # strength training, Thu 2026-01-22
FAST_RUN = "fit/fitparse__activity-small-fenix2-run.fit"  # 9 km with a fast 2 miles, Sat 2015-08-15
SAME_RUN = (
    "fit/heartandsole__testdata.fit",
    "gpx/heartandsole__testdata.gpx",
    "tcx/heartandsole__testdata.tcx",
)  # one short run, Fri 2021-04-16, in three formats

Load = Callable[[str], Activity]


@pytest.fixture(scope="module")
def load(shared_data: Path) -> Load:
    cache: dict[str, Activity] = {}

    def read(name: str) -> Activity:
        if name not in cache:
            cache[name] = load_activity(shared_data / "activities" / name)
        return cache[name]

    return read


def make_plan(
    start: dt.date,
    days: Sequence[Weekday],
    *,
    mile: str = "6:10",
    weeks: int | None = 8,
    **profile: object,
) -> Plan:
    """An experienced runner's plan from the real generator, starting on ``start``."""
    runner: dict[str, object] = {
        "months_running": 36,
        "runs_per_week": 4,
        "longest_run_min": 60,
        "recent_intervals": True,
        "age": 35,
        "sex": "F",
    }
    runner.update(profile)
    request = PlanRequest(
        results=(RaceResult(distance_m=MILE_M, time_s=parse_time(mile)),),
        days=tuple(days),
        weeks=weeks,
        start_date=start,
        today=start - dt.timedelta(days=1),
        **runner,  # type: ignore[arg-type]
    )
    return generate_plan(request)


def session(match: PlanMatch, day: dt.date, kind: SessionType) -> SessionOutcome:
    found = [o for o in match.sessions if o.date == day and o.type is kind]
    assert len(found) == 1, f"the generator put no single {kind} session on {day}"
    return found[0]


def assert_each_activity_once(match: PlanMatch, n: int) -> None:
    """Every activity given is accounted for exactly once: one session, extra, or left out."""
    used = [o.activity_index for o in match.sessions if o.activity_index is not None]
    used += [e.activity_index for e in match.extras]
    used += [i.activity_index for i in match.ignored]
    assert sorted(used) == list(range(n))


def lap_timer_s(activity: Activity) -> float:
    """The watch's own timer: the laps' timer times."""
    return sum(lap.timer_s or lap.elapsed_s for lap in activity.laps)


def work_steps(plan: Plan, session_id: str) -> list[RunStep]:
    planned = next(s for s in plan.sessions() if s.id == session_id)
    return [
        step
        for block in planned.blocks
        for step, times in iter_steps(block.steps)
        for _ in range(times)
        if isinstance(step, RunStep) and step.purpose == "work"
    ]


def named_reps(notes: Sequence[str], how: str) -> set[int]:
    return {int(m.group(1)) for n in notes if (m := re.match(rf"rep (\d+) was .* {how}", n))}


def test_activity_files_start_on_the_dates_the_plans_cover(load: Load) -> None:
    dates = {
        STAMINA: dt.date(2026, 5, 14),
        FOUR_BY_1KM: dt.date(2018, 6, 14),
        STEADY_SAT: dt.date(2021, 3, 13),
        STEADY_SUN: dt.date(2021, 3, 21),
        SHORT_RIDE: dt.date(2021, 3, 4),
        LONG_RIDE: dt.date(2026, 1, 31),
        LIFTING: dt.date(2026, 1, 22),
        FAST_RUN: dt.date(2015, 8, 15),
        SAME_RUN[0]: dt.date(2021, 4, 16),
    }
    for name, day in dates.items():
        start = load(name).start
        assert start is not None and start.date() == day, name


# --- one outcome per session -----------------------------------------------------------


def test_steady_run_on_an_easy_run_day_is_done(load: Load) -> None:
    plan = make_plan(
        dt.date(2021, 3, 1),
        ("tue", "thu", "sat", "sun"),
        mile="7:00",
        long_run_day="sun",
        months_running=10,
        runs_per_week=3,
        recent_intervals=False,
    )
    run = load(STEADY_SAT)
    match = match_activities(plan, [run], today=dt.date(2021, 3, 15))
    easy = session(match, dt.date(2021, 3, 13), SessionType.EASY_RUN)
    assert easy.outcome is Outcome.DONE and easy.complete
    assert easy.activity_index == 0 and easy.done_date == dt.date(2021, 3, 13)
    assert easy.done_s == pytest.approx(lap_timer_s(run), rel=0.01)
    assert easy.done_distance_m == pytest.approx(7860, abs=50)  # 7.9 km (manifest)
    assert easy.compliance == pytest.approx(easy.done_s / easy.planned_s)
    assert easy.reps_planned is None and easy.reps_found is None
    assert_each_activity_once(match, 1)


def test_rep_session_on_a_quality_day_is_done_with_its_reps_counted_R_G12(load: Load) -> None:
    plan = make_plan(dt.date(2026, 1, 19), ("mon", "wed", "thu", "sat"), weeks=18)
    run = load(STAMINA)
    match = match_activities(plan, [run], today=dt.date(2026, 5, 15))
    quality = session(match, dt.date(2026, 5, 14), SessionType.QUALITY)
    assert quality.outcome is Outcome.DONE and quality.complete
    # the watch laps of the 800 m reps (about 3 min each) are the oracle
    rep_laps = [lap for lap in run.laps if 170 <= lap.elapsed_s <= 190]
    assert quality.reps_found == len(rep_laps) == 5
    assert quality.reps_planned == len(work_steps(plan, quality.session_id))
    rep_m = sum(lap.distance_m or 0.0 for lap in rep_laps)
    rep_s = sum(lap.timer_s or 0.0 for lap in rep_laps)
    assert quality.rep_speed_mps == pytest.approx(rep_m / rep_s, rel=1e-6)
    assert f"5 reps found, {quality.reps_planned} planned" in quality.notes
    low = quality.target_speed_low_mps
    assert low is not None
    slow = {
        i + 1
        for i, lap in enumerate(rep_laps)
        if (lap.distance_m or 0.0) / (lap.timer_s or 1.0) < low * (1 - PACE_TOLERANCE)
    }
    assert slow and named_reps(quality.notes, "slower") == slow


def test_reps_run_but_session_cut_short_is_partial_R_G12(load: Load) -> None:
    plan = make_plan(dt.date(2018, 6, 11), ("mon", "thu", "sat"), mile="7:00")
    run = load(FOUR_BY_1KM)
    match = match_activities(plan, [run], today=dt.date(2018, 6, 20))
    quality = session(match, dt.date(2018, 6, 14), SessionType.QUALITY)
    rep_laps = [lap for lap in run.laps if lap.trigger == "distance"]
    assert quality.reps_found == quality.reps_planned == len(rep_laps) == 4
    # 28 min recorded against a session planned with warm-up, drills and cool-down
    assert quality.compliance is not None and quality.compliance < 0.7
    assert quality.outcome is Outcome.PARTIAL and quality.complete is False
    assert any("of the planned time" in note for note in quality.notes)
    step = work_steps(plan, quality.session_id)[0]
    assert quality.target_speed_low_mps == step.speed_low_mps
    slow = {
        i + 1
        for i, lap in enumerate(rep_laps)
        if 1000.0 / (lap.timer_s or 1.0) < (step.speed_low_mps or 0.0) * (1 - PACE_TOLERANCE)
    }
    assert slow and named_reps(quality.notes, "slower") == slow


def test_runs_on_another_day_of_the_week_are_moved(load: Load) -> None:
    plan = make_plan(dt.date(2021, 3, 1), ("mon", "tue", "thu", "sat"), long_run_day="sat")
    activities = [load(STEADY_SUN), load(SHORT_RIDE), load(STEADY_SAT)]
    match = match_activities(plan, activities, today=dt.date(2021, 3, 24))
    long_run = session(match, dt.date(2021, 3, 20), SessionType.LONG_RUN)
    assert long_run.outcome is Outcome.MOVED and long_run.activity_index == 0
    assert long_run.done_date == dt.date(2021, 3, 21) and long_run.complete
    # the ride matches the cross-training two days before it, in the same week
    cross = session(match, dt.date(2021, 3, 2), SessionType.CROSS_TRAINING)
    assert cross.outcome is Outcome.MOVED and cross.activity_index == 1
    assert cross.done_date is not None
    assert (cross.done_date - cross.date).days == MOVE_DAYS
    # the Saturday run stays on its own day
    assert session(match, dt.date(2021, 3, 13), SessionType.LONG_RUN).outcome is Outcome.DONE
    assert match.extras == ()
    assert_each_activity_once(match, 3)


def test_past_session_without_a_run_is_missed_and_later_ones_upcoming(load: Load) -> None:
    plan = make_plan(dt.date(2021, 3, 1), ("mon", "tue", "thu", "sat"), long_run_day="sat")
    today = dt.date(2021, 3, 25)
    match = match_activities(plan, [load(STEADY_SAT), load(STEADY_SUN)], today=today)
    missed = session(match, dt.date(2021, 3, 18), SessionType.QUALITY)
    assert missed.outcome is Outcome.MISSED
    assert (missed.done_s, missed.compliance, missed.activity_index) == (0.0, 0.0, None)
    assert missed.reps_planned == len(work_steps(plan, missed.session_id))
    assert match.outcome(missed.session_id) is missed
    with pytest.raises(MilerError, match="no session"):
        match.outcome("2021-03-18-no-such-session")
    assert session(match, today, SessionType.QUALITY).outcome is Outcome.UPCOMING
    for outcome in match.sessions:
        if outcome.date >= today:
            assert outcome.outcome is Outcome.UPCOMING and outcome.compliance is None
        elif outcome.type in (SessionType.STRENGTH, SessionType.POWER):
            assert outcome.outcome is Outcome.NOT_RECORDED
        else:
            assert outcome.outcome is not Outcome.UPCOMING


def test_lifting_file_matches_strength_and_gym_work_without_a_file_is_not_missed(
    load: Load,
) -> None:
    plan = make_plan(dt.date(2026, 1, 19), ("mon", "wed", "thu", "sat"), weeks=18)
    match = match_activities(plan, [load(LIFTING)], today=dt.date(2026, 2, 2))
    strength = session(match, dt.date(2026, 1, 22), SessionType.STRENGTH)
    assert strength.outcome is Outcome.DONE and strength.activity_index == 0
    assert session(match, dt.date(2026, 1, 19), SessionType.STRENGTH).outcome is (
        Outcome.NOT_RECORDED
    )
    gym = [o for o in match.sessions if o.type is SessionType.STRENGTH and o.date < match.today]
    assert match.totals.gym_sessions_due == len(gym)
    assert match.totals.gym_sessions_recorded == 1
    # gym work is not running: no run minutes, and it is not in the run/cross counts
    assert match.weeks[0].done_run_s == 0.0 and match.weeks[0].sessions_done == 0


def test_ride_far_from_any_cross_training_is_an_extra_and_counted(load: Load) -> None:
    plan = make_plan(dt.date(2026, 1, 19), ("mon", "wed", "thu", "sat"), weeks=18)
    ride = load(LONG_RIDE)
    match = match_activities(plan, [ride], today=dt.date(2026, 2, 2))
    week = next(
        w
        for w in match.weeks
        if w.start_date <= dt.date(2026, 1, 31) < w.start_date + dt.timedelta(days=7)
    )
    cross = [
        o for o in match.sessions if o.week == week.index and o.type is SessionType.CROSS_TRAINING
    ]
    assert cross and all(abs((o.date - dt.date(2026, 1, 31)).days) > MOVE_DAYS for o in cross)
    assert all(o.outcome is Outcome.MISSED for o in cross)
    assert session(match, dt.date(2026, 1, 31), SessionType.LONG_RUN).outcome is Outcome.MISSED
    (extra,) = match.extras
    assert (extra.activity_index, extra.kind, extra.sport) == (0, ActivityKind.CROSS, "cycling")
    assert extra.duration_s == pytest.approx(lap_timer_s(ride), rel=0.01)
    assert week.extra_s == extra.duration_s and week.done_run_s == 0.0


def test_each_activity_satisfies_one_session_at_most(load: Load, shared_data: Path) -> None:
    plan = make_plan(dt.date(2026, 1, 19), ("mon", "wed", "thu", "sat"), weeks=18)
    run = load(STAMINA)
    twice = match_activities(plan, [run, run], today=dt.date(2026, 5, 15))
    assert [o.activity_index for o in twice.sessions if o.matched] == [0]
    assert [(i.activity_index, i.reason, i.duplicate_of) for i in twice.ignored] == [
        (1, IgnoredReason.DUPLICATE, 0)
    ]
    # one run in three formats: the watch's own FIT file is the one kept
    week_of_it = make_plan(dt.date(2021, 4, 5), ("mon", "wed", "fri"), mile="7:00")
    formats = [load(SAME_RUN[1]), load(SAME_RUN[2]), load(SAME_RUN[0])]
    three = match_activities(week_of_it, formats, today=dt.date(2021, 4, 20))
    assert {(i.activity_index, i.duplicate_of) for i in three.ignored} == {(0, 2), (1, 2)}
    # every shared activity file at once: each accounted for exactly once
    every = _every_activity(shared_data, load)
    for today in (dt.date(2026, 5, 15), dt.date(2026, 2, 1)):
        assert_each_activity_once(match_activities(plan, every, today=today), len(every))


def _every_activity(shared_data: Path, load: Load) -> list[Activity]:
    """Every activity in the shared data (files that hold a workout or a course left out)."""
    root = shared_data / "activities"
    activities = []
    for kind in ("fit", "gpx", "tcx"):
        for path in sorted((root / kind).glob(f"*.{kind}")):
            try:
                activities.append(load(f"{kind}/{path.name}"))
            except NotAnActivityError:
                continue
    return activities


def test_local_date_comes_from_the_runners_time_zone(load: Load) -> None:
    """04:05 UTC on Thursday is 21:05 on Wednesday in UTC-7: for a file that does not say
    its own local time, the rep session was run the evening before, so Thursday's quality
    session is moved, not done on its day."""
    plan = make_plan(dt.date(2026, 1, 19), ("mon", "wed", "thu", "sat"), weeks=18)
    run = dataclasses.replace(load(STAMINA), utc_offset_s=None)
    utc = match_activities(plan, [run], today=dt.date(2026, 5, 15))
    west = match_activities(
        plan, [run], today=dt.date(2026, 5, 15), tz=dt.timezone(dt.timedelta(hours=-7))
    )
    thursday = dt.date(2026, 5, 14)
    assert session(utc, thursday, SessionType.QUALITY).outcome is Outcome.DONE
    moved = session(west, thursday, SessionType.QUALITY)
    assert moved.outcome is Outcome.MOVED and moved.done_date == dt.date(2026, 5, 13)
    # Wednesday's short easy run does not get the rep session as well
    wednesday = session(west, dt.date(2026, 5, 13), SessionType.EASY_RUN)
    assert wednesday.outcome is Outcome.MISSED


def test_a_fit_files_own_local_time_dates_it_whatever_the_zone(load: Load) -> None:
    """The watch recorded the run at 12:05 local time (UTC+8, its activity message's
    local_timestamp): Thursday's, even for a runner whose zone says Wednesday evening."""
    plan = make_plan(dt.date(2026, 1, 19), ("mon", "wed", "thu", "sat"), weeks=18)
    run = load(STAMINA)
    assert run.utc_offset_s == 8 * 3600
    west = match_activities(
        plan, [run], today=dt.date(2026, 5, 15), tz=dt.timezone(dt.timedelta(hours=-7))
    )
    assert session(west, dt.date(2026, 5, 14), SessionType.QUALITY).outcome is Outcome.DONE


# --- fitness evidence ------------------------------------------------------------------


def test_time_trial_session_that_was_run_gives_a_new_result_R_G20(load: Load) -> None:
    plan = make_plan(dt.date(2015, 7, 27), ("sat", "tue"), mile="7:00", weeks=12)
    run = load(FAST_RUN)
    match = match_activities(plan, [run], today=dt.date(2015, 8, 17))
    trial = session(match, dt.date(2015, 8, 15), SessionType.TIME_TRIAL)
    assert trial.outcome is Outcome.DONE and trial.complete
    (evidence,) = match.evidence
    found = recognise_time_trial(run.samples)
    assert found is not None
    assert evidence.source is EvidenceSource.TIME_TRIAL_SESSION
    assert (evidence.date, evidence.activity_index, evidence.session_id) == (
        dt.date(2015, 8, 15),
        0,
        trial.session_id,
    )
    assert (evidence.distance_m, evidence.time_s) == (found.effort.distance_m, found.effort.time_s)
    assert evidence.distance_m == pytest.approx(2 * MILE_M)
    assert evidence.as_result() == RaceResult(
        distance_m=found.effort.distance_m,
        time_s=found.effort.time_s,
        date=dt.date(2015, 8, 15),
        tag="time_trial",
    )
    # an all-out result is never also reported as a training best
    assert match.best_training_mile is None
    # the same run two days after a Thursday time trial: the trial was moved, and counts
    later = make_plan(dt.date(2015, 8, 3), ("mon", "wed", "thu"), mile="7:00")
    moved = match_activities(later, [run], today=dt.date(2015, 8, 17))
    thursday = session(moved, dt.date(2015, 8, 13), SessionType.TIME_TRIAL)
    assert thursday.outcome is Outcome.MOVED and thursday.done_date == dt.date(2015, 8, 15)
    assert [e.source for e in moved.evidence] == [EvidenceSource.TIME_TRIAL_SESSION]


def test_all_out_effort_in_an_unplanned_run_is_recognised(load: Load) -> None:
    plan = make_plan(dt.date(2015, 8, 10), ("mon", "wed", "thu"), mile="7:00")
    match = match_activities(plan, [load(FAST_RUN)], today=dt.date(2015, 8, 17))
    assert not any(o.matched for o in match.sessions)
    (extra,) = match.extras
    assert extra.kind is ActivityKind.RUN and extra.date == dt.date(2015, 8, 15)
    (evidence,) = match.evidence
    assert evidence.source is EvidenceSource.RECOGNISED and evidence.session_id is None


def test_reps_on_a_time_trial_day_are_no_all_out_result(load: Load) -> None:
    plan = make_plan(dt.date(2026, 5, 14), ("mon", "thu", "sat"), mile="7:00", weeks=6)
    run = load(STAMINA)
    match = match_activities(plan, [run], today=dt.date(2026, 5, 15))
    trial = session(match, dt.date(2026, 5, 14), SessionType.TIME_TRIAL)
    assert trial.outcome is Outcome.PARTIAL and trial.complete is False
    assert trial.notes == ("reps were run instead of the all-out effort",)
    assert match.evidence == ()
    # its fastest mile is reported, labelled as a training best, not as a result
    best = match.best_training_mile
    mile = best_effort(run.samples, MILE_M)
    assert best is not None and mile is not None
    assert (best.activity_index, best.time_s) == (0, mile.time_s)


def test_steady_runs_give_no_result_only_a_training_best(load: Load) -> None:
    plan = make_plan(dt.date(2021, 3, 1), ("mon", "tue", "thu", "sat"), long_run_day="sat")
    runs = [load(STEADY_SAT), load(STEADY_SUN)]
    match = match_activities(plan, runs, today=dt.date(2021, 3, 24))
    assert match.evidence == ()
    miles = [best_effort(run.samples, MILE_M) for run in runs]
    times = [m.time_s for m in miles if m is not None]
    best = match.best_training_mile
    assert best is not None and best.time_s == min(times)
    assert best.activity_index == times.index(min(times))


# --- weeks and totals ------------------------------------------------------------------


def test_week_verdicts_on_plan_under_and_over(load: Load) -> None:
    # the Sunday long run of the plan's first week, run as planned
    sunday = make_plan(
        dt.date(2021, 3, 21),
        ("sun", "tue", "thu"),
        mile="7:00",
        long_run_day="sun",
        longest_run_min=70,
        weeks=6,
    )
    week = match_activities(sunday, [load(STEADY_SUN)], today=dt.date(2021, 3, 22)).weeks[0]
    assert week.verdict is Verdict.ON_PLAN
    assert week.run_ratio == pytest.approx(week.done_run_s / week.planned_run_due_s)
    # a quality session missed makes the week under, whatever else was run
    plan = make_plan(dt.date(2021, 3, 1), ("mon", "tue", "thu", "sat"), long_run_day="sat")
    match = match_activities(plan, [load(STEADY_SAT), load(STEADY_SUN)], today=dt.date(2021, 3, 24))
    week3 = match.weeks[2]
    assert any(
        o.week == 3 and o.type is SessionType.QUALITY and o.outcome is Outcome.MISSED
        for o in match.sessions
    )
    assert week3.verdict is Verdict.UNDER
    assert match.weeks[0].verdict is Verdict.UNDER and match.weeks[0].run_ratio is not None
    assert match.weeks[0].run_ratio < UNDER_BELOW
    # a 75 min rep session on the day of a 30 min time trial: over
    trial_week = make_plan(dt.date(2026, 5, 14), ("mon", "thu", "sat"), mile="7:00", weeks=6)
    over = match_activities(trial_week, [load(STAMINA)], today=dt.date(2026, 5, 15)).weeks[0]
    assert over.verdict is Verdict.OVER and over.run_ratio is not None and over.run_ratio > 2
    # weeks not begun
    assert match.weeks[-1].verdict is Verdict.UPCOMING and match.weeks[-1].run_ratio is None


def test_totals_to_date(load: Load) -> None:
    plan = make_plan(dt.date(2021, 3, 1), ("mon", "tue", "thu", "sat"), long_run_day="sat")
    runs = [load(STEADY_SAT), load(STEADY_SUN), load(SHORT_RIDE)]
    today = dt.date(2021, 3, 24)
    match = match_activities(plan, runs, today=today)
    totals = match.totals
    assert totals.done_run_s == pytest.approx(lap_timer_s(runs[0]) + lap_timer_s(runs[1]), rel=0.01)
    due = [
        o
        for o in match.sessions
        if o.date < today and o.type not in (SessionType.STRENGTH, SessionType.POWER)
    ]
    assert totals.sessions_due == len(due)
    assert totals.sessions_done == 3
    # the 12-min ride is short of the plan's cross-training, never under 20 min (C-2)
    assert totals.sessions_complete == 2
    planned_runs = sum(o.planned_s for o in due if o.type is not SessionType.CROSS_TRAINING)
    assert totals.planned_run_due_s == pytest.approx(planned_runs)
    assert totals.run_share == pytest.approx(totals.done_run_s / planned_runs)


def test_empty_plan_is_refused() -> None:
    """The generator never makes a plan without sessions, so this one is hand-made."""
    plan = make_plan(dt.date(2021, 3, 1), ("mon", "thu", "sat"))
    empty = plan.model_copy(update={"weeks": ()})
    with pytest.raises(MilerError, match="no sessions"):
        match_activities(empty, [], today=dt.date(2021, 3, 10))
