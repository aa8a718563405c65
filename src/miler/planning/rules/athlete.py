"""Checks on who the athlete is and where they stand: R-F*, R-G1–R-G4, R-P*.

These read ``Plan.athlete``, ``Plan.assessment``, ``Plan.goal`` and ``Plan.paces``.
Rules whose ``Check:`` line is about a function (age grading, prediction, analysis) or a
product feature rather than a plan are reported as not applicable, with the reason.
"""

from __future__ import annotations

from typing import Final

from miler.plan.model import ExerciseStep, RunStep, SessionType
from miler.planning.rules._facts import MILE_M, PlanFacts
from miler.planning.rules._registry import Outcome, Problems, not_applicable, passed, rule

__all__ = ["band_for_grade", "tanaka_hr_max"]

_BANDS: Final = (
    (100.0, "world record"),
    (90.0, "world class"),
    (80.0, "national"),
    (70.0, "regional"),
    (60.0, "local"),
)


def band_for_grade(grade_pct: float) -> str:
    """R-G2 band of an age grade in %: ≥100 world-record level, ≥90 world class,
    ≥80 national, ≥70 regional, ≥60 local, else developing."""
    for floor, band in _BANDS:
        if grade_pct >= floor:
            return band
    return "developing"


def tanaka_hr_max(age: float) -> float:
    """Tanaka, Monahan & Seals 2001: HRmax = 208 − 0.7 × age (age in years; bpm)."""
    return 208.0 - 0.7 * age


def _normal(text: str) -> str:
    return text.lower().replace("_", " ").replace("-", " ").strip()


@rule("R-F1.1")
def check_age_sex_graded(facts: PlanFacts) -> Outcome:
    """The plan shows the grade beside the raw time: when age and sex are known, the
    assessment carries an age grade. (Grade ordering by sex and age is a property of the
    grading function, checked by its own tests.)"""
    athlete, assessment = facts.plan.athlete, facts.plan.assessment
    if athlete.age is None or athlete.sex is None:
        return not_applicable("age or sex unknown: no single grade to show (R-G2)")
    if assessment.age_grade_pct is None:
        return Outcome("fail", f"age {athlete.age} and sex {athlete.sex} known but no age grade")
    return passed(
        f"current mile graded {assessment.age_grade_pct:.1f}% for {athlete.sex}{athlete.age}"
    )


@rule("R-F1.2")
def check_good_mile_fields(facts: PlanFacts) -> Outcome:
    """All four fields of "a good mile for me": age grade %, band, open-class equivalent
    and the athlete's own best, present where age and sex are known."""
    athlete, a = facts.plan.athlete, facts.plan.assessment
    if athlete.age is None or athlete.sex is None:
        return not_applicable("age or sex unknown: the grade fields cannot be computed (R-G2)")
    missing = [
        name
        for name, value in (
            ("age_grade_pct", a.age_grade_pct),
            ("band", a.band),
            ("open_equivalent_s", a.open_equivalent_s),
            ("current_mile_s", a.current_mile_s),
        )
        if value is None or value == ""
    ]
    if missing:
        return Outcome("fail", "assessment lacks " + ", ".join(missing))
    return passed("grade, band, open-class equivalent and own best all present")


@rule("R-F2.1")
def check_gain_by_level(facts: PlanFacts) -> Outcome:
    """Not about one plan: it compares projected gains between athletes of different
    levels (a property of the projection, tested there)."""
    return not_applicable("compares projections across levels; a plan holds one athlete")


@rule("R-F2.2")
def check_ceiling(facts: PlanFacts) -> Outcome:
    """The goal never passes the age/sex standard: the goal's grade, scaled from the
    current grade (grade ∝ 1/time at fixed age and sex, R-G2), is ≤100% (+0.5 rounding)."""
    a, goal = facts.plan.assessment, facts.plan.goal
    if a.age_grade_pct is None:
        return not_applicable("no age grade: the 100%-grade time is unknown")
    if abs(goal.distance_m - MILE_M) > 0.01 * MILE_M:
        return not_applicable("goal is not a mile; its grade is not on the mile table")
    goal_grade = a.age_grade_pct * a.current_mile_s / goal.time_s
    if goal_grade > 100.5:
        return Outcome("fail", f"goal grades {goal_grade:.1f}%: faster than the age/sex standard")
    return passed(f"goal grades {goal_grade:.1f}% (≤100%)")


