"""Moving a planned session to another day, judged by the training rules.

A move is accepted only when the moved plan breaks no rule the plan kept before it; a
refusal carries the rule's id and the validator's own words.
"""

from __future__ import annotations

import datetime as dt

from miler.errors import MilerError
from miler.plan.model import Plan, Week
from miler.plan.profile import WEEKDAYS

__all__ = ["MoveRefusedError", "check_move"]


class MoveRefusedError(MilerError):
    """The move would break a training rule (the message names the rule and says why)."""


def _week_of(plan: Plan, day: dt.date) -> Week:
    for week in plan.weeks:
        if week.start_date <= day < week.start_date + dt.timedelta(days=7):
            return week
    first = plan.weeks[0].start_date
    last = plan.weeks[-1].start_date + dt.timedelta(days=6)
    raise MoveRefusedError(f"{day.isoformat()} is outside the plan ({first} to {last})")


def _moved(plan: Plan, session_id: str, day: dt.date) -> Plan:
    from miler.web.plans import UnknownPlanError

    session = next((s for s in plan.sessions() if s.id == session_id), None)
    if session is None:
        raise UnknownPlanError(f"no session {session_id!r} in this plan")
    if day == session.date:
        return plan
    target = _week_of(plan, day)
    order = 1 + max((s.order for s in target.sessions if s.date == day), default=-1)
    moved = session.model_copy(
        update={"date": day, "day": WEEKDAYS[day.weekday()], "week": target.index, "order": order}
    )
    weeks = []
    for week in plan.weeks:
        kept = [s for s in week.sessions if s.id != session_id]
        if week.index == target.index:
            kept.append(moved)
        kept.sort(key=lambda s: (s.date, s.order))
        weeks.append(week.model_copy(update={"sessions": tuple(kept)}))
    return plan.model_copy(update={"weeks": tuple(weeks)})


def check_move(plan: Plan, session_id: str, day: dt.date) -> Plan:
    """``plan`` with ``session_id`` moved to ``day``, or :class:`MoveRefusedError` naming
    the first rule the move breaks (a rule that already failed does not refuse it)."""
    from miler.planning.validate import validate_plan

    moved = _moved(plan, session_id, day)
    before = {r.rule for r in validate_plan(plan).failures}
    broken = [r for r in validate_plan(moved).failures if r.rule not in before]
    if broken:
        first = broken[0]
        raise MoveRefusedError(f"{first.rule}: {first.reason}")
    return moved
