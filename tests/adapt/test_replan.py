"""Re-planning the rest of a plan (miler.adapt.replan), checked as a coach would.

Plans come from the real generator; each test re-plans at a chosen ``today`` and looks at
the revised plan: the weeks that have begun are the record and stay as they were, the start
date, goal and race date stay, the rebuilt weeks follow the new evidence (paces from a new
time trial, R-G20; less running after missed weeks, rule choice 9), unchanged sessions keep
their ids, and the validator judges the result.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import pytest

from miler.adapt.replan import ON_TRACK_SHARE, Revision, replan, replan_json
from miler.errors import ImpossibleGoalError, InvalidInputError, PlanFileError
from miler.plan.model import (
    GoalType,
    Plan,
    RunStep,
    Session,
    SessionType,
    Week,
    WeekReference,
    iter_steps,
)
from miler.plan.request import PlanRequest, RaceResult
from miler.plan.schema import load_plan
from miler.planning.generate import generate_plan
from miler.planning.progression import run_seconds
from miler.planning.rules._facts import compute_facts
from miler.planning.validate import ValidationReport, validate_plan

MILE = 1609.344
TODAY = dt.date(2027, 1, 1)
START = dt.date(2027, 1, 4)  # a Monday
RACE = dt.date(2027, 3, 27)  # the Saturday of week 12
HISTORIES: dict[str, dict[str, Any]] = {
    # R-G1: months running, runs a week, longest run, recent intervals
    "novice": {"months_running": 3, "runs_per_week": 2, "longest_run_min": 20},
    "intermediate": {"months_running": 8, "runs_per_week": 3, "longest_run_min": 40},
    "experienced": {"months_running": 36, "runs_per_week": 5, "longest_run_min": 60},
}


def request(level: str = "intermediate", **changes: Any) -> PlanRequest:
    """A 35-year-old woman with a 7:00 mile aiming at 6:50 on race day, four days a week."""
    fields: dict[str, Any] = {
        "results": (RaceResult(distance_m=MILE, time_s=420.0, tag="time_trial"),),
        "days": ("mon", "wed", "thu", "sat"),
        "goal_time_s": 410.0,
        "race_date": RACE,
        "start_date": START,
        "today": TODAY,
        "age": 35,
        "sex": "F",
        "recent_intervals": level != "novice",
        "lifting_experience": level != "novice",
        **HISTORIES[level],
    }
    fields.update(changes)
    return PlanRequest(**fields)


@cache
def plan_for(level: str = "intermediate", goal: GoalType = GoalType.SINGLE_MILE) -> Plan:
    if goal is GoalType.RACE_AVERAGE:
        # a 5 km in 22:50: the goal is the race's average pace (R-F3.1)
        return generate_plan(
            request(level, goal_type=goal, goal_distance_m=5000.0, goal_time_s=1370)
        )
    return generate_plan(request(level, goal_type=goal))


def monday(plan: Plan, week: int) -> dt.date:
    return plan.weeks[week - 1].start_date


def time_trial(time_s: float, on: dt.date) -> RaceResult:
    return RaceResult(distance_m=MILE, time_s=time_s, tag="time_trial", date=on)


def training_min(plan: Plan, week: int) -> float:
    """Running minutes of a week without the race, from the steps (the volume R-G16 caps)."""
    easy = (plan.paces.easy_speed_low_mps + plan.paces.easy_speed_high_mps) / 2
    sessions = plan.weeks[week - 1].sessions
    return sum(run_seconds(s, easy) for s in sessions if s.type is not SessionType.RACE) / 60


def recent_volume(plan: Plan, today: dt.date, share: float) -> float:
    """``share`` of the running the plan prescribed over the last up to 4 weeks that are over."""
    over = [w.index for w in plan.weeks if w.start_date + dt.timedelta(days=7) <= today][-4:]
    prescribed = sum(training_min(plan, i) for i in over) / len(over)
    return share * prescribed


def work_speeds(session: Session) -> list[float]:
    """The lower target speed of every work rep of a session."""
    return [
        step.speed_low_mps
        for block in session.blocks
        for step, _ in iter_steps(block.steps)
        if isinstance(step, RunStep) and step.purpose == "work" and step.speed_low_mps
    ]


def new_session(plan: Plan, sid: str) -> Session:
    return next(s for s in plan.sessions() if s.id == sid)


def written_from(plan: Plan, week: Week) -> WeekReference:
    """The current mile and paces a week of ``plan`` was prescribed from: its own reference,
    else the plan's assessment and paces."""
    return week.reference or WeekReference(
        current_mile_s=plan.assessment.current_mile_s, paces=plan.paces
    )


