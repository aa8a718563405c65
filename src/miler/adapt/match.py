"""What was done against what was planned: :func:`match_activities`.

Each planned session gets an :class:`Outcome`, each plan week a :class:`WeekSummary` with a
verdict, and the runs that were all-out efforts become :class:`FitnessEvidence` the
re-planner can use as new results. Pure domain: no I/O, SI units (seconds, metres, m/s),
no formatting.

**Dates.** An activity's ``start`` is a UTC-aware datetime; the plan's dates are local
calendar dates. ``tz`` converts the start to the runner's local date (``None``: UTC), so a
run at 06:30 in Sydney counts for that morning, not the day before.

**Which activity goes with which session** (project design):

1. Activities are sorted into runs (``running``, the running leg of a multisport file, a
   treadmill, or an activity of no stated sport at a running speed, see
   :data:`RUN_SPEED_MPS`), cross-training (cycling, swimming, rowing, elliptical),
   strength (FIT sport ``training``) and other (walks, hikes...). Runs match run sessions
   (easy, long, quality, time trial, race); cross-training matches cross-training
   sessions; strength matches strength and power sessions.
2. Left out, with the reason: activities without a start time, outside the plan's weeks,
   after ``today``, under :data:`MIN_ACTIVITY_S`, and duplicates (the same run uploaded
   twice, e.g. as FIT and GPX: same kind, starts within :data:`DUPLICATE_START_S` and
   overlapping for at least half of the shorter one; the copy with the most laps, then
   the FIT file, then the most samples is kept).
3. Activities and sessions are paired so that as many sessions as possible are matched,
   and then at the least cost (:func:`_pair_cost`): the same local date first; a run of
   the wrong shape for its day's session (no reps on a quality day, no all-out effort on
   a time-trial day, reps on an easy day) stays with it unless it is clearly the session
   of a nearby day; then the closest duration.
4. Moved: a session may take an activity of another day of the same plan week, at most
   :data:`MOVE_DAYS` days away, when its shape fits; the nearest day wins. An activity
   satisfies at most one session.
5. What is left are :class:`ExtraActivity` entries; their minutes count in their week.

**Outcomes.** ``done`` (matched on its day), ``moved`` (matched on another day),
``partial`` (matched on its day but short: see :attr:`SessionOutcome.complete`),
``missed`` (before ``today``, nothing matched), ``upcoming`` (``today`` or later, nothing
matched) and ``not_recorded`` for a strength or power session without a file: many
runners never record gym work, so its absence is not evidence that it was skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

import numpy as np

from miler.activities.best_efforts import Effort, TimeTrial, best_effort, record_bound_s
from miler.activities.best_efforts import recognise_time_trial as _recognise_time_trial
from miler.activities.heart_rate import sample_durations
from miler.activities.intervals import Rep, detect_intervals
from miler.activities.model import Activity
from miler.activities.motion import clean_distance
from miler.errors import InvalidInputError
from miler.plan.model import (
    CrossStep,
    Plan,
    RunStep,
    Session,
    SessionType,
    Week,
    iter_steps,
)
from miler.plan.request import RaceResult
from miler.planning.measure import session_duration_s, speed_range
from miler.units import MILE_M

__all__ = [
    "DUPLICATE_START_S",
    "MIN_ACTIVITY_S",
    "MOVE_DAYS",
    "OVER_ABOVE",
    "PACE_TOLERANCE",
    "PARTIAL_BELOW",
    "REPS_SHARE",
    "RUN_SPEED_MPS",
    "TRIAL_SLACK",
    "UNDER_BELOW",
    "WRONG_SHAPE",
    "ActivityKind",
    "EvidenceSource",
    "ExtraActivity",
    "FitnessEvidence",
    "IgnoredActivity",
    "IgnoredReason",
    "MatchTotals",
    "Outcome",
    "PlanMatch",
    "SessionOutcome",
    "TrainingEffort",
    "Verdict",
    "WeekSummary",
    "match_activities",
]

MOVE_DAYS: Final = 2
"""A session done at most this many days from its date, in the same plan week, is moved."""
PARTIAL_BELOW: Final = 0.7
"""A matched session whose recorded time is under 70 % of the planned time is short
(project threshold: "clearly shorter", beyond the few minutes a runner may not record)."""
REPS_SHARE: Final = 0.5
"""A quality session with fewer than half of its planned reps found is short (project
threshold; interval detection can merge or split a rep, so a little less is not short)."""
PACE_TOLERANCE: Final = 0.03
"""A rep more than 3 % outside its target speed range is off target: the GPS compliance
tolerance of R-G12 (a watch file cannot show the +1 % a track allows)."""
TRIAL_SLACK: Final = 1.10
"""On a time-trial or race day with no recognised all-out effort, the best effort over the
planned distance still counts if within 10 % of the target time (project threshold: an
easy jog instead of the trial is about 25-40 % slower than mile pace)."""
UNDER_BELOW: Final = 0.8
"""A week with under 80 % of its due running minutes done is ``under`` (project threshold:
about one session of four or five not run)."""
OVER_ABOVE: Final = 1.1
"""A week with over 110 % of its due running minutes is ``over``: more than the 10 % a
week may grow by under R-G16, so the plan's progression no longer holds."""
MIN_ACTIVITY_S: Final = 120.0
"""Activities recorded for less than this (s) are a watch started by mistake, not a session
(the shortest planned session, a taper's easy run, is 5 min)."""
DUPLICATE_START_S: Final = 120.0
"""Two activities of one kind starting within this many seconds may be one run uploaded twice."""
WRONG_SHAPE: Final = 0.75
"""What a run of the wrong shape on a session's own day (a steady run on a quality day)
weighs against a day's move (1): less, so it stays on its day and is judged partial,
unless its duration fits the other session much better (project weighting)."""
RUN_SPEED_MPS: Final = (1.8, 5.0)
"""An activity with no stated sport (a GPX track without a type) is a run when its average
moving speed lies in this range: above brisk walking (~1.4-1.7 m/s), below the ~5 m/s
(18 km/h) where everyday cycling starts. Project heuristic."""

