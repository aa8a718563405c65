"""``miler skip`` / ``move`` / ``break``: each change is a new revision with its reason that
keeps every training rule, or a one-line refusal that stores nothing (the real CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from miler.plan.schema import load_plan
from miler.planning.validate import validate_plan

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]
TODAY = "2026-12-02"


@pytest.fixture()
def plan(miler_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    miler_cli("athlete", "create", "--sex", "M", "--days", "mon,wed,fri,sat",
              "--result", "5k=20:00@2026-11-01")  # fmt: skip
    made = miler_cli("plan", "--weeks", "8", "--today", TODAY, "--json")
    assert made.returncode == 0, made.stderr
    return dict(json.loads(made.stdout))


def _revisions(miler_cli: Cli) -> list[dict]:
    return list(json.loads(miler_cli("plans", "--json").stdout)["plans"][0]["revisions"])


def _valid(miler_cli: Cli, plan_id: str, revision: int, tmp_path: Path) -> None:
    text = miler_cli("plans", "--show", f"{plan_id}:{revision}").stdout
    path = tmp_path / f"rev{revision}.json"
    path.write_text(text, encoding="utf-8")
    checked = miler_cli("validate", str(path))
    assert checked.returncode == 0, checked.stdout[-2000:]


def test_move_skip_and_break_make_revisions_that_keep_every_rule(
    miler_cli: Cli, plan: dict, tmp_path: Path
) -> None:
    first = plan["weeks"][0]["sessions"]
    quality = next(s for s in first if s["type"] == "quality")
    moved = miler_cli("move", quality["id"], "--to", "2026-12-08", "--reason", "late meeting",
                      "--today", TODAY, "--json")  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    report = json.loads(moved.stdout)
    assert report["revision"] == 2
    assert report["event"]["kind"] == "move" and report["event"]["to_date"] == "2026-12-08"
    assert report["reason"] == (
        f"moved {quality['name']} from {quality['date']} to 2026-12-08: late meeting"
    )

    took = miler_cli("break", "--from", "2026-12-21", "--to", "2026-12-27", "--reason", "injury",
                     "--today", TODAY, "--json")  # fmt: skip
    assert took.returncode == 0, took.stderr
    reason = json.loads(took.stdout)["reason"]
    assert reason.startswith("injury break 2026-12-21 to 2026-12-27; re-planned on 2026-12-28")
    # no running done: the plan restarts from half its baseline, no jump in load (C-11)
    assert "the plan restarts in week 4" in reason and "(C-11)" in reason

    second_week = plan["weeks"][1]["sessions"]
    repeats = next(s for s in second_week if s["type"] == "quality")
    skipped = miler_cli("skip", repeats["id"], "--today", TODAY, "--json")
    assert skipped.returncode == 0, skipped.stderr
    assert json.loads(skipped.stdout)["reason"] == f"skipped {repeats['name']} on {repeats['date']}"

    revisions = _revisions(miler_cli)
    assert [(r["revision"], r["parent_revision"]) for r in revisions] == [
        (1, None), (2, 1), (3, 2), (4, 3)
    ]  # fmt: skip
    assert revisions[-1]["current"]
    for r in revisions[:-1]:
        _valid(miler_cli, plan["plan_id"], r["revision"], tmp_path)
    # A skip only takes running away: the week after it may "grow" more than a plan would
    # (C-6, R-G16, R-S7.4, rule choice 19), and the skip is not refused for that; it
    # breaks no other rule.
    shown = miler_cli("plans", "--show", f"{plan['plan_id']}:4").stdout
    broken = {f.rule for f in validate_plan(load_plan(shown)).failures}
    assert broken <= {"C-6", "R-G16", "R-S7.4"}
    log = json.loads(miler_cli("log", "--since", "2026-12-21", "--until", "2026-12-27",
                               "--today", "2027-01-05", "--json").stdout)  # fmt: skip
    [week] = log["weeks"]
    assert [e["kind"] for e in week["events"]] == ["break"]
    assert week["events"][0]["reason"] == "injury" and week["events"][0]["revision"] == 3
    runs_due = [s for s in week["sessions"] if s["type"] not in ("strength", "power")]
    assert runs_due and {s["outcome"] for s in runs_due} == {"break"}
    shown = json.loads(miler_cli("plans", "--show", plan["plan_id"]).stdout)
    dates = {s["id"]: s["date"] for w in shown["weeks"] for s in w["sessions"]}
    assert dates[quality["id"]] == "2026-12-08" and repeats["id"] not in dates


def test_a_change_that_breaks_a_rule_is_refused_and_stores_nothing(
    miler_cli: Cli, plan: dict
) -> None:
    cross = next(s for s in plan["weeks"][0]["sessions"] if s["type"] == "cross_training")
    refused = miler_cli("skip", cross["id"], "--today", TODAY)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "breaks training rule(s) R-S7.3" in refused.stderr
    two = miler_cli("skip", plan["weeks"][0]["sessions"][0]["date"], "--today", TODAY)
    assert two.returncode == 2 and "name one of" in two.stderr
    past = miler_cli("move", cross["id"], "--to", "2026-12-10", "--today", "2027-01-01")
    assert past.returncode == 2 and "only sessions still to come" in past.stderr
    late = miler_cli("break", "--from", "2027-01-20", "--to", "2027-03-01", "--reason", "travel",
                     "--today", TODAY)  # fmt: skip
    assert late.returncode == 2 and "make a new plan when you are back" in late.stderr
    assert [r["revision"] for r in _revisions(miler_cli)] == [1]
