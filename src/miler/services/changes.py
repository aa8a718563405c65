"""Use cases: life happens. Skip a session, move one, or take a break; each makes a new
revision of the plan (its reason says what and why) that keeps every training rule.

* :func:`skip_session`: the session leaves the plan.
* :func:`move_session`: the session goes to another day of the plan.
  Both are refused when the changed plan would break a training rule the plan kept (the rule
  ids are in the message).
* :func:`take_break`: the plan is re-planned as of the day after the break
  (:func:`miler.services.adapt.adapt_plan`, from the runs actually done): the break's
  sessions stay as history (missed), and the weeks not yet begun are rebuilt, restarting
  volume lower after missed weeks, never jumping load (docs/rule-choices.md, choice 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final, Literal

from miler.activities.model import Activity
from miler.errors import InvalidInputError
from miler.plan.model import Plan, Session, Week
from miler.plan.profile import WEEKDAYS
from miler.services.stores import EventStore, PlanEvent, PlanStore

__all__ = [
    "BREAK_REASONS",
    "RuleBrokenError",
    "find_session",
    "move_session",
    "record_change",
    "restore_session",
    "skip_session",
    "take_break",
]

BREAK_REASONS: Final = ("illness", "injury", "travel")


class RuleBrokenError(InvalidInputError):
    """A change refused because the changed plan would break training rules the plan kept.
    ``broken`` holds each rule id with the validator's own words (first failure per rule)."""

    def __init__(self, message: str, broken: Sequence[tuple[str, str]]) -> None:
        super().__init__(message)
        self.broken = tuple(broken)


def find_session(plan: Plan, ref: str) -> Session:
    """The session ``ref`` names: its id, or a date with exactly one session."""
    sessions = list(plan.sessions())
    for session in sessions:
        if session.id == ref:
            return session
    try:
        day = dt.date.fromisoformat(ref)
    except ValueError:
        raise InvalidInputError(
            f"no session {ref!r} in the plan: give a session id or a date (YYYY-MM-DD); "
            "'miler log' lists them"
        ) from None
    same_day = [s for s in sessions if s.date == day]
    if not same_day:
        raise InvalidInputError(f"the plan has no session on {day}")
    if len(same_day) > 1:
        ids = ", ".join(f"{s.id} ({s.name})" for s in same_day)
        raise InvalidInputError(f"{day} has {len(same_day)} sessions: name one of {ids}")
    return same_day[0]


def _revision(plan: Plan, weeks: Sequence[Week], reason: str) -> Plan:
    return plan.model_copy(
        update={
            "weeks": tuple(weeks),
            "revision": plan.revision + 1,
            "parent_revision": plan.revision,
            "reason": reason,
        }
    )


def _without(plan: Plan, drop: set[str]) -> list[Week]:
    return [
        week.model_copy(update={"sessions": tuple(s for s in week.sessions if s.id not in drop)})
        for week in plan.weeks
    ]


def skip_session(plan: Plan, ref: str, reason: str, today: dt.date) -> Plan:
    """A revision without the session ``ref`` (not one already past)."""
    session = find_session(plan, ref)
    if session.date < today:
        raise InvalidInputError(
            f"{session.name} on {session.date} is already past: 'miler adapt' records it"
        )
    why = f"skipped {session.name} on {session.date}" + (f": {reason}" if reason else "")
    revised = _revision(plan, _without(plan, {session.id}), why)
    what = f"skipping {session.name} on {session.date}"
    _keeps_the_rules(plan, revised, what, "move it", tolerated=_GROWTH_RULES)
    return revised


#: Rules on how volume grows from one week to the next (C-6, R-G16 and R-S7.4). A skip only
#: takes running away: the next week then "grows" from a week the runner ran less, which is
#: what 'miler adapt' re-plans from, not a reason to refuse the runner their day off.
_GROWTH_RULES = frozenset({"C-6", "R-G16", "R-S7.4"})


def _keeps_the_rules(
    plan: Plan, revised: Plan, what: str, instead: str, tolerated: frozenset[str] = frozenset()
) -> None:
    kept = set(_failures(plan)) | tolerated
    broken = {rule: reason for rule, reason in _failures(revised).items() if rule not in kept}
    if broken:
        raise RuleBrokenError(
            f"{what} breaks training rule(s) {', '.join(sorted(broken))} ('miler validate' "
            f"explains them): {instead}, or just leave it undone and 'miler adapt' re-plans",
            sorted(broken.items()),
        )


