"""Named sessions and their targets: R-S4.*, R-S5.*, R-S6.*, R-G7, R-G11–R-G15."""

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
from plans import (
    MILE,
    Profile,
    builder,
    find,
    first,
    lap_segments,
    map_steps,
    remove_session,
    replace_session,
    with_athlete,
)

from miler.plan.model import (
    BlockRole,
    DrillStep,
    Plan,
    RepeatStep,
    RunStep,
    Segment,
    SessionType,
    Step,
)
from miler.planning.rules._facts import compute_facts
from miler.planning.rules.sessions import format_key, layout_of, long_interval_bout_s


def _work(change: dict[str, object]):  # type: ignore[no-untyped-def]
    def apply(step: Step) -> Step:
        if isinstance(step, RunStep) and step.purpose == "work":
            return step.model_copy(update=change)
        return step

    return apply


def _recovery(seconds: float):  # type: ignore[no-untyped-def]
    def apply(step: Step) -> Step:
        if isinstance(step, RunStep) and step.purpose == "jog":
            return step.model_copy(update={"duration_s": seconds})
        return step

    return apply


def test_time_trials_carry_even_lap_targets_R_S4_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S4.1")
    no_laps = map_steps(
        plan,
        "w05-fri-time_trial",
        lambda s: s.model_copy(update={"segments": ()}) if isinstance(s, RunStep) else s,
    )
    assert_fails(no_laps, "R-S4.1", "w05-fri-time_trial", reason="without per-lap targets")
    assert_not_applicable(plan_for(EXPERIENCED), "R-S4.1", "experienced")


def test_pacing_analysis_is_not_a_plan_rule_R_S4_2() -> None:
    assert_not_applicable(plan_for(INTERMEDIATE), "R-S4.2", "not a plan")


def test_bounds_count_ground_contacts_R_S5_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S5.1")

    def no_contacts(step: Step) -> Step:
        if isinstance(step, DrillStep):
            return step.model_copy(update={"ground_contacts": 0})
        return step

    assert_fails(
        map_steps(plan, "w01-tue-repeats_200", no_contacts),
        "R-S5.1",
        "w01-tue-repeats_200",
        reason="bounding",
    )


@pytest.mark.parametrize(
    ("codes", "layout"),
    [
        ("DSE", "sections"),
        ("DDSSEE", "sections"),
        ("DSDS", "interleaved"),
        ("PSDS", "interleaved"),
        ("DES", None),
        ("SDE", None),
        ("DSEX", None),
    ],
)
def test_block_sequences_R_S5_2(codes: str, layout: str | None) -> None:
    assert layout_of(codes) == layout


def test_track_session_follows_a_layout_R_S5_2() -> None:
    plan = plan_for(INTERMEDIATE)  # 4×600 m days: drills → sprints → 4×600 (layout A)
    assert_passes(plan, "R-S5.2")
    session = find(plan, "w01-fri-repeats_600")
    warm, drills, sprints, endurance, cool = session.blocks
    swapped = replace_session(plan, session.id, blocks=(warm, drills, endurance, sprints, cool))
    assert_fails(swapped, "R-S5.2", session.id, reason="match no layout")
    mislabelled = replace_session(plan, session.id, layout="interleaved")
    assert_fails(mislabelled, "R-S5.2", session.id, reason="declared interleaved")
    interleaved = replace_session(
        plan,
        session.id,
        layout="interleaved",
        blocks=(warm, drills, sprints, drills, sprints, cool),
    )
    assert_passes(interleaved, "R-S5.2")


def test_drills_are_a_small_part_R_S5_3() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S5.3")

    def long_drills(step: Step) -> Step:
        if isinstance(step, DrillStep):
            return step.model_copy(update={"duration_s": 400.0})
        return step

    broken = map_steps(plan, "w01-tue-repeats_200", long_drills)  # 3 drills × 400 s = 20 min
    assert_fails(broken, "R-S5.3", "w01-tue-repeats_200", reason="min of drills (>15)")


