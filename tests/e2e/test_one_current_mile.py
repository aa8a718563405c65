"""One current mile: assess, paces, predict and plan give the same figure for the same results
(the real CLI in a subprocess), and a mix of results never plans from an outlier."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e

CASES = [
    ("5k=20:00",),
    ("5k=22:00", "400m=65"),
    ("mile=6:10", "5k=21:00"),
    ("1500m=4:50",),
    ("10k=41:30", "3000m=11:20"),
]


def _json(miler_cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    done = miler_cli(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("results", CASES, ids=["+".join(c) for c in CASES])
def test_every_command_shows_the_same_current_mile(miler_cli: Cli, results: tuple[str]) -> None:
    flags = [x for r in results for x in ("--result", r)]
    assess = _json(miler_cli, "assess", "--age", "35", "--sex", "M", *flags)
    paces = _json(miler_cli, "paces", *flags)
    plan = _json(
        miler_cli,
        "plan",
        *flags,
        "--days",
        "mon,wed,fri,sun",
        "--weeks",
        "10",
        "--age",
        "35",
        "--sex",
        "M",
        "--force",
        "--today",
        "2026-12-01",
    )
    figures = {
        "assess": assess["current_mile"]["time_s"],
        "paces": paces["mile"]["current_mile_s"],
        "plan": plan["assessment"]["current_mile_s"],
    }
    assert len({round(v, 6) for v in figures.values()}) == 1, figures
    if not any(r.startswith(("mile=", "1500m=", "1600m=")) for r in results):
        predict = _json(miler_cli, "predict", *flags, "--target", "mile", "--sex", "M")
        assert predict["predicted_s"] == pytest.approx(figures["plan"], abs=0.006)  # JSON: 0.01 s


def test_a_sprint_beside_a_5k_does_not_set_the_mile(miler_cli: Cli) -> None:
    """The issue's runner: 5 km in 22:00 and 400 m in 65 s. The fastest single estimate
    (about 5:03) would make easy runs faster than their 5 km race pace."""
    plan = _json(
        miler_cli,
        "plan",
        "--result",
        "5k=22:00",
        "--result",
        "400m=65",
        "--days",
        "mon,wed,fri",
        "--weeks",
        "8",
        "--age",
        "35",
        "--sex",
        "M",
        "--today",
        "2026-12-01",
    )
    current = plan["assessment"]["current_mile_s"]
    assert 5 * 60 + 40 < current < 6 * 60  # the blend of both, not the sprint's 5:03
    five_k_speed = 5000 / (22 * 60)
    assert plan["paces"]["easy_speed_high_mps"] < five_k_speed


def test_a_future_dated_result_is_refused(miler_cli: Cli) -> None:
    done = miler_cli("paces", "--result", "mile=6:00@2099-01-01")
    assert done.returncode == 2
    assert "dated after today" in done.stderr
    assert "Traceback" not in done.stderr