def as_prescribed(week: Week) -> Week:
    """The week without its pace reference: what the runner was given."""
    return week.model_copy(update={"reference": None})


def without_references(plan: Plan) -> Plan:
    """``plan`` with every week judged by the plan's one current mile, as before weeks could
    carry their own: the references from an earlier mile go (a week's step toward goal pace,
    C-9, is written from the plan's own mile and stays)."""

    def own_mile(week: Week) -> Week:
        ref = week.reference
        if ref is not None and ref.current_mile_s == plan.assessment.current_mile_s:
            return week
        return as_prescribed(week)

    return plan.model_copy(update={"weeks": tuple(map(own_mile, plan.weeks))})


def assert_record_kept(old: Plan, revision: Revision) -> None:
    """The weeks that had begun are exactly as prescribed and are judged by the paces they
    were prescribed from; the rebuilt weeks follow the revised plan's; the plan's identity
    holds."""
    new = revision.plan
    first = revision.first_rebuilt_week
    kept = zip(new.weeks[: first - 1], old.weeks[: first - 1], strict=True)
    for week, was in kept:
        assert as_prescribed(week) == as_prescribed(was)
        assert written_from(new, week) == written_from(old, was)
    # the rebuilt weeks follow the revised plan's mile (a week short of the goal carries its
    # step toward goal pace, C-9)
    assert all(
        week.reference is None
        or (
            week.reference.paces.model_copy(update={"goal_mile_speed_mps": 1.0})
            == new.paces.model_copy(update={"goal_mile_speed_mps": 1.0})
            and week.reference.current_mile_s == new.assessment.current_mile_s
        )
        for week in revision.rebuilt_weeks
    )
    assert [w.index for w in new.weeks] == list(range(1, len(old.weeks) + 1))
    assert [w.start_date for w in new.weeks] == [w.start_date for w in old.weeks]
    assert new.start_date == old.start_date
    assert (new.goal.type, new.goal.distance_m, new.goal.time_s, new.goal.race_date) == (
        old.goal.type,
        old.goal.distance_m,
        old.goal.time_s,
        old.goal.race_date,
    )
    assert new.athlete == old.athlete and new.baseline == old.baseline
    assert new.plan_id == old.plan_id  # calendar UIDs derive from it: events update in place


def assert_valid(report: ValidationReport) -> None:
    assert report.passed, [(r.rule, r.reason) for r in report.failures]


# -- on track -------------------------------------------------------------------------


def test_on_track_replan_rebuilds_the_same_weeks_with_the_same_ids() -> None:
    old = plan_for()
    today = monday(old, 6)
    revision = replan(old, today=today, recent_weekly_run_min=recent_volume(old, today, 1.0))
    assert revision.first_rebuilt_week == 6
    assert revision.prescribed_weekly_run_min == pytest.approx(recent_volume(old, today, 1.0))
    assert_record_kept(old, revision)
    assert revision.plan.weeks == old.weeks
    assert revision.kept == tuple(s.id for s in old.sessions())
    assert revision.changed == revision.added == revision.dropped == ()
    assert revision.current_mile_after_s == revision.current_mile_before_s == 420.0
    assert revision.outlook_after == revision.outlook_before
    assert revision.plan.created == today
    assert any("re-planned on 2027-02-08" in note for note in revision.plan.notes)
    assert_valid(validate_plan(revision.plan))


def test_a_week_that_has_begun_is_kept_whole() -> None:
    old = plan_for()
    wednesday = monday(old, 4) + dt.timedelta(days=2)
    assert replan(old, today=wednesday).first_rebuilt_week == 5
    assert replan(old, today=monday(old, 4)).first_rebuilt_week == 4
    assert replan(old, today=monday(old, 4) - dt.timedelta(days=1)).first_rebuilt_week == 4


