"""`miler paces` end to end."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e


def test_paces_from_vdot_50_match_daniels_table(miler_cli: Cli) -> None:
    done = miler_cli("paces", "--vdot", "50", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data["paces"]) == {"easy", "marathon", "threshold", "interval", "repetition"}
    assert data["paces"]["threshold"]["fast_per_mi"] == "6:51/mi"  # Daniels VDOT 50: T 6:51
    assert data["current_mile"] is None


def test_paces_from_a_5k_json(miler_cli: Cli) -> None:
    done = miler_cli("paces", "--result", "5k=19:57", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    # the VDOT is the current mile's, decided by the one current-mile rule
    assert data["vdot_from"].startswith("current mile ")
    assert data["current_mile"]["kind"] == "estimated"
    assert data["current_mile"]["used"] == ["5k 19:57.0"]
    mile = data["mile"]
    assert mile["current_mile_s"] == data["current_mile"]["time_s"]
    assert mile["current_kind"] == "estimated"
    assert mile["goal_is_default"]
    assert mile["goal_mile_s"] == pytest.approx(mile["current_mile_s"] * 0.97)
    assert set(mile["goal_splits_s"]) == {"200", "400", "600", "800"}


def test_paces_with_goal_and_mile_result_text(miler_cli: Cli) -> None:
    done = miler_cli("paces", "--result", "mile=6:00", "--goal", "5:45")
    assert done.returncode == 0, done.stderr
    assert "Current mile 6:00.0 (mile); goal 5:45.0" in done.stdout
    assert "Current mile from: mile 6:00.0" in done.stdout
    assert "400 m 1:25.7" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either --vdot"),
        (("--vdot", "5"), "VDOT 5.0 is outside"),
        (("--vdot", "50", "--goal", "6:75"), "seconds must be below 60"),
    ],
)
def test_bad_input_exit_2(miler_cli: Cli, args: tuple[str, ...], message: str) -> None:
    done = miler_cli("paces", *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert message in done.stderr
