"""Use case: adapt a plan to what was done.

Matches the runs done to the sessions planned (:mod:`miler.adapt.match`), decides which
all-out efforts become new results, how much was run in the recent weeks and whether the plan
is over, and re-plans the weeks not yet begun (:mod:`miler.adapt.replan`) as the plan's next
revision. Front ends (the CLI, the training log, the web app, a worker) call
:func:`adapt_plan`; none of them decides these things again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from miler.activities.model import Activity
from miler.adapt.match import EvidenceSource, PlanMatch, match_activities
from miler.adapt.outcomes import ActivityKind
from miler.adapt.replan import Revision, recent_weeks, replan
from miler.errors import InvalidInputError, MilerError
from miler.plan.model import Plan, SessionType
from miler.plan.request import RaceResult, Restart
from miler.science.current import current_mile

__all__ = [
    "AdaptReport",
    "RevisionSummary",
    "RunFile",
    "adapt_plan",
    "new_results",
    "read_runs",
    "recent_training",
    "recent_weekly_minutes",
]


class RunFile(BaseModel):
    """One run file given: its position among the activities read (the ``activity_index`` of
    the match), its identity (``run_id``: the SHA-256 of its bytes, the same id whatever the
    file is called or where it lies), or why it was not read."""

    model_config = ConfigDict(frozen=True)

    index: int | None
    path: str
    error: str | None
    run_id: str | None = None


class RevisionSummary(BaseModel):
    """What a re-plan changed (the revised plan itself is :attr:`AdaptReport.revised`)."""

    model_config = ConfigDict(frozen=True)

    revision: int
    first_rebuilt_week: int
    current_mile_before_s: float
    current_mile_after_s: float
    recent_weekly_run_min: float | None
    restart: Restart | None = None
    """Where the rebuilt weeks restart after missed running (C-11); None: they carry on."""
    prescribed_weekly_run_min: float
    rebuilt_baseline_min: float
    kept: tuple[str, ...]
    changed: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    reasons: tuple[str, ...]
    goal_realistic: bool

    @classmethod
    def of(cls, revision: Revision) -> RevisionSummary:
        """The summary of ``revision``."""
        return cls(
            revision=revision.plan.revision,
            first_rebuilt_week=revision.first_rebuilt_week,
            current_mile_before_s=revision.current_mile_before_s,
            current_mile_after_s=revision.current_mile_after_s,
            recent_weekly_run_min=revision.recent_weekly_run_min,
            restart=revision.restart,
            prescribed_weekly_run_min=revision.prescribed_weekly_run_min,
            rebuilt_baseline_min=revision.rebuilt_baseline_min,
            kept=revision.kept,
            changed=revision.changed,
            added=revision.added,
            dropped=revision.dropped,
            reasons=revision.reasons,
            goal_realistic=revision.outlook_after.realistic,
        )


class AdaptReport(BaseModel):
    """What adapting found and did. ``revision`` is None when the plan is over; ``revised``
    is the new revision of the plan (not part of the JSON report: it is the plan file)."""

    model_config = ConfigDict(frozen=True)

    today: dt.date
    files: tuple[RunFile, ...]
    match: PlanMatch
    results_used: tuple[RaceResult, ...]
    revision: RevisionSummary | None
    revised: Plan | None = None

    def report_json(self) -> dict[str, object]:
        """The JSON report (``miler adapt --json``): everything but the revised plan."""
        return self.model_dump(mode="json", exclude={"revised"})


def read_runs(
    paths: Iterable[Path], *, allow_truncated: bool = False
) -> tuple[list[Activity], tuple[RunFile, ...]]:
    """The activities in ``paths`` that could be read, and one entry per file with its error.

    Raises :class:`~miler.errors.InvalidInputError` when no file was given or none could be
    read; a single bad file is reported in its entry and the others are used.
    """
    from miler.activities.base import load_activity

    activities: list[Activity] = []
    files: list[RunFile] = []
    for path in paths:
        try:
            activity = load_activity(path, allow_truncated=allow_truncated)
        except MilerError as error:
            files.append(RunFile(index=None, path=str(path), error=str(error)))
            continue
        run_id = hashlib.sha256(path.read_bytes()).hexdigest()
        files.append(RunFile(index=len(activities), path=str(path), error=None, run_id=run_id))
        activities.append(activity)
    if not files:
        raise InvalidInputError("no run files found: give FIT, GPX or TCX files or a folder")
    if not activities:
        raise InvalidInputError("none of the run files could be read (see the reasons above)")
    return activities, tuple(files)


def new_results(plan: Plan, match: PlanMatch) -> tuple[RaceResult, ...]:
    """The all-out efforts that may set the current mile (R-F3.1, R-G3).

    A planned time trial or race always counts: the runner was asked to go all out, and a
    slower result is news the paces must follow (R-G20). An effort the analysis recognised
    inside another run counts only when it makes the runner faster: a slower one may simply
    not have been all-out, and must not pull the paces down.
    """
    chosen = []
    for evidence in match.evidence:
        result = evidence.as_result()
        if evidence.source is EvidenceSource.RECOGNISED:
            try:
                mile_s = current_mile((result,), match.today, sex=plan.athlete.sex).time_s
            except MilerError:
                continue
            if mile_s >= plan.assessment.current_mile_s:
                continue
        chosen.append(result)
    return tuple(chosen)


def recent_weekly_minutes(match: PlanMatch, today: dt.date) -> float | None:
    """Mean running minutes a week over the plan weeks the re-plan compares
    (:func:`miler.adapt.replan.recent_weeks`); ``None`` before the first week ends."""
    recent = recent_weeks(match.weeks, today)
    if not recent:
        return None
    return sum(w.done_run_s for w in recent) / 60.0 / len(recent)


_CONTINUOUS_RUNS = (SessionType.EASY_RUN, SessionType.LONG_RUN)
_QUALITY = (SessionType.QUALITY, SessionType.TIME_TRIAL, SessionType.RACE)


def recent_training(match: PlanMatch, today: dt.date) -> tuple[float | None, float]:
    """The longest run (minutes; ``None`` when none was run) and the quality sessions run a
    week over the plan weeks the re-plan compares (:func:`miler.adapt.replan.recent_weeks`):
    where a restart's return starts from (C-11). Easy and long runs and runs no session took
    count as runs; quality sessions, time trials and races done count as quality."""
    recent = recent_weeks(match.weeks, today)
    if not recent:
        return None, 0.0
    weeks = {w.index for w in recent}
    sessions = [o for o in match.sessions if o.week in weeks and o.matched]
    runs = [o.done_s or 0.0 for o in sessions if o.type in _CONTINUOUS_RUNS]
    runs += [e.duration_s for e in match.extras if e.week in weeks and e.kind is ActivityKind.RUN]
    quality = sum(1 for o in sessions if o.type in _QUALITY)
    return (max(runs) / 60.0 if runs else None), quality / len(recent)


def adapt_plan(
    plan: Plan,
    activities: Sequence[Activity],
    *,
    today: dt.date,
    tz: dt.tzinfo | None = None,
    force: bool = False,
    files: Sequence[RunFile] = (),
) -> AdaptReport:
    """Match ``activities`` to ``plan`` as of ``today`` in the runner's ``tz`` and re-plan the
    weeks not yet begun, unless the plan is over."""
    match = match_activities(plan, activities, today, tz=tz)
    results = new_results(plan, match)
    revision = None
    if today <= max(s.date for s in plan.sessions()):
        longest, quality = recent_training(match, today)
        revision = replan(
            plan,
            today=today,
            new_results=results,
            recent_weekly_run_min=recent_weekly_minutes(match, today),
            recent_longest_run_min=longest,
            recent_quality_per_week=quality,
            force=force,
        )
    return AdaptReport(
        today=today,
        files=tuple(files),
        match=match,
        results_used=results,
        revision=None if revision is None else RevisionSummary.of(revision),
        revised=None if revision is None else revision.plan,
    )
