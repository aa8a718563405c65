"""Synthetic runs with known structure, for tests (not a test module)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from miler.activities.model import Samples


def run_from_speeds(
    segments: Sequence[tuple[float, float]],
    *,
    noise_mps: float = 0.0,
    seed: int = 0,
    hr: float | Sequence[float] | None = 150.0,
) -> Samples:
    """1 Hz samples from ``(seconds, speed m/s)`` segments; optional Gaussian speed noise.

    ``hr``: one heart rate for the whole run, one per segment, or ``None`` (no strap)."""
    rng = np.random.default_rng(seed)
    speed = np.concatenate([np.full(int(seconds), v) for seconds, v in segments])
    noisy = np.clip(speed + rng.normal(0.0, noise_mps, speed.size) if noise_mps else speed, 0, None)
    distance = np.concatenate(([0.0], np.cumsum(noisy)))
    time = np.arange(distance.size, dtype=np.float64)
    if hr is None:
        heart = np.full(time.size, np.nan)
    elif isinstance(hr, int | float):
        heart = np.full(time.size, float(hr))
    else:
        per_second = np.concatenate(
            [np.full(int(seconds), h) for (seconds, _), h in zip(segments, hr, strict=True)]
        )
        heart = np.append(per_second, per_second[-1])
    return Samples.from_columns(time.size, time_s=time, distance_m=distance, heart_rate_bpm=heart)


def drop(samples: Samples, keep: np.ndarray) -> Samples:
    """``samples`` with only the rows where ``keep`` is true (GPS dropouts, pauses)."""
    from miler.activities.model import CHANNELS

    return Samples(**{name: getattr(samples, name)[keep] for name in CHANNELS})
