"""`miler convert` end to end."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e


def _json(miler_cli: Cli, *args: str) -> dict:
    done = miler_cli("convert", *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_1600m_to_mile_by_distance_R_G3(miler_cli: Cli) -> None:
    data = _json(miler_cli, "--result", "1600m=5:20")
    assert data["to_time_s"] == pytest.approx(320 * 1609.344 / 1600)
    assert data["estimated"] is False


def test_mile_to_1600m_and_1500m(miler_cli: Cli) -> None:
    assert _json(miler_cli, "--result", "mile=5:21.87", "--to", "1600m")["to_time_s"] == (
        pytest.approx(320.0, abs=0.01)
    )
    data = _json(miler_cli, "--result", "1500m=4:00")
    assert data["to_time_s"] / 240 == pytest.approx(1.0774, abs=1e-4)


def test_5k_to_mile_is_an_estimate_R_F3_2(miler_cli: Cli) -> None:
    data = _json(miler_cli, "--result", "5k=24:51")
    assert data["estimated"] is True
    assert data["to_time_s"] == pytest.approx(448, abs=3)


def test_lanes_table(miler_cli: Cli) -> None:
    data = _json(miler_cli, "--lanes")
    laps = [round(lane["lap_m"], 3) for lane in data["lanes"]]
    assert laps[:2] == [400.0, 407.037]
    assert laps[7] == 453.03
    assert data["lanes"][7]["stagger_m"] == pytest.approx(53.03, abs=0.005)


def test_treadmill_one_percent_matches_outdoors(miler_cli: Cli) -> None:
    data = _json(miler_cli, "--treadmill", "12km/h")
    assert data["outdoor_speed_mps"] == pytest.approx(12 / 3.6)
    assert data["in_validated_range"] is True
    flat = _json(miler_cli, "--treadmill", "12km/h", "--incline", "0")
    assert flat["outdoor_speed_mps"] < 12 / 3.6


def test_pace_units(miler_cli: Cli) -> None:
    data = _json(miler_cli, "--pace", "7:30/mi")
    assert data["per_km"] == "4:40/km"
    assert data["mph"] == pytest.approx(8.0)
    done = miler_cli("convert", "--pace", "10mph")
    assert "6:00/mi" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pace", "7:30/parsec"), "cannot read the pace"),
        (("--result", "1600m=6:75"), "seconds must be below 60"),
        (("--lanes", "--distance", "parsec"), "unknown distance"),
        (("--treadmill", "12km/h", "--incline", "40"), "outside 0-15"),
    ],
)
def test_bad_input_exit_2(miler_cli: Cli, args: tuple[str, ...], message: str) -> None:
    done = miler_cli("convert", *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert message in done.stderr
