"""The named sessions and their targets: R-S4.1, R-S5.1–R-S5.3, R-S6.1–R-S6.8, R-S6.10,
R-G7, R-G11–R-G15.

A session's shape is recomputed from its work reps (see ``_facts``): the reps of its
main block (the block with the most work time) give its format: equal repeats, an
ascending or descending ladder, a pyramid, short or long intervals by time, or a time
trial. The declared ``format`` is only used as a hint that a named shape is meant, so that
a ladder whose reps do not ladder is caught.

Every pace target is judged by the paces of the session's week (``SessionFacts.paces``):
the plan's assessment, or the week's own reference when a re-plan kept the week as it was
written from an earlier current mile (``Week.reference``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Final

from miler.plan.model import BlockRole, DrillStep, RunStep, SessionType
from miler.planning.rules._facts import (
    MILE_M,
    PlanFacts,
    Rep,
    SessionFacts,
)
from miler.planning.rules._registry import (
    Outcome,
    Problems,
    not_applicable,
    passed,
    rule,
)

__all__ = ["format_key", "long_interval_bout_s", "main_reps", "signature"]

LADDER_UP: Final = (200.0, 200.0, 200.0, 200.0, 400.0, 400.0, 600.0, 600.0, 800.0)
PYRAMID: Final = (200.0, 400.0, 600.0, 800.0, 600.0, 400.0, 200.0)
_PACE_SLACK: Final = 0.005
"""Relative slack for targets rounded by the generator (0.5%)."""


def long_interval_bout_s(pr_s: float) -> float:
    """R-S6.6 and R-G15: bout of the long time-based intervals from the current mile PR
    (s). PR ≥9:00 → 5 min; ≤8:00 → 3 min; between, 3 + 2·(PR − 480)/60 min rounded to the
    nearest 0.5 min (halves up). Returned in seconds."""
    if pr_s >= 540:
        return 300.0
    if pr_s <= 480:
        return 180.0
    bout_min = 3 + 2 * (pr_s - 480) / 60
    return math.floor(bout_min * 2 + 0.5) / 2 * 60


def main_reps(s: SessionFacts) -> tuple[Rep, ...]:
    """The reps of the block with the most work time."""
    return s.main_reps


def _declared(s: SessionFacts) -> str | None:
    name = s.session.format.lower()
    if "ladder_up" in name or "ascending" in name:
        return "ladder_up"
    if "ladder_down" in name or "descending" in name:
        return "ladder_down"
    if "pyramid" in name:
        return "pyramid"
    return None


def format_key(s: SessionFacts) -> str:
    """The session's format recomputed from its main reps: ``time_trial``, ``repeats_200m``,
    ``time_30s``, ``ladder_up``, ``ladder_down``, ``pyramid`` or ``mixed``."""
    return s.format_key


def signature(s: SessionFacts) -> tuple[object, ...]:
    """What makes two quality sessions identical (R-G17): format, reps and distances."""
    return (
        format_key(s),
        tuple(
            (round(r.distance_m, 1) if r.distance_m is not None else None, round(r.duration_s))
            for r in s.reps
        ),
    )


def _quality(facts: PlanFacts) -> Iterator[SessionFacts]:
    return (s for s in facts.sessions if s.quality)


def _goal_time(distance_m: float, s: SessionFacts) -> float:
    """The time for ``distance_m`` at the goal pace of the session's week (R-G20)."""
    return distance_m / s.paces.goal_speed_mps


def _at_goal_or_faster(rep: Rep, s: SessionFacts) -> bool:
    if rep.distance_m is not None:
        goal = _goal_time(rep.distance_m, s)
        return rep.duration_s <= goal * (1 + _PACE_SLACK) + 0.2
    return rep.speed_mps is not None and rep.speed_mps >= s.paces.goal_speed_mps * (1 - _PACE_SLACK)


