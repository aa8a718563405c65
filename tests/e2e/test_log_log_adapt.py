"""``miler log`` (runs by week, matched to the plan's sessions) and ``miler adapt`` with no
files (the log's plan and runs; a new revision kept with its reason). The real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]
ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
RUN_DAY = "2021-04-16"  # heartandsole__testdata.* was recorded on this Friday


@pytest.fixture()
def log_with_plan(miler_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    miler_cli(
        "athlete", "create", "--sex", "M", "--hr-max", "190", "--hr-rest", "50",
        "--days", "mon,wed,fri,sat", "--result", "5k=20:00@2021-03-01",
    )  # fmt: skip
    plan = miler_cli(
        "plan", "--weeks", "8", "--start-date", "2021-04-12", "--today", "2021-04-05", "--json"
    )
    assert plan.returncode == 0, plan.stderr
    done = miler_cli("import", str(ACTIVITIES / "tcx"), str(ACTIVITIES / "gpx"))
    assert done.returncode in (0, 1), done.stderr
    return dict(json.loads(plan.stdout))


def test_log_by_week_with_the_run_matched_to_its_session(
    miler_cli: Cli, log_with_plan: dict
) -> None:
    done = miler_cli(
        "log", "--since", "2021-04-12", "--until", "2021-04-25", "--today", "2021-04-20",
        "--kind", "run", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = json.loads(done.stdout)
    assert log["plan_id"] == log_with_plan["plan_id"]
    assert [w["start_date"] for w in log["weeks"]] == ["2021-04-12", "2021-04-19"]
    [run] = log["weeks"][0]["runs"]
    assert run["date"] == RUN_DAY and run["kind"] == "run"
    session = next(s for s in log["weeks"][0]["sessions"] if s["run_id"] == run["run_id"])
    assert session["session_id"] == run["session_id"] and session["date"] == RUN_DAY
    assert run["outcome"] == session["outcome"] in ("done", "partial", "moved")
    planned = {s["id"] for w in log_with_plan["weeks"][:2] for s in w["sessions"]}
    listed = {s["session_id"] for w in log["weeks"] for s in w["sessions"]}
    assert listed == planned
    assert {s["outcome"] for s in log["weeks"][1]["sessions"]} >= {"upcoming"}
    rides = miler_cli("log", "--kind", "cross_training", "--json", "--since", "2021-04-12")
    assert all(r["kind"] == "cross_training" for w in json.loads(rides.stdout)["weeks"]
               for r in w["runs"])  # fmt: skip
    bad = miler_cli("log", "--since", "2021-05-01", "--until", "2021-04-01")
    assert bad.returncode == 2 and "is before --since" in bad.stderr


def test_adapt_from_the_log_saves_a_new_revision(
    miler_cli: Cli, log_with_plan: dict, tmp_path: Path
) -> None:
    done = miler_cli("adapt", "--today", "2021-04-20", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["revision"] is not None
    plan_id = log_with_plan["plan_id"]
    assert report["out"] == f"{plan_id} revision 2"
    revisions = json.loads(miler_cli("plans", "--json").stdout)["plans"][0]["revisions"]
    assert [(r["revision"], r["parent_revision"], r["current"]) for r in revisions] == [
        (1, None, False),
        (2, 1, True),
    ]
    assert revisions[1]["reason"].startswith("re-planned on 2021-04-20")
    revised = json.loads(miler_cli("plans", "--show", plan_id).stdout)
    assert revised["revision"] == 2 and revised["plan_id"] == plan_id
    assert revised["athlete_id"] == log_with_plan["athlete_id"]
    saved = tmp_path / "revised.json"
    saved.write_text(json.dumps(revised), encoding="utf-8")
    validated = miler_cli("validate", str(saved))  # the revision keeps every rule
    assert validated.returncode == 0, validated.stdout + validated.stderr
    status = json.loads(miler_cli("status", "--today", "2021-04-20", "--json").stdout)
    assert status["plan_revision"] == 2
    wrong = miler_cli("adapt", "plan.json")
    assert wrong.returncode == 2 and "give run files after the plan file" in wrong.stderr
