"""Web app latency under load: 20 concurrent clients on loopback against a real
``miler serve``, p50/p95 of the calendar and run pages next to a static file of the same app.

Run: ``python benchmarks/bench_web.py [--clients 20] [--requests 400] [--seconds 60]``.
Each target gets ``--requests`` requests (or stops after ``--seconds``) from ``--clients``
concurrent keep-alive clients (httpx, asyncio) after a warm-up. The run page is the
analysis of an uploaded real FIT file (a 9 km run, 120 kB), the work a run page does until
runs are stored. Ratios are to the static file's p95 measured in the same run; the issue's
target is a p95 under 5x the static file's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RUN_FILE = (
    ROOT / "tests" / "data" / "activities" / "fit" / "fitparse__activity-small-fenix2-run.fit"
)
PLAN = {
    "runner": {"age": 35, "sex": "M", "results": [{"event": "5k", "time": "20:00"}]},
    "days": ["mon", "wed", "fri", "sat"],
    "weeks": 12,
}

Request = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def _start_server(
    *extra: str, env: dict[str, str] | None = None, quiet: bool = False
) -> tuple[subprocess.Popen[str], str]:
    """A real ``miler serve --port 0`` (``extra`` arguments added; ``env``: its environment,
    default this one with the source tree on the path; ``quiet``: its stderr dropped) and the
    address it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "miler", "serve", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else None,
        text=True,
        env=env or {**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if " on http://" not in line:
        process.kill()
        raise SystemExit(f"miler serve did not start: {line!r}")
    return process, line.split(" on ", 1)[1].split()[0].rstrip("/")


async def _load(
    base: str, request: Request, clients: int, total: int, seconds: float
) -> list[float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    remaining = total

    async def client_loop() -> None:
        nonlocal remaining
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            await request(client)  # warm the connection and any cache
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                start = time.perf_counter()
                response = await request(client)
                latencies.append(time.perf_counter() - start)
                if response.status_code >= 400:
                    raise SystemExit(f"{response.request.url}: {response.status_code}")

    await asyncio.gather(*(client_loop() for _ in range(clients)))
    return latencies


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="per target")
    parser.add_argument("--seconds", type=float, default=60.0, help="per target, at most")
    args = parser.parse_args()
    # A log of its own: the runner the benchmark onboards never lands in the user's log.
    folder = tempfile.TemporaryDirectory(prefix="miler-web-bench-")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MILER_DATA_DIR": folder.name}
    env.pop("MILER_DATABASE_URL", None)
    process, base = _start_server(env=env)
    try:
        made = httpx.post(f"{base}/api/v1/plans", json=PLAN, timeout=60)
        made.raise_for_status()
        fit = RUN_FILE.read_bytes()

        def get(path: str) -> Request:
            return lambda client: client.get(path)

        async def upload(client: httpx.AsyncClient) -> httpx.Response:
            return await client.post(
                "/api/v1/runs/analysis",
                files={"file": (RUN_FILE.name, fit, "application/octet-stream")},
            )

        targets: dict[str, Request] = {
            "static file (/static/miler.css)": get("/static/miler.css"),
            "calendar, month (/plan)": get("/plan"),
            "calendar, week (/plan?view=week)": get("/plan?view=week"),
            "run page (analyse a 120 kB FIT)": upload,
        }
        print(f"{args.clients} concurrent clients, up to {args.requests} requests per target")
        print(f"{'target':<40}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p95 ratio':>11}")
        baseline = None
        for name, request in targets.items():
            times = asyncio.run(_load(base, request, args.clients, args.requests, args.seconds))
            p50, p95 = _p(times, 50), _p(times, 95)
            baseline = baseline or p95
            ms = f"{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}"
            print(f"{name:<40}{len(times):>6}{ms}{p95 / baseline:>11.1f}")
    finally:
        process.terminate()
        process.wait(timeout=10)
        folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
