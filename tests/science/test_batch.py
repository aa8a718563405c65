"""predict_batch: the vectorised path agrees with predict_time and reports bad rows."""

from __future__ import annotations

import numpy as np
import pytest

from miler.science.batch import predict_batch
from miler.science.predict import predict_time
from miler.units import MILE_M

ROWS = [("a", 5000.0, 1200.0), ("a", 3000.0, 690.0), ("b", 10000.0, 2500.0), ("c", 1500.0, 330.0)]


@pytest.mark.parametrize("method", ["auto", "riegel", "vdot", "cameron", "purdy"])
def test_batch_matches_predict_time(method: str) -> None:
    ids, d, t = zip(*ROWS, strict=True)
    batch = predict_batch(list(ids), list(d), list(t), MILE_M, method)
    for k, athlete in enumerate(batch.athlete_ids):
        results = [(dd, tt) for a, dd, tt in ROWS if a == athlete]
        single = predict_time(results, MILE_M, method)
        assert batch.predicted_s[k] == pytest.approx(single.predicted_s, rel=1e-6)
        assert batch.low_s[k] == pytest.approx(single.low_s, rel=1e-6)
        assert batch.high_s[k] == pytest.approx(single.high_s, rel=1e-6)


def test_personal_batch_matches_the_power_law() -> None:
    batch = predict_batch(["x", "x"], [5000.0, 10000.0], [1200.0, 2520.0], 42195.0, "personal")
    single = predict_time([(5000.0, 1200.0), (10000.0, 2520.0)], 42195.0, "personal")
    assert batch.predicted_s[0] == pytest.approx(single.predicted_s, rel=1e-6)


def test_bad_rows_are_reported_with_row_and_reason() -> None:
    batch = predict_batch(
        ["a", "b", "c", "d"], [5000.0, 5000.0, 50.0, 5000.0], [1200.0, 700.0, 10.0, -1.0], MILE_M
    )
    assert batch.athlete_ids == ("a",)
    reasons = {e.row: e.message for e in batch.errors}
    assert "world record" in reasons[1]
    assert "400m to marathon" in reasons[2]
    assert "positive" in reasons[3]


def test_athlete_with_several_results_uses_them_all() -> None:
    only_5k = predict_batch(["a"], [5000.0], [1200.0], MILE_M)
    both = predict_batch(["a", "a"], [5000.0, 800.0], [1200.0, 145.0], MILE_M)
    assert both.predicted_s[0] < only_5k.predicted_s[0]


def test_batch_of_100000_athletes() -> None:
    rng = np.random.default_rng(3)
    n = 100_000
    d = rng.choice([800.0, 1500.0, 5000.0, 10000.0], n)
    t = d / rng.uniform(3.0, 5.5, n)
    ids = np.char.add("r", (np.arange(n) // 2).astype(str))
    batch = predict_batch(ids, d, t, MILE_M)
    assert len(batch.athlete_ids) == n // 2
    assert np.all(batch.low_s <= batch.predicted_s)
    assert np.all(batch.predicted_s <= batch.high_s)


def test_sex_per_row_uses_womens_standards_and_records() -> None:
    batch = predict_batch(["w", "m"], [5000.0, 5000.0], [1000.0, 1000.0], MILE_M, sex=["F", "M"])
    women = predict_time([(5000.0, 1000.0)], MILE_M, sex="F")
    men = predict_time([(5000.0, 1000.0)], MILE_M, sex="M")
    by_id = dict(zip(batch.athlete_ids, batch.predicted_s, strict=True))
    assert by_id["w"] == pytest.approx(women.predicted_s, rel=1e-9)
    assert by_id["m"] == pytest.approx(men.predicted_s, rel=1e-9)


def test_womens_record_rejects_a_row_marked_f() -> None:
    batch = predict_batch(["w", "x"], [MILE_M, MILE_M], [245.0, 245.0], 1500.0, sex=["F", "Q"])
    assert batch.athlete_ids == ()
    messages = {e.row: e.message for e in batch.errors}
    assert "world record" in messages[0]
    assert "M or F" in messages[1]
