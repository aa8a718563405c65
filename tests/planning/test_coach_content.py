"""Coach rules C-8, C-9 and C-10 (issue 11, items 3, 9 and 10): each passes on the
generator's plan for a reproducing profile, and fails, naming the rule's sessions, when one
plan is broken the way the issue found it."""

from __future__ import annotations

import itertools
import json

import coach_profiles as profiles
import pytest
from coach_profiles import plan, result

from miler.errors import InvalidInputError
from miler.plan.model import Plan, RunStep, Session, SessionType, WeekReference
from miler.planning.generate import generate_checked_plan, generate_plan
from miler.planning.rules._facts import compute_facts
from miler.planning.rules.coach import session_seconds
from miler.planning.validate import validate_plan
from miler.units import MILE_M

ITEM_3_FORTY_MINUTES = (
    "--result mile=8:00 --weeks 16 --days mon,wed,fri,sun --age 30 --sex M "
    "--months-running 24 --runs-per-week 4 --longest-run 60 --intervals --session-minutes 40"
)
"""Item 3: a 40-min session limit (it got a 67-min ladder)."""
ITEM_9_SEVEN_PERCENT = (
    "--result mile=7:00 --goal mile=6:31 --weeks 16 --days tue,thu,sat,sun --age 30 --sex F "
    "--months-running 24 --runs-per-week 4 --longest-run 50 --intervals --force"
)
"""Item 9: a goal 7% faster than the current mile (7:00 → 6:31)."""
ITEM_10_MILITARY = (
    "--result mile=7:30 --goal 1.5mi=11:00 --goal-type military_test --weeks 14 "
    "--days mon,wed,fri,sat --age 24 --sex M --months-running 12 --runs-per-week 3 "
    "--longest-run 40 --intervals"
)
"""Item 10: a 1.5-mile military fitness test."""
ITEM_10_TREADMILL = (
    "--result mile=7:30 --goal-type treadmill_mile --treadmill --weeks 12 "
    "--days mon,wed,fri,sat --age 40 --sex F --months-running 24 --runs-per-week 4 "
    "--longest-run 50 --intervals"
)
"""Item 10: a treadmill mile."""


def replaced(p: Plan, session: Session) -> Plan:
    """``p`` with the session of ``session``'s id replaced by it."""
    weeks = tuple(
        w.model_copy(
            update={"sessions": tuple(session if s.id == session.id else s for s in w.sessions)}
        )
        for w in p.weeks
    )
    return p.model_copy(update={"weeks": weeks})


def first_of(p: Plan, kind: SessionType, name: str = "") -> Session:
    for s in p.sessions():
        if s.type is kind and name in s.name:
            return s
    raise AssertionError(f"no {kind} {name!r}")


def minutes_of(p: Plan) -> dict[str, float]:
    """Every session's length in minutes, from its steps, by id (the validator's measure)."""
    facts = compute_facts(p)
    return {s.id: session_seconds(s) / 60.0 for s in facts.sessions}


# --- C-8 -------------------------------------------------------------------------------


def test_item_3_quality_sessions_fit_the_stated_40_minutes_C_8() -> None:
    p = plan(ITEM_3_FORTY_MINUTES)
    assert validate_plan(p).passed, validate_plan(p).failures
    lengths = minutes_of(p)
    running = [
        s
        for s in p.sessions()
        if s.type in (SessionType.QUALITY, SessionType.TIME_TRIAL, SessionType.EASY_RUN)
    ]
    assert sum(s.type is SessionType.QUALITY for s in running) >= 20
    assert max(lengths[s.id] for s in running) <= 40.5
    # the same runner with time to spare gets the longer sessions the 40 min cut short
    roomy = plan(ITEM_3_FORTY_MINUTES.replace("--session-minutes 40", "--session-minutes 120"))
    assert (
        max(minutes_of(roomy)[s.id] for s in roomy.sessions() if s.type is SessionType.QUALITY) > 45
    )


