"""Best efforts inside a run: the fastest time over each standard distance, and whether
the run held an all-out mile or time trial.

A best effort over D starts at a sample and ends when the distance stream has grown by D,
the end time interpolated between samples (as Strava and Garmin do; starts are not
interpolated, so it is never faster than the recording can show).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from miler.activities.model import Samples
from miler.activities.motion import clean_distance, moving_seconds, time_at_distance
from miler.units import MILE_M, event_name, format_time

__all__ = [
    "STANDARD_EFFORTS_M",
    "Effort",
    "TimeTrial",
    "TrialVerdict",
    "best_effort",
    "best_efforts",
    "judge_time_trial",
    "recognise_time_trial",
    "record_bound_s",
]

STANDARD_EFFORTS_M: Final = (
    200.0,
    400.0,
    800.0,
    1000.0,
    1500.0,
    MILE_M,
    3000.0,
    2 * MILE_M,
    5000.0,
)
TRIAL_DISTANCES_M: Final = (5000.0, 2 * MILE_M, 3000.0, MILE_M, 1500.0)
TRIAL_CONTRAST: Final = 1.3
"""An effort inside a longer run is all-out only when it is at least 30 % faster than the
rest of the run (warm-up, cool-down) — project threshold."""
TRIAL_HR_FRACTION: Final = 0.90
"""Evidence of an all-out effort from heart rate: the effort's last quarter averages at
least 90 % of HRmax (a mile to 5 km raced all-out ends near HRmax; e.g. Daniels,
*Daniels' Running Formula*, 3rd ed. 2014, ch. 4: 3-5 km race effort is 95-100 % of
VO2max, reached near HRmax) — project threshold."""
TRIAL_HR_OF_RUN: Final = 0.97
"""Without a known HRmax: the effort's last quarter must average at least 97 % of the
highest heart rate of the run (its 99th percentile), and be above the rest of the run."""
TRIAL_MAX_KICK: Final = 1.12
"""The fastest sustained effort of the run: no 400 m of the run is more than 12 % faster
than the effort's average (an all-out mile's fastest lap is typically 3-8 % faster than its
average, a 5 km's finishing 400 m up to ~10 %); reps run faster than a "trial" show it
was a warm-up — project threshold."""
TRIAL_MAX_DESCENT: Final = 0.02
"""A net descent steeper than 2 % over the effort disqualifies it (a downhill mile is not a
measure of fitness; World Athletics road records allow at most 0.1 %, Technical Rule
55.11, which GPS altitude cannot resolve) — project threshold."""
TRIAL_MAX_FADE: Final = 1.04
"""Even or negative split: the second half may take at most 4 % longer than the first
(an all-out effort is paced evenly; a fading "effort" was not run as a trial) — project
threshold."""


@dataclass(frozen=True)
class Effort:
    """The fastest ``distance_m`` inside a run: ``time_s``, starting at ``start_s``/``start_m``."""

    distance_m: float
    time_s: float
    start_s: float
    start_m: float

    @property
    def speed_mps(self) -> float:
        """Average speed over the effort, m/s."""
        return self.distance_m / self.time_s


@dataclass(frozen=True)
class TimeTrial:
    """An all-out effort recognised in a run: the effort and how much faster it was than
    the rest of the run (``contrast``; ``None`` when the whole run was the trial)."""

    effort: Effort
    contrast: float | None


def best_effort(samples: Samples, distance_m: float) -> Effort | None:
    """The fastest ``distance_m`` in the run, or ``None`` if the run is shorter."""
    d = clean_distance(samples)
    t = samples.time_s
    if not np.isfinite(d).any() or d[-1] < distance_m:
        return None
    ends = time_at_distance(t, d, d + distance_m)
    durations = ends - t
    if not np.isfinite(durations).any():
        return None
    i = int(np.nanargmin(durations))
    return Effort(
        distance_m=distance_m, time_s=float(durations[i]), start_s=float(t[i]), start_m=float(d[i])
    )


def best_efforts(
    samples: Samples,
    distances_m: Sequence[float] = STANDARD_EFFORTS_M,
    *,
    sex: str | None = None,
    age: float | None = None,
) -> tuple[Effort, ...]:
    """Best efforts for each of ``distances_m`` the run is long enough for; an effort
    faster than anyone of ``sex`` and ``age`` has run (:func:`record_bound_s`) is a
    recording error and left out."""
    found = (best_effort(samples, distance) for distance in distances_m)
    return tuple(
        effort
        for effort in found
        if effort is not None and effort.time_s >= record_bound_s(effort.distance_m, sex, age)
    )


@dataclass(frozen=True)
class TrialVerdict:
    """Whether a run held an all-out effort (``trial``, ``None`` when not) and why:
    ``reasons`` gives the evidence that was found, or what was missing."""

    trial: TimeTrial | None
    reasons: tuple[str, ...]


def record_bound_s(distance_m: float, sex: str | None = None, age: float | None = None) -> float:
    """The fastest time over ``distance_m`` anyone of ``sex`` and ``age`` has run: the
    world record (:func:`miler.science.records.world_record_s`, men's when ``sex`` is
    unknown), or the age standard (:func:`miler.science.age_grading.age_standard`, WMA /
    USATF) when ``age`` is known. Below the shortest record distance (400 m) the 400 m
    record's speed is the bound, which is slower than any shorter record."""
    from miler.errors import MilerError
    from miler.science.records import MIN_DISTANCE_M, world_record_s

    if distance_m < MIN_DISTANCE_M:
        return world_record_s(MIN_DISTANCE_M, sex) * distance_m / MIN_DISTANCE_M
    bound = world_record_s(distance_m, sex)
    if age is not None:
        from miler.science.age_grading import age_standard

        # an age or distance outside the tables: the open record still holds
        with contextlib.suppress(MilerError):
            bound = max(bound, age_standard(distance_m, age, sex or "M").age_standard_s)
    return bound


