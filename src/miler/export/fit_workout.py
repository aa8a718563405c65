"""FIT workout files for a watch: one per session, and a zip of them all.

Written with fit-tool (0.9.16), used only to write. The mapping from the plan:

- a run step ends on time, distance, or the lap button (``lap_button`` and ``open``
  both become FIT's ``open`` duration: the watch moves on when the lap key is pressed);
- a speed range (or a rep's target time ±3 %, R-G12) is the primary target as a custom
  speed range; a heart-rate range is the secondary target, or the primary one when
  there is no pace. FIT heart-rate values above 100 are bpm + 100; a cap alone gets a
  floor of half of HRmax, because FIT targets are ranges;
- a time trial with per-lap segments (R-S4.1, R-G11) becomes one distance step per lap;
- a repeat becomes FIT's "repeat until steps complete" step after its steps, pointing
  back to its first step, with the repeat count; repeats nest;
- in a running workout, drills and exercises are lap-button steps named with their dose;
  a session of exercises only is a strength workout (sport training, sub-sport strength
  training): each exercise is a reps step with its FIT exercise category and name where
  the FIT profile has one, a rest step, and a repeat over the sets;
- cross-training is a timed workout in its own sport.

Intensities map one to one (warm-up, active, recovery, rest, cool-down).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.exercise_title_message import ExerciseTitleMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    ExerciseCategory,
    FileType,
    Manufacturer,
    Sport,
    SubSport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)
from fit_tool.profile.profile_type import Intensity as FitIntensity

from miler.export.atomic import ExportError, ensure_folder, write_atomic
from miler.export.describe import distance_text, step_text
from miler.plan.model import (
    BlockRole,
    CrossStep,
    DrillStep,
    ExerciseStep,
    Intensity,
    Plan,
    RepeatStep,
    RunStep,
    Session,
    Step,
    iter_steps,
)
from miler.planning.measure import speed_range
from miler.units import format_time

__all__ = [
    "HR_BPM_OFFSET",
    "FitWorkout",
    "exercise_ids",
    "fit_filename",
    "plan_to_fit",
    "session_to_fit",
    "workout_kind",
    "workouts_zip",
    "write_fit_workouts",
]

#: FIT stores a heart rate in bpm as bpm + 100 (0–100 means % of HRmax).
HR_BPM_OFFSET: Final = 100
ZIP_NAME: Final = "workouts.zip"
_NAME_BYTES: Final = 48
_NOTES_BYTES: Final = 240
_ZIP_TIME: Final = (2000, 1, 1, 0, 0, 0)

_INTENSITY: Final[dict[Intensity, FitIntensity]] = {
    Intensity.WARMUP: FitIntensity.WARMUP,
    Intensity.ACTIVE: FitIntensity.ACTIVE,
    Intensity.RECOVERY: FitIntensity.RECOVERY,
    Intensity.REST: FitIntensity.REST,
    Intensity.COOLDOWN: FitIntensity.COOLDOWN,
}

_RUN_SUB_SPORT: Final[dict[str, SubSport]] = {
    "track": SubSport.TRACK,
    "road": SubSport.ROAD,
    "treadmill": SubSport.TREADMILL,
}

_CROSS_SPORT: Final[dict[str, tuple[Sport, SubSport]]] = {
    "cycling": (Sport.CYCLING, SubSport.GENERIC),
    "elliptical": (Sport.FITNESS_EQUIPMENT, SubSport.ELLIPTICAL),
    "swimming": (Sport.SWIMMING, SubSport.GENERIC),
    "deep_water_running": (Sport.TRAINING, SubSport.CARDIO_TRAINING),
    "rowing": (Sport.ROWING, SubSport.GENERIC),
}

# FIT profile exercise (category, name) by the R-S2.2 parent of a main lift...
_PARENT_EXERCISE: Final[dict[str, tuple[ExerciseCategory, int]]] = {
    "squat": (ExerciseCategory.SQUAT, 6),  # barbell_back_squat
    "step_up": (ExerciseCategory.SQUAT, 67),  # weighted_step_up
    "deadlift": (ExerciseCategory.DEADLIFT, 0),  # barbell_deadlift
    "bulgarian_split_squat": (ExerciseCategory.LUNGE, 18),  # dumbbell_bulgarian_split_squat
    "calf_raise": (ExerciseCategory.CALF_RAISE, 19),  # weighted_standing_calf_raise
    "hip_thrust": (ExerciseCategory.HIP_RAISE, 1),  # barbell_hip_thrust_with_bench
}
# ...and by words in an exercise's name (first match wins).
_NAMED_EXERCISE: Final[tuple[tuple[str, ExerciseCategory, int], ...]] = (
    ("burpee box jump", ExerciseCategory.TOTAL_BODY, 2),
    ("burpee", ExerciseCategory.TOTAL_BODY, 0),
    ("depth jump", ExerciseCategory.PLYO, 7),
    ("box jump", ExerciseCategory.PLYO, 33),
    ("squat jump", ExerciseCategory.PLYO, 37),
    ("jump squat", ExerciseCategory.PLYO, 37),
    ("jump lunge", ExerciseCategory.PLYO, 0),
    ("split jump", ExerciseCategory.PLYO, 10),
    ("lateral hop", ExerciseCategory.PLYO, 17),
    ("sled push", ExerciseCategory.SLED, 4),
    ("sled pull", ExerciseCategory.SLED, 2),
    ("bulgarian", ExerciseCategory.LUNGE, 18),
    ("hip thrust", ExerciseCategory.HIP_RAISE, 1),
    ("calf raise", ExerciseCategory.CALF_RAISE, 19),
    ("step-up", ExerciseCategory.SQUAT, 67),
    ("step up", ExerciseCategory.SQUAT, 67),
    ("deadlift", ExerciseCategory.DEADLIFT, 0),
    ("squat", ExerciseCategory.SQUAT, 6),
)


@dataclass(frozen=True)
class FitWorkout:
    """One session as a FIT workout file."""

    session_id: str
    filename: str
    data: bytes
    kind: str


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-8 bytes without splitting a character."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text
    return raw[: limit - 3].decode("utf-8", errors="ignore").rstrip() + "..."


def exercise_ids(step: ExerciseStep) -> tuple[int, int] | None:
    """The FIT profile (exercise category, exercise name) of ``step``, if the profile has one."""
    if step.parent is not None and step.parent in _PARENT_EXERCISE:
        category, name = _PARENT_EXERCISE[step.parent]
        return (category.value, name)
    lowered = step.name.lower()
    for words, category, name in _NAMED_EXERCISE:
        if words in lowered:
            return (category.value, name)
    return None


def workout_kind(session: Session) -> str:
    """``running``, ``strength``, ``cross`` or ``drills``: how the session is written."""
    leaves = [step for block in session.blocks for step, _ in iter_steps(block.steps)]
    if any(isinstance(step, RunStep) for step in leaves):
        return "running"
    if leaves and all(isinstance(step, CrossStep) for step in leaves):
        return "cross"
    if any(isinstance(step, ExerciseStep) for step in leaves):
        return "strength"
    return "drills"


def _sport(session: Session, kind: str) -> tuple[Sport, SubSport]:
    if kind == "running":
        return Sport.RUNNING, _RUN_SUB_SPORT.get(session.location, SubSport.GENERIC)
    if kind == "cross":
        first = next(
            step
            for block in session.blocks
            for step, _ in iter_steps(block.steps)
            if isinstance(step, CrossStep)
        )
        return _CROSS_SPORT[first.mode]
    if kind == "strength":
        return Sport.TRAINING, SubSport.STRENGTH_TRAINING
    return Sport.TRAINING, SubSport.GENERIC


class _StepWriter:
    """Turns plan steps into FIT workout_step messages, in order, with repeats pointing back."""

    def __init__(self, session: Session, kind: str, hr_floor_bpm: float) -> None:
        self.on_track = session.location == "track"
        self.strength = kind == "strength"
        self.hr_floor_bpm = hr_floor_bpm
        self.messages: list[WorkoutStepMessage] = []
        self.exercises: dict[tuple[int, int], str] = {}

    def _new(self, name: str, notes: str, intensity: FitIntensity | None) -> WorkoutStepMessage:
        message = WorkoutStepMessage()
        message.message_index = len(self.messages)
        message.workout_step_name = _clip(name, _NAME_BYTES)
        if notes:
            message.notes = _clip(notes, _NOTES_BYTES)
        if intensity is not None:
            message.intensity = intensity
        self.messages.append(message)
        return message

    @staticmethod
    def _duration(message: WorkoutStepMessage, end: str, value: float) -> None:
        # The duration type goes first: fit-tool picks the sub-field (and its scale) from it.
        if end == "time":
            message.duration_type = WorkoutStepDuration.TIME
            message.duration_time = value
        elif end == "distance":
            message.duration_type = WorkoutStepDuration.DISTANCE
            message.duration_distance = value
        elif end == "reps":
            message.duration_type = WorkoutStepDuration.REPS
            message.duration_reps = round(value)
        else:
            message.duration_type = WorkoutStepDuration.OPEN
            message.duration_value = 0

    def _hr_range(self, low: float | None, high: float | None) -> tuple[int, int] | None:
        if high is None and low is None:
            return None
        floor = low if low is not None else min(self.hr_floor_bpm, high or self.hr_floor_bpm)
        cap = high if high is not None else 250.0
        return (round(floor) + HR_BPM_OFFSET, round(cap) + HR_BPM_OFFSET)

    def _targets(
        self,
        message: WorkoutStepMessage,
        speeds: tuple[float, float] | None,
        hr: tuple[int, int] | None,
    ) -> None:
        if speeds is not None:
            message.target_type = WorkoutStepTarget.SPEED
            message.target_value = 0
            message.custom_target_speed_low = speeds[0]
            message.custom_target_speed_high = speeds[1]
            if hr is not None:
                message.secondary_target_type = WorkoutStepTarget.HEART_RATE
                message.secondary_target_value = 0
                message.secondary_custom_target_heart_rate_low = hr[0]
                message.secondary_custom_target_heart_rate_high = hr[1]
        elif hr is not None:
            message.target_type = WorkoutStepTarget.HEART_RATE
            message.target_value = 0
            message.custom_target_heart_rate_low = hr[0]
            message.custom_target_heart_rate_high = hr[1]
        else:
            message.target_type = WorkoutStepTarget.OPEN
            message.target_value = 0

    def _repeat(self, first_index: int, count: int) -> None:
        message = WorkoutStepMessage()
        message.message_index = len(self.messages)
        message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        message.duration_step = first_index
        message.target_repeat_steps = count
        self.messages.append(message)

    def _run(self, step: RunStep) -> None:
        hr = self._hr_range(step.hr_low_bpm, step.hr_high_bpm)
        text = step_text(step, self.on_track)
        if step.segments:
            for number, segment in enumerate(step.segments, start=1):
                lap = f"{distance_text(segment.distance_m)} in {format_time(segment.time_s, 1)}"
                message = self._new(
                    f"{step.name} lap {number}", f"{lap} · {text}", _INTENSITY[step.intensity]
                )
                self._duration(message, "distance", segment.distance_m)
                speed = segment.distance_m / segment.time_s
                self._targets(message, (speed * 0.97, speed * 1.03), hr)
            return
        message = self._new(step.name, text, _INTENSITY[step.intensity])
        if step.end == "time" and step.duration_s is not None:
            self._duration(message, "time", step.duration_s)
        elif step.end == "distance" and step.distance_m is not None:
            self._duration(message, "distance", step.distance_m)
        else:
            self._duration(message, "open", 0)
        self._targets(message, speed_range(step), hr)

    def _exercise(self, step: ExerciseStep, intensity: FitIntensity) -> None:
        text = step_text(step, self.on_track)
        if not self.strength:
            message = self._new(f"{step.name} {step.sets}x{step.reps}", text, intensity)
            self._duration(message, "open", 0)
            self._targets(message, None, None)
            return
        first = len(self.messages)
        message = self._new(step.name, text, FitIntensity.ACTIVE)
        self._duration(message, "reps", step.reps)
        self._targets(message, None, None)
        ids = exercise_ids(step)
        if ids is not None:
            message.exercise_category = ids[0]
            message.exercise_name = ids[1]
            self.exercises.setdefault(ids, step.name)
        if step.sets > 1:
            if step.rest_s > 0:
                rest = self._new("Rest", f"rest {format_time(step.rest_s, 0)}", FitIntensity.REST)
                self._duration(rest, "time", step.rest_s)
                self._targets(rest, None, None)
            self._repeat(first, step.sets)

    def _drill(self, step: DrillStep, intensity: FitIntensity) -> None:
        dose = f"{step.sets}x{distance_text(step.distance_m)}" if step.distance_m else ""
        message = self._new(f"{step.name} {dose}".strip(), step_text(step, False), intensity)
        self._duration(message, "open", 0)
        self._targets(message, None, None)

    def _cross(self, step: CrossStep) -> None:
        message = self._new(
            step.mode.replace("_", " ").capitalize(),
            step_text(step, False),
            _INTENSITY[step.intensity],
        )
        self._duration(message, "time", step.duration_s)
        self._targets(message, None, self._hr_range(None, step.hr_high_bpm))

    def add(self, steps: tuple[Step, ...], role: BlockRole) -> None:
        """Append ``steps`` of a block playing ``role``."""
        around = {BlockRole.WARMUP: FitIntensity.WARMUP, BlockRole.COOLDOWN: FitIntensity.COOLDOWN}
        intensity = around.get(role, FitIntensity.ACTIVE)
        for step in steps:
            if isinstance(step, RepeatStep):
                first = len(self.messages)
                self.add(step.steps, role)
                self._repeat(first, step.count)
            elif isinstance(step, RunStep):
                self._run(step)
            elif isinstance(step, ExerciseStep):
                self._exercise(step, intensity)
            elif isinstance(step, DrillStep):
                self._drill(step, intensity)
            else:
                self._cross(step)


def _workout_name(session: Session) -> str:
    return _clip(f"W{session.week} {session.day.capitalize()} {session.name}", _NAME_BYTES)


def _serial_number(plan: Plan, session: Session) -> int:
    digest = hashlib.sha256(f"{plan.start_date}|{plan.athlete.name}|{session.id}".encode())
    return int.from_bytes(digest.digest()[:4], "big") or 1


def session_to_fit(session: Session, plan: Plan) -> bytes:
    """The FIT workout file of one session (file type workout), as bytes.

    The bytes depend only on the plan: the creation time is the plan's creation date.
    """
    kind = workout_kind(session)
    writer = _StepWriter(session, kind, hr_floor_bpm=plan.paces.hr_max_bpm * 0.5)
    for block in session.blocks:
        writer.add(block.steps, block.role)
    if not writer.messages:
        raise ExportError(f"session {session.id} has no steps to put in a FIT workout")

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = _serial_number(plan, session)
    created = dt.datetime.combine(plan.created, dt.time(0, 0), tzinfo=dt.UTC)
    file_id.time_created = round(created.timestamp() * 1000)

    workout = WorkoutMessage()
    workout.workout_name = _workout_name(session)
    sport, sub_sport = _sport(session, kind)
    workout.sport = sport
    workout.sub_sport = sub_sport
    workout.num_valid_steps = len(writer.messages)
    description = " ".join(part for part in (session.purpose, session.notes) if part)
    if description:
        workout.workout_description = _clip(description, _NOTES_BYTES)

    builder = FitFileBuilder(auto_define=True, min_string_size=16)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(writer.messages)
    for index, ((category, name), title) in enumerate(writer.exercises.items()):
        exercise_title = ExerciseTitleMessage()
        exercise_title.message_index = index
        exercise_title.exercise_category = category
        exercise_title.exercise_name = name
        exercise_title.workout_step_name = _clip(title, _NAME_BYTES)
        builder.add(exercise_title)
    data: bytes = builder.build().to_bytes()
    return data


def fit_filename(session: Session) -> str:
    """``2026-01-06-w1-tue-intervals.fit``: sorts by date, unique by session id."""
    slug = re.sub(r"[^a-z0-9]+", "-", session.id.lower()).strip("-") or "session"
    return f"{session.date.isoformat()}-{session.order}-{slug}.fit"


def plan_to_fit(plan: Plan) -> list[FitWorkout]:
    """Every session of ``plan`` that has steps, as FIT workouts, in date order."""
    workouts = []
    for session in plan.sessions():
        if not any(block.steps for block in session.blocks):
            continue
        data = session_to_fit(session, plan)
        workouts.append(
            FitWorkout(
                session_id=session.id,
                filename=fit_filename(session),
                data=data,
                kind=workout_kind(session),
            )
        )
    return workouts


def workouts_zip(workouts: list[FitWorkout]) -> bytes:
    """A zip of ``workouts``, byte-for-byte the same for the same plan."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for workout in workouts:
            info = zipfile.ZipInfo(workout.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, workout.data)
    return buffer.getvalue()


def write_fit_workouts(plan: Plan, folder: Path) -> list[Path]:
    """Write one ``.fit`` per session and ``workouts.zip`` into ``folder``; return the paths.

    Everything is built in memory first; each file is written atomically, and if one
    write fails the files this call wrote are removed again.
    """
    workouts = plan_to_fit(plan)
    archive = workouts_zip(workouts)
    ensure_folder(folder)
    written: list[Path] = []
    try:
        for workout in workouts:
            path = folder / workout.filename
            write_atomic(path, workout.data)
            written.append(path)
        zip_path = folder / ZIP_NAME
        write_atomic(zip_path, archive)
        written.append(zip_path)
    except ExportError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
