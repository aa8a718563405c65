"""Batch prediction throughput (athletes/s) for 100,000 synthetic athletes: the vectorised
``predict_batch`` against a plain Python loop calling ``predict_time`` (the same formulas).

Run: ``python benchmarks/bench_predict_batch.py [--athletes 100000] [--loop-sample 5000]``.
The loop is timed on a sample of athletes (it is slow) and reported per athlete; the batch
is the median of 3 runs after a warm-up; both are measured in the same run. Each athlete
has two results (a 5 km and a 1500 m or 800 m).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from miler.science.batch import predict_batch
from miler.science.predict import predict_time
from miler.units import MILE_M


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=100_000)
    parser.add_argument("--loop-sample", type=int, default=5_000)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    n = args.athletes
    speed = rng.uniform(3.0, 5.5, n)
    short = rng.choice([800.0, 1500.0], n)
    ids = np.repeat(np.char.add("athlete", np.arange(n).astype(str)), 2)
    d = np.column_stack([np.full(n, 5000.0), short]).ravel()
    t = np.column_stack([5000.0 / speed, short / (speed * rng.uniform(1.08, 1.2, n))]).ravel()
    print(f"{'method':<10}{'loop ath/s':>14}{'batch ath/s':>14}{'speed-up':>10}")
    for method in ("riegel", "auto", "vdot"):
        sample = min(args.loop_sample, n)
        start = time.perf_counter()
        for k in range(sample):
            rows = [(float(d[2 * k]), float(t[2 * k]))]
            if method != "vdot" or d[2 * k + 1] >= 1500:
                rows.append((float(d[2 * k + 1]), float(t[2 * k + 1])))
            predict_time(rows, MILE_M, method)
        loop_rate = sample / (time.perf_counter() - start)
        predict_batch(ids[:200], d[:200], t[:200], MILE_M, method)  # warm-up
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            result = predict_batch(ids, d, t, MILE_M, method)
            runs.append(time.perf_counter() - start)
        batch_rate = len(result.athlete_ids) / statistics.median(runs)
        print(f"{method:<10}{loop_rate:>14,.0f}{batch_rate:>14,.0f}{batch_rate / loop_rate:>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
