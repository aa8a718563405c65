"""``miler plan`` and ``miler workouts`` driven as a user would, in a subprocess."""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
BASE = (
    "plan",
    "--result",
    "mile=6:10",
    "--goal",
    "mile=5:55",
    "--race-date",
    "2027-03-20",
    "--days",
    "mon,wed,thu,sat",
    "--today",
    "2026-11-26",
    "--age",
    "35",
    "--sex",
    "F",
)


def _one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("miler plan: error:") and needle in lines[0]


def test_plan_table_week_by_week(miler_cli: Cli) -> None:
    result = miler_cli(*BASE)
    assert result.returncode == 0, result.stderr
    assert "Week 1 - base" in result.stdout and "Week 16 - taper" in result.stdout
    assert "goal race: the mile" in result.stdout


def test_plan_json_is_the_plan_file(miler_cli: Cli) -> None:
    from miler.plan.schema import load_plan

    result = miler_cli(*BASE, "--json")
    assert result.returncode == 0, result.stderr
    plan = load_plan(result.stdout)
    assert json.loads(result.stdout)["schema"] == "miler.plan"
    assert len(plan.weeks) == 16 and plan.goal.time_s == 355.0


def test_plan_out_writes_the_file(miler_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = miler_cli(*BASE, "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(result.stdout)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_plan_file_passes_the_validator(miler_cli: Cli, tmp_path: Path) -> None:
    from miler.plan.schema import load_plan
    from miler.planning.validate import validate_plan

    result = miler_cli(*BASE, "--json")
    report = validate_plan(load_plan(result.stdout))
    assert report.passed, [(r.rule, r.reason) for r in report.failures]


def test_plan_by_weeks_with_profile_options(miler_cli: Cli) -> None:
    result = miler_cli(
        "plan",
        "--result",
        "5k=24:51",
        "--weeks",
        "10",
        "--days",
        "tue,thu,sun",
        "--today",
        "2026-11-26",
        "--months-running",
        "3",
        "--runs-per-week",
        "2",
        "--longest-run",
        "20",
        "--no-track",
        "--no-gym",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["athlete"]["level"] == "novice"
    assert plan["assessment"]["current_mile_estimated"] is True
    assert len(plan["weeks"]) == 10


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        (("--race-date", "2020-01-01"), "in the past"),
        (("--goal", "mile=3:30"), "world record"),
        (("--goal", "mile=4:50"), "realistic range"),
        (("--race-date", "2026-12-05"), "taper"),
        (("--days", ","), "no training days"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    miler_cli: Cli, changes: tuple[str, ...], needle: str
) -> None:
    args = list(BASE)
    for i in range(0, len(changes), 2):
        index = args.index(changes[i])
        args[index + 1] = changes[i + 1]
    _one_line_error(miler_cli(*args), needle)


def test_impossible_goal_with_force_plans_anyway(miler_cli: Cli) -> None:
    args = list(BASE)
    args[args.index("--goal") + 1] = "mile=5:20"
    result = miler_cli(*args, "--force", "--json")
    assert result.returncode == 0, result.stderr


def test_workouts_lists_the_library(miler_cli: Cli) -> None:
    result = miler_cli("workouts", "--json")
    assert result.returncode == 0, result.stderr
    ids = {w["id"]: w for w in json.loads(result.stdout)["workouts"]}
    for name in (
        "repeats_200",
        "repeats_600",
        "ladder_up",
        "ladder_down",
        "pyramid",
        "sprints_30s",
        "long_intervals",
        "time_trial",
        "strength_a",
        "hill_sprints",
        "track_drills",
        "cross_training",
        "easy_run",
        "long_run",
    ):
        assert name in ids
    assert ids["repeats_200"]["class"] == "short" and ids["pyramid"]["class"] == "long"


def test_workouts_show_one_with_its_steps(miler_cli: Cli) -> None:
    result = miler_cli("workouts", "show", "pyramid")
    assert result.returncode == 0, result.stderr
    assert "pyramid" in result.stdout and "Warm-up" in result.stdout


def test_workouts_show_unknown_id_exits_2(miler_cli: Cli) -> None:
    result = miler_cli("workouts", "show", "nope")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no workout 'nope'" in result.stderr


def test_rules_shows_one_rule_and_lists_them_all(miler_cli: Cli) -> None:
    one = miler_cli("rules", "R-G19")
    assert one.returncode == 0, one.stderr
    assert "Week shape" in one.stdout and "≥1 full rest day per week" in one.stdout
    listing = miler_cli("rules", "--json")
    ids = [r["id"] for r in json.loads(listing.stdout)["rules"]]
    assert ids[0] == "R-F1.1" and "R-G21" in ids and len(ids) == len(set(ids))


def test_rules_glossary_and_unknown_id(miler_cli: Cli) -> None:
    glossary = miler_cli("rules", "--glossary")
    assert glossary.returncode == 0 and "RIR" in glossary.stdout and "RPE" in glossary.stdout
    bad = miler_cli("rules", "R-X9")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        line for line in bad.stderr.strip().splitlines() if line.startswith("miler rules: error:")
    ]


def test_plan_table_points_to_the_glossary(miler_cli: Cli) -> None:
    result = miler_cli(*BASE)
    assert "'miler rules --glossary'" in " ".join(result.stdout.split())


def test_numbers_a_coach_would_question_name_their_flag(miler_cli: Cli) -> None:
    result = miler_cli(*BASE, "--weekly-minutes", "100000")
    _one_line_error(result, "--weekly-minutes: Input should be less than or equal to 1500")
    one_day = miler_cli(*[a if a != "mon,wed,thu,sat" else "sat" for a in BASE])
    _one_line_error(one_day, "one training day (sat) cannot hold a week of mile training")


def test_a_plan_held_by_short_sessions_says_so_and_validates_c_12(
    miler_cli: Cli, tmp_path: Path
) -> None:
    """C-12 as a user meets it: an experienced runner whose three 40-min sessions cannot
    hold the stated 230 min a week gets the plan with a note saying what holds the weeks,
    and ``miler validate`` passes C-12 naming the runner's own limits."""
    out = tmp_path / "plan.json"
    args = shlex.split(
        "plan --result mile=5:40 --goal 5k=20:30 --goal-type race_average --weeks 16 "
        "--days mon,wed,sat --today 2026-11-26 --age 40 --sex F --months-running 60 "
        "--runs-per-week 5 --longest-run 60 --intervals --weekly-minutes 230 "
        "--session-minutes 40"
    )
    result = miler_cli(*args, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "top out" in result.stdout and "(C-12)" in " ".join(result.stdout.split())
    checked = miler_cli("validate", str(out), "--json")
    assert checked.returncode == 0, checked.stdout
    c12 = next(r for r in json.loads(checked.stdout)["results"] if r["rule"] == "C-12")
    assert c12["status"] == "pass" and "own limits" in c12["reason"]
