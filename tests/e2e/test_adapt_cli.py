"""``miler adapt`` end to end: the real command in a subprocess, a plan made by ``miler plan``
and real run files; then the revised plan through ``miler validate`` and ``miler export``.

The runs: ``slither__running.fit`` (a 51-min steady run on Sat 2021-03-13),
``runpandas__11km.tcx`` (a 72-min run on Sun 2021-03-21), ``tormoder__0134902991.fit`` (a
12-min ride on Thu 2021-03-04), the same short run as FIT, GPX and TCX (Fri 2021-04-16) and
a FIT file cut in half. The plan starts Mon 2021-03-01, four days a week.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from icalendar import Calendar

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e

RUNS = (
    "fit/slither__running.fit",
    "tcx/runpandas__11km.tcx",
    "fit/tormoder__0134902991.fit",
    "fit/heartandsole__testdata.fit",
    "gpx/heartandsole__testdata.gpx",
    "tcx/heartandsole__testdata.tcx",
    "corrupt/made__run_truncated_half.fit",
)


@pytest.fixture()
def plan_file(tmp_path: Path, miler_cli: Cli) -> Path:
    path = tmp_path / "plan.json"
    made = miler_cli(
        "plan",
        "--result",
        "mile=6:10",
        "--goal",
        "mile=5:50",
        "--weeks",
        "12",
        "--days",
        "mon,wed,thu,sat",
        "--start-date",
        "2021-03-01",
        "--today",
        "2021-02-28",
        "--age",
        "35",
        "--sex",
        "M",
        "--out",
        str(path),
    )
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture()
def runs(tmp_path: Path, shared_data: Path) -> Path:
    folder = tmp_path / "runs"
    folder.mkdir()
    for name in RUNS:
        shutil.copy(shared_data / "activities" / name, folder / Path(name).name)
    (folder / "notes.txt").write_text("not a run file", encoding="utf-8")
    return folder


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_adapt_matches_the_runs_and_writes_a_revised_plan_that_passes_every_rule(
    plan_file: Path, runs: Path, tmp_path: Path, miler_cli: Cli
) -> None:
    before = plan_file.read_bytes()
    revised = tmp_path / "revised.json"
    result = miler_cli(
        "adapt", str(plan_file), str(runs), "--today", "2021-03-24", "--out", str(revised), "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    # every run file of the folder was tried, the cut one is listed with its reason
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert set(files) == {Path(name).name for name in RUNS}
    assert "truncated" in files["made__run_truncated_half.fit"]["error"]
    assert all(f["error"] is None for n, f in files.items() if n != "made__run_truncated_half.fit")

    sessions = {s["session_id"]: s for s in report["match"]["sessions"]}
    by_date = {(s["date"], s["type"]): s for s in sessions.values()}
    long_13 = by_date[("2021-03-13", "long_run")]
    assert long_13["outcome"] == "done"
    assert files["slither__running.fit"]["index"] == long_13["activity_index"]
    long_20 = by_date[("2021-03-20", "long_run")]
    assert long_20["outcome"] == "moved" and long_20["done_date"] == "2021-03-21"
    # a past quality session with no run is missed; Wednesday the 24th is still to come
    assert by_date[("2021-03-08", "quality")]["outcome"] == "missed"
    assert all(s["outcome"] == "upcoming" for s in sessions.values() if s["date"] > "2021-03-24")
    # the run given three times, on a day after --today, is not counted, and only once kept
    ignored = {i["activity_index"]: i["reason"] for i in report["match"]["ignored"]}
    copies = [files[n]["index"] for n in files if n.startswith("heartandsole__testdata")]
    assert all(index in ignored for index in copies)

    revision = report["revision"]
    assert revision["first_rebuilt_week"] == 5  # weeks 1-4 have begun on Wed 24 March
    assert revision["recent_weekly_run_min"] < 0.9 * revision["prescribed_weekly_run_min"]
    assert report["out"] == str(revised)

    # the plan given is untouched; the revised one keeps weeks 1-4 and passes every rule
    assert plan_file.read_bytes() == before
    old, new = json.loads(before), json.loads(revised.read_text(encoding="utf-8"))
    assert new["start_date"] == old["start_date"] and new["goal"] == old["goal"]
    assert new["weeks"][:4] == old["weeks"][:4]
    begun = {s["id"] for w in old["weeks"][:4] for s in w["sessions"]}
    assert begun <= set(revision["kept"])
    assert revision["changed"] or revision["dropped"]  # the rest restarts lower
    assert revision["rebuilt_baseline_min"] < old["baseline"]["weekly_run_min"]
    validated = miler_cli("validate", str(revised))
    assert validated.returncode == 0, validated.stdout


def test_the_calendar_of_the_revised_plan_updates_the_old_events(
    plan_file: Path, runs: Path, tmp_path: Path, miler_cli: Cli
) -> None:
    calendar = tmp_path / "plan.ics"
    assert miler_cli("export", str(plan_file), "--ics", str(calendar)).returncode == 0
    old = {str(e["UID"]) for e in Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")}
    revised = tmp_path / "revised.json"
    adapted = miler_cli(
        "adapt", str(plan_file), str(runs), "--today", "2021-03-24", "--out", str(revised)
    )
    assert adapted.returncode == 0, adapted.stderr
    assert miler_cli("export", str(revised), "--ics", str(calendar)).returncode == 0
    events = Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")
    status = {str(e["UID"]): str(e.get("STATUS", "CONFIRMED")) for e in events}
    plan = json.loads(revised.read_text(encoding="utf-8"))
    kept = {s["id"] for w in plan["weeks"][:4] for s in w["sessions"]}
    # the weeks that had begun keep their events; sessions the re-plan dropped are cancelled
    assert all(any(uid.startswith(f"{sid}.") for uid in old) for sid in kept)
    assert {uid for uid in old if status.get(uid) != "CANCELLED"} <= set(status)
    dropped = [uid for uid in old if status.get(uid) == "CANCELLED"]
    assert dropped, "the lower restart changes some sessions, so some events are cancelled"
    assert len([u for u in status if status[u] != "CANCELLED"]) == sum(
        len(w["sessions"]) for w in plan["weeks"]
    )


def test_the_human_report_names_skipped_files_weeks_and_the_re_plan(
    plan_file: Path, runs: Path, miler_cli: Cli
) -> None:
    result = miler_cli("adapt", str(plan_file), str(runs), "--today", "2021-03-24")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "skipped: made__run_truncated_half.fit: the file is truncated" in text
    assert "re-plan from week 5" in text
    assert "add --out FILE to write the revised plan" in text


def test_a_plan_that_is_over_is_matched_but_not_re_planned(
    plan_file: Path, runs: Path, miler_cli: Cli
) -> None:
    result = miler_cli("adapt", str(plan_file), str(runs), "--today", "2021-06-30", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["revision"] is None and report["out"] is None
    assert all(s["outcome"] != "upcoming" for s in report["match"]["sessions"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json", "RUNS"], "plan file missing.json not found"),
        (["PLAN", "nowhere/run.fit"], "nowhere/run.fit not found"),
        (["PLAN", "RUNS", "--today", "24/03/2021"], "is not a date: use YYYY-MM-DD"),
        (["PLAN", "RUNS", "--tz", "Mars/Olympus"], "unknown time zone"),
        (["PLAN", "CUT"], "none of the run files could be read"),
        (["PLAN", "EMPTY"], "no run files found"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    args: list[str],
    message: str,
    plan_file: Path,
    runs: Path,
    tmp_path: Path,
    shared_data: Path,
    miler_cli: Cli,
) -> None:
    cut = tmp_path / "cut.fit"
    shutil.copy(shared_data / "activities" / "corrupt" / "made__run_truncated_half.fit", cut)
    empty = tmp_path / "empty"
    empty.mkdir()
    where = {"PLAN": str(plan_file), "RUNS": str(runs), "CUT": str(cut), "EMPTY": str(empty)}
    out = tmp_path / "revised.json"
    argv = [where.get(a, a) for a in args]
    if "--today" not in argv:
        argv += ["--today", "2021-03-24"]
    result = miler_cli("adapt", *argv, "--out", str(out))
    assert message in _one_line_error(result)
    assert not out.exists()


FAST_RUN = "fit/fitparse__activity-small-fenix2-run.fit"  # 9 km, a hard 2 miles, Sat 2015-08-15


def _plan_2015(tmp_path: Path, miler_cli: Cli, mile: str) -> Path:
    path = tmp_path / f"plan-{mile.replace(':', '')}.json"
    made = miler_cli(
        "plan",
        "--result",
        f"mile={mile}",
        "--goal",
        "mile=6:25",
        "--weeks",
        "12",
        "--days",
        "mon,wed,thu,sat",
        "--start-date",
        "2015-08-03",
        "--today",
        "2015-08-02",
        "--age",
        "40",
        "--sex",
        "M",
        "--force",
        "--out",
        str(path),
    )
    assert made.returncode == 0, made.stderr
    return path


def test_a_recognised_effort_faster_than_the_current_mile_moves_the_paces_R_G20(
    tmp_path: Path, shared_data: Path, miler_cli: Cli
) -> None:
    """The 2-mile effort the analysis finds in the run says about a 6:31 mile: for a runner
    planned from 7:00 that is a new, faster current mile; the kept weeks keep the paces they
    were written from and the revised plan passes every rule."""
    plan = _plan_2015(tmp_path, miler_cli, "7:00")
    revised = tmp_path / "revised.json"
    result = miler_cli(
        "adapt",
        str(plan),
        str(shared_data / "activities" / FAST_RUN),
        "--today",
        "2015-08-19",
        "--out",
        str(revised),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [e["source"] for e in report["match"]["evidence"]] == ["recognised"]
    assert len(report["results_used"]) == 1
    before, after = (
        report["revision"]["current_mile_before_s"],
        report["revision"]["current_mile_after_s"],
    )
    assert before == 420.0 and 380.0 < after < 400.0
    new = json.loads(revised.read_text(encoding="utf-8"))
    assert new["paces"]["current_mile_speed_mps"] > 1609.344 / 420.0
    assert all(w["reference"]["current_mile_s"] == 420.0 for w in new["weeks"][:3])
    # the rebuilt weeks follow the new mile (a week short of the goal carries its step
    # toward goal pace from it, C-9)
    assert all(
        "reference" not in w or w["reference"]["current_mile_s"] == after for w in new["weeks"][3:]
    )
    validated = miler_cli("validate", str(revised))
    assert validated.returncode == 0, validated.stdout


def test_a_recognised_effort_slower_than_the_current_mile_is_not_used_R_F3_1(
    tmp_path: Path, shared_data: Path, miler_cli: Cli
) -> None:
    """The same effort for a runner planned from 6:20: it may not have been all-out, so it
    does not pull the paces down."""
    plan = _plan_2015(tmp_path, miler_cli, "6:20")
    run = str(shared_data / "activities" / FAST_RUN)
    result = miler_cli("adapt", str(plan), run, "--today", "2015-08-19", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["match"]["evidence"]) == 1 and report["results_used"] == []
    assert report["revision"]["current_mile_after_s"] == 380.0
    text = miler_cli("adapt", str(plan), run, "--today", "2015-08-19").stdout
    assert "not used" in " ".join(text.split())


def test_after_weeks_without_running_adapt_restarts_the_plan_C_11(
    plan_file: Path, runs: Path, tmp_path: Path, miler_cli: Cli
) -> None:
    """Issue 11, item 13: the runs stop after week 3 but for one short run; re-planned on
    Monday of week 8, the plan restarts from half its baseline with a 30-min long run, not
    "long run 6 min" beside the old ladders; the revised plan passes ``miler validate``."""
    revised = tmp_path / "revised.json"
    result = miler_cli(
        "adapt", str(plan_file), str(runs), "--today", "2021-04-19", "--out", str(revised), "--json"
    )
    assert result.returncode == 0, result.stderr
    revision = json.loads(result.stdout)["revision"]
    restart = revision["restart"]
    assert restart is not None and restart["week"] == 8 == revision["first_rebuilt_week"]
    assert restart["ran_weekly_min"] < 0.5 * revision["prescribed_weekly_run_min"]
    assert restart["longest_run_min"] >= 30
    assert any("restarts in week 8" in r and "C-11" in r for r in revision["reasons"])
    plan = json.loads(revised.read_text(encoding="utf-8"))
    assert plan["weeks"][7]["restart"] == restart
    assert "restart" not in plan["weeks"][6]
    validated = miler_cli("validate", str(revised), "--json")
    assert validated.returncode == 0, validated.stdout
    c11 = next(r for r in json.loads(validated.stdout)["results"] if r["rule"] == "C-11")
    assert c11["status"] == "pass", c11
    told = miler_cli("adapt", str(plan_file), str(runs), "--today", "2021-04-19")
    assert "restarts in week 8" in " ".join(told.stdout.split())
    rule = miler_cli("rules", "C-11")
    assert rule.returncode == 0 and "restarts from what the runner does now" in rule.stdout
