"""The plan file: a versioned, documented schema shared by the generator, the validator
and the exporters.

A plan is data: weeks of dated sessions, each a list of blocks (warm-up, drills,
sprints, speed-endurance intervals, cool-down, strength, ...) made of steps. Steps say
how long (time, distance, lap button or open) and how hard (a speed range, a target time
for a distance rep, a heart-rate range, an RPE range). All values are SI: metres,
seconds, metres per second, beats per minute; dates are ISO calendar dates.

A plan has an identity (schema version 2): ``plan_id`` names the plan across all its
revisions (calendar UIDs and FIT serial numbers derive from it, so two runners' plans never
collide), ``athlete_id`` the runner, ``revision`` counts re-plans from 1 with ``parent_revision``
the one it replaced and ``reason`` why, and ``request`` is the full request (results with their
dates, the profile) the plan was made from, so a re-plan starts from facts, not stand-ins.

The JSON form is ``Plan.to_json()``; ``load_plan`` reads it back, upgrading a file of an
older schema version (:mod:`miler.plan.schema`) and refusing anything else with a clear
message. The validator reads only this JSON, never the generator's internals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from miler.plan.profile import WEEKDAYS, Equipment, GoalType, Weekday
from miler.plan.request import PlanRequest, Restart

__all__ = [
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "WEEKDAYS",
    "Assessment",
    "Athlete",
    "Baseline",
    "Block",
    "BlockRole",
    "CrossStep",
    "DrillStep",
    "Equipment",
    "ExerciseStep",
    "Goal",
    "GoalType",
    "Intensity",
    "Plan",
    "PlanPaces",
    "RepeatStep",
    "RunStep",
    "Segment",
    "Session",
    "SessionType",
    "Step",
    "Substitution",
    "Week",
    "WeekReference",
    "iter_steps",
]

SCHEMA_NAME: Final = "miler.plan"
SCHEMA_VERSION: Final = 2


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SessionType(StrEnum):
    """What a session is for. ``quality``: reps at mile pace or faster, or ≥90% effort."""

    EASY_RUN = "easy_run"
    LONG_RUN = "long_run"
    QUALITY = "quality"
    TIME_TRIAL = "time_trial"
    RACE = "race"
    STRENGTH = "strength"
    POWER = "power"
    CROSS_TRAINING = "cross_training"


class Intensity(StrEnum):
    """Step intensity, as a watch understands it."""

    WARMUP = "warmup"
    ACTIVE = "active"
    RECOVERY = "recovery"
    REST = "rest"
    COOLDOWN = "cooldown"


class BlockRole(StrEnum):
    """The part of a session a block plays. R-S5.2 reads the sequence of
    ``drills`` (D), ``sprints`` (S) and ``endurance`` (E) blocks; ``plyometrics``
    may stand for D in the interleaved layout."""

    WARMUP = "warmup"
    DRILLS = "drills"
    SPRINTS = "sprints"
    ENDURANCE = "endurance"
    MAIN = "main"
    STRIDES = "strides"
    PLYOMETRICS = "plyometrics"
    RESISTED = "resisted"
    STRENGTH = "strength"
    CROSS = "cross"
    COOLDOWN = "cooldown"


class Segment(_Model):
    """A per-lap target inside a rep (R-S4.1, R-G11): first segment 409.344 m, then 400 m."""

    distance_m: float = Field(gt=0)
    time_s: float = Field(gt=0)


class RunStep(_Model):
    """Running (or walking) for a time, a distance, until the lap button, or open-ended.

    ``purpose`` says what the step is in a runner's words: ``easy``, ``work``, ``jog``,
    ``walk``, ``strides``, ``time_trial``... ``continuous`` marks an easy run done without
    breaks (R-S1.1, R-S1.2).
    """

    kind: Literal["run"] = "run"
    name: str
    purpose: str
    intensity: Intensity
    end: Literal["time", "distance", "lap_button", "open"]
    duration_s: float | None = Field(default=None, gt=0)
    distance_m: float | None = Field(default=None, gt=0)
    target_time_s: float | None = Field(default=None, gt=0)
    speed_low_mps: float | None = Field(default=None, gt=0)
    speed_high_mps: float | None = Field(default=None, gt=0)
    hr_low_bpm: float | None = Field(default=None, gt=0)
    hr_high_bpm: float | None = Field(default=None, gt=0)
    rpe_low: float | None = Field(default=None, ge=0, le=10)
    rpe_high: float | None = Field(default=None, ge=0, le=10)
    effort_pct_low: float | None = Field(default=None, gt=0, le=100)
    effort_pct_high: float | None = Field(default=None, gt=0, le=100)
    segments: tuple[Segment, ...] = ()
    continuous: bool = False
    resistance: Literal["parachute", "sled_push", "sled_pull", "hill", "none"] = "none"
    incline_pct: float | None = None
    load_pct_body_mass: float | None = Field(default=None, ge=0)
    notes: str = ""


class DrillStep(_Model):
    """A running drill (A-skip, B-skip, bounding, high knees...). Bounds count as
    plyometric ground contacts (R-S5.1, R-G10)."""

    kind: Literal["drill"] = "drill"
    name: str
    sets: int = Field(ge=1)
    distance_m: float | None = Field(default=None, gt=0)
    duration_s: float = Field(gt=0, description="estimated time for all sets with walk-backs")
    ground_contacts: int = Field(default=0, ge=0)
    notes: str = ""


class ExerciseStep(_Model):
    """A strength or plyometric exercise.

    Main lifts name their ``parent`` from R-S2.2 (step_up, squat, deadlift,
    bulgarian_split_squat, calf_raise, hip_thrust) and carry
    ``intent="explosive_concentric"``. Plyometrics carry ``ground_contacts`` and an
    intensity (R-G10).
    """

    kind: Literal["exercise"] = "exercise"
    name: str
    category: Literal["strength", "plyometric", "mobility"]
    parent: str | None = None
    main: bool = False
    lower_body: bool = True
    sets: int = Field(ge=1)
    reps: int = Field(ge=1)
    load_pct_1rm: float | None = Field(default=None, gt=0, le=100)
    reps_in_reserve: int | None = Field(default=None, ge=0)
    rest_s: float = Field(ge=0)
    intent: Literal["explosive_concentric", "controlled"] | None = None
    ground_contacts: int = Field(default=0, ge=0)
    plyo_intensity: Literal["low", "moderate", "high"] | None = None
    duration_s: float = Field(gt=0, description="estimated time for all sets and rests")
    notes: str = ""


class CrossStep(_Model):
    """Cross-training at easy intensity (R-G18)."""

    kind: Literal["cross"] = "cross"
    mode: Literal["cycling", "elliptical", "swimming", "deep_water_running", "rowing"]
    duration_s: float = Field(gt=0)
    intensity: Intensity = Intensity.ACTIVE
    hr_high_bpm: float | None = Field(default=None, gt=0)
    rpe_high: float | None = Field(default=None, ge=0, le=10)
    notes: str = ""


class RepeatStep(_Model):
    """``count`` times the ``steps`` (e.g. work then recovery)."""

    kind: Literal["repeat"] = "repeat"
    count: int = Field(ge=1)
    steps: tuple[Step, ...]


Step = Annotated[
    RunStep | DrillStep | ExerciseStep | CrossStep | RepeatStep, Field(discriminator="kind")
]


class Block(_Model):
    role: BlockRole
    steps: tuple[Step, ...]


class Substitution(_Model):
    """Equipment that was wanted but missing, and what replaced it (R-S3.2, R-P7)."""

    wanted: str
    used: str
    reason: str


class Session(_Model):
    id: str = Field(description="stable id: the same session keeps it across re-plans")
    date: dt.date
    week: int = Field(ge=1)
    day: Weekday
    order: int = Field(default=0, ge=0, description="order within the day, 0 first")
    type: SessionType
    format: str = Field(description="workout library id, e.g. ladder_up, repeats_200")
    name: str
    purpose: str
    quality_class: Literal["short", "long"] | None = None
    layout: Literal["sections", "interleaved"] | None = None
    location: Literal["track", "road", "treadmill", "hill", "gym", "pool", "any"] = "any"
    needs_track: bool = False
    new_format: bool = False
    replaces: str | None = Field(default=None, description="what cross-training replaces")
    substitutions: tuple[Substitution, ...] = ()
    supervision_required: bool = False
    blocks: tuple[Block, ...]
    notes: str = ""


class WeekReference(_Model):
    """What a week's pace targets were written from, when that is not the plan's own
    ``assessment`` and ``paces``: a week kept as prescribed by a re-plan after a new current
    mile (:mod:`miler.adapt.replan`). The validator judges the week's sessions by it: the
    30-s reps against its current mile (R-G14), the long intervals' bout and pace (R-S6.6,
    R-G15), which reps count as quality (R-G7, R-S6.8), reps at goal pace (R-S6.1,
    R-S6.2, R-G12, R-G13) and the easy heart-rate caps (R-G6, R-G18)."""

    current_mile_s: float = Field(
        gt=0, description="the current mile (R-G3) the week's paces were set from, in seconds"
    )
    paces: PlanPaces = Field(
        description="the reference intensities the week's sessions were built from (R-G20)"
    )


class Week(_Model):
    """A training week. ``reference`` is None in a freshly generated plan: its sessions
    follow the plan's ``assessment`` and ``paces``. It is left out of the plan file when
    None, so a file written before it existed reads and validates the same."""

    index: int = Field(ge=1)
    start_date: dt.date
    phase: Literal["base", "build", "specific", "taper"]
    deload: bool = False
    reference: WeekReference | None = Field(
        default=None,
        description="the current mile and paces this week was written from, when not the "
        "plan's (a week kept by a re-plan after a new time trial); None: the plan's",
    )
    restart: Restart | None = Field(
        default=None,
        description="where a re-plan restarted the plan after missed running (C-11): this "
        "week and the ones after it build from the runner's recent training, not the baseline",
    )
    sessions: tuple[Session, ...]
    notes: str = ""

    @model_serializer(mode="wrap")
    def _leave_out_no_reference(self, to_dict: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Without a reference or a restart the week is written as before those fields
        existed."""
        data: dict[str, Any] = to_dict(self)
        for name in ("reference", "restart"):
            if getattr(self, name) is None:
                data.pop(name, None)
        return data


