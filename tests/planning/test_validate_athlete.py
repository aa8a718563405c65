"""The athlete, assessment and product rules: R-F*, R-G1–R-G4, R-P*."""

from __future__ import annotations

import pytest
from _helpers import (
    EXPERIENCED,
    INTERMEDIATE,
    NOVICE,
    assert_fails,
    assert_not_applicable,
    assert_passes,
    plan_for,
)
from plans import Profile, build_plan, first, replace_session, with_assessment, with_athlete

from miler.plan.model import Goal, GoalType, SessionType
from miler.planning.rules._facts import level_from_history
from miler.planning.rules.athlete import band_for_grade, tanaka_hr_max


def test_grade_shown_beside_the_time_R_F1_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-F1.1")
    assert_fails(with_assessment(plan, age_grade_pct=None), "R-F1.1", reason="no age grade")
    assert_not_applicable(
        with_athlete(with_assessment(plan, age_grade_pct=None), sex=None), "R-F1.1"
    )


def test_all_four_good_mile_fields_present_R_F1_2() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-F1.2")
    assert_fails(with_assessment(plan, band=None), "R-F1.2", reason="band")
    assert_fails(
        with_assessment(plan, open_equivalent_s=None), "R-F1.2", reason="open_equivalent_s"
    )


def test_gain_ranking_is_not_a_plan_property_R_F2_1() -> None:
    assert_not_applicable(plan_for(INTERMEDIATE), "R-F2.1", "across levels")


def test_goal_never_beyond_the_age_standard_R_F2_2() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-F2.2")
    graded = with_assessment(plan, age_grade_pct=96.0)
    beyond = graded.model_copy(update={"goal": plan.goal.model_copy(update={"time_s": 420.0})})
    assert_fails(beyond, "R-F2.2", reason="faster than the age/sex standard")


def test_mile_goal_is_over_a_mile_R_F3_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-F3.1")
    five_k = plan.model_copy(update={"goal": plan.goal.model_copy(update={"distance_m": 5000.0})})
    assert_fails(five_k, "R-F3.1", reason="not a mile")
    race_average = five_k.model_copy(
        update={"goal": five_k.goal.model_copy(update={"type": GoalType.RACE_AVERAGE})}
    )
    assert_passes(race_average, "R-F3.1")


def test_mile_from_a_5k_is_labelled_estimated_R_F3_2() -> None:
    plan = with_assessment(plan_for(INTERMEDIATE), current_mile_source="5k race 24:51 (Riegel)")
    assert_fails(plan, "R-F3.2", reason="not labelled estimated")
    assert_passes(with_assessment(plan, current_mile_estimated=True), "R-F3.2")


def test_goal_types_resolved_by_R_G8_R_F3_3() -> None:
    assert_not_applicable(plan_for(INTERMEDIATE), "R-F3.3", "R-G8")


@pytest.mark.parametrize(
    ("history", "level"),
    [
        ((3, 4, 40, True), "novice"),
        ((24, 1.5, 40, True), "novice"),
        ((24, 4, 25, True), "novice"),
        ((12, 3, 30, True), "experienced"),
        ((24, 4, 45, False), "intermediate"),
        ((8, 3, 40, True), "intermediate"),
    ],
)
def test_levels_from_history_R_G1(history: tuple[float, float, float, bool], level: str) -> None:
    assert level_from_history(*history) == level


def test_declared_level_matches_history_R_G1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G1")
    assert_fails(with_athlete(plan, level="experienced"), "R-G1", reason="R-G1 gives intermediate")


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (100.0, "world record"),
        (90.0, "world class"),
        (85.2, "national"),
        (70.0, "regional"),
        (60.0, "local"),
        (59.9, "developing"),
    ],
)
def test_bands_R_G2(grade: float, band: str) -> None:
    assert band_for_grade(grade) == band


def test_band_agrees_and_unknown_sex_picks_no_grade_R_G2() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G2")
    assert_fails(with_assessment(plan, band="national"), "R-G2", reason="'developing'")
    assert_fails(with_athlete(plan, sex=None), "R-G2", reason="sex unknown")


