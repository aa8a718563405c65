"""The intensities a session is built from, and the run steps every session shares.

A session is prescribed from one runner's numbers: the training goal mile speed (R-G20),
the current-best mile (R-G3), Daniels' easy speeds (R-G6), the R-G14 fast band and
HRmax. Everything is SI: metres, seconds, m/s, beats per minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

from miler.plan.model import Intensity, RunStep, Segment
from miler.units import GPS_PACE_TOLERANCE, MILE_M

__all__ = [
    "EASY_HR_HIGH",
    "EASY_HR_LOW",
    "FIRST_SEGMENT_M",
    "Intensities",
    "cooldown",
    "easy_hr_cap",
    "easy_run",
    "jog",
    "lap_segments",
    "rep_by_distance",
    "rep_by_time",
    "walk",
    "warmup",
]

EASY_HR_LOW: Final = 0.65
EASY_HR_HIGH: Final = 0.79
"""R-G6: conversational running is at most 79% of HRmax (Daniels' E, 65–79% HRmax)."""
FIRST_SEGMENT_M: Final = MILE_M - 3 * 400.0
"""R-G11: a mile's first segment is 409.344 m (the start is 9.344 m behind the 400 m line)."""

Level = Literal["novice", "intermediate", "experienced"]


@dataclass(frozen=True)
class Intensities:
    """One runner's reference speeds (m/s) and heart rate (bpm).

    ``goal_speed`` is the speed reps are run at: the goal mile pace, or the current best when
    the goal is slower (R-G20 maintenance). ``fast_speed`` is the fast end of the R-G14 band
    (about 800 m race pace, never slower than ``current_speed``).
    """

    goal_speed: float
    current_speed: float
    easy_low: float
    easy_high: float
    fast_speed: float
    hr_max: float
    level: Level = "intermediate"

    @property
    def current_mile_s(self) -> float:
        return MILE_M / self.current_speed

    @property
    def easy_speed(self) -> float:
        return 0.5 * (self.easy_low + self.easy_high)


def easy_hr_cap(hr_max: float) -> float:
    """R-G6 cap in whole beats per minute, rounded down so it never exceeds 0.79·HRmax."""
    return float(math.floor(EASY_HR_HIGH * hr_max))


def _easy(
    name: str, purpose: str, intensity: Intensity, seconds: float, z: Intensities, **extra: object
) -> RunStep:
    return RunStep(
        name=name,
        purpose=purpose,
        intensity=intensity,
        end="time",
        duration_s=seconds,
        speed_low_mps=z.easy_low,
        speed_high_mps=z.easy_high,
        hr_low_bpm=float(math.ceil(EASY_HR_LOW * z.hr_max)),
        hr_high_bpm=easy_hr_cap(z.hr_max),
        rpe_low=2,
        rpe_high=4,
        **extra,  # type: ignore[arg-type]
    )


def easy_run(seconds: float, z: Intensities, name: str = "easy run") -> RunStep:
    """Continuous running at conversational pace (R-S1.1, R-G6): talk test, HR ≤79% HRmax,
    Daniels E pace, RPE 2–4."""
    return _easy(
        name,
        "easy",
        Intensity.ACTIVE,
        seconds,
        z,
        continuous=True,
        notes="conversational: you can speak in full sentences",
    )


def warmup(seconds: float, z: Intensities) -> RunStep:
    """The easy running of a warm-up (R-G19: ≥10 min before quality)."""
    return _easy("easy warm-up jog", "warmup", Intensity.WARMUP, seconds, z)


def cooldown(seconds: float, z: Intensities) -> RunStep:
    """The easy running of a cool-down (R-G19: ≥5 min after quality)."""
    return _easy("easy cool-down jog", "cooldown", Intensity.COOLDOWN, seconds, z)


def jog(seconds: float, z: Intensities, name: str = "recovery jog") -> RunStep:
    return RunStep(
        name=name,
        purpose="jog",
        intensity=Intensity.RECOVERY,
        end="time",
        duration_s=seconds,
        speed_high_mps=z.easy_high,
        rpe_low=1,
        rpe_high=3,
    )


def walk(seconds: float, name: str = "walk back") -> RunStep:
    return RunStep(
        name=name,
        purpose="walk",
        intensity=Intensity.REST,
        end="time",
        duration_s=seconds,
        rpe_low=1,
        rpe_high=2,
    )


def lap_segments(distance_m: float, time_s: float) -> tuple[Segment, ...]:
    """Per-lap targets at an even pace that sum to ``time_s`` (R-S4.1, R-G11).

    A mile is 409.344 m then 3×400 m. Any other distance is cut into 400 m laps; a part lap
    of up to 9.344 m joins the first lap (as the mile's does), a longer part lap is its
    own first segment. Each segment's time is proportional to its distance; the last one takes
    the rounding so the sum is exactly ``time_s``.
    """
    laps = int(distance_m // 400.0)
    rest = distance_m - 400.0 * laps
    if rest < 1e-6:
        lengths = [400.0] * laps
    elif laps >= 1 and rest <= FIRST_SEGMENT_M - 400.0 + 1e-6:
        lengths = [400.0 + rest] + [400.0] * (laps - 1)
    else:
        lengths = [rest] + [400.0] * laps
    if len(lengths) < 2:
        return ()
    times = [time_s * length / distance_m for length in lengths[:-1]]
    times.append(time_s - sum(times))
    return tuple(Segment(distance_m=d, time_s=t) for d, t in zip(lengths, times, strict=True))


def _target_time(distance_m: float, speed: float) -> float:
    """Time for ``distance_m`` at ``speed``, rounded down to the millisecond, so a rep "at
    goal pace" is never prescribed slower than goal pace."""
    return math.floor(distance_m / speed * 1000.0 + 1e-6) / 1000.0


def rep_by_distance(
    distance_m: float,
    speed: float,
    *,
    name: str,
    rpe: tuple[float, float] = (7, 8),
    segments: bool = True,
    purpose: str = "work",
    notes: str = "",
) -> RunStep:
    """A work rep over a distance with its target time and a speed range from the target
    speed to 3% faster (R-G12 tolerance); per-lap targets for reps of 400 m or more."""
    target = _target_time(distance_m, speed)
    return RunStep(
        name=name,
        purpose=purpose,
        intensity=Intensity.ACTIVE,
        end="distance",
        distance_m=distance_m,
        duration_s=target,
        target_time_s=target,
        speed_low_mps=distance_m / target,
        speed_high_mps=distance_m / target * (1 + GPS_PACE_TOLERANCE),
        rpe_low=rpe[0],
        rpe_high=rpe[1],
        segments=lap_segments(distance_m, target) if segments and distance_m >= 400 else (),
        notes=notes,
    )


def rep_by_time(
    seconds: float,
    speed_low: float,
    speed_high: float,
    *,
    name: str,
    rpe: tuple[float, float] = (7, 8),
    effort: tuple[float, float] | None = None,
    notes: str = "",
) -> RunStep:
    """A work rep for a time at a speed range (R-S6.5, R-S6.6, R-S6.10)."""
    return RunStep(
        name=name,
        purpose="work",
        intensity=Intensity.ACTIVE,
        end="time",
        duration_s=seconds,
        speed_low_mps=speed_low,
        speed_high_mps=max(speed_low, speed_high),
        rpe_low=rpe[0],
        rpe_high=rpe[1],
        effort_pct_low=effort[0] if effort else None,
        effort_pct_high=effort[1] if effort else None,
        notes=notes,
    )