class Athlete(_Model):
    name: str = ""
    age: int | None = Field(default=None, ge=5, le=110)
    sex: Literal["M", "F"] | None = None
    level: Literal["novice", "intermediate", "experienced"]
    months_running: float = Field(ge=0)
    runs_per_week: float = Field(ge=0)
    longest_run_min: float = Field(ge=0)
    recent_intervals: bool
    lifting_experience: bool
    body_mass_kg: float | None = Field(default=None, gt=0)
    hr_max_bpm: float | None = Field(default=None, gt=0, description="measured, if known")
    days: tuple[Weekday, ...]
    long_run_day: Weekday | None = None
    session_minutes: float = Field(gt=0)
    equipment: Equipment
    cross_training: Literal["cycling", "elliptical", "swimming", "deep_water_running", "rowing"]


class Baseline(_Model):
    """The athlete's last four weeks (R-S1.4, R-G8, R-G16)."""

    weekly_run_min: float = Field(ge=0)
    quality_per_week: float = Field(ge=0)
    longest_run_min: float = Field(ge=0)


class Goal(_Model):
    type: GoalType
    distance_m: float = Field(gt=0)
    time_s: float = Field(gt=0)
    race_date: dt.date | None = None
    maintenance: bool = False


class Assessment(_Model):
    """Where the athlete stands (R-F1.2, R-G2, R-G3): all four fields of a "good mile"."""

    current_mile_s: float = Field(gt=0, description="best all-out mile, last 12 months (R-G3)")
    current_mile_estimated: bool
    current_mile_source: str
    age_grade_pct: float | None = None
    band: str | None = None
    open_equivalent_s: float | None = None
    lifetime_best_mile_s: float | None = None