def test_a_session_longer_than_the_runner_has_breaks_C_8() -> None:
    p = plan(ITEM_3_FORTY_MINUTES)
    ladder = first_of(p, SessionType.QUALITY)
    warm = ladder.blocks[0]
    step = warm.steps[0]
    assert isinstance(step, RunStep) and step.duration_s is not None
    longer = warm.model_copy(update={"steps": (step.model_copy(update={"duration_s": 40 * 60.0}),)})
    broken = replaced(p, ladder.model_copy(update={"blocks": (longer, *ladder.blocks[1:])}))
    status, reason, ids = result(broken, "C-8")
    assert status == "fail" and ids == (ladder.id,)
    assert "the runner has 40.0 min" in reason
    # the long run may pass the limit (the request says so)
    assert any(minutes_of(p)[s.id] > 40.5 for s in p.sessions() if s.type is SessionType.LONG_RUN)


def test_too_short_a_session_length_is_refused_up_front_naming_C_8() -> None:
    # A runner whose usual runs fit short sessions (with 60-min runs a week of 33-min
    # sessions falls under R-G8's 80% of their own volume: refused naming R-G8 instead).
    slow = (
        ITEM_3_FORTY_MINUTES.replace("mile=8:00", "mile=10:30")
        .replace("--session-minutes 40", "--session-minutes 25")
        .replace("--longest-run 60", "--longest-run 40")
    )
    with pytest.raises(InvalidInputError, match="rule C-8") as refused:
        generate_plan(profiles.request(slow))
    message = str(refused.value)
    assert "\n" not in message
    needed = int(message.split("give a session length of ")[1].split()[0])
    # the minutes it names are enough: that session length gets a plan that keeps C-8
    enough = generate_checked_plan(
        profiles.request(slow.replace("--session-minutes 25", f"--session-minutes {needed}"))
    )
    assert validate_plan(enough).result("C-8").status == "pass"


# --- C-9 -------------------------------------------------------------------------------


def test_item_9_reps_step_from_the_current_mile_to_the_goal_C_9() -> None:
    p = plan(ITEM_9_SEVEN_PERCENT)
    assert validate_plan(p).passed, validate_plan(p).failures
    current = MILE_M / p.assessment.current_mile_s
    goal = p.paces.goal_mile_speed_mps
    assert goal / current > 1.07
    steps = [w.reference.paces.goal_mile_speed_mps if w.reference else goal for w in p.weeks]
    assert steps[0] == pytest.approx(current)  # week 1: current fitness
    assert all(a <= b for a, b in itertools.pairwise(steps))  # never backwards
    last_specific = max(w.index for w in p.weeks if w.phase == "specific")
    assert steps[last_specific - 1] == goal and p.weeks[last_specific - 2].reference is not None
    # week 4's 400 m reps are well short of goal pace (they were at it, issue 11)
    week_4_reps = [
        step.distance_m / step.target_time_s
        for s in p.weeks[3].sessions
        for block in s.blocks
        for step in block.steps
        if isinstance(step, RunStep) and step.distance_m == 400 and step.target_time_s
    ]
    for speed in week_4_reps:
        assert speed < goal * 0.97


def test_reps_at_the_goal_from_week_1_break_C_9() -> None:
    p = plan(ITEM_9_SEVEN_PERCENT)
    rushed = p.model_copy(
        update={"weeks": tuple(w.model_copy(update={"reference": None}) for w in p.weeks)}
    )
    status, reason, ids = result(rushed, "C-9")
    assert status == "fail" and reason.startswith("week 1: reps at ")
    assert set(ids) >= {s.id for s in p.weeks[0].sessions if s.type is SessionType.QUALITY}


