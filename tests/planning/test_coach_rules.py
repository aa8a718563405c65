"""The coach rules (C-1 ...): each passes on the generator's plan for the issue's profile
and fails, naming the session, when one plan is broken the way issue 11 found it."""

from __future__ import annotations

import datetime as dt

import coach_profiles as profiles
from coach_profiles import plan, result

from miler.plan.model import Block, BlockRole, CrossStep, Plan, Session, SessionType
from miler.planning.generate import generate_plan
from miler.planning.rules._facts import compute_facts
from miler.planning.rules.coach import goal_effort, session_seconds
from miler.planning.validate import validate_plan


def with_session(p: Plan, session: Session) -> Plan:
    """``p`` with ``session`` added to its week."""
    weeks = tuple(
        w.model_copy(update={"sessions": (*w.sessions, session)}) if w.index == session.week else w
        for w in p.weeks
    )
    return p.model_copy(update={"weeks": weeks})


def moved(session: Session, date: dt.date, order: int = 0) -> Session:
    from miler.plan.model import WEEKDAYS

    return session.model_copy(
        update={
            "id": f"{date.isoformat()}-moved-{session.format}",
            "date": date,
            "day": WEEKDAYS[date.weekday()],
            "order": order,
        }
    )


def find(p: Plan, kind: SessionType, heavy: bool = False) -> Session:
    for week in p.weeks:
        for s in week.sessions:
            if s.type is kind and (not heavy or "familiar" not in s.name):
                return s
    raise AssertionError(f"no {kind} session")


def test_the_race_week_is_quiet_and_nothing_follows_the_race_C_1() -> None:
    p = plan(profiles.RACE_WEEK)
    assert validate_plan(p).passed, validate_plan(p).failures
    race = p.weeks[-1].sessions[-1]
    assert race.type is SessionType.RACE and race.date == dt.date(2027, 4, 24)
    for s in p.weeks[-1].sessions:
        if s.type is SessionType.STRENGTH:
            assert (race.date - s.date).days > 4, s.id
    # break it as the issue found it: heavy lifting 2 days out, cross-training after the race
    strength = find(p, SessionType.STRENGTH, heavy=True)
    lifting = with_session(p, moved(strength, race.date - dt.timedelta(days=2)))
    status, reason, ids = result(lifting, "C-1")
    assert status == "fail" and "2 day(s) before the goal effort" in reason
    assert "2027-04-22-moved-" + strength.format in ids
    cross = find(p, SessionType.CROSS_TRAINING)
    after = with_session(p, moved(cross, race.date, order=1))
    status, reason, ids = result(after, "C-1")
    assert status == "fail" and "after the goal effort" in reason and ids


def test_three_hard_days_before_the_race_break_C_1() -> None:
    p = plan(profiles.RACE_WEEK)
    race = p.weeks[-1].sessions[-1]
    quality = next(s for s in p.weeks[-2].sessions if s.type is SessionType.QUALITY)
    crowded = with_session(p, moved(quality, race.date - dt.timedelta(days=1)))
    status, reason, _ = result(crowded, "C-1")
    assert status == "fail" and "hard sessions in the 4 days before" in reason


def test_without_a_race_date_the_final_trial_ends_the_plan_C_1() -> None:
    p = plan(profiles.FINAL_TRIAL)
    assert validate_plan(p).passed, validate_plan(p).failures
    last = max(p.weeks[-1].sessions, key=lambda s: (s.date, s.order))
    assert last.type is SessionType.TIME_TRIAL and last.day == "sun"
    facts = compute_facts(p)
    effort = goal_effort(facts)
    assert effort is not None and effort.id == last.id
    # the plan: the final trial early in the week, then heavy strength and a long run
    strength = find(p, SessionType.STRENGTH, heavy=True)
    long_run = find(p, SessionType.LONG_RUN)
    later = with_session(
        with_session(p, moved(strength, last.date, order=1)),
        moved(long_run, last.date, order=2),
    )
    status, reason, ids = result(later, "C-1")
    assert status == "fail" and reason.count("after the goal effort") == 2 and len(ids) == 2


def test_item_1_novice_has_no_token_sessions_C_2() -> None:
    p = plan(profiles.ITEM_1_NOVICE)
    assert validate_plan(p).passed, validate_plan(p).failures
    facts = compute_facts(p)
    for s in facts.sessions:
        if s.session.type in (SessionType.EASY_RUN, SessionType.LONG_RUN):
            assert session_seconds(s) >= 600 - 1, s.id


def test_a_five_minute_run_or_bike_ride_breaks_C_2() -> None:
    p = plan(profiles.RACE_WEEK)
    assert result(p, "C-2")[0] == "pass"
    easy = find(p, SessionType.LONG_RUN)
    step = easy.blocks[0].steps[0].model_copy(update={"duration_s": 300.0})
    token = easy.model_copy(
        update={"id": "token-run", "blocks": (Block(role=BlockRole.MAIN, steps=(step,)),)}
    )
    status, reason, ids = result(with_session(p, token), "C-2")
    assert status == "fail" and "a 5.0 min run" in reason and ids == ("token-run",)
    cross = find(p, SessionType.CROSS_TRAINING)
    ride = cross.model_copy(
        update={
            "id": "token-ride",
            "blocks": (
                Block(role=BlockRole.CROSS, steps=(CrossStep(mode="cycling", duration_s=420),)),
            ),
        }
    )
    status, reason, ids = result(with_session(p, ride), "C-2")
    assert status == "fail" and "7.0 min of cross-training" in reason and ids == ("token-ride",)


