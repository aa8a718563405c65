"""The session library: every named session, built as data, with the targets the rules ask."""

from __future__ import annotations

import itertools
import math

import pytest

from miler.plan.model import (
    BlockRole,
    DrillStep,
    Equipment,
    ExerciseStep,
    RunStep,
    iter_steps,
)
from miler.workouts.examples import example_intensities, example_session
from miler.workouts.library import LIBRARY, LONG_FORMATS, SHORT_FORMATS, get_workout
from miler.workouts.power import plyometric_steps, resisted_sprint_block
from miler.workouts.running import (
    QualityOptions,
    long_interval_bout_s,
    long_interval_reps,
    quality_session,
    repeat_recovery_s,
)
from miler.workouts.strength import MAIN_LIFT_PARENTS, strength_session
from miler.workouts.targets import easy_hr_cap, lap_segments

MILE = 1609.344
Z = example_intensities()  # current 6:00, goal 5:45


def _work(session_blocks: tuple, roles: tuple[BlockRole, ...]) -> list[RunStep]:
    reps = []
    for block in session_blocks:
        if block.role not in roles:
            continue
        for step, times in iter_steps(block.steps):
            if isinstance(step, RunStep) and step.purpose == "work":
                reps.extend([step] * times)
    return reps


def _main_reps(format_id: str, reps: int = 0, **options: object) -> list[RunStep]:
    fmt = get_workout(format_id)
    count = reps or (len(fmt.distances) if fmt.fixed_shape else fmt.reps[0])
    built = quality_session(format_id, Z, reps=count, options=QualityOptions(**options))  # type: ignore[arg-type]
    return _work(built.blocks, (BlockRole.ENDURANCE, BlockRole.SPRINTS))


def _distance_sequence(format_id: str) -> list[float]:
    steps: list[float] = []
    built = quality_session(format_id, Z, reps=0)
    for block in built.blocks:
        if block.role is BlockRole.ENDURANCE:
            for step, times in iter_steps(block.steps):
                if isinstance(step, RunStep) and step.purpose == "work":
                    steps.extend([step.distance_m or 0.0] * times)
    return steps


def test_every_format_declares_its_class_R_P9() -> None:
    for fmt in LIBRARY.values():
        if fmt.kind == "quality":
            assert fmt.quality_class in ("short", "long"), fmt.id


def test_short_and_long_classes_R_G7() -> None:
    assert {"repeats_200", "sprints_30s"} <= set(SHORT_FORMATS)
    assert {"repeats_600", "ladder_up", "ladder_down", "pyramid", "long_intervals"} <= set(
        LONG_FORMATS
    )
    for rep in _main_reps("repeats_200", 8):
        assert rep.distance_m is not None and rep.distance_m <= 300
    for rep in _main_reps("sprints_30s", 8):
        assert rep.duration_s is not None and rep.duration_s <= 60


@pytest.mark.parametrize(("pr_s", "bout_s"), [(540, 300), (630, 300), (480, 180), (390, 180)])
def test_long_intervals_bout_by_mile_pr_R_S6_6(pr_s: float, bout_s: float) -> None:
    assert long_interval_bout_s(pr_s) == bout_s
    assert long_interval_reps(pr_s, 0) == 4


@pytest.mark.parametrize(("pr_s", "bout_min"), [(495, 3.5), (510, 4.0), (539, 5.0)])
def test_long_intervals_between_eight_and_nine_R_G15(pr_s: float, bout_min: float) -> None:
    assert long_interval_bout_s(pr_s) == bout_min * 60
    assert [long_interval_reps(pr_s, k) for k in range(4)] == [2, 3, 4, 4]


def test_long_intervals_at_current_pace_with_equal_jog_R_G15() -> None:
    built = quality_session("long_intervals", Z, reps=0)
    block = next(b for b in built.blocks if b.role is BlockRole.ENDURANCE)
    leaves = [s for s, n in iter_steps(block.steps) for _ in range(n)]
    work = [s for s in leaves if isinstance(s, RunStep) and s.purpose == "work"]
    jogs = [s for s in leaves if isinstance(s, RunStep) and s.purpose == "jog"]
    assert len(work) == 4 and all(w.duration_s == 180 for w in work)
    assert all(j.duration_s == 180 for j in jogs)
    assert work[0].speed_low_mps == pytest.approx(MILE / 360.0)