@rule("R-F3.1")
def check_goal_and_run_tags(facts: PlanFacts) -> Outcome:
    """Every run is tagged by its session type (the schema enforces it); a mile goal
    (single_mile, treadmill_mile) is over a mile (1600 m accepted: within 1%)."""
    goal = facts.plan.goal
    if (
        goal.type in ("single_mile", "treadmill_mile")
        and abs(goal.distance_m - MILE_M) > 0.01 * MILE_M
    ):
        return Outcome("fail", f"{goal.type} goal over {goal.distance_m:g} m, not a mile")
    return passed(f"goal {goal.type} over {goal.distance_m:g} m; every session typed")


@rule("R-F3.2")
def check_estimated_mile_labelled(facts: PlanFacts) -> Outcome:
    """The current mile names its source; an estimate (from a longer effort) is labelled.
    Choice: a source that names a distance other than the mile ("5k", "10k", "race")
    must be marked estimated."""
    a = facts.plan.assessment
    if not a.current_mile_source.strip():
        return Outcome("fail", "the current mile does not say where it comes from")
    source = _normal(a.current_mile_source)
    from_other = any(word in source for word in ("5k", "10k", "5 km", "10 km", "3000", "half"))
    if from_other and not a.current_mile_estimated:
        return Outcome("fail", f"mile from {a.current_mile_source!r} is not labelled estimated")
    label = "estimated" if a.current_mile_estimated else "measured"
    return passed(f"current mile {label}, from {a.current_mile_source}")


@rule("R-F3.3")
def check_goal_types_train_differently(facts: PlanFacts) -> Outcome:
    """No check of its own: the article leaves it open; R-G8 resolves it."""
    return not_applicable("resolved by R-G8 (checked there)")


@rule("R-G1")
def check_level(facts: PlanFacts) -> Outcome:
    """The declared level is the one R-G1 gives from the running history."""
    a = facts.plan.athlete
    if a.level != facts.level:
        return Outcome(
            "fail",
            f"declared {a.level} but R-G1 gives {facts.level} ({a.months_running:g} months, "
            f"{a.runs_per_week:g} runs/week, longest {a.longest_run_min:g} min, "
            f"intervals {'yes' if a.recent_intervals else 'no'})",
        )
    return passed(f"{facts.level}, as R-G1 gives from the history")


@rule("R-G2")
def check_age_grading(facts: PlanFacts) -> Outcome:
    """A grade is given only with a known sex (unknown sex: pick neither); the band is the
    one its grade falls in. Choice: the schema holds one grade, so with sex unknown it
    must be empty (the two grades cannot be shown in a plan)."""
    athlete, a = facts.plan.athlete, facts.plan.assessment
    problems = Problems()
    if athlete.sex is None and a.age_grade_pct is not None:
        problems.add("sex unknown but one grade was picked")
    if a.age_grade_pct is not None:
        if not 0 < a.age_grade_pct <= 130:
            problems.add(f"grade {a.age_grade_pct:g}% is not a plausible grade")
        expected = band_for_grade(a.age_grade_pct)
        if a.band is not None and not _normal(a.band).startswith(expected):
            problems.add(f"band {a.band!r} but a {a.age_grade_pct:.1f}% grade is {expected!r}")
        if a.band is None:
            problems.add("graded but no band")
    return problems.outcome("grade and band agree" if a.age_grade_pct else "no grade given")


@rule("R-G3")
def check_which_mile(facts: PlanFacts) -> Outcome:
    """The current mile (last 12 months) drives the plan; the lifetime best is history only
    and is never slower than it. No time trial before the 30-min continuous run is reached
    when the athlete starts below 30 min."""
    a = facts.plan.assessment
    problems = Problems()
    if a.lifetime_best_mile_s is not None and a.lifetime_best_mile_s > a.current_mile_s + 0.5:
        problems.add(
            f"lifetime best {a.lifetime_best_mile_s:.1f} s slower than the current "
            f"{a.current_mile_s:.1f} s"
        )
    reached = facts.thirty_minute_week()
    for s in facts.sessions:
        early = reached is None or s.week < reached
        if s.session.type is SessionType.TIME_TRIAL and early:
            problems.add(f"{s.id}: time trial before the 30-min continuous run", [s.id])
    return problems.outcome(f"current mile {a.current_mile_s:.1f} s drives R-S6.6/R-G15")


@rule("R-G4")
def check_estimates(facts: PlanFacts) -> Outcome:
    """An estimated mile names its method. (The schema has no field for the estimate's
    range, so that part cannot be checked on a plan.)"""
    a = facts.plan.assessment
    if a.current_mile_estimated and not a.current_mile_source.strip():
        return Outcome("fail", "estimated mile without its method")
    if not a.current_mile_estimated:
        return passed("current mile measured, not estimated")
    return passed(f"estimate labelled, from {a.current_mile_source}")


