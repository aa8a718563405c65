"""Import throughput: miler's FIT and GPX importers against the raw parsers, same run.

    python benchmarks/bench_import.py [--repeat N]

FIT: every shared FIT file that raw fitdecode, miler and fitfast all read (the Strava file
raw fitdecode cannot read, and the workout and course files, are left out), one batch:
- raw fitdecode: iterate every frame of ``fitdecode.FitReader`` (default processor, CRC
  checked) and do nothing else: the floor for any fitdecode-based importer;
- raw fitdecode + dict: the same, building ``{name: value}`` for each record (what a
  naive importer does);
- miler default path (``fit_reader="auto"``, what ``miler analyse`` uses: fitfast when
  installed, falling back to fitdecode for the files it rejects) and the pure-fitdecode
  path (``"fitdecode"``), each giving a full ``Activity`` with its streams repaired;
- the whole "analyse a run" use case on the default path (import, moving time, splits,
  best efforts, intervals, time-trial verdict, zones: ``miler.services.analyse``).
GPX: every shared GPX file miler imports, raw ``gpxpy.parse`` + iterating the points, against
miler's ``load_activity`` (defusedxml check + gpxpy + arrays, spikes removed, distance
measured and smoothed) and the whole analyse use case. Peak memory: tracemalloc
peak while importing the largest FIT file. Per file, the paths run in turn, ``--repeat``
times in rotating order, and each path's best time per file is summed, so load from other
processes on a shared machine hits every path alike.
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import fitdecode
import gpxpy

from miler.activities.base import load_activity
from miler.errors import ActivityFileError
from miler.services.analyse import analyse_run

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "activities"


def raw_fitdecode(path: Path) -> int:
    records = 0
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.global_mesg_num == 20:
                records += 1
    return records


def raw_fitdecode_dicts(path: Path) -> int:
    rows = []
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.global_mesg_num == 20:
                rows.append({f.name: f.value for f in frame.fields})
    return len(rows)


def raw_gpxpy(path: Path) -> int:
    gpx = gpxpy.parse(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return sum(1 for track in gpx.tracks for seg in track.segments for _ in seg.points)


def timed_together(
    methods: list[Callable[[Path], object]], files: list[Path], repeat: int
) -> list[float]:
    """Total best-of-``repeat`` time of each method over ``files``, methods interleaved."""
    totals = [0.0] * len(methods)
    for path in files:
        best = [float("inf")] * len(methods)
        for r in range(repeat):
            for k in range(len(methods)):
                m = (k + r) % len(methods)
                start = time.perf_counter()
                methods[m](path)
                best[m] = min(best[m], time.perf_counter() - start)
        totals = [t + b for t, b in zip(totals, best, strict=True)]
    return totals


def peak_mib(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _shared_files() -> tuple[list[Path], list[Path]]:
    fit_files = []
    for path in sorted(p for p in (DATA / "fit").iterdir() if p.suffix.lower() == ".fit"):
        try:
            raw_fitdecode(path)
            load_activity(path, fit_reader="fitdecode")
        except (fitdecode.FitError, ActivityFileError):
            continue
        fit_files.append(path)
    gpx_files = []
    for path in sorted((DATA / "gpx").glob("*.gpx")):
        try:
            load_activity(path)
        except ActivityFileError:
            continue
        gpx_files.append(path)
    return fit_files, gpx_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    fit_files, gpx_files = _shared_files()
    records = sum(raw_fitdecode(p) for p in fit_files)
    points = sum(raw_gpxpy(p) for p in gpx_files)
    fit_times = timed_together(
        [
            raw_fitdecode,
            raw_fitdecode_dicts,
            lambda p: load_activity(p, fit_reader="fitdecode"),
            lambda p: load_activity(p, fit_reader="auto"),
            analyse_run,
        ],
        fit_files,
        args.repeat,
    )
    gpx_times = timed_together([raw_gpxpy, load_activity, analyse_run], gpx_files, args.repeat)
    fit_names = (
        "FIT raw fitdecode (iterate frames)",
        "FIT raw fitdecode + dict per record",
        "FIT miler fitdecode path",
        "FIT miler default path (fitfast + fallback)",
        "FIT miler analyse (default path, full)",
    )
    rows = [(name, t, records, "records") for name, t in zip(fit_names, fit_times, strict=True)]
    rows += [
        ("GPX raw gpxpy (parse + iterate points)", gpx_times[0], points, "points"),
        ("GPX miler (defusedxml + gpxpy + arrays)", gpx_times[1], points, "points"),
        ("GPX miler analyse (full)", gpx_times[2], points, "points"),
    ]
    baseline = {"records": fit_times[0], "points": gpx_times[0]}
    print(
        f"{len(fit_files)} FIT files, {records} records; "
        f"{len(gpx_files)} GPX files, {points} points; best of {args.repeat} per file"
    )
    print(f"{'path':<44} {'time s':>8} {'items/s':>12} {'time vs raw':>12}")
    for name, seconds, count, unit in rows:
        print(
            f"{name:<44} {seconds:>8.3f} {count / seconds:>12,.0f} "
            f"{seconds / baseline[unit]:>11.2f}x"
        )

    largest = max(fit_files, key=lambda p: p.stat().st_size)
    print(
        "\npeak memory (tracemalloc) importing the largest FIT file, "
        f"{largest.name} ({largest.stat().st_size / 2**20:.1f} MiB):"
    )
    for name, fn in (
        ("raw fitdecode (iterate frames)", lambda: raw_fitdecode(largest)),
        ("raw fitdecode + dict per record", lambda: raw_fitdecode_dicts(largest)),
        ("miler fitdecode path", lambda: load_activity(largest, fit_reader="fitdecode")),
        ("miler default path", lambda: load_activity(largest, fit_reader="auto")),
    ):
        print(f"  {name:<42} {peak_mib(fn):>8.1f} MiB")


if __name__ == "__main__":
    main()