def test_equal_repeats_at_goal_pace_or_faster_R_S6_1() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.1")
    goal_600 = 600 / plan.paces.goal_mile_speed_mps
    slow = map_steps(
        plan,
        "w01-fri-repeats_600",
        lambda s: (
            s.model_copy(update={"target_time_s": round(goal_600 * 1.04, 1), "segments": ()})
            if isinstance(s, RunStep) and s.distance_m == 600
            else s
        ),
    )
    assert_fails(slow, "R-S6.1", "w01-fri-repeats_600", reason="slower than goal pace")


def _main_distances(plan: Plan, session_id: str, distances: list[float]) -> Plan:
    """Rebuild a session's main block with reps of ``distances`` at goal pace."""
    b = builder(INTERMEDIATE)
    reps = [(d, b.goal_time(d)) for d in distances]
    session = find(plan, session_id)
    blocks = tuple(
        b.reps_block(BlockRole.MAIN, reps, lambda t: min(2.5 * t, 300))
        if blk.role is BlockRole.MAIN
        else blk
        for blk in session.blocks
    )
    return replace_session(plan, session_id, blocks=blocks)


def test_ascending_ladder_in_exact_order_R_S6_2() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.2")
    wrong = _main_distances(plan, "w02-fri-ladder_up", [200, 200, 400, 400, 600, 600, 800, 800])
    assert_fails(wrong, "R-S6.2", "w02-fri-ladder_up", reason="not 4×200")


def test_descending_ladder_never_increases_R_S6_3() -> None:
    plan = plan_for(Profile(weeks=16))
    assert_passes(plan, "R-S6.3")
    session = first(plan, lambda s: s.format == "ladder_down")
    wrong = _main_distances(plan, session.id, [800, 600, 600, 400, 800, 200])
    assert_fails(wrong, "R-S6.3", session.id, reason="increase")


def test_pyramid_faster_on_the_way_down_R_S6_4() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.4")
    even = _main_distances(plan, "w03-fri-pyramid", [200, 400, 600, 800, 600, 400, 200])
    assert_fails(even, "R-S6.4", "w03-fri-pyramid", reason="not faster than up-slope")


def test_short_intervals_8_to_10_by_30s_with_60s_jog_R_S6_5() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.5")
    twelve = builder(INTERMEDIATE).quality(1, 2, "time_30sx12")
    assert_fails(
        replace_session(plan, "w02-tue-time_30s", blocks=twelve.blocks),
        "R-S6.5",
        "w02-tue-time_30s",
        reason="12 reps",
    )
    short_jog = map_steps(plan, "w02-tue-time_30s", _recovery(45))
    assert_fails(short_jog, "R-S6.5", "w02-tue-time_30s", reason="not 60 s")
    long_reps = map_steps(plan, "w02-tue-time_30s", _work({"duration_s": 40.0}))
    assert_fails(long_reps, "R-S6.5", "w02-tue-time_30s", reason="not 30 s")


@pytest.mark.parametrize(
    ("pr", "bout_min"), [("9:00", 5.0), ("10:30", 5.0), ("8:00", 3.0), ("6:30", 3.0)]
)
def test_long_interval_bout_by_mile_PR_R_S6_6(pr: str, bout_min: float) -> None:
    minutes, seconds = pr.split(":")
    pr_s = int(minutes) * 60 + int(seconds)
    assert long_interval_bout_s(pr_s) == bout_min * 60
    plan = plan_for(Profile(weeks=12, pr_s=pr_s))
    session = first(plan, lambda s: s.format == "long_intervals")
    reps = compute_facts(plan).by_id[session.id].reps
    assert [r.duration_s for r in reps] == [bout_min * 60] * 4  # 4×5:00 or 4×3:00
    assert_passes(plan, "R-S6.6")


def test_long_intervals_of_the_wrong_bout_rejected_R_S6_6() -> None:
    plan = plan_for(Profile(weeks=12, pr_s=540))  # 9:00 → 4×5:00
    session = first(plan, lambda s: s.format == "long_intervals")
    three = first(plan_for(Profile(weeks=12, pr_s=480)), lambda s: s.format == "long_intervals")
    wrong = replace_session(plan, session.id, blocks=three.blocks)
    assert_fails(wrong, "R-S6.6", session.id, reason="gives 5 min bouts")


