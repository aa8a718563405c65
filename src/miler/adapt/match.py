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
   and then at the least cost (:mod:`miler.adapt.pairing`): the same local date first; a run of
   the wrong shape for its day's session (no reps on a quality day, no all-out effort on
   a time-trial day, reps on an easy day) stays with it unless it is clearly the session
   of a nearby day; then the closest duration.
4. Moved: a session may take an activity of another day of the same plan week, at most
   :data:`MOVE_DAYS` days away, when its shape fits; the nearest day wins. An activity
   satisfies at most one session.
5. What is left are :class:`ExtraActivity` entries; their minutes count in their week.

The steps live in :mod:`miler.adapt.activity_kinds` (1-2), :mod:`miler.adapt.planned`,
:mod:`miler.adapt.pairing` (3-4), :mod:`miler.adapt.judging` and :mod:`miler.adapt.weeks`
(5, the weeks and totals); the results and thresholds in :mod:`miler.adapt.outcomes`.

**Outcomes.** ``done`` (matched on its day), ``moved`` (matched on another day),
``partial`` (matched on its day but short: see :attr:`SessionOutcome.complete`),
``missed`` (before ``today``, nothing matched), ``upcoming`` (``today`` or later, nothing
matched) and ``not_recorded`` for a strength or power session without a file: many
runners never record gym work, so its absence is not evidence that it was skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from miler.activities.model import Activity
from miler.adapt.activity_kinds import Runner, describe
from miler.adapt.judging import (
    matched_outcome,
    unmatched_outcome,
)
from miler.adapt.outcomes import (
    DUPLICATE_START_S,
    MIN_ACTIVITY_S,
    MOVE_DAYS,
    OVER_ABOVE,
    PACE_TOLERANCE,
    PARTIAL_BELOW,
    REPS_SHARE,
    RUN_SPEED_MPS,
    TRIAL_SLACK,
    UNDER_BELOW,
    WRONG_SHAPE,
    ActivityKind,
    EvidenceSource,
    ExtraActivity,
    FitnessEvidence,
    IgnoredActivity,
    IgnoredReason,
    MatchTotals,
    Outcome,
    PlanMatch,
    SessionOutcome,
    TrainingEffort,
    Verdict,
    WeekSummary,
)
from miler.adapt.pairing import pair
from miler.adapt.planned import plan_session
from miler.adapt.weeks import (
    best_training_mile,
    extra_activities,
    recognised,
    sort_out,
    totals,
    week_of_dates,
    week_summary,
)
from miler.errors import InvalidInputError
from miler.plan.model import Plan

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
    weeks = week_of_dates(plan)
    described = [describe(i, a, zone) for i, a in enumerate(activities)]
    runner = Runner(plan.paces.hr_max_bpm, plan.athlete.sex, plan.athlete.age)
    usable, ignored = sort_out(described, weeks, today, runner)
    easy_mps = 0.5 * (plan.paces.easy_speed_low_mps + plan.paces.easy_speed_high_mps)
    planned = [plan_session(s, easy_mps) for s in sessions]
    pairs = pair([p for p in planned if p.kind is not None], usable, weeks, today)
    outcomes: list[SessionOutcome] = []
    evidence: list[FitnessEvidence] = []
    for item in planned:
        done = pairs.get(item.session.id)
        if done is None:
            outcomes.append(unmatched_outcome(item, today))
            continue
        result, judged = matched_outcome(plan, item, done)
        outcomes.append(result)
        if judged.evidence is not None:
            evidence.append(judged.evidence)
    runs = [d for d in usable if d.kind is ActivityKind.RUN]
    evidence.extend(recognised(runs, {e.activity_index for e in evidence}))
    evidence.sort(key=lambda e: (e.date, e.activity_index))
    extras = extra_activities(usable, {d.index for d in pairs.values()}, weeks)
    summaries = tuple(week_summary(w, outcomes, extras, today) for w in plan.weeks)
    return PlanMatch(
        today=today,
        sessions=tuple(outcomes),
        weeks=summaries,
        extras=tuple(extras),
        ignored=tuple(ignored),
        evidence=tuple(evidence),
        best_training_mile=best_training_mile(runs, {e.activity_index for e in evidence}),
        totals=totals(outcomes, summaries, today),
    )
