"""Aerobic base, volume and progression: R-S1.*, R-S7.2, R-G5, R-G6, R-G8, R-G16."""

from __future__ import annotations

from _helpers import (
    EXPERIENCED,
    INTERMEDIATE,
    NOVICE,
    assert_fails,
    assert_not_applicable,
    assert_passes,
    plan_for,
)
from plans import (
    Profile,
    add_session,
    builder,
    find,
    first,
    map_steps,
    remove_session,
    replace_session,
)

from miler.plan.model import GoalType, Plan, RunStep, SessionType, Step


def _easy_minutes(plan: Plan, session_id: str, minutes: float) -> Plan:
    def change(step: Step) -> Step:
        if isinstance(step, RunStep) and step.continuous:
            return step.model_copy(update={"duration_s": minutes * 60})
        return step

    return map_steps(plan, session_id, change)


def test_every_week_has_continuous_easy_running_R_S1_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S1.1")
    broken = remove_session(remove_session(plan, "w03-wed-easy_run"), "w03-sat-long_run")
    assert_fails(broken, "R-S1.1", "w03-tue-repeats_200", reason="week 3: no continuous easy run")


def test_longest_run_does_not_shrink_below_30_minutes_R_S1_1() -> None:
    plan = plan_for(NOVICE)  # continuous runs of 18, 22, 26, 30 min in weeks 1–4
    assert_passes(plan, "R-S1.1")
    broken = _easy_minutes(_easy_minutes(plan, "w03-thu-easy_run", 20), "w03-sat-long_run", 20)
    assert_fails(broken, "R-S1.1", "w03-thu-easy_run", reason="week 3")


def test_novice_reaches_30_minutes_by_the_deadline_R_S1_2() -> None:
    plan = plan_for(NOVICE)
    assert_passes(plan, "R-S1.2")
    broken = _easy_minutes(plan, "w10-thu-easy_run", 25)
    assert_fails(broken, "R-S1.2", "w10-thu-easy_run", reason="week 10")
    assert_not_applicable(plan_for(INTERMEDIATE), "R-S1.2", "not a novice")


def test_test_goals_need_the_30_minute_base_at_any_level_R_S1_3() -> None:
    plan = plan_for(Profile(level="novice", weeks=12, pr_s=660, goal_type=GoalType.MILITARY_TEST))
    assert_passes(plan, "R-S1.3")
    broken = _easy_minutes(plan, "w11-thu-easy_run", 20)
    assert_fails(broken, "R-S1.3", "w11-thu-easy_run", reason="week 11")
    assert_not_applicable(plan_for(INTERMEDIATE), "R-S1.3", "single_mile")


def test_experienced_volume_capped_quality_kept_R_S1_4() -> None:
    plan = plan_for(EXPERIENCED)
    assert_passes(plan, "R-S1.4")
    lower = plan.model_copy(
        update={"baseline": plan.baseline.model_copy(update={"weekly_run_min": 150.0})}
    )
    assert_fails(lower, "R-S1.4", "w01-sat-long_run", reason="> baseline 150 min")
    more_quality = plan.model_copy(
        update={"baseline": plan.baseline.model_copy(update={"quality_per_week": 3.0})}
    )
    assert_fails(more_quality, "R-S1.4", "w02-tue-time_30s", reason="< baseline 3")
    assert_not_applicable(plan_for(INTERMEDIATE), "R-S1.4")


def test_novice_never_runs_two_days_in_a_row_R_S7_2() -> None:
    plan = plan_for(NOVICE)
    assert_passes(plan, "R-S7.2")
    extra = builder(NOVICE).easy_run(2, 3, 20)  # week 3, Wednesday, between Tue and Thu
    broken = add_session(plan, extra)
    assert_fails(broken, "R-S7.2", "w03-tue-repeats_300", "w03-wed-easy_run", "w03-thu-easy_run")
    # lifting on the off days is fine: the plan already lifts on Wednesdays and Sundays
    assert find(plan, "w03-wed-strength_heavy").type is SessionType.STRENGTH


def test_longest_run_grows_at_most_5_minutes_a_week_R_G5() -> None:
    plan = plan_for(NOVICE)
    assert_passes(plan, "R-G5")
    broken = _easy_minutes(plan, "w02-thu-easy_run", 28)  # 18 → 28 min
    assert_fails(broken, "R-G5", "w02-thu-easy_run", reason="more than 5 min")


def test_novice_volume_grows_at_most_30_percent_in_2_weeks_R_G5() -> None:
    plan = plan_for(NOVICE)

    def longer(step: Step) -> Step:
        if isinstance(step, RunStep) and step.continuous:  # a 90-min run/walk, not continuous
            return step.model_copy(update={"duration_s": 5400.0, "continuous": False})
        return step

    broken = map_steps(plan, "w05-thu-easy_run", longer)
    assert_fails(broken, "R-G5", "w05-thu-easy_run", reason="more than 30%")