def _speed_ratio(rep: Rep, s: SessionFacts) -> float | None:
    """Rep speed / the goal speed of the session's week."""
    if rep.speed_mps is None:
        return None
    return rep.speed_mps / s.paces.goal_speed_mps


def _shape_of(s: SessionFacts) -> str:
    declared = _declared(s)
    if declared is not None:
        return declared
    key = format_key(s)
    return key if key in ("ladder_up", "ladder_down", "pyramid") else "other"


def _eq_distances(reps: tuple[Rep, ...]) -> list[float]:
    return [
        round((r.equivalent_m or 0.0) / 100) * 100.0 if r.by_time else r.distance_m or 0.0
        for r in reps
    ]


@rule("R-S4.1")
def check_even_pacing_targets(facts: PlanFacts) -> Outcome:
    """Novices and intermediates: every time-trial rep, and every rep of ≥800 m at mile
    pace (choice: shorter reps are one lap or less, their own target is the lap target),
    carries per-lap segments (R-G11 checks their layout and sums)."""
    if facts.level == "experienced":
        return not_applicable("experienced athlete: even-pacing practice is for newer runners")
    problems = Problems()
    for s in _quality(facts):
        trial = s.session.type is SessionType.TIME_TRIAL
        for rep in s.reps:
            long_enough = rep.distance_m is not None and rep.distance_m >= 800 - 1e-6
            if ((trial and rep.distance_m is not None) or long_enough) and not rep.step.segments:
                problems.add(f"{s.id}: {rep.distance_m:g} m rep without per-lap targets", [s.id])
    return problems.outcome("time trials and mile-pace reps carry per-lap targets")


@rule("R-S4.2")
def check_pacing_analysis(facts: PlanFacts) -> Outcome:
    return not_applicable("pacing analysis of a timed mile (laps, too-fast start) is not a plan")


@rule("R-S5.1")
def check_drills(facts: PlanFacts) -> Outcome:
    """Bounding drills count ground contacts (they are plyometric contacts, R-G10)."""
    problems = Problems()
    for s in facts.sessions:
        for step in s.leaves():
            bounding = isinstance(step, DrillStep) and "bound" in step.name.lower()
            if bounding and isinstance(step, DrillStep) and step.ground_contacts <= 0:
                problems.add(f"{s.id}: {step.name} counts no ground contacts", [s.id])
    return problems.outcome("bounding drills count their ground contacts")


_LAYOUT_CODE: Final = {
    BlockRole.DRILLS: "D",
    BlockRole.PLYOMETRICS: "P",
    BlockRole.SPRINTS: "S",
    BlockRole.RESISTED: "S",
    BlockRole.STRIDES: "S",
    BlockRole.ENDURANCE: "E",
}


def layout_of(codes: str) -> str | None:
    """R-S5.2: ``sections`` for D+ S+ E+, ``interleaved`` for (D S)+ where plyometrics may
    stand for D; None for anything else."""
    import re

    if re.fullmatch(r"D+S+E+", codes):
        return "sections"
    if re.fullmatch(r"(?:[DP]S)+", codes):
        return "interleaved"
    return None


@rule("R-S5.2")
def check_track_layout(facts: PlanFacts) -> Outcome:
    """Sessions that declare a layout, or have drills and sprints outside the warm-up and
    cool-down, follow D+ S+ E+ or (D S)+ on their block sequence; a declared layout must
    be the one found. Choice: strides and resisted sprints count as S; other roles (main,
    strength...) match neither layout."""
    problems = Problems()
    checked = 0
    for s in facts.sessions:
        roles = [
            b.role for b in s.session.blocks if b.role not in (BlockRole.WARMUP, BlockRole.COOLDOWN)
        ]
        codes = "".join(_LAYOUT_CODE.get(r, "X") for r in roles)
        concerned = s.session.layout is not None or ("D" in codes and "S" in codes)
        if not concerned:
            continue
        checked += 1
        found = layout_of(codes)
        if found is None:
            problems.add(
                f"{s.id}: blocks {'-'.join(r.value for r in roles)} match no layout", [s.id]
            )
        elif s.session.layout is not None and found != s.session.layout:
            problems.add(f"{s.id}: declared {s.session.layout} but blocks are {found}", [s.id])
    if not checked:
        return passed("no track session with drills and sprints")
    return problems.outcome(f"{checked} drill sessions follow layout A or B")


