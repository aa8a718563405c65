"""auto's personal curve (miler.science.curve): published behaviour and the model's promises."""

from __future__ import annotations

import numpy as np
import pytest

from miler.science.batch import predict_batch
from miler.science.curve import (
    FADE_RECREATIONAL,
    SCATTER_KNOTS,
    is_soft,
    prior_fade,
    scatter,
)
from miler.science.equivalence import open_standard_s
from miler.science.predict import predict_time
from miler.units import MILE_M


def test_elite_one_result_is_equal_open_grade() -> None:
    # Kipchoge's 2:01:09 marathon and Cheptegei's 26:11.00 10 000 m are about 99-100 % open
    # grade (WMA 2023): no fade, so the mile is the same grade of the 3:43.13 standard.
    p = predict_time([(10000.0, 1571.0)], MILE_M, "curve", sex="M")
    assert p.predicted_s == pytest.approx(223.13, rel=1e-6)


def test_recreational_marathon_is_slower_than_riegel_from_a_half() -> None:
    # Vickers & Vertosick 2016: Riegel is "well calibrated" to the half marathon but much too
    # fast for recreational marathoners. A 2:00 half marathon (about 48 % open grade):
    auto = predict_time([(21097.5, 7200.0)], 42195.0, "curve").predicted_s
    riegel = predict_time([(21097.5, 7200.0)], 42195.0, "riegel").predicted_s
    assert auto > riegel * 1.01


def test_recreational_mile_from_a_marathon_is_faster_than_riegel() -> None:
    # Issue 14's held-out study: from long results alone Riegel's 1.06 gives the mile 5-10 %
    # too slow for recreational runners (they fade beyond 5 km).
    auto = predict_time([(42195.0, 4 * 3600.0)], MILE_M, "curve").predicted_s
    riegel = predict_time([(42195.0, 4 * 3600.0)], MILE_M, "riegel").predicted_s
    assert 0.90 < auto / riegel < 0.95


def test_prior_fade_is_zero_for_good_runners_and_full_for_recreational() -> None:
    fades = [prior_fade(g) for g in (0.9, 0.6, 0.525, 0.45, 0.3)]
    full = FADE_RECREATIONAL
    assert fades == pytest.approx([0.0, 0.0, full / 2, full, full])


def test_scatter_follows_its_knots() -> None:
    grades, scales = zip(*SCATTER_KNOTS, strict=True)
    assert [scatter(g) for g in grades] == pytest.approx(list(scales))
    assert scatter(0.2) == pytest.approx(scales[0])
    assert scatter(0.99) == pytest.approx(scales[-1])
    assert scatter((grades[0] + grades[1]) / 2) == pytest.approx((scales[0] + scales[1]) / 2)


def test_rarely_raced_distances_are_soft() -> None:
    distances = (5000.0, MILE_M, 8000.0, 15000.0, 21097.5, 4 * MILE_M, 42195.0)
    assert [is_soft(d) for d in distances] == [False, False, True, True, False, True, False]


def test_nearest_result_dominates_for_an_elite_runner() -> None:
    # About 95 % grade at 1500 m and 10 000 m: the mile leans on the 1500 m.
    p = predict_time([(1500.0, 215.0), (10000.0, 1650.0)], MILE_M, "curve")
    weights = [c.weight for c in p.contributions]
    assert weights[0] > 0.75
    assert sum(weights) == pytest.approx(1.0, abs=0.02)
    assert "nearest" in p.contributions[0].reason


def test_recreational_results_are_averaged_more_than_elite_ones() -> None:
    elite = predict_time([(1500.0, 215.0), (10000.0, 1650.0)], MILE_M, "curve")
    club = predict_time([(1500.0, 330.0), (10000.0, 2530.0)], MILE_M, "curve")
    assert club.contributions[1].weight > elite.contributions[1].weight


def test_a_soft_pb_counts_less_than_a_sharp_one_as_far_away() -> None:
    # 8 km is rarely raced, 3000 m often; both about as far (in ln-distance) from 5 km.
    sharp = predict_time([(5000.0, 1200.0), (3000.0, 690.0)], 5000.0 * 5000.0 / 3000.0, "curve")
    soft = predict_time([(5000.0, 1200.0), (8333.0, 2100.0)], 3000.0, "curve")
    assert soft.contributions[1].weight < sharp.contributions[1].weight
    assert "soft" in soft.contributions[1].reason


def test_one_off_day_does_not_drag_the_answer() -> None:
    # Heavy tails: a 10 km run 15 % below the runner's other results loses most of its weight.
    base = [(5000.0, 1200.0), (3000.0, 690.0), (MILE_M, 350.0)]
    clean = predict_time(base, 1500.0, "curve")
    dragged = predict_time([*base, (10000.0, 2500.0 * 1.15)], 1500.0, "curve")
    off_day = dragged.contributions[-1]
    assert off_day.trust < 0.6
    assert "out of line" in off_day.reason
    assert dragged.predicted_s / clean.predicted_s < 1.01


def test_agreeing_results_narrow_the_range() -> None:
    one = predict_time([(5000.0, 1200.0)], MILE_M, "curve")
    three = predict_time([(5000.0, 1200.0), (3000.0, 690.0), (10000.0, 2500.0)], MILE_M, "curve")
    assert three.high_s / three.low_s < one.high_s / one.low_s


