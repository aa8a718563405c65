"""Decode FIT workout files with two independent decoders, and state what the plan says
the watch should get, both as a tree of steps in the file's raw integer units.

Raw units (FIT profile): time in ms, distance in cm, speed in mm/s, heart rate as
bpm + 100, reps as a count. A repeat is ("repeat", count, children).
"""

from __future__ import annotations

import io
from typing import Any

import fitdecode
import fitfast

from miler.plan.model import (
    BlockRole,
    CrossStep,
    DrillStep,
    ExerciseStep,
    Plan,
    RepeatStep,
    RunStep,
    Session,
    Step,
    iter_steps,
)

Node = tuple[Any, ...]


def _leaf(
    intensity: str,
    duration: str,
    value: int,
    target: str = "open",
    low: int | None = None,
    high: int | None = None,
    hr2: tuple[int, int] | None = None,
) -> Node:
    return ("step", intensity, duration, value, target, low, high, hr2)


def _unflatten(flat: list[tuple[int, Node | tuple[str, int, int]]]) -> list[Node]:
    """Rebuild nesting from FIT repeat steps, each pointing back to its first step."""
    stack: list[tuple[int, Node]] = []
    for index, item in flat:
        if item[0] == "repeat_marker":
            _, first, count = item
            children = [node for start, node in stack if start >= first]
            stack = [(start, node) for start, node in stack if start < first]
            assert children, f"repeat at {index} points at {first}, after no step"
            stack.append((first, ("repeat", count, tuple(children))))
        else:
            stack.append((index, item))
    return [node for _, node in stack]


def decode_fitdecode(data: bytes) -> dict[str, Any]:
    """Decode with fitdecode, CRC checked; return file_id, workout and the step tree."""
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.value for f in frame.fields}
                messages.setdefault(frame.name, []).append(fields)
    flat = []
    for step in messages["workout_step"]:
        index = step["message_index"]
        kind = step["duration_type"]
        if kind == "repeat_until_steps_cmplt":
            flat.append((index, ("repeat_marker", step["duration_step"], step["repeat_steps"])))
            continue
        value = {
            "time": lambda s: round(s["duration_time"] * 1000),
            "distance": lambda s: round(s["duration_distance"] * 100),
            "reps": lambda s: s["duration_reps"],
            "open": lambda s: 0,
        }[kind](step)
        target = step["target_type"]
        low = high = None
        if target == "speed":
            low = round(step["custom_target_speed_low"] * 1000)
            high = round(step["custom_target_speed_high"] * 1000)
        elif target == "heart_rate":
            low = step["custom_target_heart_rate_low"]
            high = step["custom_target_heart_rate_high"]
        hr2 = None
        if step.get("secondary_target_type") == "heart_rate":
            hr2 = (
                step["secondary_custom_target_heart_rate_low"],
                step["secondary_custom_target_heart_rate_high"],
            )
        flat.append((index, _leaf(step["intensity"], kind, value, target, low, high, hr2)))
    return {
        "file_id": messages["file_id"][0],
        "workout": messages["workout"][0],
        "steps": messages["workout_step"],
        "exercise_titles": messages.get("exercise_title", []),
        "tree": _unflatten(flat),
    }


def decode_fitfast(data: bytes) -> dict[str, Any]:
    """Decode with fitfast (rustyfit), which checks the CRC; raw values, no sub-fields."""
    messages = fitfast.parse(data)
    flat = []
    for step in messages["workout_step"]:
        index = step["message_index"]
        kind = step["duration_type"]
        if kind == "repeat_until_steps_cmplt":
            flat.append((index, ("repeat_marker", step["duration_value"], step["target_value"])))
            continue
        target = step["target_type"]
        low = step.get("custom_target_value_low") if target != "open" else None
        high = step.get("custom_target_value_high") if target != "open" else None
        hr2 = None
        if step.get("secondary_target_type") == "heart_rate":
            hr2 = (
                step["secondary_custom_target_value_low"],
                step["secondary_custom_target_value_high"],
            )
        value = step["duration_value"]
        flat.append((index, _leaf(step["intensity"], kind, value, target, low, high, hr2)))
    return {
        "file_id": messages["file_id"][0],
        "workout": messages["workout"][0],
        "steps": messages["workout_step"],
        "tree": _unflatten(flat),
    }


# --- what the plan says, by the mapping documented in miler.export.fit_workout ---