def test_revised_plan_survives_the_plan_file() -> None:
    old = plan_for()
    revision = replan_json(
        old.to_json(),
        today=monday(old, 5),
        new_results=[time_trial(412.0, monday(old, 5) - dt.timedelta(days=2))],
    )
    assert_record_kept(old, revision)
    assert (
        revision.plan.to_json()
        == replan_json(
            old.to_json(),
            today=monday(old, 5),
            new_results=[time_trial(412.0, monday(old, 5) - dt.timedelta(days=2))],
        ).plan.to_json()
    )
    assert json.loads(revision.plan.to_json())["schema"] == "miler.plan"
    # The kept weeks' pace references are in the file and read back as written.
    weeks = json.loads(revision.plan.to_json())["weeks"]
    # (the rebuilt weeks short of the goal carry their step from the new 6:52, C-9)
    miles = [w["reference"]["current_mile_s"] if "reference" in w else None for w in weeks]
    assert miles[:4] == [420.0] * 4 and set(miles[4:]) <= {412.0, None}
    assert load_plan(revision.plan.to_json()) == revision.plan


# -- fitness: a new time trial (R-G20) ---------------------------------------------------


def test_faster_time_trial_moves_the_rebuilt_paces_up_R_G20() -> None:
    old = plan_for()
    today = monday(old, 7)
    revision = replan(old, today=today, new_results=[time_trial(412.0, today - dt.timedelta(2))])
    new = revision.plan
    assert_record_kept(old, revision)
    assert revision.current_mile_after_s == 412.0 < revision.current_mile_before_s
    assert new.assessment.current_mile_source.startswith("mile 6:52.0 on ")
    assert new.paces.current_mile_speed_mps > old.paces.current_mile_speed_mps
    assert new.paces.easy_speed_low_mps > old.paces.easy_speed_low_mps
    assert new.paces.goal_mile_speed_mps == old.paces.goal_mile_speed_mps  # goal unchanged
    before = {s.id: s for s in old.sessions()}
    sprints = [before[i] for i in revision.changed if i.endswith("sprints_30s")]
    assert sprints, "the 30-s sessions are keyed to the current mile (R-G14)"
    for sid in revision.changed:
        old_speeds, new_speeds = work_speeds(before[sid]), work_speeds(new_session(new, sid))
        assert min(new_speeds, default=0) >= min(old_speeds, default=0)
    for session in sprints:
        faster = work_speeds(new_session(new, session.id))
        assert min(faster) >= new.paces.current_mile_speed_mps > min(work_speeds(session))
    assert set(revision.changed) | set(revision.kept) | set(revision.added) == {
        s.id for s in new.sessions()
    }
    assert any("faster" in r and "R-G20" in r for r in revision.reasons)
    assert_valid(validate_plan(new))


def test_slower_time_trial_moves_the_rebuilt_paces_down_R_G20() -> None:
    old = plan_for()
    today = monday(old, 5)
    revision = replan(old, today=today, new_results=[time_trial(428.0, today - dt.timedelta(2))])
    new = revision.plan
    assert_record_kept(old, revision)
    assert revision.current_mile_after_s == 428.0
    assert new.paces.current_mile_speed_mps < old.paces.current_mile_speed_mps
    assert new.paces.easy_speed_high_mps < old.paces.easy_speed_high_mps
    # Paces reset from the result even though it is not the best of the year (R-G20),
    # and the older best stays as history (R-G3).
    assert new.assessment.lifetime_best_mile_s == 420.0
    long_intervals = [i for i in revision.changed if i.endswith("long_intervals")]
    assert long_intervals
    for sid in long_intervals:
        speeds = work_speeds(new_session(new, sid))
        assert max(speeds) < max(work_speeds(new_session(old, sid)))
    assert revision.outlook_after.weeks == 8 and revision.outlook_after.realistic
    assert_valid(validate_plan(new))


@pytest.mark.parametrize(("week", "time_s"), [(7, 412.0), (5, 428.0), (9, 405.0)])
def test_kept_weeks_are_judged_by_the_mile_they_were_written_for_R_G20(
    week: int, time_s: float
) -> None:
    """After a faster, a slower and a goal-beating time trial every rule holds: each kept
    week carries the 7:00 mile and the paces it was prescribed from, the rebuilt weeks
    follow the new mile."""
    old = plan_for()
    today = monday(old, week)
    revision = replan(old, today=today, new_results=[time_trial(time_s, today - dt.timedelta(2))])
    new = revision.plan
    assert_record_kept(old, revision)
    for kept in revision.kept_weeks:
        assert kept.reference == written_from(old, old.weeks[kept.index - 1])
        assert kept.reference.current_mile_s == 420.0
    assert_valid(validate_plan(new))
    assert any("judged by them" in r for r in revision.reasons)