@rule("R-S5.3")
def check_drills_small(facts: PlanFacts) -> Outcome:
    """Drill time ≤15 min in every session; in a speed workout (a quality session, not a
    time trial or race, whose "intervals" are one effort) also < its interval work plus
    recovery time."""
    problems = Problems()
    for s in facts.sessions:
        if s.drill_time_s > 900 + 1:
            problems.add(f"{s.id}: {s.drill_time_s / 60:.1f} min of drills (>15)", [s.id])
        speed_workout = s.quality and s.session.type is SessionType.QUALITY
        if speed_workout and s.drill_time_s > 0 and s.drill_time_s >= s.interval_time_s:
            problems.add(
                f"{s.id}: drills {s.drill_time_s / 60:.1f} min ≥ intervals "
                f"{s.interval_time_s / 60:.1f} min",
                [s.id],
            )
    return problems.outcome("drills are a small part of every session")


@rule("R-S6.1")
def check_equal_repeats(facts: PlanFacts) -> Outcome:
    """Equal-distance repeats (found from the reps, or declared ``repeats*``): all reps of
    the main block the same distance, each at goal pace or faster (0.5% rounding)."""
    problems = Problems()
    count = 0
    for s in _quality(facts):
        if s.session.type is not SessionType.QUALITY:
            continue
        reps = main_reps(s)
        key = format_key(s)
        declared = s.session.format.lower().startswith("repeats")
        if not (key.startswith("repeats_") or declared):
            continue
        count += 1
        if not key.startswith("repeats_") and not key.startswith("time_"):
            problems.add(f"{s.id}: declared {s.session.format} but reps differ ({key})", [s.id])
        for rep in reps:
            if not _at_goal_or_faster(rep, s):
                problems.add(f"{s.id}: a rep slower than goal pace", [s.id])
                break
    if not count:
        return passed("no equal-distance repeats in the plan")
    return problems.outcome(f"{count} repeat sessions with equal reps at goal pace or faster")


def _sessions_of(facts: PlanFacts, shape: str) -> list[SessionFacts]:
    return [
        s
        for s in _quality(facts)
        if s.session.type is SessionType.QUALITY and _shape_of(s) == shape
    ]


@rule("R-S6.2")
def check_ascending_ladder(facts: PlanFacts) -> Outcome:
    """Ascending ladders run 4×200, 2×400, 2×600, 1×800 m in that order (reps by time
    compared by the distance they cover, to the nearest 100 m); every rep at goal pace or
    faster; recovery per R-G12 (checked there)."""
    problems = Problems()
    ladders = _sessions_of(facts, "ladder_up")
    for s in ladders:
        reps = main_reps(s)
        if tuple(_eq_distances(reps)) != LADDER_UP:
            problems.add(
                f"{s.id}: ladder reps {_eq_distances(reps)} not 4×200,2×400,2×600,800", [s.id]
            )
        if not all(_at_goal_or_faster(r, s) for r in reps):
            problems.add(f"{s.id}: a ladder rep slower than goal pace", [s.id])
    if not ladders:
        return passed("no ascending ladder in the plan")
    return problems.outcome(f"{len(ladders)} ascending ladders in order at goal pace or faster")


