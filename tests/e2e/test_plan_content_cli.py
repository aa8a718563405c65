"""``miler plan`` for a fitness test and with a short session length, driven as a user would
in a subprocess (issue 11, items 3 and 10; coach rules C-8 and C-10)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]
MILITARY = (
    "plan",
    "--result",
    "mile=7:30",
    "--goal",
    "1.5mi=11:00",
    "--goal-type",
    "military_test",
    "--race-date",
    "2027-04-03",
    "--days",
    "mon,wed,fri,sat",
    "--today",
    "2027-01-01",
    "--age",
    "24",
    "--sex",
    "M",
    "--intervals",
)


def test_a_military_test_is_rehearsed_and_named_in_miles_C_10(miler_cli: Cli) -> None:
    result = miler_cli(*MILITARY)
    assert result.returncode == 0, result.stderr
    assert "fitness test: 1.5 mi" in result.stdout
    assert "time trial: 1.5 mi" in result.stdout
    assert "2.41402" not in result.stdout and "mile time trial" not in result.stdout


def test_too_short_a_session_is_one_clear_line_naming_C_8(miler_cli: Cli) -> None:
    result = miler_cli(*MILITARY, "--session-minutes", "25")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "rule C-8" in lines[0] and "give a session length of" in lines[0]


def test_miler_rules_shows_the_new_coach_rules(miler_cli: Cli) -> None:
    for rule, words in (("C-8", "stated minutes"), ("C-9", "Goal pace"), ("C-10", "rehearsed")):
        result = miler_cli("rules", rule)
        assert result.returncode == 0, result.stderr
        assert rule in result.stdout and words in result.stdout


def test_a_treadmill_plan_gives_belt_speed_and_incline_C_10(miler_cli: Cli) -> None:
    result = miler_cli(
        "plan",
        "--result",
        "mile=7:30",
        "--goal-type",
        "treadmill_mile",
        "--treadmill",
        "--weeks",
        "8",
        "--days",
        "mon,wed,fri,sat",
        "--today",
        "2027-01-01",
        "--intervals",
        "--md",
    )
    assert result.returncode == 0, result.stderr
    trial = [line for line in result.stdout.splitlines() if "mile time trial:" in line]
    assert trial, result.stdout[:2000]
    # a 7:30 mile is 12.9 km/h, 8.0 mph; the trial's target sits within its belt range
    belt = trial[0].split("belt ")[1]
    low_kmh, high_kmh = (float(v) for v in belt.split(" km/h")[0].split("-"))
    assert low_kmh <= 3.6 * 1609.344 / 450.0 * 1.01 and high_kmh >= 3.6 * 1609.344 / 450.0 * 0.99
    assert "mph) at 1% incline" in belt
