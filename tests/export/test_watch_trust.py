"""Issue 12, the watch: every exported FIT file passes Garmin's own SDK (integrity check, no
decoder errors) and fitdecode; windows never buzz wrongly; notes state the window the watch
gets; identities never collide; older watches read the files."""

from __future__ import annotations

import io
import re

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream

from export.plans import START, full_plan
from miler.export.fit_workout import plan_to_fit, session_to_fit
from miler.plan.model import (
    Block,
    BlockRole,
    CrossStep,
    Intensity,
    Plan,
    RepeatStep,
    RunStep,
    Session,
    SessionType,
    Week,
)
from miler.units import MILE_M


def garmin(data: bytes) -> dict:
    """Decode with Garmin's FIT SDK: it must say FIT, pass its integrity check and report
    no errors."""
    assert Decoder(Stream.from_byte_array(bytearray(data))).is_fit()
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def fitdecode_steps(data: bytes) -> list[dict]:
    steps = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                steps.append({f.name: f.value for f in frame.fields})
    return steps


def _session(slug: str, blocks: tuple[Block, ...], location: str = "road") -> Session:
    return Session(
        id=f"w1-tue-{slug}",
        date=START,
        week=1,
        day="mon",
        type=SessionType.QUALITY,
        format=slug,
        name=slug,
        purpose="test",
        location=location,
        blocks=blocks,
    )


def _plan_with(*sessions: Session, plan_id: str = "trust-plan") -> Plan:
    base = full_plan()
    week = Week(index=1, start_date=START, phase="base", sessions=sessions)
    return base.model_copy(update={"weeks": (week,), "plan_id": plan_id})


def test_every_exported_fit_file_passes_garmin_sdk_and_fitdecode() -> None:
    plan = full_plan()
    for workout in plan_to_fit(plan):
        messages = garmin(workout.data)
        assert messages["file_id_mesgs"][0]["type"] == "workout"
        assert len(messages["workout_step_mesgs"]) == len(fitdecode_steps(workout.data))


def test_cap_only_pace_never_alerts_slow() -> None:
    """A recovery "3:52/km or slower" (a cap alone): the window's slow end is below walking
    speed, never 80 % of the cap; its fast end is the cap."""
    cap = 1000 / 232  # 3:52/km
    jog = RunStep(
        name="recovery jog",
        purpose="jog",
        intensity=Intensity.RECOVERY,
        end="time",
        duration_s=120,
        speed_high_mps=cap,
    )
    plan = _plan_with(_session("jog", (Block(role=BlockRole.MAIN, steps=(jog,)),)))
    (step,) = garmin(session_to_fit(next(plan.sessions()), plan))["workout_step_mesgs"]
    assert step["target_type"] == "speed"
    assert step["custom_target_speed_low"] <= 1.0  # walking pace is inside the window
    assert step["custom_target_speed_high"] == pytest.approx(cap, abs=0.001)
    assert step["notes"].startswith("watch: no slower limit")


def test_floor_only_pace_never_alerts_fast() -> None:
    sprint = RunStep(
        name="fast",
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="time",
        duration_s=30,
        speed_low_mps=5.2,
    )
    plan = _plan_with(_session("fast", (Block(role=BlockRole.MAIN, steps=(sprint,)),)))
    (step,) = garmin(session_to_fit(next(plan.sessions()), plan))["workout_step_mesgs"]
    assert step["custom_target_speed_low"] == pytest.approx(5.2, abs=0.001)
    assert step["custom_target_speed_high"] >= 12.4  # faster than any human sprints


def test_rep_window_is_symmetric_around_the_target_so_on_pace_is_inside() -> None:
    """ "4×400 m in 1:25.7" with the plan's range from the target speed up (target at its
    slow edge): the watch window is centred on 400/85.7 m/s."""
    target = 400 / 85.7
    rep = RunStep(
        name="400 m",
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=400,
        target_time_s=85.7,
        speed_low_mps=target,
        speed_high_mps=target * 1.03,
    )
    block = Block(role=BlockRole.ENDURANCE, steps=(RepeatStep(count=4, steps=(rep,)),))
    plan = _plan_with(_session("reps", (block,), location="track"))
    steps = garmin(session_to_fit(next(plan.sessions()), plan))["workout_step_mesgs"]
    low, high = steps[0]["custom_target_speed_low"], steps[0]["custom_target_speed_high"]
    assert low < target < high
    assert (low + high) / 2 == pytest.approx(target, abs=0.001)
    assert high / target == pytest.approx(1.03, abs=0.0005)


_WINDOW = re.compile(r"^watch (\d+:\d{2}\.\d|\d+\.\d s)–(\d+:\d{2}\.\d|\d+\.\d s)")


def _seconds(text: str) -> float:
    if text.endswith(" s"):
        return float(text[:-2])
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + float(seconds)


def _plans() -> list[Plan]:
    plans = [full_plan()]
    generate = pytest.importorskip("miler.planning.generate")
    from export.test_generated_plan import REQUESTS

    plans += [generate.generate_plan(request) for request in REQUESTS.values()]
    return plans