_INTENSITY = {"warmup": "warmup", "active": "active", "recovery": "recovery", "rest": "rest"}
_INTENSITY["cooldown"] = "cooldown"


def _speeds(step: RunStep) -> tuple[int, int] | None:
    """Issue 12: a rep with a target time is centred on it (±3 %, R-G12) whatever range the
    plan gives; a one-sided bound is open on its other side (walking 1.0 m/s, sprinting
    12.5 m/s)."""
    low, high = step.speed_low_mps, step.speed_high_mps
    if step.target_time_s is not None and step.distance_m is not None:
        speed = step.distance_m / step.target_time_s
        return round(speed * 0.97 * 1000), round(speed * 1.03 * 1000)
    if low is not None and high is not None:
        return round(low * 1000), round(high * 1000)
    if low is not None:
        return round(low * 1000), 12500
    if high is not None:
        return 1000, round(high * 1000)
    return None


def _hr(low: float | None, high: float | None, hr_max: float) -> tuple[int, int] | None:
    if low is None and high is None:
        return None
    floor = low if low is not None else 1  # issue 12: no floor the plan does not ask for
    cap = high if high is not None else 250
    return round(floor) + 100, round(cap) + 100


def _targets(
    speeds: tuple[int, int] | None, hr: tuple[int, int] | None
) -> tuple[str, int | None, int | None, tuple[int, int] | None]:
    if speeds is not None:
        return ("speed", speeds[0], speeds[1], hr)
    if hr is not None:
        return ("heart_rate", hr[0], hr[1], None)
    return ("open", None, None, None)


def _run(step: RunStep, hr_max: float) -> list[Node]:
    hr = _hr(step.hr_low_bpm, step.hr_high_bpm, hr_max)
    intensity = _INTENSITY[step.intensity.value]
    if step.segments:
        nodes = []
        for segment in step.segments:
            speed = segment.distance_m / segment.time_s
            speeds = (round(speed * 0.97 * 1000), round(speed * 1.03 * 1000))
            nodes.append(
                _leaf(intensity, "distance", round(segment.distance_m * 100), *_targets(speeds, hr))
            )
        return nodes
    if step.end == "time":
        duration, value = "time", round((step.duration_s or 0) * 1000)
    elif step.end == "distance":
        duration, value = "distance", round((step.distance_m or 0) * 100)
    else:
        duration, value = "open", 0
    return [_leaf(intensity, duration, value, *_targets(_speeds(step), hr))]


def expected_tree(session: Session, plan: Plan) -> list[Node]:
    """The step tree the FIT file of ``session`` must decode to."""
    leaves = [s for b in session.blocks for s, _ in iter_steps(b.steps)]
    strength = not any(isinstance(s, RunStep) for s in leaves) and any(
        isinstance(s, ExerciseStep) for s in leaves
    )
    hr_max = plan.paces.hr_max_bpm

    def convert(steps: tuple[Step, ...], role: BlockRole) -> list[Node]:
        around = {BlockRole.WARMUP: "warmup", BlockRole.COOLDOWN: "cooldown"}
        intensity = around.get(role, "active")
        nodes: list[Node] = []
        for step in steps:
            if isinstance(step, RepeatStep):
                inner = convert(step.steps, role)
                # issue 12: no "repeat 1 time" step, which older watches mishandle
                if step.count == 1:
                    nodes.extend(inner)
                else:
                    nodes.append(("repeat", step.count, tuple(inner)))
            elif isinstance(step, RunStep):
                nodes.extend(_run(step, hr_max))
            elif isinstance(step, ExerciseStep) and strength:
                work = _leaf("active", "reps", step.reps)
                sets: list[Node] = [work]
                if step.sets > 1 and step.rest_s > 0:
                    sets.append(_leaf("rest", "time", round(step.rest_s * 1000)))
                nodes.append(("repeat", step.sets, tuple(sets)) if step.sets > 1 else work)
            elif isinstance(step, ExerciseStep | DrillStep):
                nodes.append(_leaf(intensity, "open", 0))
            elif isinstance(step, CrossStep):
                hr = _hr(None, step.hr_high_bpm, hr_max)
                nodes.append(
                    _leaf(
                        _INTENSITY[step.intensity.value],
                        "time",
                        round(step.duration_s * 1000),
                        *_targets(None, hr),
                    )
                )
        return nodes

    return [node for block in session.blocks for node in convert(block.steps, block.role)]
