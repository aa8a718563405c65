"""``miler import``: the real CLI's summary, exit status and messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]
ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"


@pytest.fixture()
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    return tmp_path / "data"


def test_import_needs_a_runner_first(miler_cli: Cli, log_dir: Path) -> None:
    done = miler_cli("import", str(ACTIVITIES / "tcx"))
    assert done.returncode == 2
    assert "no runner in the training log yet: create one with 'miler athlete create" in done.stderr


def test_import_summary_then_all_duplicates(miler_cli: Cli, log_dir: Path) -> None:
    assert miler_cli("athlete", "create", "--name", "Ann").returncode == 0
    first = miler_cli(
        "import", str(ACTIVITIES / "tcx"), str(ACTIVITIES / "corrupt" / "made__run_truncated.tcx")
    )
    assert first.returncode == 1  # one file failed
    assert "failed " in first.stdout and "made__run_truncated.tcx: broken XML" in first.stdout
    last = first.stdout.strip().splitlines()[-1]
    assert last.startswith("imported ") and last.endswith("failed 1")
    again = miler_cli("import", str(ACTIVITIES / "tcx"), "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["imported"] == 0 and report["failed"] == 0
    assert report["duplicates"] == len(report["outcomes"]) == 13
    assert {o["status"] for o in report["outcomes"]} == {"duplicate"}


def test_unknown_time_zone_is_one_line(miler_cli: Cli, log_dir: Path) -> None:
    done = miler_cli("import", str(ACTIVITIES / "tcx"), "--tz", "Mars/Olympus")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "unknown time zone 'Mars/Olympus'" in done.stderr