def test_equal_repeats_at_goal_pace_or_faster_R_S6_1() -> None:
    for format_id in ("repeats_200", "repeats_400", "repeats_600", "repeats_800"):
        reps = _main_reps(format_id, 4)
        assert len({r.distance_m for r in reps}) == 1
        for rep in reps:
            assert rep.target_time_s is not None and rep.distance_m is not None
            assert rep.target_time_s <= rep.distance_m / Z.goal_speed


def test_400_to_800_reps_at_goal_pace_R_G12() -> None:
    for rep in _main_reps("repeats_600", 4):
        assert rep.target_time_s == pytest.approx(600 / Z.goal_speed, abs=0.001)


def test_ascending_ladder_order_and_pace_R_S6_2() -> None:
    assert _distance_sequence("ladder_up") == [200, 200, 200, 200, 400, 400, 600, 600, 800]
    for rep in _main_reps("ladder_up"):
        assert rep.target_time_s is not None and rep.distance_m is not None
        assert rep.target_time_s <= rep.distance_m / Z.goal_speed


def test_descending_ladder_never_increases_R_S6_3_R_G13() -> None:
    distances = _distance_sequence("ladder_down")
    assert distances == [800, 600, 600, 400, 400, 200, 200, 200, 200]
    assert all(b <= a for a, b in itertools.pairwise(distances))


def test_pyramid_way_down_one_to_three_percent_faster_R_S6_4_R_G13() -> None:
    reps = _main_reps("pyramid")
    assert [r.distance_m for r in reps] == [200, 400, 600, 800, 600, 400, 200]
    for up, down in zip(reps[:3], reps[::-1][:3], strict=True):
        assert up.distance_m == down.distance_m
        assert up.target_time_s is not None and down.target_time_s is not None
        faster = 1 - down.target_time_s / up.target_time_s
        assert 0.01 <= faster <= 0.03


def test_short_time_intervals_R_S6_5_R_G14() -> None:
    built = quality_session("sprints_30s", Z, reps=9)
    block = built.blocks[-2]
    leaves = [s for s, n in iter_steps(block.steps) for _ in range(n)]
    work = [s for s in leaves if isinstance(s, RunStep) and s.purpose == "work"]
    jogs = [s for s in leaves if isinstance(s, RunStep) and s.purpose == "jog"]
    assert len(work) == 9 and all(w.duration_s == 30 for w in work)
    assert len(jogs) == 8 and all(j.duration_s == 60 for j in jogs)
    assert all(w.speed_low_mps is not None and w.speed_low_mps >= Z.current_speed for w in work)
    assert all(w.rpe_low == 9 and w.hr_low_bpm is None for w in work)
    assert all(w.effort_pct_low == 90 and w.effort_pct_high == 95 for w in work)


@pytest.mark.parametrize(("rep_s", "recovery_s"), [(40.0, 100.0), (90.0, 225.0), (150.0, 300.0)])
def test_repeat_recovery_two_to_three_times_capped_R_G12(rep_s: float, recovery_s: float) -> None:
    assert repeat_recovery_s(rep_s) == recovery_s


def test_mile_segments_first_409_then_400s_R_G11_R_S4_1() -> None:
    segments = lap_segments(MILE, 360.0)
    assert [s.distance_m for s in segments] == pytest.approx([409.344, 400.0, 400.0, 400.0])
    assert sum(s.time_s for s in segments) == pytest.approx(360.0)
    assert segments[0].time_s == pytest.approx(360.0 * 409.344 / MILE)
    paces = {round(s.time_s / s.distance_m * 400, 6) for s in segments}
    assert len(paces) == 1


def test_no_track_reps_become_durations_R_S6_10() -> None:
    built = quality_session("repeats_400_timed", Z, reps=5)
    assert not built.needs_track and built.location != "track"
    reps = _work(built.blocks, (BlockRole.ENDURANCE,))
    assert len(reps) == 5
    for rep in reps:
        assert rep.end == "time" and rep.distance_m is None
        assert rep.duration_s is not None
        assert rep.duration_s * (rep.speed_low_mps + rep.speed_high_mps) / 2 == pytest.approx(
            400.0, abs=0.5
        )