def test_notes_state_the_window_the_watch_gets_for_reps_laps_and_time_trials() -> None:
    """Every distance step with a speed target (reps, lap splits, time trial laps): the
    times its notes print are the times its FIT window allows, to the tenth of a second."""
    checked = 0
    for plan in _plans():
        for workout in plan_to_fit(plan):
            for step in garmin(workout.data)["workout_step_mesgs"]:
                if step.get("target_type") != "speed" or step["duration_type"] != "distance":
                    continue
                match = _WINDOW.match(step["notes"])
                if match is None:  # an open side, said in words
                    assert step["notes"].startswith("watch: no "), step["notes"]
                    continue
                metres = step["duration_distance"]
                fast, slow = (_seconds(match.group(i)) for i in (1, 2))
                assert fast == pytest.approx(metres / step["custom_target_speed_high"], abs=0.051)
                assert slow == pytest.approx(metres / step["custom_target_speed_low"], abs=0.051)
                checked += 1
    assert checked > 50


def test_lap_split_windows_are_centred_on_each_lap_target() -> None:
    plan = full_plan()
    session = next(s for s in plan.sessions() if s.format == "time_trial_mile")
    steps = garmin(session_to_fit(session, plan))["workout_step_mesgs"]
    laps = [s for s in steps if "lap" in s.get("wkt_step_name", "")]
    per_m = 360 * 1.03 / MILE_M
    for lap in laps:
        target = lap["duration_distance"] / (lap["duration_distance"] * per_m)
        mid = (lap["custom_target_speed_low"] + lap["custom_target_speed_high"]) / 2
        assert mid == pytest.approx(target, abs=0.001)


def test_easy_run_heart_rate_cap_has_no_floor() -> None:
    plan = full_plan()
    session = next(s for s in plan.sessions() if s.format == "easy_run")
    (step,) = garmin(session_to_fit(session, plan))["workout_step_mesgs"]
    assert step["secondary_custom_target_heart_rate_low"] == 101  # 1 bpm: no floor
    assert step["secondary_custom_target_heart_rate_high"] == 146 + 100


@pytest.mark.parametrize(
    ("mode", "sport", "sub_sport"),
    [
        ("cycling", "cycling", "indoor_cycling"),
        ("rowing", "fitness_equipment", "indoor_rowing"),
        ("elliptical", "fitness_equipment", "elliptical"),
        ("swimming", "swimming", "lap_swimming"),
    ],
)
def test_cross_training_uses_the_indoor_sub_sport(mode: str, sport: str, sub_sport: str) -> None:
    step = CrossStep(mode=mode, duration_s=1800, hr_high_bpm=140)
    plan = _plan_with(_session(mode, (Block(role=BlockRole.CROSS, steps=(step,)),), "any"))
    messages = garmin(session_to_fit(next(plan.sessions()), plan))
    workout = messages["workout_mesgs"][0]
    assert (workout["sport"], workout["sub_sport"]) == (sport, sub_sport)
    if mode == "swimming":
        assert workout["pool_length"] == 25.0


def test_treadmill_time_trial_is_a_treadmill_run_in_splits_not_track_laps() -> None:
    plan = full_plan()
    trial = next(s for s in plan.sessions() if s.format == "time_trial_mile")
    treadmill = trial.model_copy(update={"location": "treadmill", "needs_track": False})
    plan = _plan_with(treadmill)
    messages = garmin(session_to_fit(treadmill, plan))
    assert messages["workout_mesgs"][0]["sub_sport"] == "treadmill"
    names = [s.get("wkt_step_name", "") for s in messages["workout_step_mesgs"]]
    assert any("split 1" in n for n in names)
    assert not any(" lap " in n for n in names)


def test_older_watches_protocol_1_header_open_target_repeats_and_no_repeat_once() -> None:
    plan = full_plan()
    for workout in plan_to_fit(plan):
        data = workout.data
        assert data[0] == 14  # 14-byte header with its CRC
        assert data[1] == 0x10  # protocol 1.0, as Garmin's workout examples
        for step in garmin(data)["workout_step_mesgs"]:
            if step["duration_type"] == "repeat_until_steps_cmplt":
                assert step["target_type"] == "open"
                assert step["target_value"] >= 2  # never "repeat 1 time"
    # the week-3 ladder ends with 1 x 800 m: written as the rep, not a repeat of one
    ladder = next(s for s in plan.sessions() if s.format == "ladder_up")
    steps = garmin(session_to_fit(ladder, plan))["workout_step_mesgs"]
    repeats = [s["target_value"] for s in steps if s["duration_type"].startswith("repeat")]
    assert repeats == [4, 2, 2]


def test_serial_numbers_are_unique_per_plan_and_stable_across_revisions() -> None:
    plan = full_plan()
    serials = [garmin(w.data)["file_id_mesgs"][0]["serial_number"] for w in plan_to_fit(plan)]
    assert len(set(serials)) == len(serials)
    revised = plan.model_copy(update={"revision": 2, "parent_revision": 1, "reason": "re-test"})
    again = [garmin(w.data)["file_id_mesgs"][0]["serial_number"] for w in plan_to_fit(revised)]
    assert again == serials
    other = plan.model_copy(update={"plan_id": "another-runner"})  # same athlete, dates, ids
    theirs = [garmin(w.data)["file_id_mesgs"][0]["serial_number"] for w in plan_to_fit(other)]
    assert not set(theirs) & set(serials)
    names = {w.filename for w in plan_to_fit(plan)}
    assert not names & {w.filename for w in plan_to_fit(other)}