def _failures(plan: Plan) -> dict[str, str]:
    """Each rule the plan breaks, with the validator's words for its first failure."""
    from miler.planning.validate import validate_plan

    failures: dict[str, str] = {}
    for result in validate_plan(plan).failures:
        failures.setdefault(result.rule, result.reason)
    return failures


def move_session(plan: Plan, ref: str, to: dt.date, reason: str, today: dt.date) -> Plan:
    """A revision with the session ``ref`` on ``to``, unless that breaks a training rule the
    plan kept."""
    session = find_session(plan, ref)
    if session.date < today or to < today:
        raise InvalidInputError("only sessions still to come can move, and only to a day to come")
    target = next(
        (w for w in plan.weeks if w.start_date <= to < w.start_date + dt.timedelta(days=7)), None
    )
    if target is None:
        raise InvalidInputError(f"{to} is outside the plan's weeks")
    order = sum(1 for s in target.sessions if s.date == to)
    moved = session.model_copy(
        update={"date": to, "day": WEEKDAYS[to.weekday()], "week": target.index, "order": order}
    )
    weeks = []
    for week in _without(plan, {session.id}):
        if week.index == target.index:
            sessions = sorted((*week.sessions, moved), key=lambda s: (s.date, s.order))
            week = week.model_copy(update={"sessions": tuple(sessions)})
        weeks.append(week)
    why = f"moved {session.name} from {session.date} to {to}" + (f": {reason}" if reason else "")
    revised = _revision(plan, weeks, why)
    _keeps_the_rules(plan, revised, f"moving {session.name} to {to}", "choose another day")
    return revised


def take_break(
    plan: Plan,
    start: dt.date,
    end: dt.date,
    reason: Literal["illness", "injury", "travel"],
    activities: Sequence[Activity],
    tz: dt.tzinfo | None = None,
) -> Plan:
    """A revision re-planned as of the day after the break from the running actually done:
    the break's sessions stay in the plan's history (they were missed), and the weeks not
    yet begun on the return day are rebuilt, restarting lower (the re-planner never jumps
    load after missed weeks)."""
    from miler.services.adapt import adapt_plan

    if end < start:
        raise InvalidInputError(f"the break ends ({end}) before it starts ({start})")
    if reason not in BREAK_REASONS:
        raise InvalidInputError(f"a break is for {', '.join(BREAK_REASONS)}, not {reason!r}")
    back = end + dt.timedelta(days=1)
    last = max(s.date for s in plan.sessions())
    if back > last:
        raise InvalidInputError(
            f"the break runs to the end of the plan ({last}): make a new plan when you are back"
        )
    adapted = adapt_plan(plan, activities, today=back, tz=tz)
    assert adapted.revised is not None  # the plan is not over on the return day
    rebuilt = adapted.revised
    return rebuilt.model_copy(
        update={
            "revision": plan.revision + 1,
            "parent_revision": plan.revision,
            "reason": f"{reason} break {start} to {end}; {rebuilt.reason}",
        }
    )


def restore_session(plan: Plan, before: Plan, session_id: str, today: dt.date) -> Plan:
    """A revision with the session ``session_id`` of the earlier revision ``before`` put back
    on its day (undoing a skip), unless that breaks a training rule the plan kept."""
    session = next((s for s in before.sessions() if s.id == session_id), None)
    if session is None:
        raise InvalidInputError(f"no session {session_id!r} in revision {before.revision}")
    if any(s.id == session_id for s in plan.sessions()):
        raise InvalidInputError(f"{session.name} on {session.date} is already in the plan")
    if session.date < today:
        raise InvalidInputError(f"{session.name} on {session.date} is already past")
    weeks = []
    for week in plan.weeks:
        if week.index == session.week:
            sessions = sorted((*week.sessions, session), key=lambda s: (s.date, s.order))
            week = week.model_copy(update={"sessions": tuple(sessions)})
        weeks.append(week)
    revised = _revision(plan, weeks, f"put back {session.name} on {session.date}")
    _keeps_the_rules(plan, revised, f"putting back {session.name}", "leave it skipped")
    return revised


def record_change(
    plans: PlanStore, events: EventStore, plan: Plan, revised: Plan, event: PlanEvent
) -> PlanEvent:
    """Store ``revised`` as the runner's current plan and the event that made it (naming
    the plan and the revision); returns the stored event."""
    plans.save_plan(revised)
    made = event.model_copy(update={"plan_id": plan.plan_id, "revision": revised.revision})
    return events.add_event(plan.athlete_id, made)