@rule("R-S6.3")
def check_descending_ladder(facts: PlanFacts) -> Outcome:
    """Descending ladders: rep distances never increase."""
    problems = Problems()
    ladders = _sessions_of(facts, "ladder_down")
    for s in ladders:
        values = [r.equivalent_m or r.duration_s for r in main_reps(s)]
        if any(b > a + 1e-6 for a, b in itertools.pairwise(values)):
            problems.add(f"{s.id}: a descending ladder's reps increase", [s.id])
    if not ladders:
        return passed("no descending ladder in the plan")
    return problems.outcome(f"{len(ladders)} descending ladders never increase")


def _pyramid_pairs(reps: tuple[Rep, ...]) -> list[tuple[Rep, Rep]]:
    n = len(reps)
    return [(reps[i], reps[n - 1 - i]) for i in range(n // 2)]


@rule("R-S6.4")
def check_pyramid(facts: PlanFacts) -> Outcome:
    """Pyramids run 200-400-600-800-600-400-200 m and each down-slope rep's target is
    faster than its same-distance up-slope rep."""
    problems = Problems()
    pyramids = _sessions_of(facts, "pyramid")
    for s in pyramids:
        reps = main_reps(s)
        if tuple(_eq_distances(reps)) != PYRAMID:
            problems.add(f"{s.id}: pyramid reps {_eq_distances(reps)} not 200…800…200", [s.id])
            continue
        for up, down in _pyramid_pairs(reps):
            if not down.duration_s < up.duration_s:
                problems.add(
                    f"{s.id}: down-slope {up.equivalent_m or 0:g} m not faster than up-slope",
                    [s.id],
                )
                break
    if not pyramids:
        return passed("no pyramid in the plan")
    return problems.outcome(f"{len(pyramids)} pyramids, faster on the way down")


def _short_time_sessions(facts: PlanFacts) -> list[SessionFacts]:
    """Sessions of R-S6.5: reps by time of ≤60 s prescribed by effort (RPE ≥9 or ≥90%),
    or declared as a 30-s format (a ``30s`` token in the format id, e.g. ``sprints_30s``;
    ``repeats_300`` is not one)."""
    out = []
    for s in _quality(facts):
        reps = main_reps(s)
        if not reps or not all(r.by_time and r.duration_s <= 60 for r in reps):
            continue
        by_effort = all(
            (r.step.rpe_low or 0) >= 9 or (r.step.effort_pct_low or 0) >= 90 for r in reps
        )
        if by_effort or "30s" in s.session.format.split("_"):
            out.append(s)
    return out


@rule("R-S6.5")
def check_short_time_intervals(facts: PlanFacts) -> Outcome:
    """Short time-based intervals: 8–10 reps of 30 s, 60 s of jogging between (±1 s),
    except after the last rep."""
    problems = Problems()
    sessions = _short_time_sessions(facts)
    for s in sessions:
        reps = main_reps(s)
        if not 8 <= len(reps) <= 10:
            problems.add(f"{s.id}: {len(reps)} reps (8–10)", [s.id])
        if any(abs(r.duration_s - 30) > 0.5 for r in reps):
            problems.add(f"{s.id}: reps are not 30 s", [s.id])
        recoveries = [r for r in reps if r.recovery_s is not None]
        if any(abs((r.recovery_s or 0) - 60) > 1 for r in recoveries):
            problems.add(f"{s.id}: recoveries are not 60 s", [s.id])
        if any("walk" in p for r in recoveries for p in r.recovery_purposes):
            problems.add(f"{s.id}: recovery is a walk, not a jog", [s.id])
    if not sessions:
        return passed("no short time-based intervals in the plan")
    return problems.outcome(f"{len(sessions)} sessions of 8–10×30 s with 60 s jog")


def long_time_sessions(facts: PlanFacts) -> list[SessionFacts]:
    """Sessions of R-S6.6: a main block of equal reps by time, each ≥2 min and a whole
    number of half-minutes (distance reps turned into times are not, in general)."""
    out = []
    for s in _quality(facts):
        if s.session.type is not SessionType.QUALITY:
            continue
        reps = main_reps(s)
        if (
            reps
            and all(
                r.by_time
                and r.duration_s >= 120
                and abs(r.duration_s / 30 - round(r.duration_s / 30)) < 1e-6
                for r in reps
            )
            and len({round(r.duration_s) for r in reps}) == 1
        ):
            out.append(s)
    return out


def _bouts_text(miles: list[float]) -> str:
    """``3.5-min bouts for a 495 s mile``, one per current mile, for a reason text."""
    return ", ".join(
        f"{long_interval_bout_s(pr) / 60:g}-min bouts for a {pr:.0f} s mile" for pr in miles
    )


@rule("R-S6.6")
def check_long_time_intervals(facts: PlanFacts) -> Outcome:
    """Long time-based intervals: the bout follows the current mile (R-G3): ≥9:00 → 5 min,
    ≤8:00 → 3 min, between per R-G15; at most 4 reps; at mile pace (choice: the current
    or goal mile pace, ±2%, or ≥90% effort when no pace is given). The article gives no
    recovery for the two anchors, so none is checked there (R-G15 checks the 1:1 jog of
    the 8–9 band). Sessions are found from their steps: equal reps by time of ≥2 min and
    a whole number of half-minutes. The current mile and paces are those of the
    session's week (its reference when a re-plan kept it from an earlier mile)."""
    problems = Problems()
    sessions = long_time_sessions(facts)
    for s in sessions:
        reps = main_reps(s)
        pr = s.paces.current_mile_s
        bout = long_interval_bout_s(pr)
        if abs(reps[0].duration_s - bout) > 0.5:
            problems.add(
                f"{s.id}: {len(reps)}×{reps[0].duration_s / 60:g} min, but a {pr:.0f} s mile "
                f"gives {bout / 60:g} min bouts",
                [s.id],
            )
        if len(reps) > 4:
            problems.add(f"{s.id}: {len(reps)} reps (at most 4)", [s.id])
        for rep in reps:
            ratio = _speed_ratio(rep, s)
            current = (rep.speed_mps or 0) / s.paces.current_speed_mps
            if ratio is None:
                if (rep.step.effort_pct_low or 0) < 90 and (rep.step.rpe_low or 0) < 9:
                    problems.add(f"{s.id}: no pace or effort on the long intervals", [s.id])
                    break
            elif not (abs(ratio - 1) <= 0.02 or abs(current - 1) <= 0.02):
                problems.add(f"{s.id}: long intervals not at mile pace", [s.id])
                break
    if not sessions:
        return passed("no long time-based intervals in the plan")
    miles = sorted({s.paces.current_mile_s for s in sessions})
    return problems.outcome(f"{len(sessions)} sessions of {_bouts_text(miles)}")


@rule("R-S6.7")
def check_speed_endurance(facts: PlanFacts) -> Outcome:
    """Longer intervals are in the plan: at least one long quality session or time trial
    (R-G7) in the non-taper weeks after phase-in (and after a restart's, C-11), when those
    weeks hold any quality session (races aside)."""
    start = facts.mix_start_week()
    later = [
        s
        for s in facts.sessions
        if s.quality
        and s.week >= start
        and s.week >= facts.mix_start_week(s.week)
        and s.session.type is not SessionType.RACE
        and not facts.weeks[s.week - 1].taper
    ]
    if not later:
        return not_applicable("no quality sessions after phase-in")
    if not any(s.quality_class == "long" for s in later):
        return Outcome("fail", "no long intervals after phase-in", tuple(s.id for s in later))
    return passed("longer intervals build speed endurance after phase-in")


@rule("R-S6.8")
def check_weekly_mix(facts: PlanFacts) -> Outcome:
    """From the week the full mix is due (R-G16; after a restart, its third week, C-11)
    every non-taper week has exactly 1 short
    and ≥1 long quality session, classed from the reps (R-G7); a time trial counts as a
    long session (a ≥400 m rep)."""
    problems = Problems()
    start = facts.mix_start_week()
    for week in facts.weeks:
        if week.index < facts.mix_start_week(week.index) or week.taper:
            continue
        short = [s for s in week.quality if s.quality_class == "short"]
        long = [s for s in week.quality if s.quality_class == "long"]
        if len(short) != 1 or not long:
            problems.add(
                f"week {week.index}: {len(short)} short and {len(long)} long quality sessions",
                [s.id for s in week.quality] or [s.id for s in week.sessions],
            )
    return problems.outcome(f"1 short and ≥1 long quality session every week from week {start}")


@rule("R-S6.10")
def check_no_track(facts: PlanFacts) -> Outcome:
    """Without a track: no session needs one or is on one, and quality reps (time trials
    and races aside) are by time."""
    if facts.plan.athlete.equipment.track:
        return not_applicable("the athlete has a track")
    problems = Problems()
    for s in facts.sessions:
        if s.session.needs_track or s.session.location == "track":
            problems.add(f"{s.id}: needs a track", [s.id])
        if s.session.type in (SessionType.TIME_TRIAL, SessionType.RACE):
            continue
        if any(not r.by_time for r in s.reps):
            problems.add(f"{s.id}: reps by distance without a track", [s.id])
    return problems.outcome("no track needed; reps by time")


@rule("R-G7")
def check_short_long(facts: PlanFacts) -> Outcome:
    """Each quality session is short (every rep ≤300 m, or ≤60 s for a rep by time) or
    long (≥50% of the work time in reps ≥400 m, or ≥2 min by time), recomputed from the
    reps; a declared class must agree; a session declared ``quality`` must have quality
    reps. Choice: a distance rep is classed by its distance, a rep by time by its time
    or the distance it covers at its pace."""
    problems = Problems()
    for s in facts.sessions:
        declared = s.session.quality_class
        if s.session.type is SessionType.QUALITY and not s.quality:
            problems.add(f"{s.id}: declared quality but has no rep at mile pace or ≥90%", [s.id])
            continue
        if not s.quality:
            continue
        if s.quality_class is None:
            problems.add(f"{s.id}: quality session neither short nor long", [s.id])
        elif declared is not None and declared != s.quality_class:
            problems.add(
                f"{s.id}: declared {declared} but its reps make it {s.quality_class}", [s.id]
            )
    return problems.outcome("every quality session is short or long as declared")


def _segment_problems(step: RunStep) -> str | None:
    segments = step.segments
    total_d = sum(x.distance_m for x in segments)
    total_t = sum(x.time_s for x in segments)
    if step.distance_m is not None and abs(total_d - step.distance_m) > 0.01:
        return f"segments cover {total_d:g} m of {step.distance_m:g} m"
    if step.target_time_s is not None and abs(total_t - step.target_time_s) > 0.15:
        return f"segments sum to {total_t:.1f} s, target {step.target_time_s:.1f} s"
    first, rest = segments[0], segments[1:]
    if any(abs(x.distance_m - 400) > 0.01 for x in rest) or first.distance_m > 400 + 9.344 + 0.01:
        return "segments are not a first remainder then 400 m laps"
    if abs(total_d - MILE_M) < 0.01 and abs(first.distance_m - 409.344) > 0.01:
        return "a mile's first segment is not 409.344 m"
    paces = [x.time_s / x.distance_m * 400 for x in segments]
    mean = total_t / total_d * 400
    if any(abs(p - mean) > 0.11 + 0.001 * mean for p in paces):
        return "per-400 m paces of the segments are not equal"
    return None


@rule("R-G11")
def check_segments(facts: PlanFacts) -> Outcome:
    """Every rep with segments: a first segment of the remainder (409.344 m for a mile),
    then 400 m laps; distances sum to the rep; times proportional to distance (equal
    per-400 m pace, ±0.1 s rounding per segment) and summing to the target (±0.15 s)."""
    problems = Problems()
    count = 0
    for s in facts.sessions:
        for step in s.leaves():
            if isinstance(step, RunStep) and step.segments:
                count += 1
                problem = _segment_problems(step)
                if problem:
                    problems.add(f"{s.id}: {problem}", [s.id])
    if not count:
        return passed("no per-lap segments in the plan")
    return problems.outcome(f"{count} reps with segments laid out per R-G11")


def _repeat_sessions(facts: PlanFacts) -> Iterator[SessionFacts]:
    special = {s.id for s in _short_time_sessions(facts)} | {
        s.id for s in long_time_sessions(facts)
    }
    for s in _quality(facts):
        if s.session.type is SessionType.QUALITY and s.id not in special:
            yield s


@rule("R-G12")
def check_repeat_recovery(facts: PlanFacts) -> Outcome:
    """Reps at goal pace or faster (all quality reps except the 30-s and long time-based
    intervals, which have their own recoveries) are followed, inside their block, by
    2–3× the rep's duration of jog/walk, capped at 5 min (±1 s); 400–800 m reps of equal
    repeats and ladders are at goal pace (within 1% faster to 0.5% slower)."""
    problems = Problems()
    for s in _repeat_sessions(facts):
        pyramid = _shape_of(s) == "pyramid"
        for rep in s.reps:
            if rep.recovery_s is not None:
                low, high = min(2 * rep.duration_s, 300), min(3 * rep.duration_s, 300)
                if not low - 1 <= rep.recovery_s <= high + 1:
                    problems.add(
                        f"{s.id}: {rep.recovery_s:.0f} s recovery after a {rep.duration_s:.0f} s "
                        f"rep (want {low:.0f}–{high:.0f} s)",
                        [s.id],
                    )
                    break
            if pyramid or rep.distance_m is None or not 400 - 1e-6 <= rep.distance_m <= 800 + 1e-6:
                continue
            goal = _goal_time(rep.distance_m, s)
            if not goal * 0.99 - 0.2 <= rep.duration_s <= goal * (1 + _PACE_SLACK) + 0.2:
                problems.add(
                    f"{s.id}: {rep.distance_m:g} m in {rep.duration_s:.1f} s, goal pace is "
                    f"{goal:.1f} s",
                    [s.id],
                )
                break
    return problems.outcome("repeats recover 2–3× (≤5 min); 400–800 m reps at goal pace")


@rule("R-G13")
def check_ladder_pyramid_paces(facts: PlanFacts) -> Outcome:
    """Descending ladders at goal pace or faster; pyramids run up at goal pace (within
    1% faster to 0.5% slower) and each down rep 1–3% faster than its match (±0.5%)."""
    problems = Problems()
    for s in _sessions_of(facts, "ladder_down"):
        if not all(_at_goal_or_faster(r, s) for r in main_reps(s)):
            problems.add(f"{s.id}: a descending-ladder rep slower than goal pace", [s.id])
    for s in _sessions_of(facts, "pyramid"):
        reps = main_reps(s)
        for rep in reps[: len(reps) // 2 + 1]:
            ratio = _speed_ratio(rep, s)
            if ratio is None or not 1 - _PACE_SLACK <= ratio <= 1.01:
                problems.add(f"{s.id}: way up not at goal pace", [s.id])
                break
        for up, down in _pyramid_pairs(reps):
            faster = 1 - down.duration_s / up.duration_s
            if not 0.01 - _PACE_SLACK <= faster <= 0.03 + _PACE_SLACK:
                problems.add(f"{s.id}: way down {faster:.1%} faster than its match (1–3%)", [s.id])
                break
    return problems.outcome("descending ladders and pyramids at their paces")


@rule("R-G14")
def check_short_interval_intensity(facts: PlanFacts) -> Outcome:
    """The 30-s reps (R-S6.5) are prescribed by pace and RPE, not HR: a pace no slower
    than the current mile (lower speed bound ≥ current mile speed, 0.5% rounding), an RPE
    range containing 9, and no HR target. (HRmax itself is R-P5's check.)"""
    problems = Problems()
    sessions = _short_time_sessions(facts)
    for s in sessions:
        for rep in main_reps(s):
            step = rep.step
            low = step.speed_low_mps or rep.speed_mps
            if low is None or low < s.paces.current_speed_mps * (1 - _PACE_SLACK):
                problems.add(f"{s.id}: 30-s reps slower than the current mile pace", [s.id])
                break
            if not ((step.rpe_low or 0) <= 9 <= (step.rpe_high or 0)):
                problems.add(f"{s.id}: 30-s reps without RPE 9", [s.id])
                break
            if step.hr_low_bpm is not None:
                problems.add(f"{s.id}: 30-s reps prescribed by HR", [s.id])
                break
    if not sessions:
        return passed("no 30-s intervals in the plan")
    return problems.outcome("30-s reps by pace (≥ current mile) and RPE 9, not HR")


def _eight_to_nine(mile_s: float) -> bool:
    """R-G15's band: a current mile strictly between 8:00 and 9:00."""
    return 480 < mile_s < 540


@rule("R-G15")
def check_pr_eight_to_nine(facts: PlanFacts) -> Outcome:
    """For a current mile strictly between 8:00 and 9:00: long time-based intervals at the
    current-mile pace (±2%), jog recovery equal to the bout (±1 s), and reps 2, 3, 4 in
    the first three occurrences (at most 4 after). The bout is R-S6.6's check.

    Choice for a plan whose weeks were written from different current miles (a re-plan
    after a time trial, ``Week.reference``): a session is judged when its week's mile is
    in the band, by that week's pace; the occurrences are counted over the whole plan,
    whatever the mile of their week, since the reps build across the plan (R-G16's one
    added rep per occurrence) and a build-up run on an earlier mile is not started again."""
    miles = sorted({w.paces.current_mile_s for w in facts.weeks}) or [
        facts.plan.assessment.current_mile_s
    ]
    if not any(_eight_to_nine(pr) for pr in miles):
        if len(miles) == 1:
            return not_applicable(f"current mile {miles[0]:.0f} s is not between 8:00 and 9:00")
        shown = ", ".join(f"{pr:.0f} s" for pr in miles)
        return not_applicable(f"no week's current mile ({shown}) is between 8:00 and 9:00")
    problems = Problems()
    sessions = long_time_sessions(facts)
    judged = [(k, s) for k, s in enumerate(sessions) if _eight_to_nine(s.paces.current_mile_s)]
    for k, s in judged:
        reps = main_reps(s)
        want = min(2 + k, 4)
        if (k < 3 and len(reps) != want) or len(reps) > 4:
            problems.add(f"{s.id}: occurrence {k + 1} has {len(reps)} reps (want {want})", [s.id])
        for rep in reps:
            current = s.paces.current_speed_mps
            if rep.speed_mps is None or abs(rep.speed_mps / current - 1) > 0.02:
                problems.add(f"{s.id}: not at current-mile pace", [s.id])
                break
            if rep.recovery_s is not None and abs(rep.recovery_s - rep.duration_s) > 1:
                problems.add(f"{s.id}: recovery {rep.recovery_s:.0f} s ≠ bout", [s.id])
                break
    if not sessions:
        return passed("no long time-based intervals in the plan")
    if not judged:
        return passed("no long time-based intervals in a week of a mile between 8:00 and 9:00")
    bouts = sorted({long_interval_bout_s(s.paces.current_mile_s) / 60 for _, s in judged})
    shown = "/".join(f"{bout:g}" for bout in bouts)
    return problems.outcome(f"{shown}-min bouts at current-mile pace, 1:1 jog, reps 2→3→4")
