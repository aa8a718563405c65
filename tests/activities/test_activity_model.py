"""The Activity model: immutable, equal by content, SI units, UTC start."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from miler.activities.model import Activity, Samples


def _samples() -> Samples:
    return Samples.from_columns(3, time_s=[0.0, 1.0, 2.0], distance_m=[0.0, 3.0, np.nan])


def test_samples_are_read_only_and_equal_by_value() -> None:
    a, b = _samples(), _samples()
    assert a == b  # NaN equal to NaN
    with pytest.raises(ValueError, match="read-only"):
        a.distance_m[0] = 5.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.time_s = np.zeros(3)  # type: ignore[misc]


def test_channels_must_have_one_value_per_sample() -> None:
    with pytest.raises(ValueError, match="one value per sample"):
        Samples.from_columns(3, time_s=[0.0, 1.0, 2.0], distance_m=[0.0, 1.0])


def test_activity_start_must_be_utc() -> None:
    naive = dt.datetime(2024, 1, 1, 8, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="UTC"):
        Activity(sport="running", start=naive, samples=_samples())
    start = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)
    one = Activity(sport="running", start=start, samples=_samples())
    assert one == Activity(sport="running", start=start, samples=_samples())
    assert one != dataclasses.replace(one, sport="cycling")
