"""Week shape, variety, recovery, cross-training, goals and tests: R-S7.1, R-S7.3, R-G17–R-G21,
and the report itself."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from _helpers import (
    EXPERIENCED,
    INTERMEDIATE,
    NOVICE,
    assert_fails,
    assert_not_applicable,
    assert_passes,
    plan_for,
)
from plans import (
    Profile,
    add_session,
    builder,
    find,
    map_steps,
    remove_session,
    replace_session,
)

from miler.errors import PlanFileError
from miler.plan.model import CrossStep, RepeatStep, RunStep, Step
from miler.planning.rules import CHECKS, COACH_RULE_IDS, RULE_IDS, TRAINING_RULE_IDS
from miler.planning.validate import validate_plan, validate_plan_json


def test_rest_between_reps_and_a_rest_day_R_S7_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S7.1")

    def no_jog(step: Step) -> Step:
        if isinstance(step, RepeatStep):
            return step.model_copy(update={"steps": step.steps[:1]})
        return step

    session = find(plan, "w01-tue-repeats_200")
    blocks = tuple(
        b.model_copy(update={"steps": tuple(no_jog(x) for x in b.steps)}) for b in session.blocks
    )
    assert_fails(
        replace_session(plan, session.id, blocks=blocks),
        "R-S7.1",
        session.id,
        reason="without recovery",
    )
    b = builder(INTERMEDIATE)
    full = add_session(add_session(plan, b.easy_run(0, 2, 30)), b.easy_run(6, 2, 30))
    assert_fails(full, "R-S7.1", "w02-mon-easy_run", reason="week 2: sessions on all 7 days")


def test_cross_training_when_quality_exceeds_baseline_R_S7_3() -> None:
    plan = plan_for(INTERMEDIATE)  # baseline 1 quality/week, plan has 2
    assert_passes(plan, "R-S7.3")
    assert_fails(
        remove_session(plan, "w03-thu-cross_cycling"),
        "R-S7.3",
        "w03-tue-repeats_200",
        reason="week 3: 2 quality sessions > baseline 1",
    )
    assert_not_applicable(plan_for(NOVICE), "R-S7.3", "novice")


def test_no_identical_quality_in_consecutive_weeks_R_G17() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G17")
    same = replace_session(
        plan, "w02-tue-time_30s", blocks=find(plan, "w01-tue-repeats_200").blocks
    )
    assert_fails(
        same, "R-G17", "w01-tue-repeats_200", "w02-tue-time_30s", reason="same repeats_200m"
    )


def test_three_formats_per_4_week_block_R_G17() -> None:
    plan = plan_for(INTERMEDIATE)
    b = builder(INTERMEDIATE)
    dull = plan
    # only 8×200/7×200 m and 4×600/3×600 m in weeks 1–4: never identical, but 2 formats
    for week, short, long in (
        (1, "tue-repeats_200", "fri-repeats_600"),
        (2, "tue-time_30s", "fri-ladder_up"),
        (3, "tue-repeats_200", "fri-pyramid"),
        (4, "tue-time_30s", "fri-long_intervals"),
    ):
        count = "" if week % 2 else "x7"
        dull = replace_session(
            dull, f"w0{week}-{short}", blocks=b.quality(1, week, f"repeats_200{count}").blocks
        )
        dull = replace_session(
            dull,
            f"w0{week}-{long}",
            blocks=b.quality(4, week, f"repeats_600{count[:1] and 'x3'}").blocks,
            layout="sections",
        )
    assert_passes(dull, "R-G16")
    r = assert_fails(dull, "R-G17", "w01-tue-repeats_200", reason="weeks 1–4: 2 formats")
    assert "repeats_600m" in r.reason


def test_cross_training_easy_in_the_chosen_mode_R_G18() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G18")
    session = "w02-thu-cross_cycling"

    def swim(step: Step) -> Step:
        return step.model_copy(update={"mode": "swimming"}) if isinstance(step, CrossStep) else step

    assert_fails(map_steps(plan, session, swim), "R-G18", session, reason="chose cycling")

    def hard(step: Step) -> Step:
        if isinstance(step, CrossStep):
            return step.model_copy(update={"hr_high_bpm": 175.0, "rpe_high": 7.0})
        return step

    assert_fails(map_steps(plan, session, hard), "R-G18", session, reason="not capped at easy")
    assert_fails(
        replace_session(plan, session, replaces=None), "R-G18", session, reason="what it replaces"
    )


def test_rejects_consecutive_quality_days_R_G19() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G19")
    moved = find(plan, "w03-fri-pyramid")
    wednesday = moved.model_copy(
        update={"id": "w03-wed-pyramid", "day": "wed", "date": find(plan, "w03-wed-easy_run").date}
    )
    broken = add_session(remove_session(plan, moved.id), wednesday)
    assert_fails(broken, "R-G19", "w03-tue-repeats_200", "w03-wed-pyramid", reason="the day after")


def test_rest_day_every_week_R_G19() -> None:
    plan = plan_for(INTERMEDIATE)
    b = builder(INTERMEDIATE)
    full = add_session(add_session(plan, b.easy_run(0, 5, 30)), b.easy_run(6, 5, 30))
    assert_fails(full, "R-G19", "w05-mon-easy_run", reason="week 5: no rest day")


def test_warm_up_with_drills_and_cool_down_R_G19() -> None:
    plan = plan_for(INTERMEDIATE)
    session = find(plan, "w01-tue-repeats_200")

    def short(step: Step) -> Step:
        if isinstance(step, RunStep) and step.purpose in ("warmup", "cooldown"):
            return step.model_copy(update={"duration_s": 180.0})
        return step

    r = assert_fails(map_steps(plan, session.id, short), "R-G19", session.id, reason="warm-up 3.0")
    assert "cool-down 3.0" in r.reason
    no_drills = replace_session(
        plan,
        session.id,
        blocks=(
            session.blocks[0].model_copy(update={"steps": session.blocks[0].steps[:1]}),
            *session.blocks[1:],
        ),
    )
    assert_fails(no_drills, "R-G19", session.id, reason="no drills")


def test_goal_pace_and_maintenance_R_G20() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G20")
    flagged = plan.model_copy(update={"goal": plan.goal.model_copy(update={"maintenance": True})})
    assert_fails(flagged, "R-G20", reason="maintenance=True")
    slower = plan_for(Profile(goal_s=470.0))  # goal slower than the 7:30 best
    assert slower.goal.maintenance
    assert slower.paces.goal_mile_speed_mps == pytest.approx(slower.paces.current_mile_speed_mps)
    assert_passes(slower, "R-G20")


def test_time_trial_every_4_to_6_weeks_R_G20() -> None:
    plan = plan_for(Profile(weeks=16))
    assert_passes(plan, "R-G20")
    long = next(s for s in plan.sessions() if s.week == 9 and s.quality_class == "long")
    no_second = replace_session(plan, "w10-fri-time_trial", blocks=long.blocks, type=long.type)
    assert_fails(no_second, "R-G20", reason="last time trial in week 5")


def test_treadmill_at_one_percent_R_G21() -> None:
    plan = plan_for(EXPERIENCED)
    plan = plan.model_copy(
        update={
            "athlete": plan.athlete.model_copy(
                update={"equipment": plan.athlete.equipment.model_copy(update={"treadmill": True})}
            )
        }
    )
    flat = replace_session(plan, "w02-wed-easy_run", location="treadmill")
    assert_fails(flat, "R-G21", "w02-wed-easy_run", reason="1% incline")

    def incline(step: Step) -> Step:
        return step.model_copy(update={"incline_pct": 1.0}) if isinstance(step, RunStep) else step

    assert_passes(map_steps(flat, "w02-wed-easy_run", incline), "R-G21")


def test_every_rule_id_has_a_check() -> None:
    assert len(TRAINING_RULE_IDS) == 65 and len(RULE_IDS) == 65 + len(COACH_RULE_IDS)
    assert set(CHECKS) == set(RULE_IDS)
    report = validate_plan(plan_for(INTERMEDIATE))
    assert [r.rule for r in report.results] == list(RULE_IDS)
    assert all(r.reason for r in report.results)
    assert report.passed


@pytest.mark.parametrize(
    "profile",
    [
        INTERMEDIATE,
        EXPERIENCED,
        NOVICE,
        Profile(track=False, hills=False),
        Profile(level="experienced", weeks=16, pr_s=240, sex="M", age=24),
        Profile(level="novice", weeks=16, pr_s=720, sex=None, age=None, race=False),
        Profile(weeks=5, pr_s=500, age=70, sex="M"),
    ],
)
def test_fixture_plans_pass_every_rule(profile: Profile) -> None:
    report = validate_plan(plan_for(profile))
    assert report.passed, [(r.rule, r.reason) for r in report.failures]


def test_plan_json_round_trip() -> None:
    plan = plan_for(INTERMEDIATE)
    report = validate_plan_json(plan.to_json())
    assert report.passed
    broken = json.loads(plan.to_json())
    broken["weeks"][2]["sessions"][0]["blocks"][0]["steps"][0]["duration_s"] = 60
    assert not validate_plan_json(json.dumps(broken)).passed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ('{"schema": "other"}', "not a miler plan"),
        ('{"schema": "miler.plan", "version": 9}', "version 9"),
    ],
)
def test_bad_plan_files_raise_plan_file_error(text: str, message: str) -> None:
    with pytest.raises(PlanFileError, match=message):
        validate_plan_json(text)


def test_sessions_dated_inside_their_week_R_G19() -> None:
    plan = plan_for(INTERMEDIATE)
    moved = find(plan, "w02-wed-easy_run")
    stray = replace_session(plan, moved.id, date=moved.date + dt.timedelta(days=14))
    assert_fails(stray, "R-G19", moved.id, reason="outside week 2")


def test_validator_is_independent_of_the_generator() -> None:
    """Validating a plan file never loads the generator or the workout library."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from miler.planning.validate import validate_plan_json\n"
        "validate_plan_json(sys.stdin.read())\n"
        "loaded = [m for m in sys.modules if m.startswith(('miler.planning.generate', "
        "'miler.workouts', 'miler.planning.schedule', 'miler.planning.progression'))]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=plan_for(INTERMEDIATE).to_json(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
