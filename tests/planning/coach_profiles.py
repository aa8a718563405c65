"""Issue 11's reproducing profiles, as the command lines a runner typed, read by the real
``miler plan`` argument parser into a :class:`PlanRequest` (today fixed for the tests)."""

from __future__ import annotations

import argparse
import shlex
from functools import cache

from miler.cli.plan import build_request, configure
from miler.plan.model import Plan
from miler.plan.request import PlanRequest
from miler.planning.generate import generate_plan
from miler.planning.validate import validate_plan

TODAY = "2027-01-01"

ITEM_1_NOVICE = (
    "--result mile=8:40 --goal mile=8:30 --weeks 12 --days mon,tue,fri,sat --age 22 --sex M "
    "--months-running 1 --runs-per-week 2 --longest-run 15"
)
"""Item 1: a novice with alternate-day running on two of four days."""
ITEM_7_TWO_DAYS = (
    "--result 5k=18:20.7 --goal 5k=18:10.8 --goal-type race_average --weeks 18 --days mon,sat "
    "--age 39 --sex F --months-running 18 --runs-per-week 3 --longest-run 105 --intervals "
    "--weekly-minutes 150 --quality-per-week 3 --no-track --lifting-experience "
    "--session-minutes 60"
)
"""Item 7: a baseline of 3 quality sessions on two days."""
RACE_WEEK = (
    "--result mile=6:10 --goal mile=5:55 --race-date 2027-04-24 --days mon,wed,thu,sat "
    "--age 35 --sex F --months-running 36 --runs-per-week 4 --longest-run 60 --intervals "
    "--lifting-experience --sled --boxes"
)
"""Item 8: a Saturday race for an experienced lifter with a sled and boxes."""
FINAL_TRIAL = (
    "--result mile=6:10 --weeks 10 --days tue,thu,sat,sun --age 35 --sex F "
    "--months-running 36 --runs-per-week 4 --longest-run 60 --intervals --lifting-experience"
)
"""Item 8: no race date, so the plan ends with its own time trial."""


def request(command_line: str, today: str = TODAY) -> PlanRequest:
    parser = argparse.ArgumentParser()
    configure(parser)
    args = parser.parse_args([*shlex.split(command_line), "--today", today])
    return build_request(args)


@cache
def plan(command_line: str) -> Plan:
    """The plan the generator makes for ``command_line`` (made once per test run)."""
    return generate_plan(request(command_line))


def result(p: Plan, rule: str) -> tuple[str, str, tuple[str, ...]]:
    """The validator's verdict on ``rule`` for ``p``: status, reason, sessions."""
    r = validate_plan(p).result(rule)
    return r.status, r.reason, r.sessions
