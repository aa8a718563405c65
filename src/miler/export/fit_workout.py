"""FIT workout files for a watch: one per session, and a zip of them all.

Written with fit-tool (0.9.16), used only to write. The mapping from the plan:

- a run step ends on time, distance, or the lap button (``lap_button`` and ``open``
  both become FIT's ``open`` duration: the watch moves on when the lap key is pressed);
- the speed window is :func:`watch_speeds`: a rep with a target time (and each lap of a
  lap-split rep or time trial) gets a window symmetric around its target speed, ±3 % (the
  GPS tolerance of R-G12), so a runner exactly on pace is in the middle of it; a plan range
  with both ends is kept; a one-sided bound is open on its other side (a cap alone never
  alerts "too slow", a floor alone never "too fast"). The step's notes state the same
  window (:func:`window_text`);
- a heart-rate range is the secondary target, or the primary one when there is no pace;
  FIT heart-rate values above 100 are bpm + 100; a cap alone gets no floor (1 bpm);
- a time trial with per-lap segments (R-S4.1, R-G11) becomes one distance step per lap
  ("split" on a treadmill, which has no laps);
- a repeat becomes FIT's "repeat until steps complete" step after its steps, pointing
  back to its first step, with the repeat count and an open target (as in Garmin's
  workout examples); repeats nest; a repeat of once is written as its steps;
- in a running workout, drills and exercises are lap-button steps named with their dose;
  a session of exercises only is a strength workout (sport training, sub-sport strength
  training): each exercise is a reps step with its FIT exercise category and name where
  the FIT profile has one, a rest step, and a repeat over the sets;
- cross-training is a timed workout in its own sport and indoor sub-sport (indoor cycling,
  elliptical, lap swimming in a 25 m pool, indoor rowing); a treadmill session is running,
  sub-sport treadmill.

Intensities map one to one (warm-up, active, recovery, rest, cool-down). The file header
says FIT protocol 1.0 with a 14-byte header and its CRC (what Garmin's workout examples
write and the oldest devices read: nothing here needs protocol 2.0). The serial number
derives from the plan id and the session id (:func:`miler.plan.identity.session_key`), so
two plans never share one and a revision keeps it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fit_tool.fit_file import FitFile
from fit_tool.fit_file_builder import FitFileBuilder, calc_crc, calc_records_size
from fit_tool.fit_file_header import FitFileHeader, ProtocolVersion
from fit_tool.profile.messages.exercise_title_message import ExerciseTitleMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    DisplayMeasure,
    ExerciseCategory,
    FileType,
    Manufacturer,
    Sport,
    SubSport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)
from fit_tool.profile.profile_type import Intensity as FitIntensity

from miler.export.atomic import ExportError
from miler.export.describe import (
    distance_text,
    pace_range_text,
    paced_per_lap,
    rep_time_text,
    step_text,
)
from miler.plan.identity import session_key
from miler.plan.limits import device_limit_problems
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
from miler.planning.measure import TARGET_TIME_TOLERANCE
from miler.units import format_time

__all__ = [
    "HR_BPM_OFFSET",
    "FitWorkout",
    "exercise_ids",
    "fit_filename",
    "plan_to_fit",
    "serial_number",
    "session_to_fit",
    "watch_speeds",
    "window_text",
    "workout_kind",
    "workouts_zip",
    "write_fit_workouts",
    "zip_filename",
]

#: FIT stores a heart rate in bpm as bpm + 100 (0–100 means % of HRmax).
HR_BPM_OFFSET: Final = 100
_NAME_BYTES: Final = 48
_NOTES_BYTES: Final = 240
_ZIP_TIME: Final = (2000, 1, 1, 0, 0, 0)
#: The slow end of a window whose plan gives only a cap ("3:52/km or slower"): 1.0 m/s, below
#: the comfortable walking speed of adults (1.27-1.46 m/s, Bohannon 1997, Age Ageing
#: 26:15-19), so a walked or jogged recovery never alerts "too slow".
WALK_FLOOR_MPS: Final = 1.0
#: The fast end of a window whose plan gives only a floor ("mile pace or faster"): 12.5 m/s,
#: above the fastest human sprinting speed measured (12.4 m/s, Bolt's 100 m world record,
#: Berlin 2009 biomechanics report), so a sprint never alerts "too fast".
SPRINT_CEILING_MPS: Final = 12.5
#: A cap-only heart rate gets this floor (bpm): no floor at all in effect.
HR_OPEN_FLOOR_BPM: Final = 1
#: Garmin's workout examples and the oldest devices: FIT protocol 1.0.
PROTOCOL: Final = ProtocolVersion(1, 0)
#: The pool a swimming workout assumes when the plan names none (a short-course pool).
POOL_LENGTH_M: Final = 25.0

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
    "cycling": (Sport.CYCLING, SubSport.INDOOR_CYCLING),
    "elliptical": (Sport.FITNESS_EQUIPMENT, SubSport.ELLIPTICAL),
    "swimming": (Sport.SWIMMING, SubSport.LAP_SWIMMING),
    "deep_water_running": (Sport.TRAINING, SubSport.CARDIO_TRAINING),
    "rowing": (Sport.FITNESS_EQUIPMENT, SubSport.INDOOR_ROWING),
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


def _mm_per_s(speed: float) -> int:
    return max(1, round(speed * 1000))


def _around(speed: float) -> tuple[int, int]:
    """A window symmetric around ``speed``: ±3 % (R-G12's GPS tolerance), in mm/s."""
    return (
        _mm_per_s(speed * (1 - TARGET_TIME_TOLERANCE)),
        _mm_per_s(speed * (1 + TARGET_TIME_TOLERANCE)),
    )


def watch_speeds(step: RunStep) -> tuple[int, int] | None:
    """The speed window (mm/s, slow to fast, as the FIT file stores it) the watch gets.

    A rep over a distance with a target time: symmetric around the target speed, ±3 %
    (R-G12), whatever one-sided range the plan gives (the plan's "at goal pace or faster"
    puts the target at its slow edge, so a runner on pace would be told "too slow"). Else the
    plan's range; a cap alone reaches down to :data:`WALK_FLOOR_MPS` and a floor alone up to
    :data:`SPRINT_CEILING_MPS`, so the watch alerts only on the side the plan bounds.
    ``None``: no pace to hold.
    """
    if step.distance_m is not None and step.target_time_s is not None:
        return _around(step.distance_m / step.target_time_s)
    low, high = step.speed_low_mps, step.speed_high_mps
    if low is not None and high is not None:
        return (_mm_per_s(min(low, high)), _mm_per_s(max(low, high)))
    if high is not None:
        return (_mm_per_s(min(WALK_FLOOR_MPS, high)), _mm_per_s(high))
    if low is not None:
        return (_mm_per_s(low), _mm_per_s(max(SPRINT_CEILING_MPS, low)))
    return None


def window_text(window: tuple[int, int], distance_m: float | None, per_lap: bool) -> str:
    """The window the watch gets, in words: times over ``distance_m`` (fast–slow), else
    paces (per 400 m when ``per_lap``); an open side is said as such."""
    low, high = window[0] / 1000, window[1] / 1000
    open_slow = math.isclose(low, WALK_FLOOR_MPS, abs_tol=0.0005)
    open_fast = math.isclose(high, SPRINT_CEILING_MPS, abs_tol=0.0005)
    if open_slow:
        return f"watch: no slower limit, alerts faster than {pace_range_text(high, high, per_lap)}"
    if open_fast:
        return f"watch: no faster limit, alerts slower than {pace_range_text(low, low, per_lap)}"
    if distance_m is not None:
        return f"watch {rep_time_text(distance_m / high)}–{rep_time_text(distance_m / low)}"
    return f"watch {pace_range_text(low, high, per_lap)}"


def serial_number(plan: Plan, session: Session) -> int:
    """The FIT serial number of ``session``'s workout: from the plan id and the session id,
    the same in every revision of the plan, different in every other plan (32 bits)."""
    key = session_key(plan.plan_id, session.id)
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") or 1


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

    def __init__(self, session: Session, kind: str) -> None:
        self.on_track = session.location == "track"
        self.treadmill = session.location == "treadmill"
        self.strength = kind == "strength"
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
        floor = low if low is not None else HR_OPEN_FLOOR_BPM
        cap = high if high is not None else 250.0
        return (round(floor) + HR_BPM_OFFSET, round(cap) + HR_BPM_OFFSET)

    def _targets(
        self,
        message: WorkoutStepMessage,
        speeds: tuple[int, int] | None,
        hr: tuple[int, int] | None,
    ) -> None:
        if speeds is not None:
            message.target_type = WorkoutStepTarget.SPEED
            message.target_value = 0
            message.custom_target_speed_low = speeds[0] / 1000
            message.custom_target_speed_high = speeds[1] / 1000
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
        message.target_type = WorkoutStepTarget.OPEN
        message.target_repeat_steps = count
        self.messages.append(message)

    def _run(self, step: RunStep) -> None:
        hr = self._hr_range(step.hr_low_bpm, step.hr_high_bpm)
        text = step_text(step, self.on_track, show_pace=False)
        if step.segments:
            lap_word = "split" if self.treadmill else "lap"
            for number, segment in enumerate(step.segments, start=1):
                lap = f"{distance_text(segment.distance_m)} in {format_time(segment.time_s, 1)}"
                window = _around(segment.distance_m / segment.time_s)
                notes = f"{window_text(window, segment.distance_m, self.on_track)} · {lap} · {text}"
                message = self._new(
                    f"{step.name} {lap_word} {number}", notes, _INTENSITY[step.intensity]
                )
                self._duration(message, "distance", segment.distance_m)
                self._targets(message, window, hr)
            return
        speeds = watch_speeds(step)
        distance = step.distance_m if step.end == "distance" else None
        if speeds is not None:
            per_lap = paced_per_lap(step, self.on_track)
            text = f"{window_text(speeds, distance, per_lap)} · {text}"
        message = self._new(step.name, text, _INTENSITY[step.intensity])
        if step.end == "time" and step.duration_s is not None:
            self._duration(message, "time", step.duration_s)
        elif step.end == "distance" and step.distance_m is not None:
            self._duration(message, "distance", step.distance_m)
        else:
            self._duration(message, "open", 0)
        self._targets(message, speeds, hr)

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
                if step.count > 1:  # "repeat once" confuses older watches: just the steps
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


def session_to_fit(session: Session, plan: Plan) -> bytes:
    """The FIT workout file of one session (file type workout), as bytes.

    The bytes depend only on the plan: the creation time is the plan's creation date.
    """
    problems = device_limit_problems(session)
    if problems:
        raise ExportError(
            f"session {session.id} cannot go on a watch: {problems[0]}, more than a FIT "
            "workout holds; fix the plan file (miler validate names every such value)"
        )
    kind = workout_kind(session)
    writer = _StepWriter(session, kind)
    for block in session.blocks:
        writer.add(block.steps, block.role)
    if not writer.messages:
        raise ExportError(f"session {session.id} has no steps to put in a FIT workout")

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = serial_number(plan, session)
    created = dt.datetime.combine(plan.created, dt.time(0, 0), tzinfo=dt.UTC)
    file_id.time_created = round(created.timestamp() * 1000)

    workout = WorkoutMessage()
    workout.workout_name = _workout_name(session)
    sport, sub_sport = _sport(session, kind)
    workout.sport = sport
    workout.sub_sport = sub_sport
    workout.num_valid_steps = len(writer.messages)
    if sub_sport == SubSport.LAP_SWIMMING:
        workout.pool_length = POOL_LENGTH_M
        workout.pool_length_unit = DisplayMeasure.METRIC
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
    return _with_header(builder)


def _with_header(builder: FitFileBuilder) -> bytes:
    """The file with a 14-byte header of protocol 1.0 and both CRCs (fit-tool writes a
    12-byte header of protocol 2.3, which older devices refuse)."""
    records = builder.records
    header = FitFileHeader(calc_records_size(records), protocol_version=PROTOCOL, gen_crc=True)
    data: bytes = FitFile(header, records, calc_crc(header, records)).to_bytes()
    return data


def _plan_tag(plan: Plan) -> str:
    return re.sub(r"[^a-z0-9]+", "", plan.plan_id.lower())[:8] or "plan"


def fit_filename(session: Session, plan: Plan) -> str:
    """``2026-01-06-0-w1-tue-intervals-3f2a9c1b.fit``: sorts by date, unique by session id,
    and tagged with the plan id so two plans' workouts can share a folder."""
    slug = re.sub(r"[^a-z0-9]+", "-", session.id.lower()).strip("-") or "session"
    return f"{session.date.isoformat()}-{session.order}-{slug}-{_plan_tag(plan)}.fit"


def zip_filename(plan: Plan) -> str:
    """``workouts-3f2a9c1b.zip``: the zip of one plan's workouts."""
    return f"workouts-{_plan_tag(plan)}.zip"


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
                filename=fit_filename(session, plan),
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


def write_fit_workouts(plan: Plan, folder: Path, *, force: bool = False) -> list[Path]:
    """Write ``plan``'s workouts into ``folder``: see
    :func:`miler.export.fit_folder.write_fit_workouts` (all or nothing, with a manifest)."""
    from miler.export.fit_folder import write_fit_workouts as write

    return write(plan, folder, force=force)