_RUN_SESSIONS: Final = frozenset(
    {
        SessionType.EASY_RUN,
        SessionType.LONG_RUN,
        SessionType.QUALITY,
        SessionType.TIME_TRIAL,
        SessionType.RACE,
    }
)
_KEY_SESSIONS: Final = frozenset({SessionType.QUALITY, SessionType.TIME_TRIAL, SessionType.RACE})
_GYM_SESSIONS: Final = frozenset({SessionType.STRENGTH, SessionType.POWER})
_ALL_OUT_SESSIONS: Final = frozenset({SessionType.TIME_TRIAL, SessionType.RACE})
_CROSS_SPORTS: Final = {"cycling": "cycling", "swimming": "swimming", "rowing": "rowing"}
_EQUIPMENT_MODES: Final = {
    "elliptical": "elliptical",
    "indoor_rowing": "rowing",
    "indoor_cycling": "cycling",
    "stair_climbing": "elliptical",
}
_FORMAT_RANK: Final = {"fit": 3, "tcx": 2, "gpx": 1}
_NO_SPORT: Final = frozenset({"generic", "", "unknown"})
_UNFIT: Final = 1e9
"""Cost of a pair that may not be matched (kept finite for the assignment solver)."""


class Outcome(StrEnum):
    """What became of a planned session (see the module docstring)."""

    DONE = "done"
    PARTIAL = "partial"
    MOVED = "moved"
    MISSED = "missed"
    UPCOMING = "upcoming"
    NOT_RECORDED = "not_recorded"


class Verdict(StrEnum):
    """A week against its plan: thresholds :data:`UNDER_BELOW` and :data:`OVER_ABOVE`."""

    ON_PLAN = "on_plan"
    UNDER = "under"
    OVER = "over"
    UPCOMING = "upcoming"


class ActivityKind(StrEnum):
    """Which sessions an activity can satisfy."""

    RUN = "run"
    CROSS = "cross"
    STRENGTH = "strength"
    OTHER = "other"


class EvidenceSource(StrEnum):
    """Why a run counts as an all-out result."""

    TIME_TRIAL_SESSION = "time_trial_session"
    RACE_SESSION = "race_session"
    RECOGNISED = "recognised"


class IgnoredReason(StrEnum):
    """Why an activity took no part in the matching."""

    UNDATED = "undated"
    OUTSIDE_PLAN = "outside_plan"
    AFTER_TODAY = "after_today"
    TOO_SHORT = "too_short"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class SessionOutcome:
    """One planned session and what was done for it.

    ``planned_s`` is the session's estimated duration (warm-up, drills, reps, recoveries
    and cool-down). For a matched session ``done_s`` is the activity's recorded time (pauses
    over 10 s left out) and ``compliance`` = ``done_s / planned_s``; a missed session has
    ``done_s = 0`` and ``compliance = 0``, an upcoming one ``None``. ``complete`` is
    ``False`` when the activity fell short (see :class:`Outcome` ``partial``; a moved
    session can be short too), ``None`` when nothing matched. Quality sessions give the
    reps planned and found, the mean speed over the reps found (total rep distance over
    total rep time) and the planned work-rep speed range; ``notes`` say in words what fell
    short and which reps were off target.
    """

    session_id: str
    date: dt.date
    week: int
    type: SessionType
    format: str
    name: str
    outcome: Outcome
    planned_s: float
    activity_index: int | None = None
    done_date: dt.date | None = None
    done_s: float | None = None
    done_distance_m: float | None = None
    compliance: float | None = None
    complete: bool | None = None
    reps_planned: int | None = None
    reps_found: int | None = None
    rep_speed_mps: float | None = None
    target_speed_low_mps: float | None = None
    target_speed_high_mps: float | None = None
    notes: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        """Whether an activity was matched to the session (done, partial or moved)."""
        return self.activity_index is not None


