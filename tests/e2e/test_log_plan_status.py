"""The saved runner plans from the log, the plan is kept with its revisions, and ``miler
status`` reads it all back (the real CLI in subprocesses)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]
ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
TODAY = "2026-12-02"


@pytest.fixture()
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    return tmp_path / "data"


def test_plan_without_a_log_creates_none(miler_cli: Cli, log_dir: Path) -> None:
    done = miler_cli("plan", "--result", "mile=6:00", "--days", "mon,wed,fri", "--weeks", "6")
    assert done.returncode == 0, done.stderr
    assert "saved in the training log" not in done.stdout
    assert not log_dir.exists()
    missing = miler_cli("plan", "--result", "mile=6:00", "--weeks", "6")
    assert missing.returncode == 2 and "give your training days" in missing.stderr


def test_the_saved_runner_plans_without_flags_and_flags_override(
    miler_cli: Cli, log_dir: Path
) -> None:
    made = miler_cli(
        "athlete", "create", "--name", "Ann", "--sex", "F", "--birth-date", "1990-01-01",
        "--days", "mon,wed,fri,sat", "--long-run-day", "sat", "--equipment", "gym,hills",
        "--hr-max", "190", "--result", "mile=6:10@2026-11-01:time_trial", "--json",
    )  # fmt: skip
    athlete_id = json.loads(made.stdout)["athlete"]["athlete_id"]
    done = miler_cli("plan", "--weeks", "8", "--today", TODAY, "--json")
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["athlete_id"] == athlete_id
    assert plan["athlete"] | {"level": "", "months_running": 0} == plan["athlete"] | {
        "level": "", "months_running": 0, "name": "Ann", "sex": "F", "age": 36,
        "days": ["mon", "wed", "fri", "sat"], "long_run_day": "sat", "hr_max_bpm": 190.0,
    }  # fmt: skip
    assert plan["athlete"]["equipment"]["track"] is False
    assert plan["request"]["results"] == [
        {"distance_m": 1609.344, "time_s": 370.0, "date": "2026-11-01", "tag": "time_trial",
         "treadmill_incline_pct": None}
    ]  # fmt: skip
    assert plan["assessment"]["current_mile_s"] == 370.0

    flagged = miler_cli(
        "plan", "--weeks", "8", "--today", TODAY, "--days", "tue,thu", "--result", "mile=5:50",
        "--json",
    )  # fmt: skip
    other = json.loads(flagged.stdout)
    assert other["athlete"]["days"] == ["tue", "thu"]
    assert other["assessment"]["current_mile_s"] == 350.0

    plans = json.loads(miler_cli("plans", "--json").stdout)["plans"]
    assert [p["plan_id"] for p in plans] == [plan["plan_id"], other["plan_id"]]
    assert [[r["current"] for r in p["revisions"]] for p in plans] == [[False], [True]]
    shown = miler_cli("plans", "--show", f"{plan['plan_id']}:1")
    assert json.loads(shown.stdout) == plan


def test_status_reads_the_log(miler_cli: Cli, log_dir: Path) -> None:
    miler_cli(
        "athlete", "create", "--sex", "M", "--hr-max", "190", "--hr-rest", "50",
        "--days", "mon,wed,fri,sat", "--result", "5k=20:00@2026-11-15:race",
    )  # fmt: skip
    empty = json.loads(miler_cli("status", "--today", TODAY, "--json").stdout)
    assert empty["runs"] == 0 and empty["fitness"]["ctl"] == 0.0
    assert empty["plan_id"] is None and empty["this_week"] is None
    assert [(b["event"], b["time_s"]) for b in empty["personal_bests"]] == [("5k", 1200.0)]

    plan = json.loads(miler_cli("plan", "--weeks", "8", "--today", TODAY, "--json").stdout)
    imported = miler_cli("import", str(ACTIVITIES / "tcx"), "--json")
    assert imported.returncode == 0, imported.stderr
    when = "2021-04-20"  # the heartandsole files were recorded on 2021-04-16
    report = json.loads(miler_cli("status", "--today", when, "--json").stdout)
    assert report["runs"] >= 1
    assert report["fitness"]["ctl"] > 0 and report["fitness"]["atl"] > 0
    assert sum(report["fitness"]["load_basis"].values()) == report["runs"]
    later = json.loads(miler_cli("status", "--today", TODAY, "--json").stdout)
    assert later["plan_id"] == plan["plan_id"] and later["plan_revision"] == 1
    # the one current-mile rule: status shows the figure the plan was made from
    assert later["current_mile"]["time_s"] == pytest.approx(plan["assessment"]["current_mile_s"])
    first = plan["weeks"][0]["sessions"][0]
    assert later["next_sessions"][0]["session_id"] == first["id"]
    assert later["next_sessions"][0]["date"] == first["date"]
    text = miler_cli("status", "--today", TODAY)
    assert "fitness (CTL)" in text.stdout and "current mile" in text.stdout


def test_export_works_from_the_log(miler_cli: Cli, log_dir: Path, tmp_path: Path) -> None:
    miler_cli("athlete", "create", "--days", "mon,wed,fri", "--result", "mile=6:00@2026-11-01")
    none_yet = miler_cli("export", "--ics", str(tmp_path / "a.ics"))
    assert none_yet.returncode == 2 and "no current plan in the training log" in none_yet.stderr
    plan_text = miler_cli("plan", "--weeks", "6", "--today", TODAY, "--json").stdout
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan_text, encoding="utf-8")
    from_log = miler_cli("export", "--ics", str(tmp_path / "log.ics"))
    assert from_log.returncode == 0, from_log.stderr
    from_file = miler_cli("export", str(plan_file), "--ics", str(tmp_path / "file.ics"))
    assert from_file.returncode == 0, from_file.stderr

    def events(path: Path) -> list[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return sorted(line for line in lines if line.startswith(("UID:", "DTSTART", "SUMMARY")))

    assert events(tmp_path / "log.ics") == events(tmp_path / "file.ics")
    assert len(events(tmp_path / "log.ics")) > 30
