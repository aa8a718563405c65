"""What a watch workout can hold: the plan values a FIT workout file can carry.

A plan made by miler stays far inside these limits; a hand-edited one may not (a step of
ten million seconds, a speed of a billion metres per second). The validator (rule R-P6,
"use your watch") and the FIT exporter both ask :func:`device_limit_problems`, so a plan
that validates always exports, and one that cannot be exported says why on one line.

The limits are those of the FIT profile's workout_step fields (Garmin FIT SDK, Profile.xlsx,
message ``workout_step``): ``duration_value``, ``target_value`` and the custom target values
are uint32 (0xFFFFFFFF is "invalid"), with time in milliseconds, distance in centimetres,
speed in millimetres per second and heart rate as bpm + 100; ``message_index`` is uint16.
"""

from __future__ import annotations

import math
from typing import Final

from miler.plan.model import (
    CrossStep,
    DrillStep,
    ExerciseStep,
    RepeatStep,
    RunStep,
    Session,
    Step,
)

__all__ = ["MAX_STEPS", "UINT32_MAX", "device_limit_problems"]

#: The largest valid uint32 in a FIT field (0xFFFFFFFF means "no value").
UINT32_MAX: Final = 0xFFFFFFFE
#: Steps a workout may have: message_index is uint16 and 0xFFFF is "no value".
MAX_STEPS: Final = 0xFFFE
_HR_OFFSET: Final = 100


def _fits(value: float | None, scale: float, offset: float = 0.0) -> bool:
    if value is None:
        return True
    scaled = value * scale + offset
    return math.isfinite(scaled) and 0 <= round(scaled) <= UINT32_MAX


def _run_problems(step: RunStep) -> list[str]:
    problems = []
    if not _fits(step.duration_s, 1000):
        problems.append(f"{step.name!r} lasts {step.duration_s:g} s")
    if not _fits(step.distance_m, 100):
        problems.append(f"{step.name!r} covers {step.distance_m:g} m")
    for value in (step.speed_low_mps, step.speed_high_mps):
        if not _fits(value, 1000):
            problems.append(f"{step.name!r} asks for {value:g} m/s")
    if (
        step.distance_m
        and step.target_time_s
        and not _fits(step.distance_m / step.target_time_s, 1000)
    ):
        problems.append(f"{step.name!r} asks for {step.distance_m:g} m in {step.target_time_s:g} s")
    for value in (step.hr_low_bpm, step.hr_high_bpm):
        if not _fits(value, 1, _HR_OFFSET):
            problems.append(f"{step.name!r} asks for a heart rate of {value:g} bpm")
    for segment in step.segments:
        if not _fits(segment.distance_m, 100) or not _fits(
            segment.distance_m / segment.time_s, 1000
        ):
            problems.append(
                f"{step.name!r} has a lap of {segment.distance_m:g} m in {segment.time_s:g} s"
            )
    return problems


def _step_problems(step: Step) -> list[str]:
    if isinstance(step, RepeatStep):
        problems = [] if step.count <= UINT32_MAX else [f"a repeat of {step.count} times"]
        for inner in step.steps:
            problems.extend(_step_problems(inner))
        return problems
    if isinstance(step, RunStep):
        return _run_problems(step)
    if isinstance(step, ExerciseStep):
        problems = []
        if step.reps > UINT32_MAX or step.sets > UINT32_MAX:
            problems.append(f"{step.name!r} has {step.sets} x {step.reps}")
        if not _fits(step.rest_s, 1000):
            problems.append(f"{step.name!r} rests {step.rest_s:g} s")
        return problems
    if isinstance(step, CrossStep):
        problems = []
        if not _fits(step.duration_s, 1000):
            problems.append(f"{step.mode} lasts {step.duration_s:g} s")
        if not _fits(step.hr_high_bpm, 1, _HR_OFFSET):
            problems.append(f"{step.mode} asks for a heart rate of {step.hr_high_bpm:g} bpm")
        return problems
    assert isinstance(step, DrillStep)
    return []


def _count_steps(steps: tuple[Step, ...]) -> int:
    """FIT steps ``steps`` become, at most (a repeat adds one step, a set of lifts two)."""
    total = 0
    for step in steps:
        if isinstance(step, RepeatStep):
            total += 1 + _count_steps(step.steps)
        elif isinstance(step, RunStep):
            total += max(1, len(step.segments))
        else:
            total += 3 if isinstance(step, ExerciseStep) else 1
    return total


def device_limit_problems(session: Session) -> list[str]:
    """What in ``session`` a FIT workout cannot hold, in words (empty when it all fits)."""
    problems = []
    for block in session.blocks:
        for step in block.steps:
            problems.extend(_step_problems(step))
    if sum(_count_steps(block.steps) for block in session.blocks) > MAX_STEPS:
        problems.append(f"more than {MAX_STEPS} steps")
    return problems
