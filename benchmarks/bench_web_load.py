"""Web app under load on a seeded training log: 20 concurrent clients on loopback against a
real ``miler serve``, p50/p95 of the calendar, run and progress pages next to a static file
served by the same app, measured in the same run.

Run: ``python benchmarks/bench_web_load.py [--clients 20] [--seconds 15]`` (or
``python benchmarks/run.py web_load``). The log is made by the real CLI in a temporary
folder: a runner with a result, an 18-week plan, and every real activity file of
``tests/data/activities`` imported (about fifty runs, rides and walks). Each target is
loaded for ``--seconds`` by ``--clients`` concurrent keep-alive clients (httpx, asyncio;
:func:`bench_web._load`); the run page cycles through every stored run, each viewed once
before the clock starts (a run's view and its match to the plan are kept at import or on
first view, so the timed views read them). Ratios are to the static file's p95; the issue's
target is a p95 under 5x the static file's for the calendar and run pages.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
from collections.abc import Awaitable

import httpx

from bench_web import ROOT, Request, _load, _p, _start_server

ACTIVITIES = ROOT / "tests" / "data" / "activities"


def _cli(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "miler", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if done.returncode not in (0, 1):  # import exits 1 when some files were refused
        raise SystemExit(f"miler {' '.join(args[:2])} failed: {done.stderr.strip()}")


def _seed() -> None:
    """A runner, a plan and every real activity file in the log of ``MILER_DATA_DIR``."""
    _cli("athlete", "create", "--name", "Bench", "--sex", "F",
         "--days", "mon,wed,thu,sat", "--result", "5k=21:00@2026-01-03")  # fmt: skip
    _cli("plan", "--weeks", "18", "--start-date", "2026-01-19", "--today", "2026-01-18")
    _cli("import", *(str(ACTIVITIES / kind) for kind in ("fit", "gpx", "tcx")))


def _run_ids(base: str) -> list[int]:
    listed = httpx.get(f"{base}/api/v1/runs", params={"per_page": 200}, timeout=60)
    listed.raise_for_status()
    return [int(r["run_id"]) for r in listed.json()["runs"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="per target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="miler-web-load-") as folder:
        os.environ["MILER_DATA_DIR"] = folder
        os.environ.pop("MILER_DATABASE_URL", None)
        _seed()
        process, base = _start_server()
        try:
            run_ids = _run_ids(base)
            for run_id in run_ids:  # the first view of a run keeps what later views read
                httpx.get(f"{base}/runs/{run_id}", timeout=120).raise_for_status()
            next_run = itertools.cycle(run_ids)

            def get(path: str) -> Request:
                return lambda client: client.get(path)

            def run_page(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
                return client.get(f"/runs/{next(next_run)}")

            targets: dict[str, Request] = {
                "static file (/static/miler.css)": get("/static/miler.css"),
                "calendar, month (/plan)": get("/plan"),
                "calendar, week (/plan?view=week)": get("/plan?view=week"),
                f"run page (/runs/ID, {len(run_ids)} runs)": run_page,
                "runs list (/runs)": get("/runs"),
                "progress (/progress)": get("/progress"),
            }
            print(f"{args.clients} concurrent clients, {args.seconds:g} s per target, "
                  f"{len(run_ids)} runs in the log")  # fmt: skip
            print(f"{'target':<40}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p95 ratio':>11}")
            baseline = None
            for name, request in targets.items():
                times = asyncio.run(_load(base, request, args.clients, 10**9, args.seconds))
                p50, p95 = _p(times, 50), _p(times, 95)
                baseline = baseline or p95
                ms = f"{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}"
                print(f"{name:<40}{len(times):>7}{ms}{p95 / baseline:>11.1f}", flush=True)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
