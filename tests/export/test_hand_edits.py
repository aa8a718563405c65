"""Hand-edited plans: a seeded random sweep puts extreme values into every numeric field of
the plan file's steps; exporting every format either succeeds or raises one MilerError (no
traceback), and whatever the export refuses as more than a watch holds, the validator
(R-P6) fails too."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest

from export.plans import full_plan
from miler.errors import MilerError
from miler.plan.schema import load_plan
from miler.planning.validate import validate_plan
from miler.services.export import ExportRequest, export_plan

NOW = dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.UTC)
EXTREMES = (1e-9, 0.001, 1.0, 250.0, 255.0, 4.3e6, 4.3e9, 1e12, 1e300, float("inf"), 2**40)


def _numeric_paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Paths to every number under the steps of the plan (ints and floats, not bools)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_numeric_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_numeric_paths(value, (*path, index)))
    elif isinstance(node, int | float) and not isinstance(node, bool) and "steps" in path:
        found.append(path)
    return found


def _set(data: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.slow
def test_extreme_hand_edits_give_one_clear_error_and_validate_agrees(tmp_path: Path) -> None:
    base = json.loads(full_plan().to_json())
    # not a repeat's count: the validator unrolls repeats, so millions of them take it a
    # minute (left to the validator's owners; see the export report)
    paths = [path for path in _numeric_paths(base) if path[-1] != "count"]
    rng = random.Random(12)
    refused = exported = 0
    for trial in range(80):
        data = json.loads(json.dumps(base))
        for path in rng.sample(paths, rng.randint(1, 3)):
            _set(data, path, rng.choice(EXTREMES))
        try:
            plan = load_plan(json.dumps(data))
        except MilerError:
            continue  # the schema refuses it: already one line
        out = tmp_path / str(trial)
        out.mkdir()
        request = ExportRequest(
            plan=plan, fit_dir=out / "w", ics=out / "p.ics", html=out / "p.html",
            pdf=out / "p.pdf", markdown=out / "p.md", start_time=dt.time(7), tz="Europe/London",
            now=NOW,
        )  # fmt: skip
        report = validate_plan(plan)
        try:
            export_plan(request)
        except MilerError as error:
            assert "\n" not in str(error)
            assert list(out.iterdir()) == []  # nothing written
            if "more than a watch workout holds" in str(error):
                assert report.result("R-P6").status == "fail"
            else:
                assert "longer than a calendar event" in str(error), error
                assert not report.passed
            refused += 1
        else:
            assert report.result("R-P6").status == "pass"
            exported += 1
    assert refused > 10 and exported > 10
