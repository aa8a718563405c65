"""Weeks judged by the paces they were written from (``Week.reference``).

A re-plan after a time trial keeps the weeks that have begun and rebuilds the rest from the
new current mile, so one plan holds weeks written from two miles. Here such plans are made
from two real generated plans for the same runner and goal, one from an older mile: its
first weeks, each carrying that mile and its paces as reference, then the other's. A coach
checks that every week is held to the paces it was written for, no more and no less, and
that plan files written before weeks could carry a reference read and validate as before.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import pytest

from miler.errors import PlanFileError
from miler.plan.model import Plan, WeekReference
from miler.plan.request import PlanRequest, RaceResult
from miler.plan.schema import load_plan
from miler.planning.generate import generate_plan
from miler.planning.validate import ValidationReport, validate_plan, validate_plan_json

MILE = 1609.344


@cache
def plan_from(mile_s: float) -> Plan:
    """Twelve weeks to an 8:00 mile on race day for a 35-year-old woman who runs four days a
    week, from a mile time trial in ``mile_s`` seconds."""
    return generate_plan(
        PlanRequest(
            results=(RaceResult(distance_m=MILE, time_s=mile_s, tag="time_trial"),),
            days=("mon", "wed", "thu", "sat"),
            goal_time_s=480.0,
            race_date=dt.date(2027, 3, 27),
            start_date=dt.date(2027, 1, 4),
            today=dt.date(2027, 1, 1),
            age=35,
            sex="F",
            months_running=8,
            runs_per_week=3,
            longest_run_min=40,
            recent_intervals=True,
            lifting_experience=True,
            force=True,
        )
    )


def written_from(plan: Plan) -> WeekReference:
    return WeekReference(current_mile_s=plan.assessment.current_mile_s, paces=plan.paces)


def spliced(early_mile_s: float, now_mile_s: float, kept: int) -> Plan:
    """The plan from ``now_mile_s`` whose first ``kept`` weeks are those written from
    ``early_mile_s``, each with that mile and its paces as reference."""
    early, now = plan_from(early_mile_s), plan_from(now_mile_s)
    # a week written at a step toward the goal (C-9) keeps its own reference
    weeks = tuple(
        w.model_copy(update={"reference": w.reference or written_from(early)})
        for w in early.weeks[:kept]
    )
    return now.model_copy(update={"weeks": weeks + now.weeks[kept:]})


def without_references(plan: Plan) -> Plan:
    """``plan`` judged by its one current mile: the references from another mile go (the
    steps toward goal pace from its own mile, C-9, stay)."""
    weeks = tuple(
        w
        if w.reference is not None and w.reference.current_mile_s == plan.assessment.current_mile_s
        else w.model_copy(update={"reference": None})
        for w in plan.weeks
    )
    return plan.model_copy(update={"weeks": weeks})


def kept_ids(plan: Plan, kept: int) -> set[str]:
    return {s.id for w in plan.weeks[:kept] for s in w.sessions}


def verdicts(report: ValidationReport) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(r.rule, r.status, r.reason, r.sessions) for r in report.results]


def test_both_plans_pass_on_their_own() -> None:
    for mile_s in (520.0, 500.0, 470.0):
        report = validate_plan(plan_from(mile_s))
        assert report.passed, [(r.rule, r.reason) for r in report.failures]


def test_weeks_from_a_slower_mile_pass_by_their_reference_R_G14_R_S6_6_R_G15() -> None:
    """Weeks 1-4 written from 8:40, the rest from 8:20: the 30-s reps and the 2×4.5 min
    of the early weeks are right for 8:40, the 3×3.5 min of week 6 for 8:20. R-G15's
    2→3→4 build-up counts on across the weeks of both miles: week 6 is the second
    occurrence, so 3 reps."""
    plan = spliced(520.0, 500.0, kept=4)
    report = validate_plan(plan)
    assert report.passed, [(r.rule, r.reason) for r in report.failures]
    assert "4.5-min bouts for a 520 s mile" in report.result("R-S6.6").reason
    assert "3.5-min bouts for a 500 s mile" in report.result("R-S6.6").reason
    long_intervals = [s for s in plan.sessions() if s.format == "long_intervals"]
    assert [(s.week, s.name) for s in long_intervals] == [(4, "2×4.5 min"), (6, "3×3.5 min")]
    assert report.result("R-G15").status == "pass"


def test_without_the_reference_the_early_weeks_fail_the_pace_rules_R_G14_R_S6_6_R_G15() -> None:
    """The same plan judged by its one 8:20 mile, as before weeks had references: the
    early 30-s reps are slower than 8:20 pace (R-G14), the 4.5-min bouts are not 8:20's
    3.5 min (R-S6.6) nor at its pace (R-G15); only sessions of the early weeks fail."""
    plan = without_references(spliced(520.0, 500.0, kept=4))
    report = validate_plan(plan)
    # (their reps, written at a step from 8:40 toward the goal, also miss the goal pace
    # rules and C-9 then)
    assert {"R-G14", "R-S6.6", "R-G15"} <= {r.rule for r in report.failures}
    assert all(r.sessions and set(r.sessions) <= kept_ids(plan, 4) for r in report.failures)
    assert "gives 3.5 min bouts" in report.result("R-S6.6").reason


def test_r_g15_applies_to_the_weeks_whose_mile_is_in_its_band_R_G15_R_G7() -> None:
    """Weeks 1-7 written from 8:20 (R-G15's band), the rest from 7:50 (outside it): R-G15
    judges the 8:20 weeks' long intervals and passes. Judged by 7:50 alone, R-G15 does not
    apply at all, and the 8:20 reps are too slow to count as quality any more (R-G7,
    R-S6.8) or for the 30-s reps (R-G14). (Spliced by hand, the 7:50 plan's week 10 grows
    13% over weeks 8-9, which its own week 6 allowed (R-G16 measures from the highest
    week): the growth caps at the junction are what a re-plan mends, replan._mend_junction,
    and are left out here.)"""
    plan = spliced(500.0, 470.0, kept=7)
    report = validate_plan(plan)
    junction = {"R-G16", "R-S7.4"}
    assert {r.rule for r in report.failures} <= junction, report.failures
    assert all("week 10:" in r.reason for r in report.failures)
    assert report.result("R-G15").status == "pass"
    assert report.result("R-G15").reason.startswith("3.5-min bouts")
    stripped = validate_plan(without_references(plan))
    assert stripped.result("R-G15").status == "not_applicable"
    failing = {r.rule for r in stripped.failures}
    assert {"R-G7", "R-S6.8", "R-G14"} <= failing
    assert all(
        set(r.sessions) <= kept_ids(plan, 7) for r in stripped.failures if r.rule not in junction
    )


def test_a_reference_must_agree_with_its_own_mile_R_G20() -> None:
    """A reference is held to R-G20 like the plan's own paces: a reference whose paces are
    another mile's fails, naming the week's sessions."""
    plan = spliced(520.0, 500.0, kept=4)
    wrong = WeekReference(current_mile_s=520.0, paces=plan_from(500.0).paces)
    week_2 = plan.weeks[1].model_copy(update={"reference": wrong})
    broken = plan.model_copy(update={"weeks": (plan.weeks[0], week_2, *plan.weeks[2:])})
    result = validate_plan(broken).result("R-G20")
    assert result.status == "fail"
    assert "week 2: its reference's current mile speed does not match" in result.reason
    assert set(result.sessions) == {s.id for s in plan.weeks[1].sessions}


# -- the plan file ---------------------------------------------------------------------------


def test_a_plan_without_references_is_written_as_before() -> None:
    """A generated plan whose weeks need no reference (a maintenance goal: no step toward
    it, C-9) has no ``reference`` key: files written before it existed and files written
    now are the same."""
    text = plan_from(470.0).to_json()
    assert all("reference" not in week for week in json.loads(text)["weeks"])
    assert '"reference"' not in text


def test_an_old_plan_file_loads_and_validates_as_before() -> None:
    """A file without the field, or (tolerated) with ``"reference": null``, reads back as
    the same plan, is judged the same, and is written back without the field."""
    plan = plan_from(470.0)
    old_text = plan.to_json()
    raw = json.loads(old_text)
    for week in raw["weeks"]:
        week["reference"] = None
    for text in (old_text, json.dumps(raw)):
        loaded = load_plan(text, "old.json")
        assert loaded == plan
        assert loaded.to_json() == old_text
        assert verdicts(validate_plan_json(text)) == verdicts(validate_plan(plan))


def test_references_survive_the_plan_file() -> None:
    plan = spliced(520.0, 500.0, kept=4)
    text = plan.to_json()
    weeks = json.loads(text)["weeks"]
    # week 5 is the 8:20 plan's, at its step toward the goal (C-9)
    assert [w.get("reference", {}).get("current_mile_s") for w in weeks[:5]] == [520.0] * 4 + [
        500.0
    ]
    assert load_plan(text) == plan
    assert verdicts(validate_plan_json(text)) == verdicts(validate_plan(plan))


def test_a_reference_without_a_mile_is_refused() -> None:
    raw = json.loads(spliced(520.0, 500.0, kept=4).to_json())
    raw["weeks"][0]["reference"]["current_mile_s"] = 0
    with pytest.raises(PlanFileError, match=r"weeks\.0\.reference\.current_mile_s"):
        load_plan(json.dumps(raw), "edited.json")
