"""miler: coach yourself or a squad to a faster mile.

The public API is re-exported here. Names load on first use, so importing ``miler``
(and starting the ``miler`` command) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any, Final

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: Final[dict[str, str]] = {
    # errors
    "MilerError": "miler.errors",
    "InvalidInputError": "miler.errors",
    "InvalidTimeError": "miler.errors",
    "InvalidDistanceError": "miler.errors",
    "OutOfRangeError": "miler.errors",
    "ImpossibleGoalError": "miler.errors",
    "PlanFileError": "miler.errors",
    "ActivityFileError": "miler.errors",
    # units
    "MILE_M": "miler.units",
    "parse_time": "miler.units",
    "format_time": "miler.units",
    "parse_distance": "miler.units",
    "parse_pace": "miler.units",
    "format_pace": "miler.units",
    "parse_result": "miler.units",
    "riegel_convert": "miler.units",
    "mile_from_1600": "miler.units",
    "mile_from_1500": "miler.units",
    "lane_lap_m": "miler.units",
    "treadmill_equivalent": "miler.units",
    "speed_in_units": "miler.units",
    # assess
    "age_grade": "miler.science.age_grading",
    "age_grade_both_sexes": "miler.science.age_grading",
    "age_standard": "miler.science.age_grading",
    "time_for_grade": "miler.science.age_grading",
    "AgeGrade": "miler.science.age_grading",
    "classify_level": "miler.science.levels",
    "Level": "miler.science.levels",
    "projected_mile": "miler.science.improvement",
    "ProjectedMile": "miler.science.improvement",
    # paces and heart rate
    "training_paces": "miler.science.paces",
    "TrainingPaces": "miler.science.paces",
    "mile_paces": "miler.science.paces",
    "MilePaces": "miler.science.paces",
    "estimate_hr_max": "miler.science.heart_rate",
    "heart_rate_max": "miler.science.heart_rate",
    "heart_rate_zones": "miler.science.heart_rate",
    "vdot_from_performance": "miler.science.vdot",
    "time_for_vdot": "miler.science.vdot",
    # predict
    "predict_time": "miler.science.predict",
    "Prediction": "miler.science.predict",
    "METHODS": "miler.science.predict",
    "riegel_time": "miler.science.equivalence",
    "cameron_time": "miler.science.equivalence",
    "purdy_points": "miler.science.equivalence",
    "purdy_time": "miler.science.equivalence",
    "vdot_equivalent_time": "miler.science.equivalence",
    "fit_power_law": "miler.science.personal",
    "PowerLawFit": "miler.science.personal",
    "fit_critical_speed": "miler.science.personal",
    "CriticalSpeedFit": "miler.science.personal",
    "world_record_s": "miler.science.records",
    "predict_batch": "miler.science.batch",
    "BatchPrediction": "miler.science.batch",
    # adapt: what was done against the plan, and the re-plan
    "match_activities": "miler.adapt.match",
    "PlanMatch": "miler.adapt.match",
    "replan": "miler.adapt.replan",
    "Revision": "miler.adapt.replan",
    # plan files and export
    "Plan": "miler.plan.model",
    "load_plan": "miler.plan.schema",
    "PlanRequest": "miler.plan.request",
    "plan_to_markdown": "miler.export.document",
    "plan_to_html": "miler.export.document",
    "plan_to_pdf": "miler.export.document",
    "plan_to_ics": "miler.export.ics",
    "write_fit_workouts": "miler.export.fit_workout",
    # plan generation and the rules validator
    "RaceResult": "miler.plan.request",
    "generate_plan": "miler.planning.generate",
    "validate_plan": "miler.planning.validate",
    "validate_plan_json": "miler.planning.validate",
    "ValidationReport": "miler.planning.validate",
    "RuleResult": "miler.planning.validate",
    # activities
    "load_activity": "miler.activities.base",
    "Activity": "miler.activities.model",
    "Lap": "miler.activities.model",
    "split_by_distance": "miler.activities.splits",
    "split_by_laps": "miler.activities.splits",
    "analyse_pacing": "miler.activities.pacing",
    "too_fast_start": "miler.activities.pacing",
    "detect_intervals": "miler.activities.intervals",
    "best_efforts": "miler.activities.best_efforts",
    "recognise_time_trial": "miler.activities.best_efforts",
    "time_in_zones": "miler.activities.heart_rate",
    "aerobic_decoupling": "miler.activities.heart_rate",
    "trimp": "miler.activities.load",
    "summarise": "miler.activities.summary",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'miler' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