class PlanPaces(_Model):
    """Reference intensities the sessions were built from."""

    goal_mile_speed_mps: float = Field(gt=0)
    current_mile_speed_mps: float = Field(gt=0)
    easy_speed_low_mps: float = Field(gt=0)
    easy_speed_high_mps: float = Field(gt=0)
    hr_max_bpm: float = Field(gt=0)
    hr_max_source: str


class Plan(_Model):
    schema_name: Literal["miler.plan"] = Field(default=SCHEMA_NAME, alias="schema")
    version: Literal[2] = SCHEMA_VERSION
    plan_id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="the plan's id, the same in every revision; calendar UIDs and FIT serial "
        "numbers derive from it",
    )
    athlete_id: str = Field(min_length=1, max_length=64, description="the runner's id")
    revision: int = Field(default=1, ge=1, description="1 for a new plan, +1 per re-plan")
    parent_revision: int | None = Field(
        default=None, ge=1, description="the revision this one replaced; None for revision 1"
    )
    reason: str = Field(default="", description="why this revision was made")
    request: PlanRequest | None = Field(
        default=None,
        description="the full request the plan was made from; None only in a plan upgraded "
        "from schema version 1, which did not record it",
    )
    miler_version: str
    created: dt.date
    start_date: dt.date
    athlete: Athlete
    baseline: Baseline
    goal: Goal
    assessment: Assessment
    paces: PlanPaces
    deadline_week: int | None = Field(
        default=None, description="novice 30-min continuous-run deadline week (R-G5)"
    )
    familiarisation_weeks: int = Field(default=0, ge=0, le=4)
    weeks: tuple[Week, ...]
    notes: tuple[str, ...] = ()

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def sessions(self) -> Iterator[Session]:
        """Every session, in date order."""
        for week in self.weeks:
            yield from week.sessions

    def to_json(self) -> str:
        """The plan file's text."""
        return self.model_dump_json(by_alias=True, indent=2)


def iter_steps(steps: tuple[Step, ...], times: int = 1) -> Iterator[tuple[Step, int]]:
    """Leaf steps with how many times each is done (repeats unrolled into a count)."""
    for step in steps:
        if isinstance(step, RepeatStep):
            yield from iter_steps(step.steps, times * step.count)
        else:
            yield step, times
