"""Sessions in a runner's words: the text shared by the calendar, Markdown, HTML and PDF.

Paces are shown per 400 m on the track (what a lap split reads) and per km and per mile
elsewhere; heart rate in beats per minute; effort as RPE on Borg CR-10 or % effort.
Everything is formatted with :mod:`miler.units`.
"""

from __future__ import annotations

import math

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
from miler.units import MILE_M, format_time, speed_in_units

__all__ = [
    "ROLE_LABELS",
    "distance_text",
    "duration_text",
    "hr_text",
    "main_set_text",
    "pace_range_text",
    "paced_per_lap",
    "rep_time_text",
    "session_lines",
    "session_notes",
    "step_lines",
    "step_text",
]

#: What each block is called on paper.
ROLE_LABELS: dict[BlockRole, str] = {
    BlockRole.WARMUP: "Warm-up",
    BlockRole.DRILLS: "Drills",
    BlockRole.SPRINTS: "Sprints",
    BlockRole.ENDURANCE: "Speed endurance",
    BlockRole.MAIN: "Main set",
    BlockRole.STRIDES: "Strides",
    BlockRole.PLYOMETRICS: "Plyometrics",
    BlockRole.RESISTED: "Resisted sprints",
    BlockRole.STRENGTH: "Strength",
    BlockRole.CROSS: "Cross-training",
    BlockRole.COOLDOWN: "Cool-down",
}


def distance_text(metres: float) -> str:
    """``400 m``, ``409.3 m``, ``1 mile``, ``5 km``."""
    if math.isclose(metres, MILE_M, abs_tol=0.01):
        return "1 mile"
    if metres >= 1000 and math.isclose(metres % 1000, 0, abs_tol=0.01):
        return f"{metres / 1000:g} km"
    return f"{round(metres, 1):g} m"


def duration_text(seconds: float) -> str:
    """``5:00``, ``1:05:00``, or ``30 s`` below a minute."""
    if seconds < 60:
        return f"{round(seconds):d} s"
    return format_time(seconds, 0)


def _pace_pair(metres: float, low_mps: float, high_mps: float, decimals: int) -> str:
    fast = format_time(metres / high_mps, decimals)
    slow = format_time(metres / low_mps, decimals)
    return fast if fast == slow else f"{fast}–{slow}"


def pace_range_text(low_mps: float, high_mps: float, on_track: bool) -> str:
    """A speed range as paces: per 400 m on the track, per km and per mile elsewhere."""
    if on_track:
        return f"{_pace_pair(400.0, low_mps, high_mps, 0)}/400 m"
    per_km = _pace_pair(1000.0, low_mps, high_mps, 0)
    per_mile = _pace_pair(MILE_M, low_mps, high_mps, 0)
    return f"{per_km}/km · {per_mile}/mi"


def hr_text(low: float | None, high: float | None) -> str | None:
    """``HR 120–150``, ``HR ≤150`` or ``HR ≥120`` (beats per minute)."""
    if low is not None and high is not None:
        return f"HR {round(low)}–{round(high)}"
    if high is not None:
        return f"HR ≤{round(high)}"
    if low is not None:
        return f"HR ≥{round(low)}"
    return None


def _range_text(low: float | None, high: float | None, unit_before: str, unit_after: str) -> str:
    if low is not None and high is not None and low != high:
        return f"{unit_before}{low:g}–{high:g}{unit_after}"
    value = high if high is not None else low
    return f"{unit_before}{value:g}{unit_after}"


def _effort_parts(step: RunStep) -> list[str]:
    parts = []
    if step.rpe_low is not None or step.rpe_high is not None:
        parts.append(_range_text(step.rpe_low, step.rpe_high, "RPE ", ""))
    if step.effort_pct_low is not None or step.effort_pct_high is not None:
        parts.append(_range_text(step.effort_pct_low, step.effort_pct_high, "", "% effort"))
    return parts


def rep_time_text(seconds: float) -> str:
    """A rep's target time: ``44.7 s`` below a minute, else ``1:29.5``."""
    if seconds < 59.95:
        return f"{seconds:.1f} s"
    return format_time(seconds, 1)


def _run_how_long(step: RunStep) -> str:
    if step.end == "distance" and step.distance_m is not None:
        text = distance_text(step.distance_m)
        if step.target_time_s is not None:
            text += f" in {rep_time_text(step.target_time_s)}"
        return text
    if step.end == "time" and step.duration_s is not None:
        return duration_text(step.duration_s)
    about = f" (about {duration_text(step.duration_s)})" if step.duration_s else ""
    if step.end == "lap_button":
        return f"until you press lap{about}"
    return f"open{about}"


def _resistance_text(step: RunStep) -> str | None:
    if step.resistance == "none":
        return None
    text = step.resistance.replace("_", " ")
    if step.incline_pct is not None:
        text += f" {step.incline_pct:g}%"
    if step.load_pct_body_mass is not None:
        text += f", {step.load_pct_body_mass:g}% body mass"
    return text