@dataclass(frozen=True)
class WeekSummary:
    """A plan week: running minutes planned and done, sessions, and the verdict.

    *Due* sessions are those dated before ``today`` and those already matched. The verdict
    compares ``done_run_s`` (every run of the week, matched or extra) with
    ``planned_run_due_s``: ``over`` above :data:`OVER_ABOVE`; ``under`` below
    :data:`UNDER_BELOW` or when a quality session, time trial or race was missed;
    ``on_plan`` otherwise; ``upcoming`` when nothing is due and nothing was run.
    Session counts cover run and cross-training sessions (a file can show those).
    """

    index: int
    start_date: dt.date
    phase: str
    planned_run_s: float
    planned_run_due_s: float
    done_run_s: float
    planned_cross_s: float
    done_cross_s: float
    extra_s: float
    sessions_planned: int
    sessions_due: int
    sessions_done: int
    verdict: Verdict
    run_ratio: float | None
    """``done_run_s / planned_run_due_s``; ``None`` when nothing is due."""


@dataclass(frozen=True)
class ExtraActivity:
    """An activity inside the plan's weeks that no session took; its time counts in its week."""

    activity_index: int
    date: dt.date
    week: int
    kind: ActivityKind
    sport: str
    duration_s: float
    distance_m: float


@dataclass(frozen=True)
class IgnoredActivity:
    """An activity left out of the matching, and why (``duplicate_of``: the copy kept)."""

    activity_index: int
    reason: IgnoredReason
    duplicate_of: int | None = None


@dataclass(frozen=True)
class FitnessEvidence:
    """An all-out result from a run: a time trial or race session that was run, or an
    effort :func:`~miler.activities.best_efforts.recognise_time_trial` found in any run.
    The re-planner can take it as a new result (R-G20: paces reset from a time trial)."""

    date: dt.date
    distance_m: float
    time_s: float
    source: EvidenceSource
    activity_index: int
    session_id: str | None = None

    def as_result(self) -> RaceResult:
        """The evidence as a result for a plan request or a re-plan: tagged ``race`` when
        run on a race day, else ``time_trial`` (both all-out, R-F3.1)."""
        tag: Literal["race", "time_trial"] = (
            "race" if self.source is EvidenceSource.RACE_SESSION else "time_trial"
        )
        return RaceResult(distance_m=self.distance_m, time_s=self.time_s, date=self.date, tag=tag)


@dataclass(frozen=True)
class TrainingEffort:
    """The fastest mile inside an ordinary training run. NOT an all-out result: a floor on
    what the runner can do, never a new mile time (R-F3.1, R-F3.2)."""

    date: dt.date
    distance_m: float
    time_s: float
    activity_index: int


@dataclass(frozen=True)
class MatchTotals:
    """The plan to date: run and cross-training sessions due and matched (``done``: any
    match, ``complete``: not short), running time planned for the due sessions and run in
    all, its share, and strength or power sessions due and recorded."""

    sessions_due: int
    sessions_done: int
    sessions_complete: int
    planned_run_due_s: float
    done_run_s: float
    run_share: float | None
    gym_sessions_due: int
    gym_sessions_recorded: int


@dataclass(frozen=True)
class PlanMatch:
    """The whole comparison, for the CLI to show and the re-planner to use."""

    today: dt.date
    sessions: tuple[SessionOutcome, ...]
    weeks: tuple[WeekSummary, ...]
    extras: tuple[ExtraActivity, ...]
    ignored: tuple[IgnoredActivity, ...]
    evidence: tuple[FitnessEvidence, ...]
    best_training_mile: TrainingEffort | None
    totals: MatchTotals

    def outcome(self, session_id: str) -> SessionOutcome:
        """The outcome of the session with ``session_id``."""
        for item in self.sessions:
            if item.session_id == session_id:
                return item
        raise InvalidInputError(f"no session {session_id!r} in this plan")


# --- what each activity is -------------------------------------------------------------


@dataclass(frozen=True)
class _Done:
    """An activity with what matching needs (runs: their running part)."""

    index: int
    activity: Activity
    kind: ActivityKind
    mode: str | None
    date: dt.date | None
    recorded_s: float
    distance_m: float
    reps: tuple[Rep, ...] = ()
    trial: TimeTrial | None = None

    @property
    def shape(self) -> str:
        """``trial``, ``intervals`` or ``steady`` for a run; ``any`` otherwise."""
        if self.kind is not ActivityKind.RUN:
            return "any"
        if self.trial is not None:
            return "trial"
        return "intervals" if self.reps else "steady"


def _recorded_s(activity: Activity) -> float:
    """Seconds the watch recorded, pauses (gaps over 10 s) left out, as its timer does."""
    return float(sample_durations(activity.samples).sum()) if len(activity.samples) else 0.0