def test_without_their_reference_the_kept_30_s_reps_are_too_slow_R_G14() -> None:
    """The references are what the validator judges the kept weeks by: judged by the new,
    faster mile instead, the kept 30-s reps (prescribed at the old mile) fail R-G14, and
    only kept sessions fail."""
    old = plan_for()
    today = monday(old, 7)
    revision = replan(old, today=today, new_results=[time_trial(412.0, today - dt.timedelta(2))])
    kept = {s.id for w in revision.kept_weeks for s in w.sessions}
    report = validate_plan(without_references(revision.plan))
    assert report.result("R-G14").status == "fail"
    assert all(set(r.sessions) <= kept and r.sessions for r in report.failures)
    assert {sid for r in report.failures for sid in r.sessions} >= {
        sid for sid in kept if sid.endswith("sprints_30s")
    }


def test_a_plan_re_planned_twice_keeps_each_weeks_own_mile_R_G20() -> None:
    """A second re-plan keeps the oldest weeks' 7:00 reference and gives the weeks written
    from the first re-plan's mile theirs; every rule holds."""
    old = plan_for()
    first = replan(old, today=monday(old, 5), new_results=[time_trial(428.0, monday(old, 5))])
    again = replan(
        first.plan, today=monday(old, 8), new_results=[time_trial(416.0, monday(old, 8))]
    )
    assert_record_kept(first.plan, again)
    miles = [w.reference.current_mile_s if w.reference else None for w in again.plan.weeks]
    assert miles[:7] == [420.0] * 4 + [428.0] * 3
    assert set(miles[7:]) <= {416.0, None}  # the new mile's steps toward the goal (C-9)
    assert again.plan.weeks[0].reference == written_from(old, old.weeks[0])
    assert again.plan.weeks[4].reference == written_from(first.plan, first.plan.weeks[4])
    assert_valid(validate_plan(again.plan))


def test_time_trial_before_the_plan_starts_passes_every_rule_R_G20() -> None:
    old = plan_for()
    revision = replan(old, today=TODAY, new_results=[time_trial(414.0, TODAY)])
    assert revision.first_rebuilt_week == 1 and revision.kept_weeks == ()
    assert revision.plan.paces.current_mile_speed_mps == pytest.approx(MILE / 414.0)
    assert_record_kept(old, revision)
    assert_valid(validate_plan(revision.plan))


def test_time_trial_faster_than_the_goal_makes_it_a_maintenance_goal_R_G20() -> None:
    old = plan_for()
    today = monday(old, 9)
    revision = replan(old, today=today, new_results=[time_trial(405.0, today)])
    assert revision.plan.goal.time_s == 410.0  # never silently changed
    assert revision.plan.goal.maintenance and not old.goal.maintenance
    assert revision.plan.paces.goal_mile_speed_mps == pytest.approx(MILE / 405.0)
    assert revision.outlook_after.maintenance
    assert any("maintenance goal" in r for r in revision.reasons)
    assert_valid(validate_plan(revision.plan))


def test_goal_beyond_reach_after_a_slow_trial_is_refused_unless_forced_R_F2_1() -> None:
    old = plan_for()
    today = monday(old, 10)
    slow = [time_trial(445.0, today - dt.timedelta(days=2))]
    with pytest.raises(ImpossibleGoalError, match="re-planning weeks 10-12") as caught:
        replan(old, today=today, new_results=slow)
    assert "beyond the realistic range" in str(caught.value)
    forced = replan(old, today=today, new_results=slow, force=True)
    assert not forced.outlook_after.realistic and forced.outlook_before.realistic
    assert forced.outlook_after.weeks == 3
    assert forced.plan.goal.time_s == 410.0
    assert any("beyond" in r for r in forced.reasons)


