"""``miler athlete``: the real CLI saves, shows and updates the runner in the log."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]


@pytest.fixture()
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    return tmp_path / "data"


def test_create_show_update_remove(miler_cli: Cli, log_dir: Path) -> None:
    missing = miler_cli("athlete", "show")
    assert missing.returncode == 2
    assert "no runner in the training log yet" in missing.stderr
    made = miler_cli(
        "athlete", "create", "--name", "Ann", "--sex", "f", "--birth-date", "1990-05-17",
        "--hr-max", "191", "--hr-rest", "48", "--days", "mon,wed,fri,sat",
        "--long-run-day", "sat", "--equipment", "track,treadmill", "--units", "mi",
        "--result", "5k=21:40@2026-10-04", "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    athlete = json.loads(made.stdout)["athlete"]
    assert athlete | {"athlete_id": "x"} == {
        "athlete_id": "x",
        "name": "Ann",
        "sex": "F",
        "birth_date": "1990-05-17",
        "hr_max_bpm": 191.0,
        "hr_rest_bpm": 48.0,
        "days": ["mon", "wed", "fri", "sat"],
        "long_run_day": "sat",
        "equipment": {
            "track": True, "gym": False, "hills": False, "treadmill": True,
            "sled": False, "parachute": False, "boxes": False,
        },
        "units": "mi",
    }  # fmt: skip
    assert (log_dir / "miler.db").exists()
    again = miler_cli("athlete", "create", "--name", "Bob")
    assert again.returncode == 2 and "already has a runner" in again.stderr

    updated = miler_cli(
        "athlete", "update", "--hr-max", "188", "--result", "mile=6:02@2026-11-20:time_trial",
        "--json",
    )  # fmt: skip
    assert updated.returncode == 0, updated.stderr
    report = json.loads(updated.stdout)
    assert report["athlete"]["hr_max_bpm"] == 188.0
    assert report["athlete"]["name"] == "Ann"
    assert [(r["distance_m"], r["time_s"], r["date"], r["tag"]) for r in report["results"]] == [
        (5000.0, 1300.0, "2026-10-04", "race"),
        (1609.344, 362.0, "2026-11-20", "time_trial"),
    ]
    first_id = report["results"][0]["result_id"]
    removed = miler_cli("athlete", "update", "--remove-result", str(first_id), "--json")
    assert [r["time_s"] for r in json.loads(removed.stdout)["results"]] == [362.0]
    shown = miler_cli("athlete", "show")
    assert shown.returncode == 0
    assert "Ann" in shown.stdout and "6:02.0" in shown.stdout and "time_trial" in shown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--hr-max", "20"), "hr max bpm: Input should be greater than 80"),
        (("--result", "5k=20:00"), "needs its date: EVENT=TIME@YYYY-MM-DD"),
        (("--result", "5k=20:00@2026-01-01:fun"), "unknown result tag 'fun'"),
        (("--days", "mon,funday"), "cannot read the days"),
        (("--equipment", "pool"), "unknown equipment pool"),
        (("--birth-date", "17/5/1990"), "cannot read the birth date"),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(
    miler_cli: Cli, log_dir: Path, args: tuple[str, ...], message: str
) -> None:
    assert miler_cli("athlete", "create", "--name", "Ann").returncode == 0
    before = miler_cli("athlete", "show", "--json").stdout
    bad = miler_cli("athlete", "update", *args)
    assert bad.returncode == 2
    assert message in bad.stderr and bad.stderr.count("\n") == 1
    assert miler_cli("athlete", "show", "--json").stdout == before