def _distance_m(activity: Activity) -> float:
    d = clean_distance(activity.samples)
    return float(d[-1]) if d.size and np.isfinite(d[-1]) else 0.0


def _sub_sport(activity: Activity) -> str:
    return next((s.sub_sport for s in activity.sessions if s.sub_sport), "") or ""


def _kind(activity: Activity, recorded_s: float, distance_m: float) -> tuple[ActivityKind, str]:
    """The activity's kind and, for cross-training, its mode (module docstring, step 1)."""
    sport, sub = activity.sport, _sub_sport(activity)
    if activity.is_run or "treadmill" in sub:
        return ActivityKind.RUN, ""
    if sport in _CROSS_SPORTS:
        return ActivityKind.CROSS, _CROSS_SPORTS[sport]
    if sport == "fitness_equipment":
        return ActivityKind.CROSS, _EQUIPMENT_MODES.get(sub, "elliptical")
    if sport == "training":
        return ActivityKind.STRENGTH, ""
    low, high = RUN_SPEED_MPS
    if sport in _NO_SPORT and recorded_s > 0 and low <= distance_m / recorded_s <= high:
        return ActivityKind.RUN, ""
    return ActivityKind.OTHER, ""


def _describe(index: int, activity: Activity, tz: dt.tzinfo) -> _Done:
    """Kind, local date, recorded time and distance (runs: of their running part)."""
    kind, mode = _kind(activity, _recorded_s(activity), _distance_m(activity))
    if kind is ActivityKind.RUN:
        activity = activity.running_part()
    date = None if activity.start is None else activity.start.astimezone(tz).date()
    return _Done(
        index, activity, kind, mode or None, date, _recorded_s(activity), _distance_m(activity)
    )


def _analyse(done: _Done) -> _Done:
    """A run with its work reps and any all-out effort in it."""
    if done.kind is not ActivityKind.RUN:
        return done
    samples = done.activity.samples
    reps = tuple(r for r in detect_intervals(samples, done.activity.laps) if r.kind == "work")
    return dataclasses.replace(done, reps=reps, trial=_recognise_time_trial(samples))


def _preference(done: _Done) -> tuple[int, int, int, int]:
    """Which copy of a duplicate to keep: most laps, then the watch's own FIT file over a
    TCX or GPX export, then most samples, then the first given."""
    rank = _FORMAT_RANK.get(done.activity.source_format, 0)
    return (len(done.activity.laps), rank, len(done.activity.samples), -done.index)


def _same_recording(a: _Done, b: _Done) -> bool:
    if a.kind is not b.kind or a.activity.start is None or b.activity.start is None:
        return False
    start_a, start_b = a.activity.start.timestamp(), b.activity.start.timestamp()
    if abs(start_a - start_b) > DUPLICATE_START_S:
        return False
    end_a, end_b = start_a + a.activity.duration_s, start_b + b.activity.duration_s
    overlap = min(end_a, end_b) - max(start_a, start_b)
    shorter = min(a.activity.duration_s, b.activity.duration_s)
    return shorter <= 0 or overlap >= 0.5 * shorter


def _duplicates(done: Sequence[_Done]) -> dict[int, int]:
    """index -> index of the copy kept, for every activity that repeats another."""
    kept: list[_Done] = []
    copies: dict[int, int] = {}
    for item in done:
        twin = next((k for k in kept if _same_recording(k, item)), None)
        if twin is None:
            kept.append(item)
        elif _preference(item) > _preference(twin):
            kept[kept.index(twin)] = item
            copies = {i: item.index if j == twin.index else j for i, j in copies.items()}
            copies[twin.index] = item.index
        else:
            copies[item.index] = twin.index
    return copies


# --- what each session asks for --------------------------------------------------------


@dataclass(frozen=True)
class _Planned:
    session: Session
    planned_s: float
    kind: ActivityKind | None
    wants: str
    work: tuple[RunStep, ...]
    """The work reps of a quality session, one entry per rep (repeats unrolled)."""
    mode: str | None
    """The cross-training mode of a cross-training session."""


def _session_kind(session: Session) -> ActivityKind | None:
    if session.type in _RUN_SESSIONS:
        return ActivityKind.RUN
    if session.type is SessionType.CROSS_TRAINING:
        return ActivityKind.CROSS
    if session.type in _GYM_SESSIONS:
        return ActivityKind.STRENGTH
    return None


def _wants(session: Session) -> str:
    if session.type is SessionType.QUALITY:
        return "intervals"
    if session.type in _ALL_OUT_SESSIONS:
        return "trial"
    return "steady" if session.type in _RUN_SESSIONS else "any"


def _work_reps(session: Session) -> tuple[RunStep, ...]:
    reps: list[RunStep] = []
    for block in session.blocks:
        for step, times in iter_steps(block.steps):
            if isinstance(step, RunStep) and step.purpose == "work":
                reps.extend([step] * times)
    return tuple(reps)


