"""Strength and power: R-S2.*, R-S3.*, R-G9, R-G10."""

from __future__ import annotations

from _helpers import (
    EXPERIENCED,
    INTERMEDIATE,
    NOVICE,
    assert_fails,
    assert_passes,
    plan_for,
)
from plans import Profile, add_session, builder, find, map_steps, remove_session, replace_session

from miler.plan.model import ExerciseStep, Plan, RunStep, SessionType, Step, Substitution


def _lifts(plan: Plan, session_id: str, **change: object) -> Plan:
    def apply(step: Step) -> Step:
        if isinstance(step, ExerciseStep) and step.main:
            return step.model_copy(update=change)
        return step

    return map_steps(plan, session_id, apply)


def _plyos(plan: Plan, session_id: str, **change: object) -> Plan:
    def apply(step: Step) -> Step:
        if isinstance(step, ExerciseStep) and step.category == "plyometric":
            return step.model_copy(update=change)
        return step

    return map_steps(plan, session_id, apply)


def test_heavy_loads_few_reps_after_familiarisation_R_S2_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S2.1")
    light = _lifts(plan, "w02-wed-strength_heavy", reps=12, load_pct_1rm=65.0)
    assert_fails(light, "R-S2.1", "w02-wed-strength_heavy", reason="is not heavy")
    novice = plan_for(NOVICE)  # 2 familiarisation weeks at 10 reps, then heavy
    assert_passes(novice, "R-S2.1")
    lifter = novice.model_copy(
        update={"athlete": novice.athlete.model_copy(update={"lifting_experience": True})}
    )
    assert_fails(lifter, "R-S2.1", reason="already lifts")


def test_main_lifts_compound_and_explosive_R_S2_2() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S2.2")
    session = "w01-wed-strength_heavy"
    assert_fails(
        _lifts(plan, session, parent="leg_press"), "R-S2.2", session, reason="not a main lift"
    )
    assert_fails(
        _lifts(plan, session, intent="controlled"), "R-S2.2", session, reason="not marked explosive"
    )
    assert_fails(
        _lifts(plan, session, reps=15, load_pct_1rm=60.0), "R-S2.2", session, reason="15 reps (>12)"
    )
    assert_fails(
        _lifts(plan, session, reps=8), "R-S2.2", session, reason="8 reps after familiarisation"
    )


def test_strength_dosing_sets_and_rest_R_G9() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G9")
    session = "w04-fri-strength_heavy"
    assert_fails(_lifts(plan, session, rest_s=60.0), "R-G9", session, reason="rest 60 s")
    assert_fails(_lifts(plan, session, sets=6), "R-G9", session, reason="6 sets")


def test_two_strength_sessions_a_week_one_in_taper_R_G9() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_fails(
        remove_session(plan, "w03-wed-strength_heavy"),
        "R-G9",
        "w03-fri-strength_heavy",
        reason="week 3: 1 strength sessions (want 2)",
    )
    extra = builder(INTERMEDIATE).strength(4, 7, 1, familiarising=False)
    assert_fails(add_session(plan, extra), "R-G9", extra.id, reason="week 7: 2 strength")


def test_no_heavy_legs_the_day_before_quality_R_G9() -> None:
    plan = plan_for(INTERMEDIATE)
    monday = builder(INTERMEDIATE).strength(0, 3, 0, familiarising=False)
    broken = add_session(remove_session(plan, "w03-wed-strength_heavy"), monday)
    assert_fails(broken, "R-G9", monday.id, "w03-tue-repeats_200", reason="within 24 h before")
    before = replace_session(plan, "w03-fri-strength_heavy", order=0)
    before = replace_session(before, "w03-fri-pyramid", order=1)
    assert_fails(before, "R-G9", "w03-fri-strength_heavy", "w03-fri-pyramid")


def test_familiarisation_8_to_12_reps_R_G9() -> None:
    plan = plan_for(NOVICE)
    assert_passes(plan, "R-G9")
    assert_fails(
        _lifts(plan, "w01-wed-strength_heavy", reps=15),
        "R-G9",
        "w01-wed-strength_heavy",
        reason="familiarisation",
    )


def test_under_18_supervised_R_G9() -> None:
    young = plan_for(Profile(age=16))
    assert_passes(young, "R-G9")
    unsupervised = replace_session(young, "w02-wed-strength_heavy", supervision_required=False)
    assert_fails(unsupervised, "R-G9", "w02-wed-strength_heavy", reason="under 18")