@rule("R-P1")
def check_coach_mode(facts: PlanFacts) -> Outcome:
    return not_applicable("coach mode is a product feature, not a property of a plan")


@rule("R-P2")
def check_strength_builder(facts: PlanFacts) -> Outcome:
    return not_applicable("strength-programme builder: its sessions are checked by R-S2, R-G9")


@rule("R-P3")
def check_test_presets(facts: PlanFacts) -> Outcome:
    return not_applicable("test-format presets are input options; the goal is checked by R-G21")


@rule("R-P4")
def check_concurrent_scheduler(facts: PlanFacts) -> Outcome:
    return not_applicable("run-and-lift scheduler: its timing is checked by R-G9")


@rule("R-P5")
def check_hr_zones(facts: PlanFacts) -> Outcome:
    """HRmax is the measured value, else Tanaka 208 − 0.7·age (±0.5 bpm for rounding)."""
    athlete, paces = facts.plan.athlete, facts.plan.paces
    if athlete.hr_max_bpm is not None:
        expected, source = athlete.hr_max_bpm, "measured"
    elif athlete.age is not None:
        expected, source = tanaka_hr_max(athlete.age), "Tanaka"
    else:
        return not_applicable("no measured HRmax and no age: Tanaka cannot be applied")
    if abs(paces.hr_max_bpm - expected) > 0.5:
        return Outcome(
            "fail", f"HRmax {paces.hr_max_bpm:g} bpm but the {source} value is {expected:g}"
        )
    return passed(f"HRmax {paces.hr_max_bpm:g} bpm ({source})")


@rule("R-P6")
def check_device_import(facts: PlanFacts) -> Outcome:
    """ "Use your watch": every session fits in a FIT workout (durations, distances, speeds,
    heart rates and counts the file can hold), so a plan that validates always exports."""
    from miler.plan.limits import device_limit_problems

    problems = Problems()
    for session in facts.plan.sessions():
        for problem in device_limit_problems(session):
            problems.add(f"{session.id}: {problem}, more than a watch workout holds", [session.id])
    return problems.outcome("every session fits in a watch workout")


@rule("R-P7")
def check_equipment_profile(facts: PlanFacts) -> Outcome:
    """No session uses a facility or piece of equipment the athlete does not have: track,
    gym, hills, treadmill, sled, parachute, boxes (box exercises)."""
    eq = facts.plan.athlete.equipment
    problems = Problems()
    for s in facts.sessions:
        session = s.session
        where = session.location
        if (where == "track" and not eq.track) or (session.needs_track and not eq.track):
            problems.add(f"{s.id}: on a track, none available", [s.id])
        if where == "gym" and not eq.gym:
            problems.add(f"{s.id}: in a gym, none available", [s.id])
        if where == "treadmill" and not eq.treadmill:
            problems.add(f"{s.id}: on a treadmill, none available", [s.id])
        if where == "hill" and not eq.hills:
            problems.add(f"{s.id}: on a hill, none available", [s.id])
        for step in s.leaves():
            if isinstance(step, RunStep):
                kit = step.resistance
                have = {
                    "hill": eq.hills,
                    "sled_push": eq.sled,
                    "sled_pull": eq.sled,
                    "parachute": eq.parachute,
                    "none": True,
                }[kit]
                if not have:
                    problems.add(f"{s.id}: {kit} without the equipment", [s.id])
            elif isinstance(step, ExerciseStep) and "box" in step.name.lower() and not eq.boxes:
                problems.add(f"{s.id}: {step.name} without boxes", [s.id])
    return problems.outcome("every session fits the facility and equipment profile")


@rule("R-P8")
def check_race_equivalents(facts: PlanFacts) -> Outcome:
    return not_applicable("race-equivalent predictions are an analysis, not part of a plan")


@rule("R-P9")
def check_declared_class(facts: PlanFacts) -> Outcome:
    """Every quality session (by its steps, or declared ``quality``) declares its R-G7
    class. (Whether the declared class is right is R-G7's check.)"""
    problems = Problems()
    for s in facts.sessions:
        is_quality = s.quality or s.session.type is SessionType.QUALITY
        if (
            is_quality
            and s.session.type is not SessionType.RACE
            and s.session.quality_class is None
        ):
            problems.add(f"{s.id}: quality session without a declared class", [s.id])
    return problems.outcome("every quality session declares its R-G7 class")


@rule("R-P10")
def check_progress_view(facts: PlanFacts) -> Outcome:
    return not_applicable("the progress view is an analysis; its bound is R-F2.2, checked")
