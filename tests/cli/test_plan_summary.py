"""The one-line session summaries of the terminal plan view."""

from __future__ import annotations

from export.plans import (
    full_plan,
    jog,
    quality_sections,
    rep,
    short_time_reps,
    strength,
    time_trial,
)
from miler.cli.plan_summary import session_summary
from miler.plan.model import Block, BlockRole, RepeatStep


def test_repeats_show_count_distance_target_time_and_recovery() -> None:
    text = session_summary(quality_sections(1))
    assert "4×400 m in 1:29.5, jog 3:00" in text
    assert "drills" in text


def test_a_repeat_followed_by_its_last_rep_reads_as_one_more_rep() -> None:
    base = quality_sections(1)
    work = rep(200, 42.0, ranged=False)
    five_then_one = Block(
        role=BlockRole.ENDURANCE, steps=(RepeatStep(count=5, steps=(work, jog(105))), work)
    )
    session = base.model_copy(update={"blocks": (five_then_one,)})
    assert session_summary(session) == "6×200 m in 42.0 s, jog 1:45"


def test_time_reps_show_pace_and_recovery() -> None:
    assert "8×30 s at" in session_summary(short_time_reps(1))
    assert "jog 1:00" in session_summary(short_time_reps(1))


def test_time_trial_shows_distance_and_target() -> None:
    assert session_summary(time_trial(1)).startswith("1 mile in 6:10.8")


def test_strength_lists_each_lift_with_sets_and_reps() -> None:
    text = session_summary(strength(1, "wed"))
    assert "×" in text
    assert "squat" in text.lower()


def test_every_session_of_a_full_plan_has_a_summary() -> None:
    for session in full_plan().sessions():
        assert session_summary(session), session.id