@pytest.mark.parametrize("format_id", [*SHORT_FORMATS, *LONG_FORMATS])
def test_quality_session_warmup_drills_cooldown_R_G19(format_id: str) -> None:
    fmt = get_workout(format_id)
    reps = len(fmt.distances) if fmt.fixed_shape else fmt.reps[0]
    built = quality_session(format_id, Z, reps=reps)
    assert built.blocks[0].role is BlockRole.WARMUP
    assert built.blocks[0].steps[0].duration_s >= 600  # type: ignore[union-attr]
    assert built.blocks[1].role is BlockRole.DRILLS
    assert built.blocks[-1].role is BlockRole.COOLDOWN
    assert built.blocks[-1].steps[0].duration_s >= 300  # type: ignore[union-attr]


@pytest.mark.parametrize("format_id", [*SHORT_FORMATS, *LONG_FORMATS])
def test_layouts_sections_or_interleaved_R_S5_2(format_id: str) -> None:
    fmt = get_workout(format_id)
    built = quality_session(format_id, Z, reps=fmt.reps[0])
    code = {BlockRole.DRILLS: "D", BlockRole.SPRINTS: "S", BlockRole.ENDURANCE: "E"}
    seq = "".join(code[b.role] for b in built.blocks[1:-1])
    expected = "DSDS" if built.layout == "interleaved" else "DSE"
    assert seq == expected


@pytest.mark.parametrize("format_id", [*SHORT_FORMATS, *LONG_FORMATS])
def test_drills_small_part_of_session_R_S5_3(format_id: str) -> None:
    fmt = get_workout(format_id)
    built = quality_session(format_id, Z, reps=fmt.reps[1])
    drills = sum(
        s.duration_s
        for b in built.blocks
        for s, n in iter_steps(b.steps)
        if isinstance(s, DrillStep)
    )
    intervals = sum(
        (s.duration_s or 0) * n
        for b in built.blocks
        if b.role in (BlockRole.SPRINTS, BlockRole.ENDURANCE)
        for s, n in iter_steps(b.steps)
        if isinstance(s, RunStep)
    )
    assert drills <= 15 * 60 and drills < intervals


def test_strength_main_lifts_compound_explosive_heavy_R_S2_1_R_S2_2_R_G9() -> None:
    for variant in ("A", "B"):
        built = strength_session(
            variant, level="intermediate", equipment=Equipment(), familiarisation=False
        )
        lifts = [s for b in built.blocks for s in b.steps if isinstance(s, ExerciseStep) and s.main]
        assert len(lifts) == 3
        for lift in lifts:
            assert lift.parent in MAIN_LIFT_PARENTS
            assert lift.intent == "explosive_concentric"
            assert 1 <= lift.reps <= 6 and 2 <= lift.sets <= 5
            assert lift.load_pct_1rm is not None and lift.load_pct_1rm >= 85
            assert 120 <= lift.rest_s <= 300


def test_familiarisation_eight_to_twelve_reps_R_G9() -> None:
    built = strength_session(
        "A", level="novice", equipment=Equipment(), familiarisation=True, under_18=True
    )
    lifts = [s for b in built.blocks for s in b.steps if isinstance(s, ExerciseStep) and s.main]
    assert all(8 <= lift.reps <= 12 for lift in lifts)
    assert built.supervision_required


def test_no_gym_uses_loaded_variants_with_their_parent_R_S2_2() -> None:
    built = strength_session(
        "B", level="experienced", equipment=Equipment(gym=False), familiarisation=False
    )
    lifts = [s for b in built.blocks for s in b.steps if isinstance(s, ExerciseStep) and s.main]
    assert all(
        lift.parent in MAIN_LIFT_PARENTS
        and lift.reps_in_reserve is not None
        and lift.reps_in_reserve <= 3
        and lift.reps <= 6
        for lift in lifts
    )
    assert built.substitutions and built.location != "gym"


@pytest.mark.parametrize(
    ("level", "low", "high"),
    [("novice", 80, 100), ("intermediate", 100, 120), ("experienced", 120, 140)],
)
def test_plyometric_contacts_by_level_R_G10(level: str, low: int, high: int) -> None:
    steps = plyometric_steps(level, Equipment(boxes=True))  # type: ignore[arg-type]
    assert low <= sum(s.ground_contacts for s in steps) <= high
    if level == "novice":
        assert {s.plyo_intensity for s in steps} == {"low"}


def test_no_box_exercises_without_boxes_R_P7() -> None:
    steps = plyometric_steps("experienced", Equipment(boxes=False))
    assert not any("box" in s.name for s in steps)


