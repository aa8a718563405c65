"""Property test: any tree of run steps and (nested) repeats the plan schema allows comes
back from a FIT workout file, decoded by fitfast, as the same tree."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export.fit_oracle import decode_fitdecode, decode_fitfast, expected_tree
from export.plans import full_plan
from miler.export.fit_workout import session_to_fit
from miler.plan.model import (
    Block,
    BlockRole,
    Intensity,
    RepeatStep,
    RunStep,
    Session,
    SessionType,
    Step,
)

PLAN = full_plan()


@st.composite
def run_steps(draw: st.DrawFn) -> RunStep:
    end = draw(st.sampled_from(["time", "distance", "lap_button", "open"]))
    speed = draw(st.none() | st.floats(1.5, 10.0))
    hr_low = draw(st.none() | st.integers(90, 150))
    hr_high = draw(st.none() | st.integers(151, 205))
    distance = draw(st.floats(50, 20000)) if end == "distance" else None
    return RunStep(
        name=draw(st.text(min_size=1, max_size=60)),
        purpose="work",
        intensity=draw(st.sampled_from(list(Intensity))),
        end=end,
        duration_s=draw(st.floats(5, 7200)) if end == "time" else None,
        distance_m=distance,
        target_time_s=(
            distance / draw(st.floats(2.0, 9.0)) if distance and draw(st.booleans()) else None
        ),
        speed_low_mps=speed,
        speed_high_mps=speed * 1.04 if speed and draw(st.booleans()) else None,
        hr_low_bpm=hr_low,
        hr_high_bpm=hr_high,
        notes=draw(st.text(max_size=300)),
    )


def steps_trees(depth: int = 0) -> st.SearchStrategy[tuple[Step, ...]]:
    leaf = run_steps()
    if depth >= 2:
        return st.lists(leaf, min_size=1, max_size=3).map(tuple)
    repeat = st.builds(
        lambda count, steps: RepeatStep(count=count, steps=steps),
        st.integers(1, 12),
        st.deferred(lambda: steps_trees(depth + 1)),
    )
    return st.lists(leaf | repeat, min_size=1, max_size=4).map(tuple)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps_trees(), role=st.sampled_from(list(BlockRole)))
def test_any_step_tree_round_trips(steps: tuple[Step, ...], role: BlockRole) -> None:
    session = Session(
        id="prop",
        date=dt.date(2026, 1, 6),
        week=1,
        day="tue",
        type=SessionType.QUALITY,
        format="prop",
        name="Property",
        purpose="",
        blocks=(Block(role=role, steps=steps),),
    )
    data = session_to_fit(session, PLAN)
    expected = expected_tree(session, PLAN)
    assert decode_fitfast(data)["tree"] == expected
    assert decode_fitdecode(data)["tree"] == expected