def _plan_session(session: Session, easy_mps: float) -> _Planned:
    work = _work_reps(session) if session.type is SessionType.QUALITY else ()
    return _Planned(
        session,
        session_duration_s(session, easy_mps),
        _session_kind(session),
        _wants(session),
        work,
        _cross_mode(session),
    )


def _cross_mode(session: Session) -> str | None:
    for block in session.blocks:
        for step, _ in iter_steps(block.steps):
            if isinstance(step, CrossStep):
                return step.mode
    return None


# --- pairing ---------------------------------------------------------------------------


def _misfit(planned_s: float, done_s: float) -> float:
    """0 for the planned duration, rising to 1 at a factor of e² (7.4x) either way."""
    if planned_s <= 0 or done_s <= 0:
        return 1.0
    return min(abs(math.log(done_s / planned_s)), 2.0) / 2.0


def _fits(planned: _Planned, done: _Done) -> bool:
    return planned.wants == "any" or done.shape == planned.wants


def _pair_cost(
    planned: _Planned, done: _Done, weeks: dict[dt.date, int], today: dt.date
) -> float | None:
    """How badly ``done`` fits ``planned``; ``None`` when it may not stand for it.

    A day between them weighs 1, a run of the wrong shape on the session's own day
    :data:`WRONG_SHAPE`, another cross-training mode 0.5, the duration up to 1
    (:func:`_misfit`). Another day is allowed only within :data:`MOVE_DAYS` in the same plan
    week and with the right shape; a session still ahead takes only an activity of at
    least :data:`PARTIAL_BELOW` of its length (a short extra run is not the coming long
    run done early).
    """
    if planned.kind is not done.kind or done.date is None:
        return None
    days = abs((done.date - planned.session.date).days)
    if days > MOVE_DAYS:
        return None
    fits = _fits(planned, done)
    cost = _misfit(planned.planned_s, done.recorded_s)
    cost += 0.5 if planned.mode is not None and done.mode not in (None, planned.mode) else 0.0
    if days == 0:
        return cost + (0.0 if fits else WRONG_SHAPE)
    if not fits or weeks.get(done.date) != planned.session.week:
        return None
    ahead = planned.session.date > today
    if ahead and done.recorded_s < PARTIAL_BELOW * planned.planned_s:
        return None
    return days + cost


def _assign(
    planned: Sequence[_Planned],
    done: Sequence[_Done],
    cost: Callable[[_Planned, _Done], float | None],
) -> list[tuple[_Planned, _Done]]:
    """The most pairs allowed by ``cost`` (``None``: not allowed), then the cheapest:
    the Hungarian method (Kuhn 1955; scipy's ``linear_sum_assignment``, Crouse 2016)."""
    if not planned or not done:
        return []
    from scipy.optimize import linear_sum_assignment

    matrix = np.full((len(planned), len(done)), _UNFIT)
    for i, p in enumerate(planned):
        for j, d in enumerate(done):
            value = cost(p, d)
            if value is not None:
                matrix[i, j] = value
    rows, cols = linear_sum_assignment(matrix)
    return [(planned[i], done[j]) for i, j in zip(rows, cols, strict=True) if matrix[i, j] < _UNFIT]


def _pair(
    planned: Sequence[_Planned], done: Sequence[_Done], weeks: dict[dt.date, int], today: dt.date
) -> dict[str, _Done]:
    """session id -> its activity (module docstring, steps 3-4)."""
    pairs = _assign(planned, done, lambda p, d: _pair_cost(p, d, weeks, today))
    return {p.session.id: d for p, d in pairs}


# --- judging what was done -------------------------------------------------------------


@dataclass(frozen=True)
class _Judged:
    """What an activity did for its session: fields of :class:`SessionOutcome`."""

    complete: bool
    notes: tuple[str, ...]
    reps_found: int | None = None
    rep_speed_mps: float | None = None
    target_speed_low_mps: float | None = None
    target_speed_high_mps: float | None = None
    evidence: FitnessEvidence | None = None


def _target_range(work: Sequence[RunStep]) -> tuple[float, float] | None:
    """The span of the work reps' speed ranges (m/s), as a watch would hold them."""
    ranges = [r for r in (speed_range(step) for step in work) if r is not None]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _off_target(reps: Sequence[Rep], target: tuple[float, float]) -> list[str]:
    """A note for each rep more than :data:`PACE_TOLERANCE` outside the target range."""
    low, high = target[0] * (1 - PACE_TOLERANCE), target[1] * (1 + PACE_TOLERANCE)
    notes = []
    for rep in reps:
        if rep.speed_mps < low:
            slower = 100 * (1 - rep.speed_mps / target[0])
            notes.append(f"rep {rep.number} was {slower:.0f} % slower than its target range")
        elif rep.speed_mps > high:
            faster = 100 * (rep.speed_mps / target[1] - 1)
            notes.append(f"rep {rep.number} was {faster:.0f} % faster than its target range")
    return notes


