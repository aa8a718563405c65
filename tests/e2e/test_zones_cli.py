"""`miler zones` end to end."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e


def test_zones_from_age_show_tanaka_source_R_G14(miler_cli: Cli) -> None:
    done = miler_cli("zones", "--age", "40", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["hr_max"] == {
        "bpm": 180.0,
        "measured": False,
        "source": "Tanaka, Monahan & Seals 2001: HRmax = 208 - 0.7 x age",
    }
    assert data["easy_cap_bpm"] == pytest.approx(142.2)
    assert [z["name"] for z in data["zones"]] == ["E", "M", "T", "I"]
    assert data["zones"][0]["hrr_low_bpm"] is None


def test_zones_with_measured_max_and_rest_use_karvonen(miler_cli: Cli) -> None:
    done = miler_cli("zones", "--hr-max", "190", "--hr-rest", "50", "--json")
    data = json.loads(done.stdout)
    assert data["hr_max"]["measured"] is True
    assert data["zones"][0]["hrr_high_bpm"] == pytest.approx(50 + 0.74 * 140)


def test_zones_text(miler_cli: Cli) -> None:
    done = miler_cli("zones", "--age", "40")
    assert done.returncode == 0, done.stderr
    assert "HRmax 180 bpm (Tanaka" in done.stdout
    assert "142 bpm" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "measured HRmax or an age"),
        (("--hr-max", "400"), "implausible"),
        (("--age", "40", "--hr-rest", "200"), "below HRmax"),
    ],
)
def test_bad_input_exit_2(miler_cli: Cli, args: tuple[str, ...], message: str) -> None:
    done = miler_cli("zones", *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert message in done.stderr