def _belt_text(step: RunStep) -> str | None:
    """A treadmill step's belt speed in km/h and mph and its incline (R-G21, C-10): an
    incline without resistance is the treadmill's."""
    if step.resistance != "none" or step.incline_pct is None:
        return None
    incline = f"at {step.incline_pct:g}% incline"
    speeds = speed_range(step)
    if speeds is None:
        return f"treadmill {incline}"
    low, high = (speed_in_units(v) for v in speeds)
    return (
        f"belt {low['km_per_h']:.1f}-{high['km_per_h']:.1f} km/h "
        f"({low['mph']:.1f}-{high['mph']:.1f} mph) {incline}"
    )


def _pace_text(step: RunStep, per_lap: bool) -> str | None:
    low, high = step.speed_low_mps, step.speed_high_mps
    if low is not None and high is None:
        return f"{pace_range_text(low, low, per_lap)} or faster"
    if high is not None and low is None:
        return f"{pace_range_text(high, high, per_lap)} or slower"
    speeds = speed_range(step)
    return pace_range_text(speeds[0], speeds[1], per_lap) if speeds else None


def paced_per_lap(step: RunStep, on_track: bool) -> bool:
    """Whether ``step``'s pace reads per 400 m: the reps on a track (what a lap split
    reads); easy running anywhere reads per km and per mile."""
    return on_track and step.intensity == Intensity.ACTIVE and step.purpose != "easy"


def _run_text(step: RunStep, on_track: bool, show_pace: bool) -> str:
    parts = [f"{step.name}: {_run_how_long(step)}"]
    pace = _pace_text(step, paced_per_lap(step, on_track)) if show_pace else None
    if pace:
        parts.append(pace)
    hr = hr_text(step.hr_low_bpm, step.hr_high_bpm)
    if hr:
        parts.append(hr)
    parts.extend(_effort_parts(step))
    resistance = _resistance_text(step) or _belt_text(step)
    if resistance:
        parts.append(resistance)
    if step.continuous:
        parts.append("without walking")
    if step.segments:
        laps = ", ".join(
            f"{distance_text(s.distance_m)} {rep_time_text(s.time_s)}" for s in step.segments
        )
        parts.append(f"laps: {laps}")
    if step.notes:
        parts.append(step.notes)
    return " · ".join(parts)


def _drill_text(step: DrillStep) -> str:
    dose = f"{step.sets} ×"
    if step.distance_m:
        dose += f" {distance_text(step.distance_m)}"
    parts = [f"{step.name}: {dose}", f"about {duration_text(step.duration_s)}"]
    if step.ground_contacts:
        parts.append(f"{step.ground_contacts} contacts")
    if step.notes:
        parts.append(step.notes)
    return " · ".join(parts)


def _exercise_text(step: ExerciseStep) -> str:
    dose = f"{step.sets} × {step.reps}"
    if step.load_pct_1rm is not None:
        dose += f" at {step.load_pct_1rm:g}% 1RM"
    if step.reps_in_reserve is not None:
        dose += f", {step.reps_in_reserve} in reserve"
    parts = [f"{step.name}: {dose}"]
    if step.rest_s:
        parts.append(f"rest {duration_text(step.rest_s)}")
    if step.intent == "explosive_concentric":
        parts.append("lift explosively")
    if step.plyo_intensity is not None:
        parts.append(f"{step.plyo_intensity} intensity")
    if step.ground_contacts:
        parts.append(f"{step.ground_contacts} contacts")
    if step.notes:
        parts.append(step.notes)
    return " · ".join(parts)


def _cross_text(step: CrossStep) -> str:
    parts = [f"{step.mode.replace('_', ' ').capitalize()}: {duration_text(step.duration_s)} easy"]
    hr = hr_text(None, step.hr_high_bpm)
    if hr:
        parts.append(hr)
    if step.rpe_high is not None:
        parts.append(f"RPE ≤{step.rpe_high:g}")
    if step.notes:
        parts.append(step.notes)
    return " · ".join(parts)


def step_text(
    step: RunStep | DrillStep | ExerciseStep | CrossStep, on_track: bool, *, show_pace: bool = True
) -> str:
    """One line for a step that is not a repeat; ``show_pace=False`` leaves the plan's pace
    out (a watch step states its own window instead)."""
    if isinstance(step, RunStep):
        return _run_text(step, on_track, show_pace)
    if isinstance(step, DrillStep):
        return _drill_text(step)
    if isinstance(step, ExerciseStep):
        return _exercise_text(step)
    return _cross_text(step)


def step_lines(steps: tuple[Step, ...], on_track: bool, depth: int = 0) -> list[tuple[int, str]]:
    """(indent depth, text) lines for ``steps``; a repeat is ``4 ×`` over its indented steps."""
    lines: list[tuple[int, str]] = []
    for step in steps:
        if isinstance(step, RepeatStep):
            lines.append((depth, f"{step.count} ×"))
            lines.extend(step_lines(step.steps, on_track, depth + 1))
        else:
            lines.append((depth, step_text(step, on_track)))
    return lines