def test_recent_mile_drives_long_intervals_not_lifetime_pr_R_G3() -> None:
    # a 5:00 PR from two years ago plus a recent 8:30: 4-min bouts (from 8:30) pass
    plan = with_assessment(plan_for(Profile(pr_s=510)), lifetime_best_mile_s=300.0)
    assert_passes(plan, "R-G3")
    assert_passes(plan, "R-S6.6")
    assert_passes(plan, "R-G15")
    # the same plan with its long intervals keyed to the 5:00 lifetime best (3-min bouts)
    by_lifetime = first(plan_for(Profile(pr_s=300)), lambda s: s.format == "long_intervals")
    mine = first(plan, lambda s: s.format == "long_intervals")
    wrong = replace_session(plan, mine.id, blocks=by_lifetime.blocks)
    assert_fails(wrong, "R-S6.6", mine.id, reason="gives 4 min")


def test_lifetime_best_never_slower_than_current_R_G3() -> None:
    plan = with_assessment(plan_for(INTERMEDIATE), lifetime_best_mile_s=500.0)
    assert_fails(plan, "R-G3", reason="lifetime best")


def test_no_time_trial_before_the_30_minute_run_R_G3() -> None:
    plan = plan_for(NOVICE)
    assert_passes(plan, "R-G3")
    tt = first(plan, lambda s: s.type is SessionType.TIME_TRIAL)
    early = first(plan, lambda s: s.week == 2 and s.format == "long_run")
    broken = replace_session(plan, early.id, type=SessionType.TIME_TRIAL, blocks=tt.blocks)
    assert_fails(broken, "R-G3", early.id, reason="before the 30-min")


def test_estimate_names_its_method_R_G4() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G4")
    estimated = with_assessment(plan, current_mile_estimated=True, current_mile_source=" ")
    assert_fails(estimated, "R-G4", reason="without its method")


def test_hr_max_tanaka_age_40_is_180_R_G14() -> None:
    assert tanaka_hr_max(40) == pytest.approx(180.0)
    plan = build_plan(Profile(age=40))
    assert plan.paces.hr_max_bpm == pytest.approx(180.0)
    assert_passes(plan, "R-P5")


def test_hr_max_measured_or_tanaka_R_P5() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-P5")
    assert_fails(with_athlete(plan, hr_max_bpm=195.0), "R-P5", reason="measured value is 195")
    wrong = plan.model_copy(update={"paces": plan.paces.model_copy(update={"hr_max_bpm": 190.0})})
    assert_fails(wrong, "R-P5", reason="Tanaka")


def test_sessions_fit_the_equipment_profile_R_P7() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-P7")
    easy = first(plan, lambda s: s.type is SessionType.EASY_RUN)
    assert_fails(replace_session(plan, easy.id, location="treadmill"), "R-P7", easy.id)
    no_hills = with_athlete(
        plan, equipment=plan.athlete.equipment.model_copy(update={"hills": False})
    )
    power = first(plan, lambda s: s.type is SessionType.POWER)
    assert_fails(no_hills, "R-P7", power.id, reason="hill")


def test_every_quality_session_declares_its_class_R_P9() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-P9")
    q = first(plan, lambda s: s.type is SessionType.QUALITY)
    assert_fails(replace_session(plan, q.id, quality_class=None), "R-P9", q.id)


@pytest.mark.parametrize("rule", ["R-P1", "R-P2", "R-P3", "R-P4", "R-P8", "R-P10"])
def test_product_features_reported_not_applicable_R_P(rule: str) -> None:
    assert_not_applicable(plan_for(INTERMEDIATE), rule)


def test_goal_model_is_used_by_R_F3_1_and_R_G21() -> None:
    plan = plan_for(EXPERIENCED)
    test_goal = Goal(type=GoalType.MILITARY_TEST, distance_m=2 * 1609.344, time_s=900.0)
    assert_passes(plan.model_copy(update={"goal": test_goal}), "R-G21")
    slow = plan.paces.model_copy(update={"goal_mile_speed_mps": 3.0})
    broken = plan.model_copy(update={"goal": test_goal, "paces": slow})
    assert_fails(broken, "R-G21", reason="average pace")
