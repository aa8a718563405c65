"""Heart-rate zones, aerobic decoupling, Banister TRIMP, and the run summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from activity_synthetic import run_from_speeds

from miler.activities.base import load_activity
from miler.activities.heart_rate import aerobic_decoupling, time_in_zones
from miler.activities.load import trimp, trimp_for_average
from miler.activities.model import Samples
from miler.activities.summary import summarise
from miler.errors import InvalidInputError


def test_trimp_published_worked_example() -> None:
    # calculatorhub.com TRIMP calculator worked example: 45 min at 150 bpm, rest 60,
    # max 190, male -> HRr 0.6923, weighting 2.4191, TRIMP 75.36 (the page rounds its
    # intermediate weighting; unrounded it is 2.4180, TRIMP 75.33)
    assert trimp_for_average(45, 150, 60, 190, "male") == pytest.approx(75.36, abs=0.05)


def test_trimp_female_weighting_morton_1990() -> None:
    # 0.86 e^(1.67 HRr): at HRr = 0.5 for 60 min, 60 x 0.5 x 0.86 x e^0.835
    assert trimp_for_average(60, 125, 60, 190, "female") == pytest.approx(
        60 * 0.5 * 0.86 * np.exp(0.835)
    )


def test_trimp_from_samples_equals_the_average_form_at_constant_heart_rate() -> None:
    samples = run_from_speeds([(2700, 3.0)], hr=150.0)
    assert trimp(samples, 60, 190) == pytest.approx(trimp_for_average(45, 150, 60, 190), rel=1e-3)


def test_trimp_refuses_impossible_heart_rates() -> None:
    samples = run_from_speeds([(60, 3.0)])
    with pytest.raises(InvalidInputError, match="resting heart rate"):
        trimp(samples, 200, 190)
    with pytest.raises(InvalidInputError, match="sex"):
        trimp_for_average(10, 150, 60, 190, "x")


def test_time_in_zones_adds_up_to_the_recorded_time() -> None:
    n = 600
    hr = np.concatenate([np.full(300, 120.0), np.full(300, 175.0)])
    samples = Samples.from_columns(n, time_s=np.arange(n, dtype=float), heart_rate_bpm=hr)
    zones = time_in_zones(samples, hr_max_bpm=200)
    by_zone = {z.zone: z.seconds for z in zones}
    assert by_zone[2] == 300  # 120 bpm: 60-70 % of 200
    assert by_zone[4] == 299  # 175 bpm: 80-90 %; the last sample stands for no time
    assert sum(by_zone.values()) == 599


def test_aerobic_decoupling_of_a_drifting_heart_rate() -> None:
    n = 3600
    hr = np.where(np.arange(n) < 1800, 140.0, 147.0)  # same pace, HR 5 % higher later
    samples = Samples.from_columns(
        n, time_s=np.arange(n, dtype=float), distance_m=3.0 * np.arange(n), heart_rate_bpm=hr
    )
    result = aerobic_decoupling(samples)
    assert result is not None
    assert result.hr_drift_pct == pytest.approx(5.0, abs=0.05)
    assert result.decoupling_pct == pytest.approx((1 - 140 / 147) * 100, abs=0.1)


def test_summary_of_a_real_run(shared_data: Path) -> None:
    activity = load_activity(shared_data / "activities/fit/runpandas__run.fit")
    summary = summarise(activity)
    assert summary.distance_m == pytest.approx(5839.77, rel=0.001)  # the session total
    assert summary.elapsed_s == pytest.approx(3164.606, abs=3)  # the session's elapsed time
    assert 0 < summary.moving_s <= summary.elapsed_s
    assert summary.max_heart_rate_bpm == 160
    assert summary.has_gps and summary.device == "garmin fr645m"
    assert summary.ascent_m is not None and summary.ascent_m > 0


def test_summary_of_an_indoor_session_without_distance(shared_data: Path) -> None:
    activity = load_activity(
        shared_data / "activities/fit/fitparse__20170518-191602-1740899583.fit"
    )
    summary = summarise(activity)
    assert summary.distance_m == 0.0 and summary.avg_speed_mps is None
    assert summary.moving_s > 0 and not summary.has_gps
