"""End to end: ``miler analyse`` on real files, as a runner would call it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

Cli = Callable[..., subprocess.CompletedProcess[str]]

TRUNCATED = {
    "fitparse__nick.fit",
    "made__run_truncated_half.fit",
    "made__run_truncated_last_record.fit",
}
REPAIRED = {"made__run_no_file_crc.fit", "made__gpx_content.tcx"}  # read with a warning


def test_analyse_json_of_an_interval_session(miler_cli: Cli, shared_data: Path) -> None:
    path = shared_data / "activities/fit/fitparserjs__garmin-stamina.fit"
    result = miler_cli("analyse", str(path), "--json", "--hr-rest", "50")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["file"] == path.name
    assert report["summary"]["sport"] == "running"
    assert report["summary"]["start"].startswith("2026-05-14T04:05:59")
    assert len(report["splits"]["laps"]) == 12
    assert [s["device_distance_m"] for s in report["splits"]["laps"]][2] == pytest.approx(808.17)
    assert len(report["splits"]["km"]) == 12
    assert {e["name"] for e in report["best_efforts"]} >= {"400m", "mile", "5k"}
    assert sum(r["kind"] == "work" for r in report["intervals"]) >= 5
    assert report["pacing"]["basis"] == "reps"  # an interval session: paced over its reps
    assert report["load"]["trimp"] > 0
    assert report["heart_rate"]["hr_max_source"] == "observed"


def test_analyse_tables_for_people(miler_cli: Cli, shared_data: Path) -> None:
    result = miler_cli("analyse", str(shared_data / "activities/tcx/runpandas__11km.tcx"))
    assert result.returncode == 0, result.stderr
    assert "splits by mile" in result.stdout
    assert "best efforts" in result.stdout


def test_analyse_gpx_and_gzip(miler_cli: Cli, shared_data: Path, tmp_path: Path) -> None:
    import gzip

    source = shared_data / "activities/gpx/runpandas__strava_export.gpx"
    packed = tmp_path / "run.gpx.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    plain = json.loads(miler_cli("analyse", str(source), "--json").stdout)
    zipped = json.loads(miler_cli("analyse", str(packed), "--json").stdout)
    assert zipped["summary"] == plain["summary"]
    assert plain["summary"]["distance_m"] > 12000


def test_every_corrupt_file_exits_2_with_one_line_and_no_traceback(
    miler_cli: Cli, shared_data: Path
) -> None:
    for path in sorted((shared_data / "activities" / "corrupt").iterdir()):
        if path.name in REPAIRED:
            continue
        result = miler_cli("analyse", str(path), "--json")
        assert result.returncode == 2, path.name
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"miler analyse: error: {path.name}: "), lines[0]
        assert result.stdout == ""


def test_allow_truncated_imports_the_valid_part_with_a_warning(
    miler_cli: Cli, shared_data: Path
) -> None:
    for name in sorted(TRUNCATED):
        path = shared_data / "activities" / "corrupt" / name
        result = miler_cli("analyse", str(path), "--json", "--allow-truncated")
        assert result.returncode == 0, result.stderr
        assert "miler analyse: warning:" in result.stderr and "truncated" in result.stderr
        assert "Traceback" not in result.stderr
        assert json.loads(result.stdout)["warnings"]


def test_plot_html_is_self_contained(miler_cli: Cli, shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "run.html"
    result = miler_cli(
        "analyse", str(shared_data / "activities/fit/runpandas__run.fit"), "--plot", str(out)
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "<svg" in page and "<polyline" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page and "<script" not in page


def test_plot_png(miler_cli: Cli, shared_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "run.png"
    result = miler_cli(
        "analyse", str(shared_data / "activities/fit/runpandas__run.fit"), "--plot", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_plot_name_and_missing_file(miler_cli: Cli, shared_data: Path, tmp_path: Path) -> None:
    result = miler_cli(
        "analyse",
        str(shared_data / "activities/fit/runpandas__run.fit"),
        "--plot",
        str(tmp_path / "x.svg"),
    )
    assert result.returncode == 2 and "use a file name ending in .html or .png" in result.stderr
    result = miler_cli("analyse", str(tmp_path / "missing.fit"))
    assert result.returncode == 2 and "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_is_exactly_the_service_result(miler_cli: Cli, shared_data: Path) -> None:
    from miler.services.analyse import AnalyseOptions, analyse_run

    path = shared_data / "activities/fit/fitparse__activity-small-fenix2-run.fit"
    result = miler_cli("analyse", str(path), "--json", "--hr-max", "190", "--hr-rest", "48")
    assert result.returncode == 0, result.stderr
    expected = analyse_run(path, options=AnalyseOptions(hr_max_bpm=190, hr_rest_bpm=48))
    assert json.loads(result.stdout) == json.loads(expected.model_dump_json())


def test_a_ride_is_reported_as_a_ride(miler_cli: Cli, shared_data: Path) -> None:
    result = miler_cli("analyse", str(shared_data / "activities/fit/fitparserjs__batt.fit"))
    assert result.returncode == 0, result.stderr
    assert "Suunto Vertical 2" in result.stdout
    assert "a cycling activity, not a run" in result.stdout
    assert "splits by mile" not in result.stdout and "best efforts" not in result.stdout


def _day_long_gpx(path: Path) -> None:
    """A 24-hour GPX at 1 Hz (86 400 points) around a 400 m loop, written here."""
    import datetime as dt
    import math

    start = dt.datetime(2024, 6, 1, 6, 0, 0, tzinfo=dt.UTC)
    rows = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="miler test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
    ]
    for i in range(86400):
        angle = i * 2.5 / 400 * 2 * math.pi
        when = (start + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(
            f'<trkpt lat="{52.0 + 0.0006 * math.sin(angle):.7f}" '
            f'lon="{0.001 * math.cos(angle):.7f}"><time>{when}</time></trkpt>'
        )
    rows.append("</trkseg></trk></gpx>\n")
    path.write_text("\n".join(rows), encoding="utf-8")


def _limited_analyse(path: Path, limit_bytes: int) -> subprocess.CompletedProcess[str]:
    import os
    import resource
    import shutil
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    exe = shutil.which("miler")
    command = [exe] if exe else [sys.executable, "-m", "miler"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [*command, "analyse", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=limit,
        env=env,
    )


@pytest.mark.slow
def test_memory_is_bounded_by_the_file_not_the_clock(shared_data: Path, tmp_path: Path) -> None:
    limit = 500 * 2**20  # 500 MiB of address space for the whole process
    day = tmp_path / "day.gpx"
    _day_long_gpx(day)
    result = _limited_analyse(day, limit)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["elapsed_s"] == 86399.0
    assert len(report["splits"]["km"]) > 200
    # one trackpoint dated 1970 in a 24-minute run (once 23.8 GB and an OOM kill)
    result = _limited_analyse(shared_data / "activities/variants/run_1970.tcx", limit)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["elapsed_s"] == 1423.0
    assert "lie far from the rest" in result.stderr
