"""`miler assess` end to end: the real command in a subprocess."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e


def test_assess_mile_json_has_the_four_fields_R_F1_2(miler_cli: Cli) -> None:
    done = miler_cli("assess", "--sex", "M", "--age", "50", "--result", "mile=5:30", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    grade = data["results"][0]["grades"]["M"]
    # WMA 2023: men's mile open standard 223.13 s, factor 0.8852 at 50.
    assert grade["percent"] == 76.38
    assert grade["band"] == "regional class"
    assert grade["open_equivalent_s"] == pytest.approx(330 * 0.8852)
    assert grade["table"] == "WMA 2023 track"
    assert data["own_best_mile"]["time_s"] == 330.0
    assert data["mile_pr_s"] == 330.0
    times = [row["time"] for row in data["good_mile_times"]["M"]]
    assert times == ["8:24.1", "7:00.1", "6:00.1", "5:15.1", "4:40.1"]
    assert [b["min_percent"] for b in data["bands"]] == [100, 90, 80, 70, 60, 0]


def test_5k_race_is_never_a_mile_pr_but_an_estimate_R_F3_1(miler_cli: Cli) -> None:
    done = miler_cli("assess", "--sex", "F", "--age", "35", "--result", "5k=24:51", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["mile_pr_s"] is None
    mile = data["results"][0]["mile"]
    assert mile["kind"] == "estimated"
    assert mile["time_s"] == pytest.approx(448, abs=3)  # R-F3.2: ≈ 7:28
    assert data["own_best_mile"]["kind"] == "estimated"
    assert data["results"][0]["grades"]["F"]["table"] == "USATF MLDR 2025 road"


def test_several_results_and_level_R_G1(miler_cli: Cli) -> None:
    done = miler_cli(
        "assess",
        "--sex",
        "M",
        "--age",
        "50",
        "--result",
        "mile=5:30",
        "--result",
        "5k=21:40",
        "--months-running",
        "24",
        "--runs-per-week",
        "4",
        "--longest-run",
        "60",
        "--intervals",
        "yes",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["results"]) == 2
    assert data["level"]["level"] == "experienced"


def test_5000m_is_graded_on_the_track_table(miler_cli: Cli) -> None:
    done = miler_cli("assess", "--sex", "M", "--age", "40", "--result", "5000m=17:00", "--json")
    assert json.loads(done.stdout)["results"][0]["grades"]["M"]["table"] == "WMA 2023 track"


def test_no_sex_shows_both_grades_in_text(miler_cli: Cli) -> None:
    done = miler_cli("assess", "--age", "35", "--result", "mile=7:00")
    assert done.returncode == 0, done.stderr
    assert "mile (M)" in done.stdout and "mile (F)" in done.stdout
    assert "Own best mile: 7:00.0" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--age", "40", "--result", "mile=6:75"), "seconds must be below 60"),
        (("--age", "120", "--sex", "M", "--result", "mile=6:00"), "covers ages 5 to 110"),
        (("--age", "40", "--result", "parsec=6:00"), "unknown distance"),
        (("--age", "40", "--sex", "M", "--result", "mile=3:00"), "faster than the world"),
        (
            (
                "--result",
                "mile=6:00",
            ),
            "give --age",
        ),
        (("--age", "40", "--months-running", "3"), "missing --runs-per-week"),
        (("--age", "40", "--sex", "X"), "use M or F"),
    ],
)
def test_bad_input_is_one_line_exit_2(miler_cli: Cli, args: tuple[str, ...], message: str) -> None:
    done = miler_cli("assess", *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
