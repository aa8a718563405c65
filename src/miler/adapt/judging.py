"""Judging what was done for a session: complete or short, reps against their target
speeds, the all-out effort of a time trial or race, and the session's outcome."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from miler.activities.best_efforts import Effort, best_effort
from miler.activities.intervals import Rep
from miler.adapt.activity_kinds import Done
from miler.adapt.outcomes import (
    ALL_OUT_SESSIONS,
    GYM_SESSIONS,
    PACE_TOLERANCE,
    PARTIAL_BELOW,
    REPS_SHARE,
    TRIAL_SLACK,
    EvidenceSource,
    FitnessEvidence,
    Outcome,
    SessionOutcome,
)
from miler.adapt.planned import Planned
from miler.plan.model import (
    Plan,
    RunStep,
    Session,
    SessionType,
    iter_steps,
)
from miler.planning.measure import speed_range

__all__ = [
    "Judged",
    "matched_outcome",
    "unmatched_outcome",
]


@dataclass(frozen=True)
class Judged:
    """What an activity did for its session: fields of :class:`SessionOutcome`."""

    complete: bool
    notes: tuple[str, ...]
    reps_found: int | None = None
    rep_speed_mps: float | None = None
    target_speed_low_mps: float | None = None
    target_speed_high_mps: float | None = None
    evidence: FitnessEvidence | None = None


def _target_range(work: Sequence[RunStep]) -> tuple[float, float] | None:
    """The span of the work reps' speed ranges (m/s), as a watch would hold them."""
    ranges = [r for r in (speed_range(step) for step in work) if r is not None]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _off_target(reps: Sequence[Rep], target: tuple[float, float]) -> list[str]:
    """A note for each rep more than :data:`PACE_TOLERANCE` outside the target range."""
    low, high = target[0] * (1 - PACE_TOLERANCE), target[1] * (1 + PACE_TOLERANCE)
    notes = []
    for rep in reps:
        if rep.speed_mps < low:
            slower = 100 * (1 - rep.speed_mps / target[0])
            notes.append(f"rep {rep.number} was {slower:.0f} % slower than its target range")
        elif rep.speed_mps > high:
            faster = 100 * (rep.speed_mps / target[1] - 1)
            notes.append(f"rep {rep.number} was {faster:.0f} % faster than its target range")
    return notes


def _judge_reps(planned: Planned, done: Done) -> Judged:
    """Reps planned and found, their mean speed against the target (R-G12 tolerance)."""
    wanted, found = len(planned.work), len(done.reps)
    target = _target_range(planned.work)
    notes: list[str] = []
    if found < REPS_SHARE * wanted or found > wanted:
        notes.append(f"{found} reps found, {wanted} planned")
    if wanted < 3 and found == 0:
        notes.append("fewer than 3 reps are found only from the watch's work/rest laps")
    speed = None
    if done.reps:
        speed = sum(r.distance_m for r in done.reps) / sum(r.time_s for r in done.reps)
        if target is not None:
            notes.extend(_off_target(done.reps, target))
    return Judged(
        complete=found >= REPS_SHARE * wanted,
        notes=tuple(notes),
        reps_found=found,
        rep_speed_mps=speed,
        target_speed_low_mps=None if target is None else target[0],
        target_speed_high_mps=None if target is None else target[1],
    )


def _trial_step(session: Session) -> RunStep | None:
    for block in session.blocks:
        for step, _ in iter_steps(block.steps):
            if isinstance(step, RunStep) and step.purpose in ("time_trial", "race"):
                return step
    return None


def _trial_effort(planned: Planned, done: Done) -> Effort | None:
    """The all-out effort of a time-trial or race day: the one ``recognise_time_trial``
    finds, else the best effort over the planned distance if within :data:`TRIAL_SLACK`
    of the target time and the run was no rep session (reps run instead of the trial
    hold a fast mile with their recoveries in it, which is not a trial)."""
    if done.trial is not None:
        return done.trial.effort
    step = _trial_step(planned.session)
    if done.reps or step is None or step.distance_m is None:
        return None
    best = best_effort(done.activity.samples, step.distance_m)
    target = step.target_time_s
    if best is None or (target is not None and best.time_s > TRIAL_SLACK * target):
        return None
    return best