def test_without_new_evidence_an_old_forced_goal_is_not_refused() -> None:
    forced = generate_plan(request(goal_time_s=370.0, force=True))
    revision = replan(forced, today=monday(forced, 6))
    assert not revision.outlook_after.realistic
    assert revision.outlook_after == revision.outlook_before


def test_workouts_and_training_runs_never_set_the_current_mile_R_F3_1() -> None:
    old = plan_for()
    today = monday(old, 6)
    workout = RaceResult(distance_m=MILE, time_s=400.0, tag="workout", date=today)
    revision = replan(old, today=today, new_results=[workout])
    assert revision.current_mile_after_s == 420.0
    assert revision.plan.weeks == old.weeks
    assert any("R-F3.1" in r for r in revision.reasons)


def test_a_5k_race_gives_an_estimated_current_mile_R_F3_2_R_G4() -> None:
    old = plan_for()
    today = monday(old, 6)
    race = RaceResult(distance_m=5000.0, time_s=1350.0, tag="race", date=today)
    revision = replan(old, today=today, new_results=[race])
    assessment = revision.plan.assessment
    assert assessment.current_mile_estimated
    assert assessment.current_mile_source.startswith("estimated from 5k 22:30")
    report = validate_plan(revision.plan)
    assert report.result("R-F3.2").status == "pass"
    assert report.result("R-G3").status == "pass"


def _test_goal_runner(**changes: Any) -> PlanRequest:
    """A 67-year-old training for a 1.5-mile military test on two days a week."""
    fields: dict[str, Any] = {
        "results": (RaceResult(distance_m=MILE, time_s=492.6, tag="time_trial"),),
        "days": ("tue", "thu"),
        "goal_time_s": 742.0,
        "goal_distance_m": 1.5 * MILE,
        "goal_type": GoalType.MILITARY_TEST,
        "race_date": dt.date(2027, 4, 10),
        "start_date": START,
        "today": TODAY,
        "age": 67,
        "sex": "M",
        "months_running": 8,
        "runs_per_week": 2,
        "longest_run_min": 40,
        "recent_intervals": True,
        "lifting_experience": True,
        "long_run_day": "sat",
        "force": True,
    }
    fields.update(changes)
    return PlanRequest(**fields)


def test_rebuilt_weeks_meet_the_kept_ones_without_breaking_a_rule_R_G17() -> None:
    # Rebuilt as they come, the weeks after this time trial would repeat the last kept
    # week's 30-s session (R-G17); the re-plan finds a rebuild that does not.
    old = generate_plan(_test_goal_runner())
    today = monday(old, 7)
    revision = replan(old, today=today, new_results=[time_trial(482.7, today)])
    assert_record_kept(old, revision)
    assert_valid(validate_plan(revision.plan))
    assert not any("meets the kept weeks" in r for r in revision.reasons)


def test_a_junction_rule_the_rebuild_cannot_keep_is_named_R_G15_R_S6_6_R_G16() -> None:
    # From 8:02 to 7:52: R-G15 built the long intervals 2 -> 3 reps, R-S6.6 gives 4 x 3 min
    # at once under 8:00, more than R-G16's one added rep. The revision says so.
    old = generate_plan(
        _test_goal_runner(
            results=(RaceResult(distance_m=MILE, time_s=482.1, tag="time_trial"),),
            days=("wed", "fri", "sat"),
            goal_time_s=1571.2,
            goal_distance_m=5000.0,
            goal_type=GoalType.RACE_AVERAGE,
            race_date=dt.date(2027, 5, 8),
            age=52,
            sex="F",
            runs_per_week=3,
            lifting_experience=False,
            long_run_day="sun",
        )
    )
    today = monday(old, 4)
    revision = replan(old, today=today, new_results=[time_trial(472.5, today)])
    assert any("meets the kept weeks" in r and "R-G16" in r for r in revision.reasons)
    rebuilt = {s.id for w in revision.rebuilt_weeks for s in w.sessions}
    failing = validate_plan(revision.plan).result("R-G16").sessions
    assert failing and all(sid.endswith("long_intervals") for sid in set(failing) & rebuilt)


# -- volume: missed weeks (rule choice 9) ----------------------------------------------------


