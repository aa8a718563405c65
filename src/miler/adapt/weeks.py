"""Sorting the activities out (what takes part, what is left out and why), then the
weeks' verdicts, the fitness evidence, the best training mile and the totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from miler.activities.best_efforts import best_effort, record_bound_s
from miler.adapt.activity_kinds import (
    Done,
    Runner,
    analyse,
    duplicates,
)
from miler.adapt.outcomes import (
    GYM_SESSIONS,
    KEY_SESSIONS,
    MIN_ACTIVITY_S,
    OVER_ABOVE,
    RUN_SESSIONS,
    UNDER_BELOW,
    ActivityKind,
    EvidenceSource,
    ExtraActivity,
    FitnessEvidence,
    IgnoredActivity,
    IgnoredReason,
    MatchTotals,
    Outcome,
    SessionOutcome,
    TrainingEffort,
    Verdict,
    WeekSummary,
)
from miler.plan.model import (
    Plan,
    SessionType,
    Week,
)
from miler.units import MILE_M

__all__ = [
    "best_training_mile",
    "extra_activities",
    "recognised",
    "sort_out",
    "totals",
    "week_of_dates",
    "week_summary",
]


def week_of_dates(plan: Plan) -> dict[dt.date, int]:
    """Every date of the plan's weeks -> its week index."""
    return {
        week.start_date + dt.timedelta(days=day): week.index
        for week in plan.weeks
        for day in range(7)
    }


def _reason(done: Done, weeks: dict[dt.date, int], today: dt.date) -> IgnoredReason | None:
    if done.date is None:
        return IgnoredReason.UNDATED
    if done.date not in weeks:
        return IgnoredReason.OUTSIDE_PLAN
    if done.date > today:
        return IgnoredReason.AFTER_TODAY
    if done.recorded_s < MIN_ACTIVITY_S:
        return IgnoredReason.TOO_SHORT
    return None


def sort_out(
    done: Sequence[Done],
    weeks: dict[dt.date, int],
    today: dt.date,
    runner: Runner | None = None,
) -> tuple[list[Done], list[IgnoredActivity]]:
    """The activities that take part in the matching, and those left out with the reason;
    ``runner`` (HRmax, sex, age) lets heart rate count as all-out evidence (issue 13)."""
    ignored = []
    kept = []
    for item in done:
        reason = _reason(item, weeks, today)
        if reason is None:
            kept.append(item)
        else:
            ignored.append(IgnoredActivity(item.index, reason))
    copies = duplicates(kept)
    ignored.extend(
        IgnoredActivity(i, IgnoredReason.DUPLICATE, duplicate_of=j) for i, j in copies.items()
    )
    usable = [analyse(item, runner) for item in kept if item.index not in copies]
    return usable, sorted(ignored, key=lambda item: item.activity_index)


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


def week_summary(
    week: Week, outcomes: Sequence[SessionOutcome], extras: Sequence[ExtraActivity], today: dt.date
) -> WeekSummary:
    """A plan week\'s minutes, sessions and verdict (see :class:`WeekSummary`)."""
    mine = [o for o in outcomes if o.week == week.index]
    runs = [o for o in mine if o.type in RUN_SESSIONS]
    cross = [o for o in mine if o.type is SessionType.CROSS_TRAINING]
    counted = runs + cross
    due = [o for o in counted if _due(o, today)]
    extra = [e for e in extras if e.week == week.index]
    planned_due = sum(o.planned_s for o in runs if _due(o, today))
    done_run = sum(o.done_s or 0.0 for o in runs) + sum(
        e.duration_s for e in extra if e.kind is ActivityKind.RUN
    )
    missed_key = any(o.outcome is Outcome.MISSED and o.type in KEY_SESSIONS for o in runs)
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


def totals(
    outcomes: Sequence[SessionOutcome], weeks: Sequence[WeekSummary], today: dt.date
) -> MatchTotals:
    """The plan to date (see :class:`MatchTotals`)."""
    counted = [
        o for o in outcomes if o.type in RUN_SESSIONS or o.type is SessionType.CROSS_TRAINING
    ]
    due = [o for o in counted if _due(o, today)]
    gym = [o for o in outcomes if o.type in GYM_SESSIONS and _due(o, today)]
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


def recognised(runs: Sequence[Done], claimed: set[int]) -> list[FitnessEvidence]:
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


def best_training_mile(runs: Sequence[Done], evidence: set[int]) -> TrainingEffort | None:
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


def extra_activities(
    usable: Sequence[Done], taken: set[int], weeks: dict[dt.date, int]
) -> list[ExtraActivity]:
    """The usable activities no session took (indices not in ``taken``)."""
    return [
        ExtraActivity(
            d.index, d.date, weeks[d.date], d.kind, d.activity.sport, d.recorded_s, d.distance_m
        )
        for d in usable
        if d.index not in taken and d.date is not None
    ]