def _judge_reps(planned: _Planned, done: _Done) -> _Judged:
    """Reps planned and found, their mean speed against the target (R-G12 tolerance)."""
    wanted, found = len(planned.work), len(done.reps)
    target = _target_range(planned.work)
    notes: list[str] = []
    if found < REPS_SHARE * wanted or found > wanted:
        notes.append(f"{found} reps found, {wanted} planned")
    if wanted < 3 and found == 0:
        notes.append("fewer than 3 reps are found only from the watch's work/rest laps")
    speed = None
    if done.reps:
        speed = sum(r.distance_m for r in done.reps) / sum(r.time_s for r in done.reps)
        if target is not None:
            notes.extend(_off_target(done.reps, target))
    return _Judged(
        complete=found >= REPS_SHARE * wanted,
        notes=tuple(notes),
        reps_found=found,
        rep_speed_mps=speed,
        target_speed_low_mps=None if target is None else target[0],
        target_speed_high_mps=None if target is None else target[1],
    )


def _trial_step(session: Session) -> RunStep | None:
    for block in session.blocks:
        for step, _ in iter_steps(block.steps):
            if isinstance(step, RunStep) and step.purpose in ("time_trial", "race"):
                return step
    return None


def _trial_effort(planned: _Planned, done: _Done) -> Effort | None:
    """The all-out effort of a time-trial or race day: the one ``recognise_time_trial``
    finds, else the best effort over the planned distance if within :data:`TRIAL_SLACK`
    of the target time and the run was no rep session (reps run instead of the trial
    hold a fast mile with their recoveries in it, which is not a trial)."""
    if done.trial is not None:
        return done.trial.effort
    step = _trial_step(planned.session)
    if done.reps or step is None or step.distance_m is None:
        return None
    best = best_effort(done.activity.samples, step.distance_m)
    target = step.target_time_s
    if best is None or (target is not None and best.time_s > TRIAL_SLACK * target):
        return None
    return best


def _judge_trial(planned: _Planned, done: _Done) -> _Judged:
    """A time trial or race is done when the run holds an all-out effort; that effort is
    evidence of fitness (R-G20)."""
    session = planned.session
    effort = _trial_effort(planned, done)
    if effort is None or done.date is None:
        if done.reps:
            return _Judged(complete=False, notes=("reps were run instead of the all-out effort",))
        return _Judged(complete=False, notes=("no all-out effort over the planned distance",))
    source = (
        EvidenceSource.RACE_SESSION
        if session.type is SessionType.RACE
        else EvidenceSource.TIME_TRIAL_SESSION
    )
    evidence = FitnessEvidence(
        done.date, effort.distance_m, effort.time_s, source, done.index, session.id
    )
    return _Judged(complete=True, notes=(), evidence=evidence)


def _easy_note(plan: Plan, done: _Done) -> tuple[str, ...]:
    """R-G6: an easy or long run clearly faster than the top of the easy range."""
    top = plan.paces.easy_speed_high_mps
    speed = done.distance_m / done.recorded_s if done.recorded_s > 0 else 0.0
    if speed > top * (1 + PACE_TOLERANCE):
        faster = 100 * (speed / top - 1)
        return (f"run {faster:.0f} % faster than the top of the easy range (R-G6)",)
    return ()


def _judge(plan: Plan, planned: _Planned, done: _Done) -> _Judged:
    session_type = planned.session.type
    if session_type in _ALL_OUT_SESSIONS:
        return _judge_trial(planned, done)
    judged = _judge_reps(planned, done) if session_type is SessionType.QUALITY else None
    notes = list(judged.notes) if judged else []
    if session_type in (SessionType.EASY_RUN, SessionType.LONG_RUN):
        notes.extend(_easy_note(plan, done))
    short = done.recorded_s < PARTIAL_BELOW * planned.planned_s
    if short:
        share = 100 * done.recorded_s / planned.planned_s
        notes.insert(0, f"recorded {share:.0f} % of the planned time")
    complete = not short and (judged is None or judged.complete)
    if judged is None:
        return _Judged(complete=complete, notes=tuple(notes))
    return dataclasses.replace(judged, complete=complete, notes=tuple(notes))


def _outcome(planned: _Planned, outcome: Outcome) -> SessionOutcome:
    """A session's outcome with the session's own fields and nothing done yet."""
    session = planned.session
    reps = len(planned.work) if session.type is SessionType.QUALITY else None
    return SessionOutcome(
        session_id=session.id,
        date=session.date,
        week=session.week,
        type=session.type,
        format=session.format,
        name=session.name,
        outcome=outcome,
        planned_s=planned.planned_s,
        reps_planned=reps,
    )