def test_two_missed_weeks_restart_the_rebuilt_weeks_lower_R_G16() -> None:
    old = plan_for()
    today = monday(old, 7)
    recent = recent_volume(old, today, 0.5)  # two of the last four weeks not run
    revision = replan(old, today=today, recent_weekly_run_min=recent)
    new = revision.plan
    assert_record_kept(old, revision)
    # C-11: the rebuilt weeks restart from what was run (at least half the baseline): week 7
    # runs at most 10% over it and the weeks grow back by at most 10% a week (C-6).
    restart = revision.restart
    assert restart is not None and restart.week == 7 and new.weeks[6].restart is not None
    assert restart.ran_weekly_min == pytest.approx(recent, abs=0.1)
    assert restart.weekly_run_min == pytest.approx(
        max(recent, 0.5 * old.baseline.weekly_run_min), abs=0.1
    )
    assert training_min(new, 7) <= 1.1 * restart.weekly_run_min + 1
    assert training_min(new, 7) < 0.75 * training_min(old, 7)
    for week in range(7, 11):  # the training weeks before the taper
        assert training_min(new, week) < training_min(old, week)
    assert revision.rebuilt_baseline_min == restart.weekly_run_min
    assert any("restarts in week 7" in r and "C-11" in r for r in revision.reasons)
    assert_valid(validate_plan(new))


def test_the_return_keeps_a_long_run_and_eases_quality_back_in_C_11() -> None:
    """Issue 11, item 13: after missed weeks the rebuilt weeks kept "long run 6 min" with
    60-70 min ladders. Now every week of the return holds a 30-min run growing by at most 5
    min a week, the first two weeks one short session (or a time trial re-testing the runner,
    R-G20), and the quality sessions stay in
    proportion to the long run."""
    for level in ("intermediate", "experienced"):
        old = plan_for(level)
        today = monday(old, 6)
        revision = replan(old, today=today, recent_weekly_run_min=0.0)
        new = revision.plan
        restart = revision.restart
        assert restart is not None and restart.longest_run_min == 30.0
        facts = compute_facts(new)
        for offset, week in enumerate(facts.weeks[5:]):
            if week.taper:
                continue
            long_min = week.longest_continuous_s / 60
            assert 29 <= long_min <= 30 + 5 * (offset + 1) + 1, (level, week.index, long_min)
            for session in week.quality:  # in proportion: no 60-min ladder beside it
                assert session.run_time_s <= 1.5 * week.longest_continuous_s, (level, session.id)
        for week in facts.weeks[5:7]:  # one short session, or a time trial re-testing
            kinds = [
                "trial" if s.session.type is SessionType.TIME_TRIAL else s.quality_class
                for s in week.quality
            ]
            assert kinds in (["short"], ["trial"]), (level, week.index, kinds)
        assert_valid(validate_plan(new))


def test_running_nearly_all_of_it_keeps_the_volume() -> None:
    old = plan_for()
    today = monday(old, 7)
    nearly = recent_volume(old, today, ON_TRACK_SHARE + 0.02)
    revision = replan(old, today=today, recent_weekly_run_min=nearly)
    assert revision.plan.weeks == old.weeks
    assert any("on track" in r for r in revision.reasons)


def test_a_second_re_plan_keeps_the_lowered_volume() -> None:
    old = plan_for()
    lowered = replan(
        old, today=monday(old, 5), recent_weekly_run_min=recent_volume(old, monday(old, 5), 0.6)
    )
    again = replan(lowered.plan, today=monday(old, 7))
    for week in range(7, 11):
        assert training_min(again.plan, week) < 0.85 * training_min(old, week)
    assert_record_kept(lowered.plan, again)
    assert_valid(validate_plan(again.plan))


# -- where in the plan -----------------------------------------------------------------------


def test_re_plan_in_the_taper_keeps_the_race_R_G8() -> None:
    old = plan_for()
    today = monday(old, 11)
    revision = replan(old, today=today, recent_weekly_run_min=recent_volume(old, today, 0.7))
    new = revision.plan
    assert revision.first_rebuilt_week == 11
    assert_record_kept(old, revision)
    assert [w.phase for w in revision.rebuilt_weeks] == ["taper", "taper"]
    races = [s for s in new.sessions() if s.type is SessionType.RACE]
    assert [s.date for s in races] == [RACE]
    assert_valid(validate_plan(new))


