"""miler.services.predict: typed results of the predict use case."""

from __future__ import annotations

import math

import pytest

from miler.errors import MilerError
from miler.services.predict import PredictionReport, predict, predict_squad
from miler.units import MILE_M


def test_report_carries_the_prediction_and_what_counted() -> None:
    report = predict([(5000.0, 1200.0), (1500.0, 300.0), (21097.5, 5700.0)], MILE_M)
    assert isinstance(report, PredictionReport)
    assert report.target == "mile"
    assert report.low_s < report.predicted_s < report.high_s
    weights = [c.weight for c in report.counted]
    assert weights == sorted(weights, key=lambda w: -abs(w))  # most weight first
    assert sum(weights) == pytest.approx(1.0, abs=0.02)
    assert {c.event for c in report.counted} == {"5k", "1500m", "half"}
    assert all(c.reason for c in report.counted)


def test_json_dump_is_plain_and_complete() -> None:
    dump = predict([(5000.0, 1200.0)], MILE_M, method="riegel").model_dump(mode="json")
    assert dump["predicted"] == "6:00.8"
    assert dump["estimated"] is True
    assert dump["counted"][0]["weight"] == 1.0
    assert dump["inputs"] == [{"event": "5k", "distance_m": 5000.0, "time_s": 1200.0}]


def test_bad_input_is_a_miler_error() -> None:
    with pytest.raises(MilerError, match="world record"):
        predict([(5000.0, 600.0)], MILE_M)


def test_squad_report_lists_skipped_rows_by_file_line_and_keeps_predictions_out_of_json() -> None:
    report = predict_squad(
        ["ann", "ann", "bob", "cat"],
        [5000.0, 800.0, 5000.0, math.nan],
        [1200.0, 145.0, 600.0, 300.0],
        MILE_M,
        unreadable={3: "unknown distance 'x'"},
        out="p.csv",
    )
    assert report.athletes == 1
    assert [p.athlete_id for p in report.predictions] == ["ann"]
    assert [(e.row, e.athlete_id) for e in report.errors] == [(4, "bob"), (5, "cat")]
    assert "world record" in report.errors[0].message
    dump = report.model_dump(mode="json")
    assert "predictions" not in dump
    assert dump["out"] == "p.csv"
    assert dump["rows_skipped"] == 2
