"""A re-plan is a new revision of the same plan: same plan id and athlete, revision + 1, the
parent revision and the reason recorded, and it starts from the plan's recorded results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from miler.adapt.replan import replan
from miler.plan.model import Plan
from miler.plan.request import PlanRequest, RaceResult
from miler.plan.schema import load_plan
from miler.planning.generate import generate_plan
from miler.units import MILE_M

START = dt.date(2027, 1, 4)
GOLDEN_V1 = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v1.json"


def _plan() -> Plan:
    request = PlanRequest(
        results=(RaceResult(distance_m=5000, time_s=21 * 60, date=START - dt.timedelta(days=20)),),
        days=("mon", "wed", "fri", "sun"),
        weeks=12,
        start_date=START,
        today=START - dt.timedelta(days=2),
        age=30,
        sex="F",
    )
    return generate_plan(request, plan_id="p" * 32, athlete_id="a" * 32)


def test_a_replan_is_the_next_revision_of_the_same_plan() -> None:
    plan = _plan()
    today = START + dt.timedelta(days=7 * 4 + 1)
    revised = replan(plan, today=today).plan
    assert revised.plan_id == plan.plan_id
    assert revised.athlete_id == plan.athlete_id
    assert (revised.revision, revised.parent_revision) == (2, 1)
    assert "rebuilt" in revised.reason
    again = replan(revised, today=today + dt.timedelta(days=7)).plan
    assert (again.plan_id, again.revision, again.parent_revision) == (plan.plan_id, 3, 2)


def test_without_new_results_the_recorded_results_are_used_not_a_stand_in() -> None:
    plan = _plan()
    revised = replan(plan, today=START + dt.timedelta(days=29)).plan
    assert revised.request is not None
    assert plan.request is not None
    assert revised.request.results == plan.request.results
    assert revised.assessment.current_mile_source.startswith("estimated from 5k 21:00.0")
    assert revised.assessment.current_mile_s == plan.assessment.current_mile_s


def test_a_new_time_trial_is_recorded_in_the_revision_request() -> None:
    plan = _plan()
    today = START + dt.timedelta(days=30)
    trial = RaceResult(distance_m=MILE_M, time_s=385.0, tag="time_trial", date=today)
    revised = replan(plan, today=today, new_results=[trial]).plan
    assert revised.request is not None
    assert trial in revised.request.results
    assert revised.assessment.current_mile_s == 385.0


def test_an_upgraded_version_1_plan_revises_with_its_legacy_id() -> None:
    plan = load_plan(GOLDEN_V1.read_text(encoding="utf-8"))
    today = plan.weeks[2].start_date + dt.timedelta(days=1)
    revised = replan(plan, today=today).plan
    assert revised.plan_id == plan.plan_id
    assert revised.revision == 2
    assert json.loads(revised.to_json())["version"] == 2
