"""Use case: where each session of the runner's current plan stands, and marking one done
without a file.

A session's state joins three sources, each decided elsewhere once:

* the training log (:func:`miler.services.training_log.training_log`): the run matched to
  the session and its outcome (done, partial, moved, missed, upcoming), with sessions
  marked done by hand counted as done;
* the events: ``done`` marks (kept as events, no revision: nothing about the plan
  changed) and ``skip`` events (a skip makes a revision without the session, so a skipped
  session is read back from the revision before it);
* the plan itself, for the sessions still to come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from miler.errors import InvalidInputError
from miler.plan.model import Plan
from miler.services.stores import EventStore, PlanEvent, PlanStore
from miler.services.training_log import TrainingLog

__all__ = [
    "SessionState",
    "State",
    "mark_done",
    "record_done",
    "session_states",
    "skipped_sessions",
    "undo_mark",
]

State = Literal["planned", "done", "partial", "moved", "missed", "break", "skipped"]
_STATE_OF_OUTCOME: dict[str, State] = {
    "done": "done",
    "partial": "partial",
    "moved": "moved",
    "missed": "missed",
    "break": "break",
    "upcoming": "planned",
    "not_recorded": "planned",
}


class SessionState(BaseModel):
    """One session of the current plan (or skipped from it) and what became of it.

    ``outcome`` is the training log's verdict on the matched run (None for a session with
    no run); ``run_id`` that run; ``event_id`` the mark or skip an undo reverts."""

    model_config = ConfigDict(frozen=True)

    session_id: str
    date: dt.date
    name: str
    type: str
    state: State
    outcome: str | None = None
    run_id: int | None = None
    marked: bool = False
    event_id: int | None = None


def mark_done(plan: Plan, ref: str, today: dt.date) -> PlanEvent:
    """The event that marks session ``ref`` done without a file (on or after its day)."""
    from miler.services.changes import find_session

    session = find_session(plan, ref)
    if session.date > today:
        raise InvalidInputError(
            f"{session.name} on {session.date} is still to come: mark it done on or after its day"
        )
    return PlanEvent(
        kind="done",
        session_id=session.id,
        from_date=session.date,
        plan_id=plan.plan_id,
        revision=plan.revision,
    )


def record_done(events: EventStore, plan: Plan, ref: str, today: dt.date) -> PlanEvent:
    """Mark session ``ref`` of ``plan`` done without a file and keep the mark; a session
    marked already keeps its first mark (marking twice changes nothing)."""
    wanted = mark_done(plan, ref, today)
    mark = ("done", wanted.session_id, plan.plan_id)
    for event in events.events(plan.athlete_id):
        if (event.kind, event.session_id, event.plan_id) == mark:
            return event
    return events.add_event(plan.athlete_id, wanted)


def undo_mark(
    plans: PlanStore, events: EventStore, plan: Plan, session_id: str, today: dt.date
) -> Literal["unmarked", "restored"]:
    """Undo the runner's own mark on a session of ``plan``: a "done" mark is removed; a
    skipped session is put back on its day (a new revision, refused like any change that
    breaks a rule; the skip event goes, the revisions keep the history)."""
    from miler.services.changes import restore_session

    mine = [
        e
        for e in events.events(plan.athlete_id)
        if e.session_id == session_id and e.plan_id == plan.plan_id and e.event_id is not None
    ]
    done = [e for e in mine if e.kind == "done"]
    if done:
        assert done[-1].event_id is not None
        events.remove_event(plan.athlete_id, done[-1].event_id)
        return "unmarked"
    skips = [e for e in mine if e.kind == "skip" and e.revision is not None]
    if not skips or any(s.id == session_id for s in plan.sessions()):
        raise InvalidInputError("there is nothing to undo on this session")
    skip = skips[-1]
    assert skip.revision is not None and skip.event_id is not None
    before = plans.get_revision(plan.plan_id, skip.revision - 1)
    if before is None:
        raise InvalidInputError("the revision before the skip is not in the log")
    plans.save_plan(restore_session(plan, before, session_id, today))
    events.remove_event(plan.athlete_id, skip.event_id)
    return "restored"


def skipped_sessions(
    plan: Plan, events: Sequence[PlanEvent], plans: PlanStore
) -> list[SessionState]:
    """The sessions skipped from ``plan`` and still out of it, each read from the revision
    the skip replaced."""
    present = {s.id for s in plan.sessions()}
    found: dict[str, SessionState] = {}
    for event in events:
        if event.kind != "skip" or event.plan_id != plan.plan_id or event.session_id is None:
            continue
        if event.session_id in present or event.revision is None:
            continue
        before = plans.get_revision(plan.plan_id, event.revision - 1)
        session = (
            next((s for s in before.sessions() if s.id == event.session_id), None)
            if (before is not None)
            else None
        )
        if session is not None:
            found[session.id] = SessionState(
                session_id=session.id,
                date=session.date,
                name=session.name,
                type=str(session.type),
                state="skipped",
                event_id=event.event_id,
            )
    return list(found.values())


def session_states(
    plan: Plan, log: TrainingLog, events: Sequence[PlanEvent], plans: PlanStore
) -> dict[str, SessionState]:
    """Every session of ``plan`` by id, and those skipped from it, with their state."""
    from miler.services.training_log import marked_done

    logged = {s.session_id: s for week in log.weeks for s in week.sessions}
    marks = {
        e.session_id: e.event_id
        for e in events
        if e.kind == "done" and e.session_id in marked_done(events, plan)
    }
    states: dict[str, SessionState] = {}
    for session in plan.sessions():
        entry = logged.get(session.id)
        outcome = None if entry is None else entry.outcome
        states[session.id] = SessionState(
            session_id=session.id,
            date=session.date,
            name=session.name,
            type=str(session.type),
            state="planned" if outcome is None else _STATE_OF_OUTCOME.get(outcome, "planned"),
            outcome=None if entry is None or entry.run_id is None else outcome,
            run_id=None if entry is None else entry.run_id,
            marked=entry is not None and entry.marked,
            event_id=marks.get(session.id) if entry is not None and entry.marked else None,
        )
    for skipped in skipped_sessions(plan, events, plans):
        states.setdefault(skipped.session_id, skipped)
    return states
