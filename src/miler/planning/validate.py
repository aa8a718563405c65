"""The training-rules validator: one check per rule id of training-rules.md.

It reads only a plan (``Plan`` or its JSON) and recomputes what it checks from the
sessions' steps; it never imports the generator or the workout library, so a plan built
or edited by anyone is judged the same way.

>>> report = validate_plan(plan)                                      # doctest: +SKIP
>>> report.passed, [r.rule for r in report.failures]                  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from miler.plan.model import Plan
from miler.plan.schema import load_plan

__all__ = ["RuleResult", "ValidationReport", "validate_plan", "validate_plan_json"]

Status = Literal["pass", "fail", "not_applicable"]


@dataclass(frozen=True)
class RuleResult:
    """The verdict on one rule: its id, pass/fail/not_applicable, why, and the ids of the
    sessions concerned (empty when the rule is about the plan as a whole)."""

    rule: str
    status: Status
    reason: str
    sessions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValidationReport:
    """Every rule's result, in the order of training-rules.md."""

    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        """True when no rule failed (not-applicable rules do not fail a plan)."""
        return all(r.status != "fail" for r in self.results)

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.status == "fail")

    def result(self, rule: str) -> RuleResult:
        """The result of rule ``rule`` (e.g. ``"R-G19"``)."""
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)


def validate_plan(plan: Plan) -> ValidationReport:
    """Check ``plan`` against every training rule."""
    from miler.planning.rules import CHECKS, RULE_IDS
    from miler.planning.rules._facts import compute_facts

    facts = compute_facts(plan)
    results = []
    for rule_id in RULE_IDS:
        outcome = CHECKS[rule_id](facts)
        results.append(RuleResult(rule_id, outcome.status, outcome.reason, outcome.sessions))
    return ValidationReport(tuple(results))


def validate_plan_json(text: str, source: str = "plan file") -> ValidationReport:
    """Check a plan file's text; raises :class:`miler.errors.PlanFileError` when it is not
    JSON or not a plan of this schema version."""
    return validate_plan(load_plan(text, source))
