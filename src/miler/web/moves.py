"""The changes a runner makes to their current plan from the web app, kept in the log.

Each goes through the change use cases of :mod:`miler.services.changes` (the same as
``miler skip`` / ``move`` / ``break``): a move or a skip is a new revision of the plan and
an event; "done" without a file is an event alone (:func:`miler.services.plan_state.
mark_done`); undo removes a mark, or puts a skipped session back (a new revision; the
skip event is removed). A move
or skip that would break a training rule raises :class:`MoveRefusedError` (answered 409)
naming each rule in the validator's own words, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from miler.errors import InvalidInputError, MilerError
from miler.plan.model import Plan
from miler.services.stores import AthleteProfile, PlanEvent
from miler.store.database import Database
from miler.web.plans import current_plan, find_session, local_zone

__all__ = [
    "MoveRefusedError",
    "mark_session_done",
    "move_session",
    "skip_session",
    "take_a_break",
    "undo_session",
]


class MoveRefusedError(MilerError):
    """The change would break a training rule (the message names the rule and says why)."""


def _refused(error: InvalidInputError) -> MilerError:
    from miler.services.changes import RuleBrokenError

    if isinstance(error, RuleBrokenError):
        words = "; ".join(f"{rule}: {reason}" for rule, reason in error.broken)
        return MoveRefusedError(words)
    return error


def _record(db: Database, plan: Plan, revised: Plan, event: PlanEvent) -> PlanEvent:
    from miler.services.changes import record_change
    from miler.store import SqlEventStore, SqlPlanStore

    return record_change(SqlPlanStore(db), SqlEventStore(db), plan, revised, event)


def move_session(
    db: Database, athlete: AthleteProfile, session_id: str, day: dt.date, today: dt.date
) -> PlanEvent:
    """Move a session of the current plan to ``day`` (a new revision and its event)."""
    from miler.services import changes

    plan = current_plan(db, athlete)
    session = find_session(plan, session_id)
    if day == session.date:
        raise InvalidInputError(f"{session.name} is on {day} already: pick another day")
    try:
        revised = changes.move_session(plan, session.id, day, "", today)
    except InvalidInputError as error:
        raise _refused(error) from None
    event = PlanEvent(kind="move", session_id=session.id, from_date=session.date, to_date=day)
    return _record(db, plan, revised, event)


def skip_session(
    db: Database, athlete: AthleteProfile, session_id: str, reason: str, today: dt.date
) -> PlanEvent:
    """Skip a session of the current plan (a new revision without it, and its event)."""
    from miler.services import changes

    plan = current_plan(db, athlete)
    session = find_session(plan, session_id)
    try:
        revised = changes.skip_session(plan, session.id, reason, today)
    except InvalidInputError as error:
        raise _refused(error) from None
    event = PlanEvent(kind="skip", session_id=session.id, from_date=session.date, reason=reason)
    return _record(db, plan, revised, event)


def mark_session_done(
    db: Database, athlete: AthleteProfile, session_id: str, today: dt.date
) -> PlanEvent:
    """Mark a session done without a file (an event; the plan does not change)."""
    from miler.services.plan_state import record_done
    from miler.store import SqlEventStore

    plan = current_plan(db, athlete)
    find_session(plan, session_id)
    return record_done(SqlEventStore(db), plan, session_id, today)


def undo_session(
    db: Database, athlete: AthleteProfile, session_id: str, today: dt.date
) -> Literal["unmarked", "restored"]:
    """Undo the runner's own mark on a session: "done" is removed, a skip is put back."""
    from miler.services.plan_state import undo_mark
    from miler.store import SqlEventStore, SqlPlanStore

    plan = current_plan(db, athlete)
    try:
        return undo_mark(SqlPlanStore(db), SqlEventStore(db), plan, session_id, today)
    except InvalidInputError as error:
        raise _refused(error) from None


def take_a_break(
    db: Database,
    athlete: AthleteProfile,
    start: dt.date,
    end: dt.date,
    reason: Literal["illness", "injury", "travel"],
) -> PlanEvent:
    """Re-plan after a break from the runs in the log (a new revision and its event)."""
    from miler.services import changes
    from miler.services.training_log import plan_activities
    from miler.store import SqlRunStore

    plan = current_plan(db, athlete)
    zone = local_zone()
    _, activities = plan_activities(plan, athlete.athlete_id, SqlRunStore(db), zone)
    revised = changes.take_break(plan, start, end, reason, activities, zone)
    event = PlanEvent(kind="break", from_date=start, to_date=end, reason=reason)
    return _record(db, plan, revised, event)