def _block_lines(block: Block, on_track: bool) -> list[tuple[int, str]]:
    return [(0, ROLE_LABELS[block.role]), *step_lines(block.steps, on_track, 1)]


def session_lines(session: Session) -> list[tuple[int, str]]:
    """Every block of ``session`` with its steps, as (indent depth, text) lines."""
    on_track = session.location == "track"
    lines: list[tuple[int, str]] = []
    for block in session.blocks:
        lines.extend(_block_lines(block, on_track))
    return lines


def session_notes(session: Session) -> list[str]:
    """What else a runner should know: substitutions (R-S3.2, R-P7), what cross-training
    replaces, supervision (R-G9), and the session's notes."""
    notes = [f"{s.used} instead of {s.wanted}: {s.reason}" for s in session.substitutions]
    if session.replaces:
        notes.append(f"Replaces {session.replaces}.")
    if session.supervision_required:
        notes.append("Lift under supervision.")
    if session.notes:
        notes.append(session.notes)
    return notes


#: The block whose work a session is known by, in order of preference.
_KEY_ROLES: tuple[BlockRole, ...] = (
    BlockRole.ENDURANCE,
    BlockRole.MAIN,
    BlockRole.SPRINTS,
    BlockRole.RESISTED,
    BlockRole.CROSS,
    BlockRole.STRENGTH,
    BlockRole.PLYOMETRICS,
)
_EASY_PURPOSES = frozenset({"jog", "walk", "easy", "warmup", "cooldown"})


def _work_text(step: RunStep, on_track: bool) -> str:
    """A work step in a few words: ``400 m in 1:29.5``, ``30 s at 3:12/km``, ``45:00 at
    5:03–5:45/km · HR ≤146``."""
    if step.distance_m is not None and step.target_time_s is not None:
        return f"{distance_text(step.distance_m)} in {rep_time_text(step.target_time_s)}"
    if step.end == "distance" and step.distance_m is not None:
        what = distance_text(step.distance_m)
    elif step.duration_s is not None:
        what = duration_text(step.duration_s)
    else:
        what = step.name
    pace = _pace_text(step, paced_per_lap(step, on_track))
    parts = [f"{what} at {pace}" if pace else what]
    if pace is None:
        parts.extend(_effort_parts(step))
    hr = hr_text(step.hr_low_bpm, step.hr_high_bpm)
    if hr:
        parts.append(hr)
    return " · ".join(parts)


def _grouped(texts: list[tuple[int, str]]) -> list[str]:
    """Consecutive equal texts counted: ``[(1, "a"), (2, "a"), (1, "b")]`` ->
    ``["3 × a", "b"]``."""
    out: list[tuple[int, str]] = []
    for count, text in texts:
        if out and out[-1][1] == text:
            out[-1] = (out[-1][0] + count, text)
        else:
            out.append((count, text))
    return [f"{count} × {text}" if count > 1 else text for count, text in out]


def main_set_text(session: Session) -> str:
    """The session's main set and its target in one line, for a plan at a glance: the
    work of its key block (speed endurance, else the main set, sprints, resisted sprints,
    cross-training, strength, plyometrics; the last block of that kind), repeats counted,
    with the recovery between reps."""
    on_track = session.location == "track"
    blocks = {block.role: block for block in session.blocks}  # the last of a role: strides
    # come before the reps in a second sprints block
    key = next((blocks[role] for role in _KEY_ROLES if role in blocks), None)
    if key is None:
        return session.purpose
    work: list[tuple[int, str]] = []
    recoveries: list[float] = []
    lifts: list[str] = []
    for step, times in iter_steps(key.steps):
        if isinstance(step, RunStep):
            if step.intensity in (Intensity.RECOVERY, Intensity.REST) or (
                step.purpose in _EASY_PURPOSES and step.intensity != Intensity.ACTIVE
            ):
                if step.duration_s is not None:
                    recoveries.append(step.duration_s)
                continue
            work.append((times, _work_text(step, on_track)))
        elif isinstance(step, CrossStep):
            work.append((times, _cross_text(step).split(" · ", 1)[0] + _hr_suffix(step)))
        elif isinstance(step, ExerciseStep):
            lifts.append(f"{step.name} {step.sets}×{step.reps}")
        elif isinstance(step, DrillStep):
            lifts.append(f"{step.name} {step.sets}×")
    parts = _grouped(work) + lifts
    text = ", ".join(parts) if parts else session.purpose
    if recoveries and work:
        low, high = min(recoveries), max(recoveries)
        shown = duration_text(low) if low == high else f"{duration_text(low)}–{duration_text(high)}"
        text += f"; recover {shown}"
    return text


def _hr_suffix(step: CrossStep) -> str:
    hr = hr_text(None, step.hr_high_bpm)
    return f" · {hr}" if hr else ""
