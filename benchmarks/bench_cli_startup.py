"""CLI start-up time of ``miler --help`` and ``miler predict`` as a ratio to ``python -c pass``.

Run: ``python benchmarks/bench_cli_startup.py [--runs 7]``. Each command is run ``--runs``
times in a fresh interpreter; the table shows the median wall time and its ratio to the
median of ``python -c pass`` measured in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def _median_s(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("miler")
    miler = [exe] if exe else [sys.executable, "-m", "miler"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "miler --help": [*miler, "--help"],
        "miler predict --result 5k=20:00 --target mile": [
            *miler,
            "predict",
            "--result",
            "5k=20:00",
            "--target",
            "mile",
        ],
        "miler predict ... --json": [
            *miler,
            "predict",
            "--result",
            "5k=20:00",
            "--target",
            "mile",
            "--json",
        ],
    }
    baseline = None
    print(f"{'command':<48}{'median ms':>11}{'ratio':>8}")
    for name, command in commands.items():
        median = _median_s(command, args.runs)
        baseline = baseline or median
        print(f"{name:<48}{median * 1000:>11.1f}{median / baseline:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
