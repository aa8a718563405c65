"""FIT workout export: every file decodes with two independent decoders (fitdecode and
fitfast/rustyfit), CRC checked, to exactly the plan's steps, durations, targets and
repeat counts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import fitdecode
import fitfast
import pytest

from export.fit_oracle import decode_fitdecode, decode_fitfast, expected_tree
from export.plans import full_plan
from miler.export.atomic import ExportError
from miler.export.fit_folder import MANIFEST_NAME
from miler.export.fit_workout import (
    fit_filename,
    plan_to_fit,
    session_to_fit,
    workouts_zip,
    write_fit_workouts,
    zip_filename,
)
from miler.plan.model import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return full_plan()


def test_every_session_gets_one_workout_file(plan: Plan) -> None:
    workouts = plan_to_fit(plan)
    assert [w.session_id for w in workouts] == [s.id for s in plan.sessions()]
    assert len({w.filename for w in workouts}) == len(workouts)


@pytest.mark.parametrize("decode", [decode_fitdecode, decode_fitfast], ids=["fitdecode", "fitfast"])
def test_every_workout_round_trips_through_an_independent_decoder(plan: Plan, decode) -> None:
    for session in plan.sessions():
        decoded = decode(session_to_fit(session, plan))
        assert decoded["file_id"]["type"] == "workout"
        assert decoded["workout"]["num_valid_steps"] == len(decoded["steps"])
        assert decoded["tree"] == expected_tree(session, plan), session.id


def test_interval_session_decodes_to_warmup_drills_repeats_and_cooldown(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.format == "repeats_400")
    decoded = decode_fitdecode(session_to_fit(session, plan))
    steps = decoded["steps"]
    assert decoded["workout"]["sport"] == "running"
    assert decoded["workout"]["sub_sport"] == "track"
    assert decoded["workout"]["wkt_name"] == "W1 Tue 4 x 400 m"
    assert [s.get("intensity") for s in steps][:4] == ["warmup", "active", "active", "active"]
    warmup = steps[0]
    assert warmup["duration_time"] == 720.0
    # easy cap 146 bpm (0.79 x 185, R-G6) as the secondary target, bpm + 100, no floor
    assert warmup["secondary_custom_target_heart_rate_high"] == 246
    assert warmup["secondary_custom_target_heart_rate_low"] == 101
    # 4 x (400 m at 89.5 s, 3:00 jog): the repeat points back at the 400 m step
    rep_index = next(s["message_index"] for s in steps if s.get("wkt_step_name") == "400 m")
    repeat = steps[rep_index + 2]
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert repeat["duration_step"] == rep_index
    assert repeat["repeat_steps"] == 4
    rep = steps[rep_index]
    assert rep["duration_distance"] == 400.0
    # centred on the target time, ±3 % (R-G12), whatever range the plan gives
    assert rep["custom_target_speed_low"] == pytest.approx(400 / 89.5 * 0.97, abs=0.0006)
    assert rep["custom_target_speed_high"] == pytest.approx(400 / 89.5 * 1.03, abs=0.0006)
    assert rep["notes"].startswith("watch 1:26.9–1:32.3 · 400 m: 400 m in 1:29.5")
    assert steps[-1]["intensity"] == "cooldown"
    assert steps[-1]["duration_type"] == "open"


def test_nested_repeats_point_back_to_their_first_steps(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.format == "hill_sprints")
    steps = decode_fitdecode(session_to_fit(session, plan))["steps"]
    hill = next(s["message_index"] for s in steps if s.get("wkt_step_name") == "Hill sprint")
    inner, outer = steps[hill + 2], steps[hill + 4]
    assert (inner["duration_step"], inner["repeat_steps"]) == (hill, 4)
    assert steps[hill + 3]["duration_time"] == 180.0
    assert (outer["duration_step"], outer["repeat_steps"]) == (hill, 2)


def test_time_trial_has_one_step_per_lap_segment_R_G11(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.format == "time_trial_mile")
    steps = decode_fitdecode(session_to_fit(session, plan))["steps"]
    laps = [s for s in steps if str(s.get("wkt_step_name", "")).startswith("Mile time trial lap")]
    assert [s["duration_distance"] for s in laps] == [409.34, 400.0, 400.0, 400.0]
    per_400 = 360 * 1.03 / 1609.344 * 400
    middle = (laps[1]["custom_target_speed_low"] + laps[1]["custom_target_speed_high"]) / 2
    assert 400 / middle == pytest.approx(per_400, abs=0.01)


def test_strength_session_is_a_strength_workout_with_exercise_names(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.format == "strength_heavy")
    decoded = decode_fitdecode(session_to_fit(session, plan))
    assert decoded["workout"]["sport"] == "training"
    assert decoded["workout"]["sub_sport"] == "strength_training"
    squat = decoded["steps"][0]
    assert squat["duration_type"] == "reps"
    assert squat["duration_reps"] == 5
    assert squat["exercise_category"] == "squat"
    assert squat["exercise_name"] == 6  # barbell_back_squat in the FIT profile
    titles = {t["wkt_step_name"] for t in decoded["exercise_titles"]}
    assert {"Back squat", "Step-up", "Box jumps", "Hip thrust"} <= titles


def test_cross_training_is_a_timed_workout_in_its_sport_R_G18(plan: Plan) -> None:
    session = next(s for s in plan.sessions() if s.format == "cross_cycling")
    decoded = decode_fitdecode(session_to_fit(session, plan))
    assert decoded["workout"]["sport"] == "cycling"
    assert decoded["workout"]["sub_sport"] == "indoor_cycling"
    (step,) = decoded["steps"]
    assert step["duration_time"] == 2400.0
    assert step["custom_target_heart_rate_high"] == 146 + 100


def test_a_corrupted_file_is_refused_by_both_decoders(plan: Plan) -> None:
    data = bytearray(session_to_fit(next(plan.sessions()), plan))
    data[40] ^= 0xFF
    with pytest.raises(fitdecode.FitCRCError):
        decode_fitdecode(bytes(data))
    with pytest.raises(fitfast.FitDecodeError):
        fitfast.parse(bytes(data))


def test_export_is_reproducible(plan: Plan) -> None:
    first = plan_to_fit(plan)
    assert workouts_zip(first) == workouts_zip(plan_to_fit(plan))


def test_written_folder_holds_every_file_the_zip_and_the_manifest(
    plan: Plan, tmp_path: Path
) -> None:
    paths = write_fit_workouts(plan, tmp_path / "watch")
    names = sorted(p.name for p in (tmp_path / "watch").iterdir())
    assert names == sorted([p.name for p in paths] + [MANIFEST_NAME])
    zip_path = tmp_path / "watch" / zip_filename(plan)
    with zipfile.ZipFile(zip_path) as archive:
        assert sorted(archive.namelist()) == sorted(fit_filename(s, plan) for s in plan.sessions())
        for name in archive.namelist():
            fitfast.count(io.BytesIO(archive.read(name)))


def test_failed_write_leaves_no_fit_file_no_zip_and_no_temporary(
    plan: Plan, tmp_path: Path
) -> None:
    sessions = list(plan.sessions())
    blocker = tmp_path / fit_filename(sessions[5], plan)
    blocker.mkdir()  # a folder where the sixth workout should go: that write fails
    with pytest.raises(ExportError, match="it is a folder"):
        write_fit_workouts(plan, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [blocker.name]


def test_a_file_given_as_the_folder_is_a_clear_error(plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "watch"
    target.write_text("not a folder")
    with pytest.raises(ExportError, match="not a folder"):
        write_fit_workouts(plan, target)
    assert target.read_text() == "not a folder"
