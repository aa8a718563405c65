"""Assertions shared by the validator tests."""

from __future__ import annotations

from functools import cache

from plans import Profile, build_plan

from miler.plan.model import Plan
from miler.planning.validate import RuleResult, validate_plan


@cache
def plan_for(profile: Profile = Profile()) -> Plan:  # noqa: B008 (frozen, hashable)
    return build_plan(profile)


def result(plan: Plan, rule: str) -> RuleResult:
    return validate_plan(plan).result(rule)


def assert_passes(plan: Plan, rule: str) -> RuleResult:
    r = result(plan, rule)
    assert r.status == "pass", f"{rule}: {r.reason}"
    return r


def assert_fails(plan: Plan, rule: str, *sessions: str, reason: str = "") -> RuleResult:
    """``rule`` fails, naming at least ``sessions`` and mentioning ``reason``."""
    r = result(plan, rule)
    assert r.status == "fail", f"{rule} did not fail: {r.reason}"
    missing = set(sessions) - set(r.sessions)
    assert not missing, f"{rule} does not name {missing}: {r.sessions}"
    assert reason in r.reason, r.reason
    return r


def assert_not_applicable(plan: Plan, rule: str, reason: str = "") -> RuleResult:
    r = result(plan, rule)
    assert r.status == "not_applicable", f"{rule}: {r.status} {r.reason}"
    assert reason in r.reason
    assert r.reason
    return r


INTERMEDIATE = Profile()
EXPERIENCED = Profile(level="experienced")
NOVICE = Profile(level="novice", weeks=12, pr_s=660)
