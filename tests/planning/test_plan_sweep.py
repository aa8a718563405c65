"""Issue 11: 2,000 random runners across the whole input space (tests/planning/sweep.py).

Every request either gets a plan that passes every training and coach rule, or is refused
with a one-line reason (an input a coach would question, a goal out of reach, or the rule
the plan could not keep). Nothing crashes. The sweep runs in 4 chunks of 500 seeds so a
parallel runner can spread it; it is marked slow.

The share of refusals that name a rule (miler could not build the plan within the rules,
as opposed to refusing the input) is bounded: a regression that makes the generator fail
more often shows here even though the refusal itself is clean.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sweep import random_request

from miler.errors import ImpossibleGoalError, InvalidInputError
from miler.plan.request import PlanRequest
from miler.planning.generate import generate_checked_plan
from miler.planning.validate import validate_plan

CHUNKS = 4
CHUNK = 500
MOST_RULE_REFUSALS = 0.06
"""At most this share of a chunk's requests may be refused for a rule the generator could
not keep (measured: see the closing note of issue 11)."""


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_requests_get_a_valid_plan_or_a_clear_refusal(chunk: int) -> None:
    outcomes: Counter[str] = Counter()
    problems: list[str] = []
    for seed in range(chunk * CHUNK, (chunk + 1) * CHUNK):
        fields = random_request(seed)
        try:
            plan = generate_checked_plan(PlanRequest(**fields))
        except (InvalidInputError, ImpossibleGoalError) as error:
            message = str(error)
            if "\n" in message or len(message) < 20:
                problems.append(f"seed {seed}: unclear refusal {message!r}")
            kind = "rule" if "keeps rule" in message else "input"
            outcomes[kind] += 1
            continue
        except Exception as error:  # every other exception is a bug
            problems.append(f"seed {seed}: {type(error).__name__}: {error}")
            continue
        failures = validate_plan(plan).failures
        if failures:
            problems.append(f"seed {seed}: a plan breaking {[f.rule for f in failures]}")
        outcomes["plan"] += 1
    assert not problems, "\n".join(problems[:10])
    assert outcomes["plan"] >= CHUNK // 2, outcomes
    assert outcomes["rule"] <= MOST_RULE_REFUSALS * CHUNK, outcomes


def test_the_sweep_covers_the_whole_input_space() -> None:
    requests = [random_request(seed) for seed in range(CHUNKS * CHUNK)]
    ages = [r["age"] for r in requests if r["age"] is not None]
    assert min(ages) <= 9 and max(ages) >= 89
    miles = [r["results"][0].time_s for r in requests]
    assert min(miles) < 250 and max(miles) > 700
    assert {len(r["days"]) for r in requests} == set(range(1, 8))
    weeks = [r["weeks"] for r in requests if r["weeks"] is not None]
    assert min(weeks) == 4 and max(weeks) >= 50
    assert sum(r["race_date"] is not None for r in requests) > 500
    assert {r["goal_type"] for r in requests} == {g for g in type(requests[0]["goal_type"])}
    assert {r["long_run_day"] for r in requests} >= {None, "mon", "sat", "sun"}
    assert {r["cross_training"] for r in requests} == {
        "cycling",
        "elliptical",
        "swimming",
        "deep_water_running",
        "rowing",
    }
    for flag in ("track", "gym", "hills", "treadmill", "sled", "parachute", "boxes"):
        assert {getattr(r["equipment"], flag) for r in requests} == {True, False}
    for flag in ("recent_intervals", "lifting_experience", "force"):
        assert {r[flag] for r in requests} == {True, False}
    assert min(r["session_minutes"] for r in requests) <= 30
    assert any(r["weekly_run_min"] is not None for r in requests)
    assert any(r["results"][-1].treadmill_incline_pct is not None for r in requests)
