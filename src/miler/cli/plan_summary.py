"""One compact line per session for the terminal plan: the work, its targets, the extras.

A runner scanning a week in the terminal wants "6×200 m in 42.0 s, jog 1:45", not every
step of the warm-up; the full steps are in ``--md``, ``--html`` and the exports.
"""

from __future__ import annotations

from miler.export.describe import (
    distance_text,
    duration_text,
    hr_text,
    pace_range_text,
    rep_time_text,
)
from miler.plan.model import (
    Block,
    BlockRole,
    CrossStep,
    DrillStep,
    ExerciseStep,
    Intensity,
    RepeatStep,
    RunStep,
    Session,
    Step,
    iter_steps,
)
from miler.planning.measure import speed_range

__all__ = ["session_summary"]

_WORK_ROLES = (BlockRole.SPRINTS, BlockRole.ENDURANCE, BlockRole.MAIN, BlockRole.RESISTED)


def _rep_text(step: RunStep, on_track: bool) -> str:
    if step.end == "distance" and step.distance_m is not None:
        text = distance_text(step.distance_m)
        if step.target_time_s is not None:
            return f"{text} in {rep_time_text(step.target_time_s)}"
    elif step.duration_s is not None:
        text = _minutes_or_clock(step.duration_s)
    else:
        text = step.name
    speeds = speed_range(step)
    if speeds is not None and step.intensity == Intensity.ACTIVE:
        text = f"{text} at {pace_range_text(speeds[0], speeds[1], on_track)}"
        hr = hr_text(None, step.hr_high_bpm) if step.purpose == "easy" else None
        return f"{text}, {hr}" if hr else text
    if step.rpe_high is not None:
        return f"{text} at RPE {step.rpe_high:g}"
    return text


def _minutes_or_clock(seconds: float) -> str:
    """Steady running reads in whole minutes (``33 min``); reps keep the clock (``3:30``)."""
    if seconds >= 600:
        return f"{round(seconds / 60)} min"
    return duration_text(seconds)


def _recovery_text(step: RunStep) -> str:
    how = step.purpose if step.purpose in ("walk", "jog") else "recover"
    if step.duration_s is not None:
        return f"{how} {duration_text(step.duration_s)}"
    if step.distance_m is not None:
        return f"{how} {distance_text(step.distance_m)}"
    return how


def _is_work(step: RunStep) -> bool:
    return step.intensity == Intensity.ACTIVE


def _repeat_text(step: RepeatStep, on_track: bool) -> str:
    runs = [s for s in step.steps if isinstance(s, RunStep)]
    work = [s for s in runs if _is_work(s)]
    rest = [s for s in runs if not _is_work(s)]
    if len(work) == 1:
        text = f"{step.count}×{_rep_text(work[0], on_track)}"
    else:
        inner = ", ".join(_rep_text(s, on_track) for s in work) or "set"
        text = f"{step.count}×({inner})"
    if rest:
        text += f", {_recovery_text(rest[0])}"
    return text


def _runs_text(steps: tuple[Step, ...], on_track: bool) -> list[str]:
    """Work reps of a block, equal neighbours grouped: ``2×400 m in 1:29.0``."""
    parts: list[str] = []
    last, count = "", 0
    repeat: RepeatStep | None = None
    for step in steps:
        if isinstance(step, RepeatStep):
            parts.append(_repeat_text(step, on_track))
            repeat, last = step, ""
            continue
        if not isinstance(step, RunStep) or not _is_work(step):
            continue
        text = _rep_text(step, on_track)
        if repeat is not None and _last_rep_of(repeat, step):
            # "5×(200 m, jog)" then a last 200 m without the jog reads as 6×200 m.
            parts[-1] = _repeat_text(
                repeat.model_copy(update={"count": repeat.count + 1}), on_track
            )
        elif text == last:
            count += 1
            parts[-1] = f"{count}×{text}"
        else:
            last, count = text, 1
            parts.append(text)
        repeat = None
    return parts


def _last_rep_of(repeat: RepeatStep, step: RunStep) -> bool:
    work = [s for s in repeat.steps if isinstance(s, RunStep) and _is_work(s)]
    return len(work) == 1 and work[0] == step


def _easy_text(session: Session) -> str:
    minutes = 0.0
    speeds: tuple[float, float] | None = None
    hr_high = None
    for block in session.blocks:
        for step, times in iter_steps(block.steps):
            if isinstance(step, RunStep) and step.duration_s is not None:
                minutes += times * step.duration_s / 60
                speeds = speeds or speed_range(step)
                hr_high = hr_high or step.hr_high_bpm
    parts = [f"{minutes:.0f} min easy"]
    if speeds is not None:
        parts.append(pace_range_text(speeds[0], speeds[1], on_track=False))
    hr = hr_text(None, hr_high)
    if hr:
        parts.append(hr)
    return ", ".join(parts)


def _exercises_text(block: Block) -> str:
    items = []
    for step, _ in iter_steps(block.steps):
        if isinstance(step, ExerciseStep):
            dose = f"{step.sets}×{step.reps}"
            if step.load_pct_1rm is not None:
                dose += f" @{step.load_pct_1rm:g}%"
            elif step.reps_in_reserve is not None:
                dose += f" RIR {step.reps_in_reserve}"
            items.append(f"{step.name} {dose}")
    return "; ".join(items)


def _extras(session: Session) -> list[str]:
    drill_s, contacts = 0.0, 0
    for block in session.blocks:
        leaves = list(iter_steps(block.steps))
        if block.role == BlockRole.DRILLS:
            drill_s += sum(t * s.duration_s for s, t in leaves if isinstance(s, DrillStep))
        elif block.role == BlockRole.PLYOMETRICS:
            contacts += sum(
                t * s.ground_contacts for s, t in leaves if isinstance(s, ExerciseStep | DrillStep)
            )
    extras = []
    if drill_s:
        extras.append(f"drills {duration_text(drill_s)}")
    if contacts:
        extras.append(f"plyometrics {contacts} contacts")
    return extras


def session_summary(session: Session) -> str:
    """The session on one line: main work and targets, then drills and plyometrics."""
    on_track = session.location == "track"
    main: list[str] = []
    for block in session.blocks:
        if block.role in _WORK_ROLES:
            main.extend(_runs_text(block.steps, on_track))
        elif block.role == BlockRole.STRENGTH:
            main.append(_exercises_text(block))
        elif block.role == BlockRole.CROSS:
            for step, _ in iter_steps(block.steps):
                if isinstance(step, CrossStep):
                    hr = hr_text(None, step.hr_high_bpm)
                    main.append(
                        f"{step.mode.replace('_', ' ')} {_minutes_or_clock(step.duration_s)} easy"
                        + (f", {hr}" if hr else "")
                    )
    if not main and session.type in ("easy_run", "long_run"):
        main.append(_easy_text(session))
    text = "; ".join(m for m in main if m)
    extras = _extras(session)
    if extras:
        text = f"{text} + {', '.join(extras)}" if text else ", ".join(extras)
    for sub in session.substitutions:
        text += f" ({sub.used} instead of {sub.wanted})"
    return text