def test_plan_keeps_longer_intervals_R_S6_7() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.7")
    broken = plan
    for s in plan.sessions():
        if s.quality_class == "long" or s.type is SessionType.TIME_TRIAL:
            broken = remove_session(broken, s.id)
    assert_fails(broken, "R-S6.7", "w01-tue-repeats_200", reason="no long intervals")


def test_weekly_mix_one_short_and_a_long_R_S6_8() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.8")
    assert_fails(
        remove_session(plan, "w03-tue-repeats_200"),
        "R-S6.8",
        "w03-fri-pyramid",
        reason="week 3: 0 short and 1 long",
    )
    two_short = replace_session(
        plan, "w03-fri-pyramid", blocks=find(plan, "w02-tue-time_30s").blocks, quality_class="short"
    )
    assert_fails(
        two_short, "R-S6.8", "w03-tue-repeats_200", "w03-fri-pyramid", reason="2 short and 0 long"
    )


def test_formats_vary_R_S6_9() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-S6.9")
    same = replace_session(
        plan, "w02-fri-ladder_up", blocks=find(plan, "w01-fri-repeats_600").blocks
    )
    assert_fails(same, "R-S6.9", "w01-fri-repeats_600", "w02-fri-ladder_up", reason="per R-G17")


def test_no_track_means_reps_by_time_R_S6_10() -> None:
    road = plan_for(Profile(track=False))
    assert_passes(road, "R-S6.10")
    on_track_reps = with_athlete(plan_for(INTERMEDIATE), equipment=road.athlete.equipment)
    assert_fails(on_track_reps, "R-S6.10", "w01-fri-repeats_600", reason="needs a track")
    assert_not_applicable(plan_for(INTERMEDIATE), "R-S6.10", "has a track")


@pytest.mark.parametrize(
    ("profile", "fmt", "expected"),
    [
        (INTERMEDIATE, "repeats_200", "short"),
        (INTERMEDIATE, "time_30sx8", "short"),
        (INTERMEDIATE, "time_30sx10", "short"),
        (INTERMEDIATE, "repeats_600", "long"),
        (INTERMEDIATE, "ladder_up", "long"),
        (INTERMEDIATE, "ladder_down", "long"),
        (INTERMEDIATE, "pyramid", "long"),
        (Profile(pr_s=470), "long_intervals", "long"),  # 4×3 min
        (Profile(pr_s=560), "long_intervals", "long"),  # 4×5 min
        (Profile(track=False), "repeats_200", "short"),
        (Profile(track=False), "ladder_up", "long"),
        # an elite's 400 m turned into a 57-s rep still stands for 400 m: long, not short
        (
            Profile(level="experienced", pr_s=235, sex="M", age=24, track=False),
            "repeats_400",
            "long",
        ),
    ],
)
def test_short_and_long_from_the_reps_R_G7(profile: Profile, fmt: str, expected: str) -> None:
    b = builder(profile)
    b.occurrences["long_intervals"] = 5  # the full 4 reps
    session = b.quality(1, 1, fmt).model_copy(update={"quality_class": None})
    plan = replace_session(
        plan_for(profile), "w01-tue-repeats_200", blocks=session.blocks, quality_class=None
    )
    facts = compute_facts(plan).by_id["w01-tue-repeats_200"]
    assert facts.quality_class == expected


def test_declared_class_must_match_the_reps_R_G7() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G7")
    wrong = replace_session(plan, "w01-fri-repeats_600", quality_class="short")
    assert_fails(wrong, "R-G7", "w01-fri-repeats_600", reason="declared short")
    not_quality = replace_session(plan, "w01-wed-easy_run", type=SessionType.QUALITY)
    assert_fails(not_quality, "R-G7", "w01-wed-easy_run", reason="no rep at mile pace")


