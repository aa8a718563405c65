"""Batch prediction throughput (athletes/s) for 100,000 synthetic athletes: the vectorised
``predict_batch`` against a plain Python loop calling ``predict_time`` (the same models).

Run: ``python benchmarks/bench_predict_batch.py [--athletes 100000] [--loop-sample 5000]``.
The loop is timed on a sample of athletes (it is slow) and reported per athlete; the batch
is the median of 3 runs after a warm-up; both are measured in the same run. Each athlete has
a 5 km and 0-3 more results (800 m, 1500 m, 10 km, half marathon; seeded), so ``auto``'s
personal curves are fitted for four different numbers of results.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from miler.science.batch import predict_batch
from miler.science.predict import predict_time
from miler.units import MILE_M

OTHERS = np.array([800.0, 1500.0, 10000.0, 21097.5])


def _athletes(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seeded rows (athlete id, metres, seconds): a 5 km each plus 0-3 other distances, all at
    one level (3.0-5.5 m/s over 5 km) with a Riegel-like slope and 3 % scatter."""
    rng = np.random.default_rng(1)
    speed = rng.uniform(3.0, 5.5, n)
    extra = rng.integers(0, 4, n)
    ids, ds, ts = [], [], []
    for k in range(n):
        chosen = [5000.0, *rng.choice(OTHERS, extra[k], replace=False)]
        for d in chosen:
            ids.append(k)
            ds.append(d)
            ts.append(5000.0 / speed[k] * (d / 5000.0) ** 1.07 * rng.lognormal(0.0, 0.03))
    names = np.char.add("athlete", np.asarray(ids).astype(str))
    return names, np.asarray(ds), np.asarray(ts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=100_000)
    parser.add_argument("--loop-sample", type=int, default=5_000)
    args = parser.parse_args()
    ids, d, t = _athletes(args.athletes)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    print(f"{args.athletes:,} athletes, {len(ids):,} results")
    print(f"{'method':<10}{'loop ath/s':>14}{'batch ath/s':>14}{'speed-up':>10}")
    for method in ("riegel", "auto", "vdot"):
        sample = min(args.loop_sample, args.athletes)
        start = time.perf_counter()
        for a in range(sample):
            rows = [
                (float(d[i]), float(t[i]))
                for i in range(starts[a], ends[a])
                if method != "vdot" or d[i] >= 1500
            ]
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