def judge_time_trial(
    samples: Samples,
    *,
    hr_max_bpm: float | None = None,
    sex: str | None = None,
    age: float | None = None,
) -> TrialVerdict:
    """Whether the run held an all-out mile, 1500 m, 3000 m, 2 miles or 5000 m, and why.

    A candidate is the best effort over a trial distance (longest first): the whole run
    (its distance within -2 %/+10 % of the trial's, the effort at least 90 % of its time),
    or an effort at least :data:`TRIAL_CONTRAST` faster than the rest of the run. It is
    taken only with evidence of an all-out effort, every test passing:

    - heart rate near max where the run has heart rate (:data:`TRIAL_HR_FRACTION` of
      ``hr_max_bpm``; without it, relative to the run's own highest, which a whole-run
      candidate cannot show, so a whole run with heart rate needs ``hr_max_bpm``);
    - a whole run without heart rate is never taken: a steady run of a trial distance
      cannot be told from a race;
    - the fastest sustained effort of the run (no 400 m more than :data:`TRIAL_MAX_KICK`
      faster, and it is never slower than 80 % of its own average over any 30 s);
    - no net descent steeper than :data:`TRIAL_MAX_DESCENT`;
    - an even or negative split (second half within :data:`TRIAL_MAX_FADE` of the first);
    - not faster than :func:`record_bound_s` (a GPS error).
    """
    d = clean_distance(samples)
    t = samples.time_s
    if not np.isfinite(d).any() or d[-1] < min(TRIAL_DISTANCES_M):
        return TrialVerdict(None, ("shorter than 1500 m: no trial distance was covered",))
    total_m = float(d[-1])
    moving = moving_seconds(samples, d)
    total_s = float(moving[-1])
    fastest_400 = best_effort(samples, 400.0)
    reasons: list[str] = []
    for distance in TRIAL_DISTANCES_M:
        effort = best_effort(samples, distance)
        if effort is None:
            continue
        label = f"{event_name(distance)} in {format_time(effort.time_s)}"
        if effort.time_s < record_bound_s(distance, sex, age):
            reasons.append(f"{label}: faster than the world record, a recording error")
            continue
        inside = np.interp([effort.start_s, effort.start_s + effort.time_s], t, moving)
        effort_moving = float(inside[1] - inside[0])
        whole = 0.98 * distance <= total_m <= 1.10 * distance and effort_moving >= 0.9 * (
            total_s * distance / total_m
        )
        contrast: float | None = None
        if not whole:
            rest_m = total_m - distance
            rest_s = total_s - effort_moving
            if rest_m < 200 or rest_s <= 0:
                continue
            contrast = effort.speed_mps / (rest_m / rest_s)
            if contrast < TRIAL_CONTRAST:
                if not reasons:
                    reasons.append(
                        f"{label}: only {100 * (contrast - 1):.0f} % faster than the rest of "
                        f"the run (an all-out effort stands out by "
                        f"{100 * (TRIAL_CONTRAST - 1):.0f} %)"
                    )
                continue
        problems, evidence = _evidence(samples, d, effort, whole, fastest_400, hr_max_bpm)
        if problems:
            reasons.append(f"{label}: not all-out: " + "; ".join(problems))
            continue
        if contrast is not None:
            evidence.insert(0, f"{100 * (contrast - 1):.0f} % faster than the rest of the run")
        return TrialVerdict(
            TimeTrial(effort, None if contrast is None else float(contrast)),
            (f"{label}: all-out: " + "; ".join(evidence),),
        )
    if not reasons:
        reasons.append("no trial distance stands out from the rest of the run")
    return TrialVerdict(None, tuple(reasons))