def test_mile_segments_are_409_344_then_3_by_400_R_G11() -> None:
    laps = lap_segments(MILE, 400.0)
    assert [s.distance_m for s in laps] == [409.344, 400.0, 400.0, 400.0]
    assert sum(s.time_s for s in laps) == pytest.approx(400.0)
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G11")
    wrong_first = tuple(
        Segment(distance_m=d, time_s=100.0 * d / 400) for d in (400.0, 400.0, 400.0, 409.344)
    )
    broken = map_steps(
        plan,
        "w05-fri-time_trial",
        lambda s: (
            s.model_copy(
                update={
                    "segments": wrong_first,
                    "target_time_s": sum(x.time_s for x in wrong_first),
                }
            )
            if isinstance(s, RunStep) and s.segments
            else s
        ),
    )
    assert_fails(broken, "R-G11", "w05-fri-time_trial")


def test_segments_sum_to_the_target_R_G11() -> None:
    plan = plan_for(INTERMEDIATE)
    off = map_steps(
        plan,
        "w05-fri-time_trial",
        lambda s: (
            s.model_copy(update={"target_time_s": (s.target_time_s or 0) - 3})
            if isinstance(s, RunStep) and s.segments
            else s
        ),
    )
    assert_fails(off, "R-G11", "w05-fri-time_trial", reason="segments sum to")
    uneven = map_steps(
        plan,
        "w05-fri-time_trial",
        lambda s: (
            s.model_copy(
                update={
                    "segments": (
                        Segment(distance_m=409.344, time_s=100.0),
                        *(Segment(distance_m=400, time_s=t) for t in (120.0, 115.0, 115.0)),
                    ),
                    "target_time_s": 450.0,
                }
            )
            if isinstance(s, RunStep) and s.segments
            else s
        ),
    )
    assert_fails(uneven, "R-G11", "w05-fri-time_trial", reason="not equal")


def test_repeat_recovery_2_to_3_times_capped_at_5_min_R_G12() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G12")
    short_rest = map_steps(plan, "w01-tue-repeats_200", _recovery(50))
    assert_fails(short_rest, "R-G12", "w01-tue-repeats_200", reason="50 s recovery")
    over_cap = map_steps(
        plan,
        "w01-fri-repeats_600",
        lambda s: (
            s.model_copy(update={"duration_s": 420.0})
            if isinstance(s, RunStep) and s.purpose == "jog" and (s.duration_s or 0) > 100
            else s
        ),
    )
    assert_fails(over_cap, "R-G12", "w01-fri-repeats_600", reason="420 s recovery")


def test_400_to_800_reps_at_goal_pace_R_G12() -> None:
    plan = plan_for(INTERMEDIATE)
    goal_600 = 600 / plan.paces.goal_mile_speed_mps
    too_fast = map_steps(
        plan,
        "w01-fri-repeats_600",
        lambda s: (
            s.model_copy(update={"target_time_s": round(goal_600 * 0.96, 1)})
            if isinstance(s, RunStep) and s.distance_m == 600
            else s
        ),
    )
    assert_fails(too_fast, "R-G12", "w01-fri-repeats_600", reason="goal pace is")


def test_pyramid_down_1_to_3_percent_faster_R_G13() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G13")
    b = builder(INTERMEDIATE)
    up = [200, 400, 600, 800]
    reps = [(d, b.goal_time(d)) for d in up] + [(d, b.goal_time(d, 0.06)) for d in (600, 400, 200)]
    session = find(plan, "w03-fri-pyramid")
    blocks = tuple(
        b.reps_block(BlockRole.MAIN, reps, lambda t: min(2.5 * t, 300))
        if blk.role is BlockRole.MAIN
        else blk
        for blk in session.blocks
    )
    assert_fails(
        replace_session(plan, session.id, blocks=blocks), "R-G13", session.id, reason="(1–3%)"
    )


def test_descending_ladder_at_goal_pace_R_G13() -> None:
    plan = plan_for(Profile(weeks=16))
    session = first(plan, lambda s: s.format == "ladder_down")
    # 3% slower: still a quality rep (the week's step toward goal pace is near the current
    # mile, C-9), but slower than that step
    slow = map_steps(
        plan,
        session.id,
        lambda s: (
            s.model_copy(update={"target_time_s": (s.target_time_s or 0) * 1.03, "segments": ()})
            if isinstance(s, RunStep) and s.distance_m == 800
            else s
        ),
    )
    assert_fails(slow, "R-G13", session.id, reason="slower than goal pace")