def test_re_plan_in_week_1_keeps_week_1() -> None:
    old = plan_for()
    revision = replan(old, today=START + dt.timedelta(days=3), recent_weekly_run_min=50.0)
    assert revision.first_rebuilt_week == 2
    assert revision.prescribed_weekly_run_min == old.baseline.weekly_run_min  # nothing is over
    assert_record_kept(old, revision)
    assert training_min(revision.plan, 2) < training_min(old, 2)
    assert_valid(validate_plan(revision.plan))


# -- clear errors --------------------------------------------------------------------------


def test_after_race_day_there_is_nothing_to_re_plan() -> None:
    with pytest.raises(InvalidInputError, match=r"ended on 2027-03-27 \(race day\)"):
        replan(plan_for(), today=RACE + dt.timedelta(days=1))


def test_in_the_last_week_no_week_is_left() -> None:
    with pytest.raises(InvalidInputError, match="no week left to re-plan"):
        replan(plan_for(), today=RACE - dt.timedelta(days=2))


def test_a_plan_without_race_ends_with_its_last_week() -> None:
    plan = generate_plan(request(race_date=None, weeks=8))
    last_day = plan.weeks[-1].start_date + dt.timedelta(days=6)
    with pytest.raises(InvalidInputError, match=f"ended on {last_day}"):
        replan(plan, today=last_day + dt.timedelta(days=1))
    revision = replan(plan, today=monday(plan, 4))
    assert len(revision.plan.weeks) == 8 and revision.plan.goal.race_date is None
    assert_valid(validate_plan(revision.plan))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": "other.plan"}, "is not a miler plan"),
        ({"version": 3}, "plan schema version 3, newer than this miler"),
    ],
)
def test_a_plan_file_of_another_schema_is_refused(change: dict[str, Any], message: str) -> None:
    raw = json.loads(plan_for().to_json()) | change
    with pytest.raises(PlanFileError, match=message):
        replan_json(json.dumps(raw), today=monday(plan_for(), 5), source="old.json")


def test_results_from_the_future_and_negative_volume_are_refused() -> None:
    old = plan_for()
    today = monday(old, 5)
    with pytest.raises(InvalidInputError, match="after today"):
        replan(old, today=today, new_results=[time_trial(410.0, today + dt.timedelta(days=1))])
    with pytest.raises(InvalidInputError, match="cannot be negative"):
        replan(old, today=today, recent_weekly_run_min=-5)


# -- a grid of runners --------------------------------------------------------------------------

GRID = [
    (level, goal)
    for level in ("novice", "intermediate", "experienced")
    for goal in (GoalType.SINGLE_MILE, GoalType.RACE_AVERAGE)
]


@pytest.mark.parametrize(("level", "goal"), GRID)
def test_every_re_plan_without_new_paces_passes_the_validator(level: str, goal: GoalType) -> None:
    """On track and after missed weeks, at the start, in week 1, mid-plan, before and in the
    taper: the kept weeks stay, the rest is rebuilt, and every rule holds."""
    old = plan_for(level, goal)
    assert_valid(validate_plan(old))
    week_1, in_taper = START + dt.timedelta(days=2), monday(old, 12) - dt.timedelta(days=1)
    for today in (TODAY, week_1, monday(old, 5), monday(old, 10), in_taper):
        on_track = replan(old, today=today)
        assert_record_kept(old, on_track)
        assert on_track.plan.weeks == old.weeks
        assert_valid(validate_plan(on_track.plan))
        half = 0.5 * on_track.prescribed_weekly_run_min  # two of four weeks missed
        missed = replan(old, today=today, recent_weekly_run_min=half)
        assert_record_kept(old, missed)
        assert_valid(validate_plan(missed.plan))


@pytest.mark.parametrize(("level", "goal"), GRID)
def test_every_re_paced_plan_passes_the_validator_R_G20(level: str, goal: GoalType) -> None:
    """Faster and slower time trials at the start of a training block, mid-plan, and before
    the taper: the kept weeks are judged by the mile they were written from, and every rule
    holds."""
    old = plan_for(level, goal)
    for week in (3, 6, 9, 11):
        today = monday(old, week)
        for time_s in (414.0, 426.0):
            revision = replan(old, today=today, new_results=[time_trial(time_s, today)], force=True)
            assert_record_kept(old, revision)
            assert_valid(validate_plan(revision.plan))
