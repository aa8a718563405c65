"""What :func:`miler.adapt.match.match_activities` hands out: outcomes, week summaries,
fitness evidence, and the project thresholds the matching uses (see
:mod:`miler.adapt.match` for how they are reached). Pure domain, SI units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from miler.errors import InvalidInputError
from miler.plan.model import SessionType
from miler.plan.request import RaceResult
from miler.units import GPS_PACE_TOLERANCE

__all__ = [
    "ALL_OUT_SESSIONS",
    "DUPLICATE_START_S",
    "GYM_SESSIONS",
    "KEY_SESSIONS",
    "MIN_ACTIVITY_S",
    "MOVE_DAYS",
    "OVER_ABOVE",
    "PACE_TOLERANCE",
    "PARTIAL_BELOW",
    "REPS_SHARE",
    "RUN_SESSIONS",
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
]

MOVE_DAYS: Final = 2
"""A session done at most this many days from its date, in the same plan week, is moved."""
PARTIAL_BELOW: Final = 0.7
"""A matched session whose recorded time is under 70 % of the planned time is short
(project threshold: "clearly shorter", beyond the few minutes a runner may not record)."""
REPS_SHARE: Final = 0.5
"""A quality session with fewer than half of its planned reps found is short (project
threshold; interval detection can merge or split a rep, so a little less is not short)."""
PACE_TOLERANCE: Final = GPS_PACE_TOLERANCE
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

RUN_SESSIONS: Final = frozenset(
    {
        SessionType.EASY_RUN,
        SessionType.LONG_RUN,
        SessionType.QUALITY,
        SessionType.TIME_TRIAL,
        SessionType.RACE,
    }
)
"""Sessions a run stands for."""
KEY_SESSIONS: Final = frozenset({SessionType.QUALITY, SessionType.TIME_TRIAL, SessionType.RACE})
"""Sessions whose miss makes a week ``under`` whatever its minutes."""
GYM_SESSIONS: Final = frozenset({SessionType.STRENGTH, SessionType.POWER})
"""Sessions a strength activity stands for; unrecorded they are ``not_recorded``."""
ALL_OUT_SESSIONS: Final = frozenset({SessionType.TIME_TRIAL, SessionType.RACE})
"""Sessions done only by an all-out effort, which is then fitness evidence."""


class Outcome(StrEnum):
    """What became of a planned session (see the :mod:`miler.adapt.match` docstring)."""

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