def test_30s_reps_by_pace_and_rpe_not_hr_R_G14() -> None:
    plan = plan_for(INTERMEDIATE)
    assert_passes(plan, "R-G14")
    by_hr = map_steps(plan, "w02-tue-time_30s", _work({"hr_low_bpm": 165.0}))
    assert_fails(by_hr, "R-G14", "w02-tue-time_30s", reason="by HR")
    slow = map_steps(
        plan, "w02-tue-time_30s", _work({"speed_low_mps": plan.paces.current_mile_speed_mps * 0.97})
    )
    assert_fails(slow, "R-G14", "w02-tue-time_30s", reason="slower than the current mile")
    no_rpe = map_steps(plan, "w02-tue-time_30s", _work({"rpe_low": 7.0, "rpe_high": 8.0}))
    assert_fails(no_rpe, "R-G14", "w02-tue-time_30s", reason="RPE 9")


@pytest.mark.parametrize(("pr", "bout_min"), [("8:15", 3.5), ("8:30", 4.0), ("8:59", 5.0)])
def test_bout_between_8_and_9_minutes_R_G15(pr: str, bout_min: float) -> None:
    minutes, seconds = pr.split(":")
    assert long_interval_bout_s(int(minutes) * 60 + int(seconds)) == bout_min * 60


def test_reps_build_2_3_4_at_current_pace_R_G15() -> None:
    plan = plan_for(Profile(weeks=20, pr_s=510))
    assert_passes(plan, "R-G15")
    sessions = [s for s in plan.sessions() if s.format == "long_intervals"]
    counts = [len(compute_facts(plan).by_id[s.id].reps) for s in sessions]
    assert counts[:3] == [2, 3, 4]
    first_one = sessions[0]

    def four(step: Step) -> Step:
        return step.model_copy(update={"count": 4}) if isinstance(step, RepeatStep) else step

    blocks = tuple(
        blk.model_copy(update={"steps": tuple(four(x) for x in blk.steps)})
        for blk in first_one.blocks
    )
    assert_fails(
        replace_session(plan, first_one.id, blocks=blocks),
        "R-G15",
        first_one.id,
        reason="occurrence 1 has 4 reps",
    )
    short_jog = map_steps(plan, first_one.id, _recovery(120))
    assert_fails(short_jog, "R-G15", first_one.id, reason="≠ bout")
    at_goal = map_steps(
        plan,
        first_one.id,
        _work(
            {
                "speed_low_mps": plan.paces.goal_mile_speed_mps * 1.02,
                "speed_high_mps": plan.paces.goal_mile_speed_mps * 1.04,
            }
        ),
    )
    assert_fails(at_goal, "R-G15", first_one.id, reason="current-mile pace")
    assert_not_applicable(plan_for(INTERMEDIATE), "R-G15", "not between 8:00 and 9:00")


def test_novice_plan_sessions_pass_R_G7_R_G12() -> None:
    plan = plan_for(NOVICE)
    for rule in ("R-G7", "R-G12", "R-S6.8", "R-S6.5", "R-S6.6"):
        assert_passes(plan, rule)


@pytest.mark.parametrize(
    ("session_id", "key"),
    [
        ("w01-tue-repeats_200", "repeats_200m"),
        ("w01-fri-repeats_600", "repeats_600m"),
        ("w02-tue-time_30s", "time_30s"),
        ("w02-fri-ladder_up", "ladder_up"),
        ("w03-fri-pyramid", "pyramid"),
        ("w05-fri-time_trial", "time_trial"),
    ],
)
def test_formats_recomputed_on_track_and_road_R_G17(session_id: str, key: str) -> None:
    """A no-track plan's reps by time are keyed by the distance they stand for."""
    for profile in (INTERMEDIATE, Profile(track=False)):
        facts = compute_facts(plan_for(profile)).by_id[session_id]
        assert format_key(facts) == key