def _matched_outcome(plan: Plan, planned: _Planned, done: _Done) -> tuple[SessionOutcome, _Judged]:
    judged = _judge(plan, planned, done)
    if done.date != planned.session.date:
        outcome = Outcome.MOVED
    else:
        outcome = Outcome.DONE if judged.complete else Outcome.PARTIAL
    result = dataclasses.replace(
        _outcome(planned, outcome),
        activity_index=done.index,
        done_date=done.date,
        done_s=done.recorded_s,
        done_distance_m=done.distance_m,
        compliance=done.recorded_s / planned.planned_s if planned.planned_s > 0 else None,
        complete=judged.complete,
        reps_found=judged.reps_found,
        rep_speed_mps=judged.rep_speed_mps,
        target_speed_low_mps=judged.target_speed_low_mps,
        target_speed_high_mps=judged.target_speed_high_mps,
        notes=judged.notes,
    )
    return result, judged


def _unmatched_outcome(planned: _Planned, today: dt.date) -> SessionOutcome:
    session = planned.session
    if session.date >= today:
        return _outcome(planned, Outcome.UPCOMING)
    if session.type in _GYM_SESSIONS:
        return _outcome(planned, Outcome.NOT_RECORDED)
    return dataclasses.replace(_outcome(planned, Outcome.MISSED), done_s=0.0, compliance=0.0)


# --- sorting the activities out --------------------------------------------------------


def _week_of_dates(plan: Plan) -> dict[dt.date, int]:
    """Every date of the plan's weeks -> its week index."""
    return {
        week.start_date + dt.timedelta(days=day): week.index
        for week in plan.weeks
        for day in range(7)
    }


def _reason(done: _Done, weeks: dict[dt.date, int], today: dt.date) -> IgnoredReason | None:
    if done.date is None:
        return IgnoredReason.UNDATED
    if done.date not in weeks:
        return IgnoredReason.OUTSIDE_PLAN
    if done.date > today:
        return IgnoredReason.AFTER_TODAY
    if done.recorded_s < MIN_ACTIVITY_S:
        return IgnoredReason.TOO_SHORT
    return None


def _sort_out(
    done: Sequence[_Done], weeks: dict[dt.date, int], today: dt.date
) -> tuple[list[_Done], list[IgnoredActivity]]:
    """The activities that take part in the matching, and those left out with the reason."""
    ignored = []
    kept = []
    for item in done:
        reason = _reason(item, weeks, today)
        if reason is None:
            kept.append(item)
        else:
            ignored.append(IgnoredActivity(item.index, reason))
    copies = _duplicates(kept)
    ignored.extend(
        IgnoredActivity(i, IgnoredReason.DUPLICATE, duplicate_of=j) for i, j in copies.items()
    )
    usable = [_analyse(item) for item in kept if item.index not in copies]
    return usable, sorted(ignored, key=lambda item: item.activity_index)


# --- weeks, evidence, totals -----------------------------------------------------------


def _due(outcome: SessionOutcome, today: dt.date) -> bool:
    return outcome.date < today or outcome.matched


def _verdict(planned_due_s: float, done_s: float, missed_key: bool) -> tuple[Verdict, float | None]:
    if planned_due_s <= 0:
        return (Verdict.OVER if done_s > 0 else Verdict.UPCOMING), None
    ratio = done_s / planned_due_s
    if ratio > OVER_ABOVE:
        return Verdict.OVER, ratio
    if ratio < UNDER_BELOW or missed_key:
        return Verdict.UNDER, ratio
    return Verdict.ON_PLAN, ratio


def _week_summary(
    week: Week, outcomes: Sequence[SessionOutcome], extras: Sequence[ExtraActivity], today: dt.date
) -> WeekSummary:
    mine = [o for o in outcomes if o.week == week.index]
    runs = [o for o in mine if o.type in _RUN_SESSIONS]
    cross = [o for o in mine if o.type is SessionType.CROSS_TRAINING]
    counted = runs + cross
    due = [o for o in counted if _due(o, today)]
    extra = [e for e in extras if e.week == week.index]
    planned_due = sum(o.planned_s for o in runs if _due(o, today))
    done_run = sum(o.done_s or 0.0 for o in runs) + sum(
        e.duration_s for e in extra if e.kind is ActivityKind.RUN
    )
    missed_key = any(o.outcome is Outcome.MISSED and o.type in _KEY_SESSIONS for o in runs)
    verdict, ratio = _verdict(planned_due, done_run, missed_key)
    return WeekSummary(
        index=week.index,
        start_date=week.start_date,
        phase=week.phase,
        planned_run_s=sum(o.planned_s for o in runs),
        planned_run_due_s=planned_due,
        done_run_s=done_run,
        planned_cross_s=sum(o.planned_s for o in cross),
        done_cross_s=sum(o.done_s or 0.0 for o in cross),
        extra_s=sum(e.duration_s for e in extra),
        sessions_planned=len(counted),
        sessions_due=len(due),
        sessions_done=sum(1 for o in due if o.matched),
        verdict=verdict,
        run_ratio=ratio,
    )


