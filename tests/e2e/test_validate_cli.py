"""End to end: ``miler validate`` on real plan files."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "planning"))
from plans import Profile, build_plan, remove_session

from miler.planning.rules import COACH_RULE_IDS

Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def good_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plan.json"
    path.write_text(build_plan(Profile()).to_json(), encoding="utf-8")
    return path


def test_valid_plan_passes_every_rule(miler_cli: Cli, good_plan: Path) -> None:
    done = miler_cli("validate", str(good_plan))
    assert done.returncode == 0, done.stderr
    assert "R-G19" in done.stdout
    assert "plan passes every rule" in done.stdout


def test_json_report_one_object_per_rule(miler_cli: Cli, good_plan: Path) -> None:
    done = miler_cli("validate", str(good_plan), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["plan"] == str(good_plan)
    assert report["passed"] is True
    assert len(report["results"]) == 65 + len(COACH_RULE_IDS)  # training and coach rules
    first = report["results"][0]
    assert set(first) == {"rule", "status", "reason", "sessions"}
    assert {r["status"] for r in report["results"]} == {"pass", "not_applicable"}


def test_hand_edited_plan_rejected_R_G19(miler_cli: Cli, tmp_path: Path) -> None:
    """Moving Friday's long session to Wednesday puts two quality days back to back."""
    raw = json.loads(build_plan(Profile()).to_json())
    week = raw["weeks"][2]
    friday = next(s for s in week["sessions"] if s["id"] == "w03-fri-pyramid")
    friday["day"], friday["date"] = "wed", "2027-01-20"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = miler_cli("validate", str(path), "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["passed"] is False
    r_g19 = next(r for r in report["results"] if r["rule"] == "R-G19")
    assert r_g19["status"] == "fail"
    assert "w03-fri-pyramid" in r_g19["sessions"]
    assert "w03-tue-repeats_200" in r_g19["sessions"]
    human = miler_cli("validate", str(path))
    assert human.returncode == 1
    assert "FAIL" in human.stdout


def test_removed_short_session_fails_the_weekly_mix_R_S6_8(miler_cli: Cli, tmp_path: Path) -> None:
    plan = remove_session(build_plan(Profile()), "w02-tue-time_30s")
    path = tmp_path / "no-short.json"
    path.write_text(plan.to_json(), encoding="utf-8")
    done = miler_cli("validate", str(path), "--json", "--failures-only")
    assert done.returncode == 1
    rules = {r["rule"] for r in json.loads(done.stdout)["results"]}
    assert "R-S6.8" in rules


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        ("this is not json", "is not JSON"),
        ('{"schema": "miler.plan", "version": 99}', "schema version 99"),
        ('{"schema": "something.else"}', "is not a miler plan"),
    ],
)
def test_bad_plan_file_exits_2(
    miler_cli: Cli, tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "plan.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = miler_cli("validate", str(path))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
