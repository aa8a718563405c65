"""miler: coach yourself or a squad to a faster mile.

The public API is re-exported here. Names load on first use, so importing ``miler``
(and starting the ``miler`` command) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # the real types of every public name, for mypy and editors
    from miler.activities.base import (
        load_activities,
        load_activity,
    )
    from miler.activities.best_efforts import (
        TrialVerdict,
        best_efforts,
        judge_time_trial,
        recognise_time_trial,
    )
    from miler.activities.heart_rate import (
        aerobic_decoupling,
        time_in_zones,
    )
    from miler.activities.intervals import (
        detect_intervals,
    )
    from miler.activities.load import (
        trimp,
    )
    from miler.activities.model import (
        Activity,
        Lap,
    )
    from miler.activities.pacing import (
        analyse_pacing,
        too_fast_start,
    )
    from miler.activities.splits import (
        split_by_distance,
        split_by_laps,
    )
    from miler.activities.summary import (
        summarise,
    )
    from miler.adapt.match import (
        PlanMatch,
        match_activities,
    )
    from miler.adapt.replan import (
        Revision,
        replan,
    )
    from miler.errors import (
        ActivityFileError,
        ImpossibleGoalError,
        InvalidDistanceError,
        InvalidInputError,
        InvalidTimeError,
        MilerError,
        OutOfRangeError,
        PlanFileError,
    )
    from miler.export.document import (
        plan_to_html,
        plan_to_markdown,
        plan_to_pdf,
    )
    from miler.export.fit_workout import (
        plan_to_fit,
    )
    from miler.export.ics import (
        plan_to_ics,
    )
    from miler.plan.model import (
        Plan,
    )
    from miler.plan.request import (
        PlanRequest,
        RaceResult,
    )
    from miler.plan.schema import (
        load_plan,
    )
    from miler.planning.generate import (
        generate_checked_plan,
        generate_plan,
    )
    from miler.planning.rulebook import (
        GLOSSARY,
        all_rules,
        rule_text,
    )
    from miler.planning.validate import (
        RuleResult,
        ValidationReport,
        validate_plan,
        validate_plan_json,
    )
    from miler.science.age_grading import (
        AgeGrade,
        age_grade,
        age_grade_both_sexes,
        age_standard,
        time_for_grade,
    )
    from miler.science.batch import (
        BatchPrediction,
        predict_batch,
    )
    from miler.science.current import (
        CurrentMile,
        current_mile,
    )
    from miler.science.equivalence import (
        cameron_time,
        purdy_points,
        purdy_time,
        riegel_time,
        vdot_equivalent_time,
    )
    from miler.science.heart_rate import (
        estimate_hr_max,
        heart_rate_max,
        heart_rate_zones,
    )
    from miler.science.improvement import (
        ProjectedMile,
        projected_mile,
    )
    from miler.science.levels import (
        Level,
        classify_level,
    )
    from miler.science.paces import (
        MilePaces,
        TrainingPaces,
        mile_paces,
        training_paces,
    )
    from miler.science.personal import (
        CriticalSpeedFit,
        PowerLawFit,
        fit_critical_speed,
        fit_power_law,
    )
    from miler.science.predict import (
        METHODS,
        Contribution,
        Prediction,
        predict_time,
    )
    from miler.science.records import (
        world_record_s,
    )
    from miler.science.vdot import (
        time_for_vdot,
        vdot_from_performance,
    )
    from miler.services.analyse import (
        AnalysedRun,
        AnalyseOptions,
        analyse_run,
        analyse_runs,
    )
    from miler.services.export import (
        ExportRequest,
        ExportResult,
        export_plan,
    )
    from miler.services.plan import (
        make_plan,
    )
    from miler.units import (
        MILE_M,
        format_pace,
        format_time,
        lane_lap_m,
        mile_from_1500,
        mile_from_1600,
        parse_distance,
        parse_pace,
        parse_result,
        parse_time,
        riegel_convert,
        speed_in_units,
        treadmill_equivalent,
    )

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
    "plan_to_fit": "miler.export.fit_workout",
    "export_plan": "miler.services.export",
    "ExportRequest": "miler.services.export",
    "ExportResult": "miler.services.export",
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
    "Contribution": "miler.science.predict",
    "current_mile": "miler.science.current",
    "CurrentMile": "miler.science.current",
    "analyse_run": "miler.services.analyse",
    "analyse_runs": "miler.services.analyse",
    "AnalysedRun": "miler.services.analyse",
    "AnalyseOptions": "miler.services.analyse",
    "judge_time_trial": "miler.activities.best_efforts",
    "TrialVerdict": "miler.activities.best_efforts",
    "load_activities": "miler.activities.base",
    "generate_checked_plan": "miler.planning.generate",
    "rule_text": "miler.planning.rulebook",
    "all_rules": "miler.planning.rulebook",
    "GLOSSARY": "miler.planning.rulebook",
    "make_plan": "miler.services.plan",
}

__all__ = [
    "GLOSSARY",
    "METHODS",
    "MILE_M",
    "Activity",
    "ActivityFileError",
    "AgeGrade",
    "AnalyseOptions",
    "AnalysedRun",
    "BatchPrediction",
    "Contribution",
    "CriticalSpeedFit",
    "CurrentMile",
    "ExportRequest",
    "ExportResult",
    "ImpossibleGoalError",
    "InvalidDistanceError",
    "InvalidInputError",
    "InvalidTimeError",
    "Lap",
    "Level",
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
    "TrialVerdict",
    "ValidationReport",
    "__version__",
    "aerobic_decoupling",
    "age_grade",
    "age_grade_both_sexes",
    "age_standard",
    "all_rules",
    "analyse_pacing",
    "analyse_run",
    "analyse_runs",
    "best_efforts",
    "cameron_time",
    "classify_level",
    "current_mile",
    "detect_intervals",
    "estimate_hr_max",
    "export_plan",
    "fit_critical_speed",
    "fit_power_law",
    "format_pace",
    "format_time",
    "generate_checked_plan",
    "generate_plan",
    "heart_rate_max",
    "heart_rate_zones",
    "judge_time_trial",
    "lane_lap_m",
    "load_activities",
    "load_activity",
    "load_plan",
    "make_plan",
    "match_activities",
    "mile_from_1500",
    "mile_from_1600",
    "mile_paces",
    "parse_distance",
    "parse_pace",
    "parse_result",
    "parse_time",
    "plan_to_fit",
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
    "rule_text",
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
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'miler' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