def _totals(
    outcomes: Sequence[SessionOutcome], weeks: Sequence[WeekSummary], today: dt.date
) -> MatchTotals:
    counted = [
        o for o in outcomes if o.type in _RUN_SESSIONS or o.type is SessionType.CROSS_TRAINING
    ]
    due = [o for o in counted if _due(o, today)]
    gym = [o for o in outcomes if o.type in _GYM_SESSIONS and _due(o, today)]
    planned = sum(w.planned_run_due_s for w in weeks)
    done = sum(w.done_run_s for w in weeks)
    return MatchTotals(
        sessions_due=len(due),
        sessions_done=sum(1 for o in due if o.matched),
        sessions_complete=sum(1 for o in due if o.complete),
        planned_run_due_s=planned,
        done_run_s=done,
        run_share=done / planned if planned > 0 else None,
        gym_sessions_due=len(gym),
        gym_sessions_recorded=sum(1 for o in gym if o.matched),
    )


def _recognised(runs: Sequence[_Done], claimed: set[int]) -> list[FitnessEvidence]:
    """An all-out effort found in a run not already evidence from its session."""
    return [
        FitnessEvidence(
            d.date,
            d.trial.effort.distance_m,
            d.trial.effort.time_s,
            EvidenceSource.RECOGNISED,
            d.index,
        )
        for d in runs
        if d.trial is not None and d.date is not None and d.index not in claimed
    ]


def _best_training_mile(runs: Sequence[_Done], evidence: set[int]) -> TrainingEffort | None:
    """The fastest mile inside the runs that are not all-out results (GPS glitches faster
    than the world record are not efforts)."""
    best: TrainingEffort | None = None
    for d in runs:
        if d.index in evidence or d.date is None:
            continue
        effort = best_effort(d.activity.samples, MILE_M)
        if effort is None or effort.time_s < record_bound_s(MILE_M):
            continue
        if best is None or effort.time_s < best.time_s:
            best = TrainingEffort(d.date, MILE_M, effort.time_s, d.index)
    return best


def _extras(
    usable: Sequence[_Done], taken: set[int], weeks: dict[dt.date, int]
) -> list[ExtraActivity]:
    return [
        ExtraActivity(
            d.index, d.date, weeks[d.date], d.kind, d.activity.sport, d.recorded_s, d.distance_m
        )
        for d in usable
        if d.index not in taken and d.date is not None
    ]


# --- the entry point -------------------------------------------------------------------


def match_activities(
    plan: Plan, activities: Sequence[Activity], today: dt.date, tz: dt.tzinfo | None = None
) -> PlanMatch:
    """Match ``activities`` to ``plan``'s sessions as of ``today`` (see the module docstring).

    ``tz``: the runner's time zone, to turn each activity's UTC start into a local date
    (``None``: UTC). ``activity_index`` fields are positions in ``activities``.
    Raises :class:`~miler.errors.InvalidInputError` for a plan without sessions.
    """
    sessions = list(plan.sessions())
    if not sessions:
        raise InvalidInputError(
            "the plan has no sessions to compare runs with; make one with 'miler plan'"
        )
    zone = tz or dt.UTC
    weeks = _week_of_dates(plan)
    described = [_describe(i, a, zone) for i, a in enumerate(activities)]
    usable, ignored = _sort_out(described, weeks, today)
    easy_mps = 0.5 * (plan.paces.easy_speed_low_mps + plan.paces.easy_speed_high_mps)
    planned = [_plan_session(s, easy_mps) for s in sessions]
    pairs = _pair([p for p in planned if p.kind is not None], usable, weeks, today)
    outcomes: list[SessionOutcome] = []
    evidence: list[FitnessEvidence] = []
    for item in planned:
        done = pairs.get(item.session.id)
        if done is None:
            outcomes.append(_unmatched_outcome(item, today))
            continue
        result, judged = _matched_outcome(plan, item, done)
        outcomes.append(result)
        if judged.evidence is not None:
            evidence.append(judged.evidence)
    runs = [d for d in usable if d.kind is ActivityKind.RUN]
    evidence.extend(_recognised(runs, {e.activity_index for e in evidence}))
    evidence.sort(key=lambda e: (e.date, e.activity_index))
    extras = _extras(usable, {d.index for d in pairs.values()}, weeks)
    summaries = tuple(_week_summary(w, outcomes, extras, today) for w in plan.weeks)
    return PlanMatch(
        today=today,
        sessions=tuple(outcomes),
        weeks=summaries,
        extras=tuple(extras),
        ignored=tuple(ignored),
        evidence=tuple(evidence),
        best_training_mile=_best_training_mile(runs, {e.activity_index for e in evidence}),
        totals=_totals(outcomes, summaries, today),
    )