def test_plyometrics_say_their_intensity_R_S3_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S3.1")
    session = "w02-thu-plyometrics_hills"
    assert_fails(_plyos(plan, session, plyo_intensity=None), "R-S3.1", session)


def test_power_element_every_week_R_S3_2() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S3.2")
    assert_fails(
        remove_session(plan, "w04-thu-plyometrics_hills"),
        "R-S3.2",
        "w04-tue-time_30s",
        reason="week 4: no power element",
    )


def test_missing_equipment_substituted_hill_first_R_S3_2() -> None:
    plan = plan_for(INTERMEDIATE)
    session = "w02-thu-plyometrics_hills"
    good = Substitution(wanted="sled_push", used="hill sprints", reason="no sled")
    assert_passes(replace_session(plan, session, substitutions=(good,)), "R-S3.2")
    flat = Substitution(wanted="sled_push", used="flat sprints", reason="no sled")
    assert_fails(
        replace_session(plan, session, substitutions=(flat,)),
        "R-S3.2",
        session,
        reason="not a hill",
    )
    missing = Substitution(wanted="hill", used="parachute sprints", reason="no hill")
    assert_fails(
        replace_session(plan, session, substitutions=(missing,)),
        "R-S3.2",
        session,
        reason="missing too",
    )


def test_contacts_by_level_R_G10() -> None:
    for profile in (INTERMEDIATE, EXPERIENCED):
        assert_passes(plan_for(profile), "R-G10")
    plan = plan_for(INTERMEDIATE)  # 110 contacts a session
    session = "w02-thu-plyometrics_hills"
    assert_fails(
        _plyos(plan, session, ground_contacts=50), "R-G10", session, reason="150 contacts (100–120)"
    )
    # the experienced 130-contact session is too much for an intermediate
    heavy = find(plan_for(EXPERIENCED), "w02-thu-plyometrics_hills")
    assert_fails(
        replace_session(plan, session, blocks=heavy.blocks), "R-G10", session, reason="130 contacts"
    )


def test_plyometrics_48_hours_apart_R_G10() -> None:
    plan = plan_for(INTERMEDIATE)
    friday = builder(INTERMEDIATE).power(4, 2, 2)
    broken = add_session(plan, friday)
    assert_fails(broken, "R-G10", "w02-thu-plyometrics_hills", friday.id, reason="<48 h")


def test_novice_plyometrics_low_intensity_R_G10() -> None:
    plan = plan_for(NOVICE)
    power = builder(NOVICE).power(6, 10, 1)
    low = _plyos(add_session(plan, power), power.id, plyo_intensity="low")
    low = _plyos(low, power.id, ground_contacts=30)  # 3 × 30 = 90 contacts
    assert_passes(low, "R-G10")
    assert_fails(
        _plyos(low, power.id, plyo_intensity="high"), "R-G10", power.id, reason="not low intensity"
    )


def test_hill_sprints_8_to_15_s_at_6_to_10_percent_R_G10() -> None:
    plan = plan_for(INTERMEDIATE)
    session = "w02-thu-plyometrics_hills"

    def hills(**change: object):  # type: ignore[no-untyped-def]
        def apply(step: Step) -> Step:
            if isinstance(step, RunStep) and step.resistance == "hill":
                return step.model_copy(update=change)
            return step

        return apply

    assert_fails(
        map_steps(plan, session, hills(duration_s=20.0)), "R-G10", session, reason="not 8–15 s"
    )
    assert_fails(map_steps(plan, session, hills(incline_pct=3.0)), "R-G10", session, reason="grade")


def test_sled_under_10_percent_body_mass_R_G10() -> None:
    plan = plan_for(INTERMEDIATE)
    plan = plan.model_copy(
        update={
            "athlete": plan.athlete.model_copy(
                update={"equipment": plan.athlete.equipment.model_copy(update={"sled": True})}
            )
        }
    )
    session = "w02-thu-plyometrics_hills"

    def sled(load: float):  # type: ignore[no-untyped-def]
        def apply(step: Step) -> Step:
            if isinstance(step, RunStep) and step.resistance == "hill":
                return step.model_copy(
                    update={
                        "resistance": "sled_push",
                        "incline_pct": None,
                        "load_pct_body_mass": load,
                    }
                )
            return step

        return apply

    assert_passes(map_steps(plan, session, sled(8.0)), "R-G10")
    assert_fails(map_steps(plan, session, sled(15.0)), "R-G10", session, reason="15% body mass")


def test_session_types_in_fixture() -> None:
    plan = plan_for(INTERMEDIATE)
    assert find(plan, "w02-thu-plyometrics_hills").type is SessionType.POWER