def test_goal_pace_that_never_arrives_breaks_C_9() -> None:
    p = plan(ITEM_9_SEVEN_PERCENT)
    last_specific = max(w.index for w in p.weeks if w.phase == "specific")
    held_back = p.weeks[last_specific - 2].reference
    assert isinstance(held_back, WeekReference)
    weeks = tuple(
        w.model_copy(update={"reference": held_back}) if w.index >= last_specific else w
        for w in p.weeks
    )
    status, reason, _ = result(p.model_copy(update={"weeks": weeks}), "C-9")
    assert status == "fail" and f"goal pace has not arrived by week {last_specific}" in reason


# --- C-10 ------------------------------------------------------------------------------


def test_item_10_a_military_test_is_rehearsed_and_named_in_miles_C_10() -> None:
    p = plan(ITEM_10_MILITARY)
    assert validate_plan(p).passed, validate_plan(p).failures
    trials = [s for s in p.sessions() if s.type is SessionType.TIME_TRIAL]
    assert trials and all(s.name == "time trial: 1.5 mi" for s in trials)
    for s in trials:
        effort = next(
            st
            for b in s.blocks
            for st in b.steps
            if isinstance(st, RunStep) and st.purpose == "time_trial"
        )
        assert effort.distance_m == pytest.approx(1.5 * MILE_M)
    assert "2.41402" not in p.to_json()
    assert "fitness test: 1.5 mi" not in p.to_json()  # no race date: the last trial is the test
    assert p.weeks[-1].sessions[-1].name == "time trial: 1.5 mi"


def test_mile_time_trials_for_a_test_goal_break_C_10() -> None:
    p = plan(ITEM_10_MILITARY)
    trials = [s for s in p.sessions() if s.type is SessionType.TIME_TRIAL]
    rehearsal = trials[-2]

    def as_mile(step: object) -> object:
        if isinstance(step, RunStep) and step.purpose == "time_trial":
            return step.model_copy(update={"distance_m": MILE_M, "segments": ()})
        return step

    blocks = tuple(
        b.model_copy(update={"steps": tuple(as_mile(st) for st in b.steps)})
        for b in rehearsal.blocks
    )
    broken = replaced(p, rehearsal.model_copy(update={"blocks": blocks, "name": "mile time trial"}))
    status, reason, ids = result(broken, "C-10")
    assert status == "fail" and "not over the goal's 2414 m" in reason and ids == (rehearsal.id,)
    unrounded = replaced(p, rehearsal.model_copy(update={"name": "time trial 2.41402 km"}))
    status, reason, ids = result(unrounded, "C-10")
    assert status == "fail" and "2.41402 km" in reason and ids == (rehearsal.id,)


def test_a_5k_race_average_keeps_mile_time_trials_C_10() -> None:
    p = plan(profiles.ITEM_7_TWO_DAYS)
    assert p.goal.distance_m == 5000.0
    assert validate_plan(p).result("C-10").status == "pass"
    trials = [s for s in p.sessions() if s.type is SessionType.TIME_TRIAL]
    assert all(s.name == "mile time trial" for s in trials)


def test_treadmill_runs_carry_a_belt_speed_C_10() -> None:
    p = plan(ITEM_10_TREADMILL)
    assert validate_plan(p).passed, validate_plan(p).failures
    on_belt = [s for s in p.sessions() if s.location == "treadmill"]
    assert on_belt
    plain = json.loads(p.to_json())
    assert plain["goal"]["type"] == "treadmill_mile"
    trial = on_belt[0]
    stride_block = next(
        b
        for b in trial.blocks
        if any(isinstance(st, RunStep) and st.purpose == "strides" for st in b.steps)
    )

    def no_speed(step: object) -> object:
        if isinstance(step, RunStep) and step.purpose == "strides":
            return step.model_copy(update={"speed_low_mps": None, "speed_high_mps": None})
        return step

    bare = stride_block.model_copy(
        update={"steps": tuple(no_speed(st) for st in stride_block.steps)}
    )
    blocks = tuple(bare if b is stride_block else b for b in trial.blocks)
    status, reason, _ = result(replaced(p, trial.model_copy(update={"blocks": blocks})), "C-10")
    assert status == "fail" and "without a belt speed" in reason
