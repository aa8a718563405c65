"""`miler predict` end to end: the real command in a subprocess."""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.e2e


def test_predict_mile_from_5k_text(miler_cli: Cli) -> None:
    done = miler_cli("predict", "--result", "5k=20:00", "--target", "mile", "--method", "riegel")
    assert done.returncode == 0, done.stderr
    assert "6:00.8" in done.stdout


def test_predict_json_is_one_object_with_documented_fields(miler_cli: Cli) -> None:
    done = miler_cli(
        "predict", "--result", "5k=20:00", "--result", "800m=2:25", "--target", "1500m", "--json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for field in (
        "target",
        "target_m",
        "predicted_s",
        "predicted",
        "low_s",
        "high_s",
        "method",
        "inputs",
        "estimated",
    ):
        assert field in data
    assert data["target_m"] == 1500.0
    assert data["estimated"] is True
    assert len(data["inputs"]) == 2
    assert data["low_s"] < data["predicted_s"] < data["high_s"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--result", "5k=6:75", "--target", "mile"], "6:75"),
        (["--result", "5furlongs=20:00", "--target", "mile"], "unknown distance"),
        (["--result", "5k=12:00", "--target", "mile"], "world record"),
        (["--result", "5k=20:00", "--target", "400m", "--method", "vdot"], "VDOT"),
        (["--result", "5k=20:00", "--target", "100m"], "400m to marathon"),
    ],
)
def test_bad_input_is_one_line_exit_2(miler_cli: Cli, args: list[str], needle: str) -> None:
    done = miler_cli("predict", *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert needle in lines[0]


def test_batch_writes_one_row_per_athlete_and_reports_bad_rows(
    miler_cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "results.csv"
    source.write_text(
        "athlete_id,event,time_s\n"
        "ann,5k,1200\nann,800m,2:25\nbob,10k,2500\ncat,mile,6:75\ndan,5k,600\n",
        encoding="utf-8",
    )
    out = tmp_path / "predictions.csv"
    done = miler_cli("predict", "--batch", str(source), "--target", "mile", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "line 5 (athlete cat)" in done.stderr
    assert "line 6 (athlete dan)" in done.stderr
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["athlete_id"] for r in rows] == ["ann", "bob"]
    assert set(rows[0]) == {"athlete_id", "target", "predicted_s", "low_s", "high_s", "method"}
    assert rows[0]["target"] == "mile"


@pytest.mark.parametrize("method", ["riegel", "vdot", "cameron", "purdy", "personal", "auto"])
def test_every_method_from_the_command_line(miler_cli: Cli, method: str) -> None:
    done = miler_cli(
        "predict", "--result", "5k=20:00", "--target", "mile", "--method", method, "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["method"] == method


def test_exponent_option_changes_riegel(miler_cli: Cli) -> None:
    done = miler_cli(
        "predict",
        "--result",
        "5k=20:00",
        "--target",
        "10k",
        "--method",
        "riegel",
        "--exponent",
        "1.0",
        "--json",
    )
    assert json.loads(done.stdout)["predicted_s"] == 2400.0


def test_batch_json_lists_skipped_rows(miler_cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "results.csv"
    source.write_text("athlete_id,event,time_s\nann,5k,1200\nbob,5k,abc\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    done = miler_cli(
        "predict", "--batch", str(source), "--target", "1500m", "--out", str(out), "--json"
    )
    data = json.loads(done.stdout)
    assert data["athletes"] == 1
    assert data["errors"][0]["row"] == 3
    assert data["errors"][0]["athlete_id"] == "bob"


def test_batch_file_without_the_columns_is_exit_2(miler_cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "results.csv"
    source.write_text("name,time\nann,20:00\n", encoding="utf-8")
    done = miler_cli(
        "predict", "--batch", str(source), "--target", "mile", "--out", str(tmp_path / "o.csv")
    )
    assert done.returncode == 2
    assert "athlete_id,event,time_s" in done.stderr
    assert "Traceback" not in done.stderr


def test_predict_module_does_not_import_numpy_at_import_time() -> None:
    import sys

    code = "import sys, miler.cli.predict; sys.exit('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == 0


def test_batch_sex_column_applies_womens_record(miler_cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "results.csv"
    source.write_text(
        "athlete_id,event,time_s,sex\nann,mile,4:05,F\nbob,mile,4:05,M\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    done = miler_cli("predict", "--batch", str(source), "--target", "1500m", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "line 2 (athlete ann)" in done.stderr
    assert "world record" in done.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("bob,1500m,")


def test_predict_explains_which_results_counted_and_why(miler_cli: Cli) -> None:
    done = miler_cli(
        "predict",
        "--result", "1500m=4:40", "--result", "5k=18:30", "--result", "half=1:32:00",
        "--target", "mile", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    counted = json.loads(done.stdout)["counted"]
    assert {c["event"] for c in counted} == {"1500m", "5k", "half"}
    assert sum(c["weight"] for c in counted) == pytest.approx(1.0, abs=0.02)
    assert counted[0]["event"] == "1500m"  # most weight first: the nearest distance
    assert "nearest" in counted[0]["reason"]
    assert "distance away" in next(c["reason"] for c in counted if c["event"] == "half")


def test_predict_text_lists_the_weights(miler_cli: Cli) -> None:
    done = miler_cli(
        "predict", "--result", "5k=20:00", "--result", "10mi=1:12:00", "--target", "mile"
    )
    assert done.returncode == 0, done.stderr
    assert "what counted" in done.stdout
    assert "weight" in done.stdout
    assert "nearest in distance" in done.stdout
    curve = miler_cli(
        "predict", "--result", "5k=20:00", "--result", "10mi=1:12:00", "--target", "mile",
        "--method", "curve",
    )  # fmt: skip
    assert curve.returncode == 0, curve.stderr
    assert "soft" in curve.stdout  # 10 miles is a rarely raced distance


def test_predict_json_is_the_service_reports_dump(miler_cli: Cli) -> None:
    from miler.services.predict import predict

    done = miler_cli(
        "predict", "--result", "5k=20:00", "--result", "10k=41:30", "--target", "mile",
        "--sex", "F", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = predict([(5000.0, 1200.0), (10000.0, 2490.0)], 1609.344, sex="F")
    assert json.loads(done.stdout) == expected.model_dump(mode="json")