def test_batch_matches_single_predictions_on_a_seeded_random_sweep() -> None:
    # The whole input space: 1-7 results from 400 m to the marathon, 30-98 % open grade,
    # either sex, targets from 400 m to the marathon.
    rng = np.random.default_rng(14)
    distances = np.array([400.0, 800.0, 1500.0, MILE_M, 3000.0, 5000.0, 8000.0, 10000.0,
                          15000.0, 16093.44, 21097.5, 30000.0, 42195.0])  # fmt: skip
    for _ in range(40):
        target = float(rng.choice(distances))
        ids, ds, ts, sexes, singles = [], [], [], [], {}
        for a in range(25):
            k = int(rng.integers(1, 8))
            sex = str(rng.choice(["M", "F"]))
            level = rng.uniform(0.30, 0.98)
            rows = []
            for d in rng.choice(distances, k):
                t = open_standard_s(float(d), sex) / level * float(np.exp(rng.normal(0, 0.04)))
                t = max(t, open_standard_s(float(d), sex) * 1.02)
                rows.append((float(d), t))
                ids.append(f"a{a}")
                ds.append(float(d))
                ts.append(t)
                sexes.append(sex)
            singles[f"a{a}"] = predict_time(rows, target, "curve", sex=sex)
        batch = predict_batch(ids, ds, ts, target, method="curve", sex=sexes)
        assert not batch.errors
        for k, athlete in enumerate(batch.athlete_ids):
            single = singles[athlete]
            assert batch.predicted_s[k] == pytest.approx(single.predicted_s, rel=1e-9)
            assert batch.low_s[k] == pytest.approx(single.low_s, rel=1e-9)
            assert batch.high_s[k] == pytest.approx(single.high_s, rel=1e-9)


def test_seeded_sweep_of_the_whole_input_space_keeps_the_models_promises() -> None:
    # 1-8 results anywhere from 400 m to the marathon, 25-99 % open grade with 6 % scatter,
    # either sex, any target: a range around the prediction, weights that sum to about 1
    # (the level is all but flat), trust in (0, 1], and a posterior sd between the elite
    # floor and a wide recreational range.
    rng = np.random.default_rng(7)
    distances = [400.0, 800.0, 1500.0, MILE_M, 3000.0, 5000.0, 8000.0, 10000.0, 15000.0,
                 16093.44, 21097.5, 25000.0, 30000.0, 42195.0]  # fmt: skip
    for _ in range(1500):
        sex = str(rng.choice(["M", "F"]))
        level = rng.uniform(0.25, 0.99)
        rows = []
        for d in rng.choice(distances, int(rng.integers(1, 9))):
            standard = open_standard_s(float(d), sex)
            time_s = standard / level * float(np.exp(rng.normal(0.0, 0.06)))
            rows.append((float(d), max(standard * 1.001, time_s)))
        p = predict_time(rows, float(rng.choice(distances)), "curve", sex=sex)
        assert p.low_s <= p.predicted_s <= p.high_s
        assert len(p.contributions) == len(rows)
        assert sum(c.weight for c in p.contributions) == pytest.approx(1.0, abs=0.03)
        assert all(0.0 < c.trust <= 1.0 for c in p.contributions)
        sd = np.log(p.high_s / p.low_s) / 2 / 1.2815515655446004
        assert 0.005 < sd < 0.10


def test_one_runners_prediction_does_not_import_numpy() -> None:
    # miler predict and every command's current mile start without numpy (batch needs it).
    import subprocess
    import sys

    code = (
        "import sys; from miler.science.predict import predict_time; "
        "predict_time([(5000.0, 1200.0), (10000.0, 2500.0)], 1609.344, 'curve'); "
        "sys.exit('numpy' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_plain_python_and_numpy_fits_agree_in_every_output() -> None:
    # miler.science.curve (one runner, plain Python) and miler.science.curves (numpy: squads,
    # and one runner with NUMPY_FROM or more results) are the same model.
    from math import log

    from miler.science.curve import NUMPY_FROM, fit_curve
    from miler.science.curves import fit_curves

    rng = np.random.default_rng(21)
    distances = [800.0, 1500.0, MILE_M, 5000.0, 8000.0, 10000.0, 16093.44, 21097.5, 42195.0]
    for k in (1, 2, 5, 12, NUMPY_FROM, 40):
        sex = str(rng.choice(["M", "F"]))
        ds = [float(d) for d in rng.choice(distances, k)]
        log_s = [log(open_standard_s(d, sex)) for d in ds]
        q = [float(rng.uniform(0.1, 0.9)) for _ in ds]
        target_log_s = log(open_standard_s(MILE_M, sex))
        one = fit_curve(ds, q, log_s, MILE_M, target_log_s)
        many = fit_curves(
            np.array([ds]), np.array([q]), np.array([log_s]), MILE_M, np.array([target_log_s])
        )
        assert many.log_grade[0] == pytest.approx(one.log_grade, abs=1e-9)
        assert many.sd[0] == pytest.approx(one.sd, rel=1e-9)
        assert many.weight[0].tolist() == pytest.approx(list(one.weight), abs=1e-8)
        assert many.trust[0].tolist() == pytest.approx(list(one.trust), abs=1e-8)
        assert many.level_grade[0] == pytest.approx(one.level_grade, rel=1e-9)
        assert many.fade[0] == pytest.approx(one.fade, abs=1e-9)


def test_a_runner_with_80_results_gets_a_weight_for_each() -> None:
    rows = [(5000.0, 1200.0 + 3 * i) for i in range(40)] + [
        (10000.0, 2500.0 + 5 * i) for i in range(40)
    ]
    p = predict_time(rows, MILE_M, "curve")
    assert len(p.contributions) == 80
    assert sum(c.weight for c in p.contributions) == pytest.approx(1.0, abs=0.03)
