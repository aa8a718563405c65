"""What each planned session asks for: its duration, the kind and shape of activity
that can stand for it, its work reps and its cross-training mode."""

from __future__ import annotations

from dataclasses import dataclass

from miler.adapt.outcomes import (
    ALL_OUT_SESSIONS,
    GYM_SESSIONS,
    RUN_SESSIONS,
    ActivityKind,
)
from miler.plan.model import (
    CrossStep,
    RunStep,
    Session,
    SessionType,
    iter_steps,
)
from miler.planning.measure import session_duration_s

__all__ = [
    "Planned",
    "plan_session",
]


@dataclass(frozen=True)
class Planned:
    """A planned session with what matching needs: its duration, the kind and shape of
    activity that can stand for it (``wants``), its work reps and cross-training mode."""

    session: Session
    planned_s: float
    kind: ActivityKind | None
    wants: str
    work: tuple[RunStep, ...]
    """The work reps of a quality session, one entry per rep (repeats unrolled)."""
    mode: str | None
    """The cross-training mode of a cross-training session."""


def _session_kind(session: Session) -> ActivityKind | None:
    if session.type in RUN_SESSIONS:
        return ActivityKind.RUN
    if session.type is SessionType.CROSS_TRAINING:
        return ActivityKind.CROSS
    if session.type in GYM_SESSIONS:
        return ActivityKind.STRENGTH
    return None


def _wants(session: Session) -> str:
    if session.type is SessionType.QUALITY:
        return "intervals"
    if session.type in ALL_OUT_SESSIONS:
        return "trial"
    return "steady" if session.type in RUN_SESSIONS else "any"


def _work_reps(session: Session) -> tuple[RunStep, ...]:
    reps: list[RunStep] = []
    for block in session.blocks:
        for step, times in iter_steps(block.steps):
            if isinstance(step, RunStep) and step.purpose == "work":
                reps.extend([step] * times)
    return tuple(reps)


def plan_session(session: Session, easy_mps: float) -> Planned:
    """What ``session`` asks for; ``easy_mps`` times its easy running."""
    work = _work_reps(session) if session.type is SessionType.QUALITY else ()
    return Planned(
        session,
        session_duration_s(session, easy_mps),
        _session_kind(session),
        _wants(session),
        work,
        _cross_mode(session),
    )


def _cross_mode(session: Session) -> str | None:
    for block in session.blocks:
        for step, _ in iter_steps(block.steps):
            if isinstance(step, CrossStep):
                return step.mode
    return None