def test_item_1_novice_runs_long_and_fast_on_different_days_C_3() -> None:
    p = plan(profiles.ITEM_1_NOVICE)
    assert result(p, "C-3")[0] == "pass"
    facts = compute_facts(p)
    for week in facts.weeks:
        hard_days = {s.date for s in week.sessions if s.quality}
        longest = max(
            (s for s in week.sessions if not s.quality), key=lambda s: s.longest_continuous_s
        )
        if len(hard_days) == 1:  # a phase-in week: the long run has its own day
            assert longest.date not in hard_days, week.index
    # break it: the long run moved onto the quality day of the first week with one (week 1
    # has none since C-5 starts the runner from 27 min a week)
    first = next(
        w
        for w in p.weeks
        if {SessionType.QUALITY, SessionType.LONG_RUN} <= {s.type for s in w.sessions}
    )
    quality = next(s for s in first.sessions if s.type is SessionType.QUALITY)
    long_run = next(s for s in first.sessions if s.type is SessionType.LONG_RUN)
    without = first.model_copy(
        update={"sessions": tuple(s for s in first.sessions if s is not long_run)}
    )
    stacked = with_session(
        p.model_copy(update={"weeks": tuple(without if w is first else w for w in p.weeks)}),
        moved(long_run, quality.date, order=1),
    )
    status, reason, ids = result(stacked, "C-3")
    assert status == "fail" and "free for it" in reason
    assert quality.id in ids


def test_two_hard_sessions_on_one_day_break_C_3() -> None:
    p = plan(profiles.RACE_WEEK)
    quality = [s for s in p.weeks[3].sessions if s.type is SessionType.QUALITY]
    doubled = with_session(p, moved(quality[1], quality[0].date, order=3))
    status, reason, _ = result(doubled, "C-3")
    assert status == "fail" and "2 hard sessions on one day" in reason


def test_two_running_days_may_double_the_long_run_C_3() -> None:
    # item 7's runner trains on Monday and Saturday only: the full mix needs both days, so
    # the long run follows the quality session (no other day could take it)
    p = plan(profiles.ITEM_7_TWO_DAYS)
    assert result(p, "C-3")[0] == "pass"


def test_young_and_older_runners_lift_by_feel_and_jump_low_C_4() -> None:
    for age in (14, 70):
        p = generate_plan(
            profiles.request(profiles.RACE_WEEK.replace("--age 35", f"--age {age} --force"))
        )
        assert validate_plan(p).passed, (age, validate_plan(p).failures)
        facts = compute_facts(p)
        plyo = [s for s in facts.sessions if s.plyometric]
        assert plyo and all(80 <= s.contacts <= 100 for s in plyo)
        for s in facts.sessions:
            for step in s.all_steps:
                if getattr(step, "main", False):
                    assert step.load_pct_1rm is None and step.reps_in_reserve == 3  # type: ignore[union-attr]
    adult = plan(profiles.RACE_WEEK)
    assert result(adult, "C-4")[0] == "not_applicable"
    # break it: the adult's 85% 1RM template given to a 14-year-old
    young = adult.model_copy(update={"athlete": adult.athlete.model_copy(update={"age": 14})})
    status, reason, ids = result(young, "C-4")
    assert status == "fail" and "box jump is moderate intensity" in reason and ids
    lifts_only = young.model_copy(
        update={
            "weeks": tuple(
                w.model_copy(
                    update={
                        "sessions": tuple(
                            x.model_copy(
                                update={
                                    "blocks": tuple(
                                        b for b in x.blocks if b.role is not BlockRole.PLYOMETRICS
                                    )
                                }
                            )
                            for x in w.sessions
                        )
                    }
                )
                for w in young.weeks
            )
        }
    )
    status, reason, _ = result(lifts_only, "C-4")
    assert status == "fail" and "too heavy for the athlete's age" in reason
    assert validate_plan(young).result("R-G10").status == "fail"  # 120+ contacts at 14


def test_the_goal_is_named_in_its_own_terms_item_10() -> None:
    from miler.plan.model import GoalType
    from miler.planning.sessions import goal_effort_name

    assert goal_effort_name(GoalType.MILITARY_TEST, 1.5 * 1609.344) == "fitness test: 1.5 mi"
    assert goal_effort_name(GoalType.OCCUPATIONAL_TEST, 2 * 1609.344) == "fitness test: 2 mi"
    assert goal_effort_name(GoalType.RACE_AVERAGE, 5000.0) == "goal race: 5 km"
    assert goal_effort_name(GoalType.SINGLE_MILE, 1609.344) == "goal race: the mile"