def test_moved_deadline_needs_a_reason_R_G5() -> None:
    plan = plan_for(NOVICE).model_copy(update={"deadline_week": 11})
    assert_fails(plan, "R-G5", reason="without a reason")
    explained = plan.model_copy(update={"notes": ("30 min by week 11: the 5 min/week cap",)})
    assert_passes(explained, "R-G5")


def test_easy_runs_capped_at_79_percent_hr_max_R_G6() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G6")
    cap = 0.85 * plan.paces.hr_max_bpm

    def hot(step: Step) -> Step:
        if isinstance(step, RunStep) and step.continuous:
            return step.model_copy(update={"hr_high_bpm": cap})
        return step

    assert_fails(map_steps(plan, "w02-wed-easy_run", hot), "R-G6", "w02-wed-easy_run")

    def uncapped(step: Step) -> Step:
        return step.model_copy(update={"hr_high_bpm": None}) if isinstance(step, RunStep) else step

    assert_fails(
        map_steps(plan, "w02-sat-long_run", uncapped),
        "R-G6",
        "w02-sat-long_run",
        reason="no HR cap",
    )


def test_experienced_volume_at_least_80_percent_of_baseline_R_G8() -> None:
    plan = plan_for(EXPERIENCED)
    assert_passes(plan, "R-G8")
    higher = plan.model_copy(
        update={"baseline": plan.baseline.model_copy(update={"weekly_run_min": 400.0})}
    )
    assert_fails(higher, "R-G8", "w01-sat-long_run", reason="< 80% of baseline")


def test_experienced_keeps_a_30_minute_easy_run_R_G8() -> None:
    plan = _easy_minutes(plan_for(EXPERIENCED), "w03-wed-easy_run", 20)
    broken = _easy_minutes(plan, "w03-sat-long_run", 25)
    assert_fails(broken, "R-G8", "w03-sat-long_run", reason="week 3: no easy run ≥30 min")


def test_taper_cuts_volume_to_40_59_percent_R_G8() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G8")
    heavy_taper = _easy_minutes(plan, "w07-wed-easy_run", 90)
    assert_fails(heavy_taper, "R-G8", "w07-wed-easy_run", reason="taper week 7")
    no_race = plan.model_copy(update={"goal": plan.goal.model_copy(update={"race_date": None})})
    assert_passes(_easy_minutes(no_race, "w07-wed-easy_run", 90), "R-G8")


def test_taper_keeps_intensity_and_frequency_R_G8() -> None:
    plan = plan_for(INTERMEDIATE)
    no_quality = remove_session(
        remove_session(plan, "w07-tue-repeats_200x5"), "w07-fri-repeats_400x2"
    )
    assert_fails(no_quality, "R-G8", "w07-sat-easy_run", reason="no quality session")
    fewer = remove_session(plan, "w07-sat-easy_run")
    assert_fails(fewer, "R-G8", reason="running sessions")


def test_phase_in_one_short_session_without_recent_quality_R_G16() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G16")
    no_recent = plan.model_copy(
        update={"baseline": plan.baseline.model_copy(update={"quality_per_week": 0.0})}
    )
    assert_fails(
        no_recent,
        "R-G16",
        "w01-tue-repeats_200",
        "w01-fri-repeats_600",
        reason="week 1: 2 quality sessions in phase-in",
    )


def test_novice_quality_short_until_the_deadline_week_R_G16() -> None:
    plan = plan_for(NOVICE)
    assert_passes(plan, "R-G16")
    long = first(plan, lambda s: s.format == "long_intervals")
    broken = replace_session(plan, "w02-tue-time_30s", blocks=long.blocks)
    assert_fails(broken, "R-G16", "w02-tue-time_30s", reason="long session in phase-in")


def test_at_most_one_added_rep_per_occurrence_R_G16() -> None:
    plan = plan_for(INTERMEDIATE)
    ten = builder(INTERMEDIATE).quality(1, 3, "repeats_200x10")
    broken = replace_session(plan, "w03-tue-repeats_200", blocks=ten.blocks)
    assert_fails(broken, "R-G16", "w03-tue-repeats_200", reason="from 8 to 10 reps")


def test_weekly_run_time_grows_at_most_10_percent_R_G16() -> None:
    plan = plan_for(INTERMEDIATE)
    broken = _easy_minutes(plan, "w04-sat-long_run", 150)
    assert_fails(broken, "R-G16", "w04-sat-long_run", reason="more than 10%")


def test_intensity_raised_gradually_is_R_G16_R_S7_4() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S7.4")
    broken = _easy_minutes(plan, "w04-sat-long_run", 150)
    assert_fails(broken, "R-S7.4", "w04-sat-long_run", reason="per R-G16")
