"""Use case: make a plan.

A new plan gets fresh ids (plan and athlete, unless the runner is known) and the request is
dated with ``today`` from the front end, so the domain never reads the clock. The plan records
its full request (schema version 2), which later re-plans start from.
"""

from __future__ import annotations

import datetime as dt

from miler.plan.identity import new_id
from miler.plan.model import Plan
from miler.plan.request import PlanRequest

__all__ = ["make_plan"]


def make_plan(
    request: PlanRequest,
    *,
    today: dt.date,
    plan_id: str | None = None,
    athlete_id: str | None = None,
) -> Plan:
    """A new plan for ``request`` as of ``today`` (the request's own date wins when set).

    The plan is checked by the rules validator before it is handed out: a request whose plan
    would break a rule is refused naming the rule (:func:`~miler.planning.generate.
    generate_checked_plan`). Raises :class:`~miler.errors.InvalidInputError` or
    :class:`~miler.errors.ImpossibleGoalError` with the reason a request cannot be planned.
    """
    from miler.planning.generate import generate_checked_plan

    if request.today is None:
        request = request.model_copy(update={"today": today})
    return generate_checked_plan(
        request, plan_id=plan_id or new_id(), athlete_id=athlete_id or new_id()
    )
