"""The public API: ``miler.__all__`` is pinned, and every name in it resolves.

Adding or removing a public name is a decision: change this list in the same commit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import miler

EXPECTED = [
    "__version__",
    "Activity",
    "ActivityFileError",
    "AgeGrade",
    "BatchPrediction",
    "CriticalSpeedFit",
    "ImpossibleGoalError",
    "InvalidDistanceError",
    "InvalidInputError",
    "InvalidTimeError",
    "Lap",
    "Level",
    "METHODS",
    "MILE_M",
    "MilePaces",
    "MilerError",
    "OutOfRangeError",
    "Plan",
    "PlanFileError",
    "PlanMatch",
    "PlanRequest",
    "PowerLawFit",
    "Prediction",
    "ProjectedMile",
    "RaceResult",
    "Revision",
    "RuleResult",
    "TrainingPaces",
    "ValidationReport",
    "aerobic_decoupling",
    "age_grade",
    "age_grade_both_sexes",
    "age_standard",
    "analyse_pacing",
    "best_efforts",
    "cameron_time",
    "classify_level",
    "detect_intervals",
    "estimate_hr_max",
    "fit_critical_speed",
    "fit_power_law",
    "format_pace",
    "format_time",
    "generate_plan",
    "heart_rate_max",
    "heart_rate_zones",
    "lane_lap_m",
    "load_activity",
    "load_plan",
    "match_activities",
    "mile_from_1500",
    "mile_from_1600",
    "mile_paces",
    "parse_distance",
    "parse_pace",
    "parse_result",
    "parse_time",
    "plan_to_html",
    "plan_to_ics",
    "plan_to_markdown",
    "plan_to_pdf",
    "predict_batch",
    "predict_time",
    "projected_mile",
    "purdy_points",
    "purdy_time",
    "recognise_time_trial",
    "replan",
    "riegel_convert",
    "riegel_time",
    "speed_in_units",
    "split_by_distance",
    "split_by_laps",
    "summarise",
    "time_for_grade",
    "time_for_vdot",
    "time_in_zones",
    "too_fast_start",
    "training_paces",
    "treadmill_equivalent",
    "trimp",
    "validate_plan",
    "validate_plan_json",
    "vdot_equivalent_time",
    "vdot_from_performance",
    "world_record_s",
    "plan_to_fit",
    "export_plan",
    "ExportRequest",
    "ExportResult",
    "Contribution",
    "current_mile",
    "CurrentMile",
    "analyse_run",
    "analyse_runs",
    "AnalysedRun",
    "AnalyseOptions",
    "judge_time_trial",
    "TrialVerdict",
    "load_activities",
    "generate_checked_plan",
    "rule_text",
    "all_rules",
    "GLOSSARY",
    "make_plan",
]


def test_public_names_are_pinned() -> None:
    assert sorted(miler.__all__) == sorted(EXPECTED)


def test_every_public_name_resolves() -> None:
    for name in miler.__all__:
        assert getattr(miler, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        miler.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("miler.no_such_thing should not exist")


def test_import_miler_loads_no_heavy_library() -> None:
    code = (
        "import sys, miler\n"
        "heavy = [m for m in ('numpy', 'pydantic', 'rich', 'fitdecode', 'fit_tool', 'fpdf')\n"
        "         if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_all_is_exactly_the_lazy_exports() -> None:
    """The literal ``__all__`` (which type checkers read) and the lazy table agree."""
    assert sorted(miler.__all__) == sorted(["__version__", *miler._EXPORTS])


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    consumer = tmp_path / "consumer.py"
    consumer.write_text(source, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            str(consumer),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )


@pytest.mark.slow
def test_a_consumer_sees_the_real_types_of_public_names(tmp_path: Path) -> None:
    """py.typed and the TYPE_CHECKING imports: mypy on a user's file checks real types."""
    good = _mypy(
        tmp_path,
        "from miler import MILE_M, Plan, predict_time\n"
        "p = predict_time([(5000.0, 1200.0)], MILE_M)\n"
        "seconds: float = p.predicted_s\n"
        "def first(plan: Plan) -> str:\n"
        "    return plan.plan_id\n",
    )
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _mypy(
        tmp_path,
        "from miler import predict_time\n"
        "p = predict_time([(5000.0, 1200.0)], 'mile')\n"
        "name: int = p.method\n",
    )
    assert bad.returncode == 1, bad.stdout
    assert 'incompatible type "str"; expected "float"' in bad.stdout
    assert 'Incompatible types in assignment (expression has type "str"' in bad.stdout