def test_missing_sled_becomes_hill_then_unresisted_sprint_R_S3_2() -> None:
    block, sub = resisted_sprint_block("sled_push", Equipment(sled=False, hills=True), 6)
    assert sub is not None and sub.wanted == "sled_push" and "hill" in sub.used
    assert all(s.resistance == "hill" for s in block.steps if s.purpose == "sprint")  # type: ignore[union-attr]
    block, sub = resisted_sprint_block("parachute", Equipment(hills=False), 6)
    assert sub is not None and sub.used == "unresisted sprint"
    assert all(s.resistance == "none" for s in block.steps)  # type: ignore[union-attr]


def test_hill_sprints_and_sled_load_R_G10() -> None:
    block, sub = resisted_sprint_block("hill", Equipment(), 6)
    assert sub is None
    sprints = [s for s in block.steps if isinstance(s, RunStep) and s.purpose == "sprint"]
    assert all(8 <= (s.duration_s or 0) <= 15 and 6 <= (s.incline_pct or 0) <= 10 for s in sprints)
    walks = [s for s in block.steps if isinstance(s, RunStep) and s.purpose == "walk"]
    assert len(walks) == len(sprints) - 1
    block, _ = resisted_sprint_block("sled_pull", Equipment(sled=True), 6, 70.0)
    loads = [
        s.load_pct_body_mass
        for s in block.steps
        if isinstance(s, RunStep) and s.resistance == "sled_pull"
    ]
    assert loads and all(load is not None and load < 10 for load in loads)


def test_easy_hr_cap_from_tanaka_R_G6_R_G14() -> None:
    # Tanaka 2001: age 40 → HRmax 180; 0.79 × 180 = 142.2 → cap 142 bpm.
    assert easy_hr_cap(180.0) == 142.0
    step = example_session("easy_run").blocks[0].steps[0]
    assert isinstance(step, RunStep) and step.continuous
    assert step.hr_high_bpm is not None and step.hr_high_bpm <= 0.79 * Z.hr_max


def test_cross_training_easy_and_says_what_it_replaces_R_G18() -> None:
    session = example_session("cross_training")
    assert session.replaces == "easy_run"
    step = session.blocks[0].steps[0]
    assert step.rpe_high is not None and step.rpe_high <= 4  # type: ignore[union-attr]


def test_time_trial_equal_laps_sum_to_target_R_S4_1() -> None:
    session = example_session("time_trial")
    trial = next(
        s
        for b in session.blocks
        for s in b.steps
        if isinstance(s, RunStep) and s.purpose == "time_trial"
    )
    assert trial.distance_m == pytest.approx(MILE)
    assert sum(seg.time_s for seg in trial.segments) == pytest.approx(350.0)
    assert next(seg.distance_m for seg in trial.segments) == pytest.approx(409.344)


@pytest.mark.parametrize("workout_id", sorted(LIBRARY))
def test_every_library_entry_builds_an_example(workout_id: str) -> None:
    session = example_session(workout_id)
    assert session.blocks
    assert session.format in (workout_id, get_workout(workout_id).id)
    assert not math.isnan(sum(1 for _ in session.blocks))


def test_a_run_under_10_min_is_walk_run_toward_the_30_min_run_C_2() -> None:
    from miler.plan.model import RepeatStep, RunStep
    from miler.workouts.running import easy_session
    from miler.workouts.targets import Intensities

    z = Intensities(
        goal_speed=2.75,
        current_speed=2.68,
        easy_low=2.0,
        easy_high=2.3,
        fast_speed=2.9,
        hr_max=185.0,
        level="novice",
    )
    short = easy_session(300.0, z)
    (repeat,) = short.blocks[0].steps
    assert isinstance(repeat, RepeatStep) and repeat.count == 2
    run, walk = repeat.steps
    assert isinstance(run, RunStep) and isinstance(walk, RunStep)
    assert run.duration_s == 150.0 and walk.purpose == "walk" and walk.duration_s == 150.0
    assert short.name == "walk-run: 2×2:30 run, 2:30 walk"
    nine = easy_session(540.0, z).blocks[0].steps[0]
    assert isinstance(nine, RepeatStep) and nine.count == 3  # 3-min bouts, 90-s walks
    assert nine.steps[1].duration_s == 90.0  # type: ignore[union-attr]
    long = easy_session(420.0, z, long=True)
    assert long.blocks[0].steps[0].continuous  # type: ignore[union-attr]
    assert long.blocks[1].steps[0].duration_s == 180.0  # type: ignore[union-attr]
    assert len(easy_session(600.0, z).blocks) == 1