def recognise_time_trial(
    samples: Samples,
    *,
    hr_max_bpm: float | None = None,
    sex: str | None = None,
    age: float | None = None,
) -> TimeTrial | None:
    """The all-out effort :func:`judge_time_trial` takes from the run, if any."""
    return judge_time_trial(samples, hr_max_bpm=hr_max_bpm, sex=sex, age=age).trial


def _evidence(
    samples: Samples,
    d: np.ndarray,
    effort: Effort,
    whole: bool,
    fastest_400: Effort | None,
    hr_max_bpm: float | None,
) -> tuple[list[str], list[str]]:
    """What speaks against the effort being all-out, and what for it."""
    t = samples.time_s
    start, end = effort.start_s, effort.start_s + effort.time_s
    problems: list[str] = []
    evidence: list[str] = []
    hr = samples.heart_rate_bpm
    span = (t >= start) & (t <= end)
    last = (t >= end - effort.time_s / 4) & (t <= end) & np.isfinite(hr) & (hr > 0)
    has_hr = bool(last.sum() >= 3)
    if not has_hr and whole:
        problems.append(
            "no heart rate, and a steady run of a trial distance cannot be told from an "
            "all-out one without it"
        )
    elif has_hr:
        final = float(np.mean(hr[last]))
        if hr_max_bpm:
            share = final / hr_max_bpm
            text = f"heart rate {100 * share:.0f} % of HRmax {hr_max_bpm:.0f} at the end"
            (evidence if share >= TRIAL_HR_FRACTION else problems).append(text)
        elif whole:
            problems.append("heart rate recorded but no HRmax known to compare it with")
        else:
            valid = np.isfinite(hr) & (hr > 0)
            top = float(np.percentile(hr[valid], 99))
            rest = valid & ~span
            rest_hr = float(np.mean(hr[rest])) if rest.any() else 0.0
            ok = final >= TRIAL_HR_OF_RUN * top and final > rest_hr
            text = (
                f"heart rate {final:.0f} bpm at the end, the run's highest being {top:.0f} "
                f"and the rest averaging {rest_hr:.0f}"
            )
            (evidence if ok else problems).append(text)
    if fastest_400 is not None and effort.distance_m > 400:
        ratio = fastest_400.speed_mps / effort.speed_mps
        if ratio > TRIAL_MAX_KICK:
            problems.append(
                f"the run's fastest 400 m is {100 * (ratio - 1):.0f} % faster than it "
                "(faster running happened elsewhere)"
            )
        else:
            evidence.append(f"no 400 m of the run is more than {100 * (ratio - 1):.0f} % faster")
    if not _sustained(t, d, effort):
        problems.append("it eased off inside (30 s under 80 % of its pace)")
    alt = samples.altitude_m
    ok_alt = np.isfinite(alt)
    if ok_alt.sum() >= 2:
        a0, a1 = np.interp([start, end], t[ok_alt], alt[ok_alt])
        grade = float((a1 - a0) / effort.distance_m)
        if grade < -TRIAL_MAX_DESCENT:
            problems.append(f"net descent of {-100 * grade:.1f} %")
        else:
            evidence.append(f"net grade {100 * grade:+.1f} %")
    half_m = effort.start_m + effort.distance_m / 2
    mid_t = float(time_at_distance(t, d, np.array([half_m]))[0])
    first, second = mid_t - start, end - mid_t
    if first > 0 and second > TRIAL_MAX_FADE * first:
        problems.append(
            f"positive split ({format_time(first)} then {format_time(second)} per half)"
        )
    elif first > 0:
        evidence.append(f"halves {format_time(first)} and {format_time(second)}")
    return problems, evidence


def _sustained(t: np.ndarray, d: np.ndarray, effort: Effort) -> bool:
    start, end = effort.start_s, effort.start_s + effort.time_s
    marks = np.arange(start, end - 30.0 + 1e-9, 10.0)
    if marks.size == 0:
        return True
    covered = np.interp(marks + 30.0, t, d) - np.interp(marks, t, d)
    return bool((covered / 30.0 >= 0.8 * effort.speed_mps).all())
