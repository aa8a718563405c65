"""``assess``, ``predict``, ``paces`` and ``zones`` use the saved runner when no flags are
given, and give exactly what the same flags give; flags still override (the real CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

pytestmark = pytest.mark.e2e
Cli = Callable[..., CompletedProcess[str]]


@pytest.fixture()
def saved(miler_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)
    made = miler_cli(
        "athlete", "create", "--sex", "F", "--birth-date", "1980-01-01", "--hr-max", "184",
        "--hr-rest", "52", "--result", "5k=21:00@2026-06-01:race",
        "--result", "mile=6:30@2026-06-20:time_trial", "--result", "3000m=10:00@2026-06-25:workout",
        "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["athlete"]["athlete_id"])


def _json(done: CompletedProcess[str]) -> object:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_zones_from_the_saved_heart_rates(miler_cli: Cli, saved: str) -> None:
    assert _json(miler_cli("zones", "--json")) == _json(
        miler_cli("zones", "--hr-max", "184", "--hr-rest", "52", "--json")
    )
    override = _json(miler_cli("zones", "--hr-max", "170", "--json"))
    assert override["hr_max"]["bpm"] == 170  # type: ignore[index]


def test_predict_from_the_saved_all_out_results(miler_cli: Cli, saved: str) -> None:
    flags = ("--result", "5k=21:00", "--result", "mile=6:30", "--sex", "F")
    assert _json(miler_cli("predict", "--target", "800m", "--json")) == _json(
        miler_cli("predict", "--target", "800m", *flags, "--json")
    )  # the 3000 m inside a workout is not an all-out result (R-F3.1)
    other = _json(miler_cli("predict", "--target", "800m", "--result", "mile=6:00", "--json"))
    assert other != _json(miler_cli("predict", "--target", "800m", "--json"))


def test_assess_and_paces_from_the_saved_runner(miler_cli: Cli, saved: str) -> None:
    dated = ("--result", "5k=21:00@2026-06-01", "--result", "mile=6:30@2026-06-20")
    from_log = _json(miler_cli("assess", "--json"))
    from_flags = _json(miler_cli("assess", *dated, "--sex", "F", "--age", "46", "--json"))
    assert from_log == from_flags
    paces = _json(miler_cli("paces", "--json"))
    flagged = _json(miler_cli("paces", *dated, "--json"))
    assert isinstance(paces, dict) and isinstance(flagged, dict)
    mine, theirs = paces["current_mile"], flagged["current_mile"]
    # the saved workout is considered too, and left out with its reason (R-F3.1)
    extra = [x for x in mine["left_out"] if x not in theirs["left_out"]]
    assert [x["result"] for x in extra] == ["3000m 10:00.0 on 2026-06-25"]
    assert extra[0]["reason"].startswith("a workout, not all-out")
    assert {**paces, "current_mile": {**mine, "left_out": theirs["left_out"]}} == flagged