def _judge_trial(planned: Planned, done: Done) -> Judged:
    """A time trial or race is done when the run holds an all-out effort; that effort is
    evidence of fitness (R-G20)."""
    session = planned.session
    effort = _trial_effort(planned, done)
    if effort is None or done.date is None:
        if done.reps:
            return Judged(complete=False, notes=("reps were run instead of the all-out effort",))
        return Judged(complete=False, notes=("no all-out effort over the planned distance",))
    source = (
        EvidenceSource.RACE_SESSION
        if session.type is SessionType.RACE
        else EvidenceSource.TIME_TRIAL_SESSION
    )
    evidence = FitnessEvidence(
        done.date, effort.distance_m, effort.time_s, source, done.index, session.id
    )
    return Judged(complete=True, notes=(), evidence=evidence)


def _easy_note(plan: Plan, done: Done) -> tuple[str, ...]:
    """R-G6: an easy or long run clearly faster than the top of the easy range."""
    top = plan.paces.easy_speed_high_mps
    speed = done.distance_m / done.recorded_s if done.recorded_s > 0 else 0.0
    if speed > top * (1 + PACE_TOLERANCE):
        faster = 100 * (speed / top - 1)
        return (f"run {faster:.0f} % faster than the top of the easy range (R-G6)",)
    return ()


def _judge(plan: Plan, planned: Planned, done: Done) -> Judged:
    session_type = planned.session.type
    if session_type in ALL_OUT_SESSIONS:
        return _judge_trial(planned, done)
    judged = _judge_reps(planned, done) if session_type is SessionType.QUALITY else None
    notes = list(judged.notes) if judged else []
    if session_type in (SessionType.EASY_RUN, SessionType.LONG_RUN):
        notes.extend(_easy_note(plan, done))
    short = done.recorded_s < PARTIAL_BELOW * planned.planned_s
    if short:
        share = 100 * done.recorded_s / planned.planned_s
        notes.insert(0, f"recorded {share:.0f} % of the planned time")
    complete = not short and (judged is None or judged.complete)
    if judged is None:
        return Judged(complete=complete, notes=tuple(notes))
    return dataclasses.replace(judged, complete=complete, notes=tuple(notes))


def _outcome(planned: Planned, outcome: Outcome) -> SessionOutcome:
    """A session's outcome with the session's own fields and nothing done yet."""
    session = planned.session
    reps = len(planned.work) if session.type is SessionType.QUALITY else None
    return SessionOutcome(
        session_id=session.id,
        date=session.date,
        week=session.week,
        type=session.type,
        format=session.format,
        name=session.name,
        outcome=outcome,
        planned_s=planned.planned_s,
        reps_planned=reps,
    )


def matched_outcome(plan: Plan, planned: Planned, done: Done) -> tuple[SessionOutcome, Judged]:
    """The outcome of a session ``done`` was paired with (done, partial or moved), and
    the judgement behind it (its fitness evidence, if any)."""
    judged = _judge(plan, planned, done)
    if done.date != planned.session.date:
        outcome = Outcome.MOVED
    else:
        outcome = Outcome.DONE if judged.complete else Outcome.PARTIAL
    result = dataclasses.replace(
        _outcome(planned, outcome),
        activity_index=done.index,
        done_date=done.date,
        done_s=done.recorded_s,
        done_distance_m=done.distance_m,
        compliance=done.recorded_s / planned.planned_s if planned.planned_s > 0 else None,
        complete=judged.complete,
        reps_found=judged.reps_found,
        rep_speed_mps=judged.rep_speed_mps,
        target_speed_low_mps=judged.target_speed_low_mps,
        target_speed_high_mps=judged.target_speed_high_mps,
        notes=judged.notes,
    )
    return result, judged


def unmatched_outcome(planned: Planned, today: dt.date) -> SessionOutcome:
    """The outcome of a session nothing was paired with: upcoming from ``today`` on,
    else not recorded (strength, power) or missed."""
    session = planned.session
    if session.date >= today:
        return _outcome(planned, Outcome.UPCOMING)
    if session.type in GYM_SESSIONS:
        return _outcome(planned, Outcome.NOT_RECORDED)
    return dataclasses.replace(_outcome(planned, Outcome.MISSED), done_s=0.0, compliance=0.0)
