"""Progression: which quality format each week, how many reps, and how long the runs are.

* R-G16: at most one new format a week (standard repeats are not new to a runner with
  recent interval work), ≤1 added rep per occurrence of a format.
* R-G17: no identical quality session (format, reps, distances) in consecutive weeks;
  formats rotate through the phase's pool so a 4-week block holds ≥3 of them.
* R-G15: the long intervals' reps build 2 → 3 → 4 for a current best between 8:00 and 9:00.
* Long run: +≤5 min a week (R-G5), capped by level and session time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

from miler.plan.model import Block, BlockRole, RepeatStep, RunStep, Session, Step
from miler.planning.rules.coach_volume import level_long_run_cap_min
from miler.workouts.library import LIBRARY, get_workout
from miler.workouts.running import long_interval_reps

__all__ = [
    "POOLS",
    "FormatPicker",
    "Pick",
    "blocks_run_seconds",
    "long_run_growth_cap_min",
    "run_seconds",
    "step_seconds",
]

Cls = Literal["short", "long"]

POOLS: Final[dict[str, dict[Cls, tuple[str, ...]]]] = {
    "base": {
        "short": ("sprints_30s", "repeats_200", "repeats_300"),
        "long": ("long_intervals", "repeats_400", "repeats_600"),
    },
    "build": {
        "short": ("repeats_200", "sprints_30s", "repeats_300"),
        "long": ("repeats_600", "ladder_up", "long_intervals", "repeats_400"),
    },
    "specific": {
        "short": ("repeats_300", "repeats_200", "sprints_30s"),
        "long": ("pyramid", "ladder_down", "repeats_800", "repeats_600", "ladder_up"),
    },
    "taper": {
        "short": ("repeats_200", "repeats_300", "repeats_150"),
        "long": ("repeats_400", "repeats_600", "repeats_800"),
    },
}
TAPER_NO_TRACK_SWAP: Final = {"repeats_300": "repeats_150"}
"""In the taper without a track, 300 m reps run by time give way to 150 m ones, which keep
the taper week inside R-G8's volume bounds at low volume. Elsewhere the 300 m reps stay, so
a runner without a track still has three short formats for R-G17's variety."""
NEW_FORMAT_GAP: Final = 1
"""At most one new quality format a week. R-G16's "≤1 new quality session per 2 weeks" is
applied to the number of quality sessions (see generate); a stricter gap between new
formats would leave a 4-week block short of the 3 formats R-G17 asks for."""
TAPER_REPS: Final = 0.6


@dataclass(frozen=True)
class Pick:
    format: str
    reps: int
    occurrence: int
    new: bool


@dataclass
class FormatPicker:
    """Chooses formats and reps week by week, remembering what the runner has done."""

    track: bool
    familiar_ok: bool
    current_mile_s: float
    introduced: set[str] = field(default_factory=set)
    last_intro_week: int = -10
    occurrences: dict[str, int] = field(default_factory=dict)
    last_reps: dict[str, int] = field(default_factory=dict)
    most_reps: dict[str, int] = field(default_factory=dict)
    week_formats: dict[int, set[str]] = field(default_factory=dict)
    last_slot: dict[str, tuple[int, str, int]] = field(default_factory=dict)

    def variant(self, base: str) -> str:
        fmt = LIBRARY[base]
        if not self.track and fmt.needs_track:
            return f"{base}_timed"
        return base

    def pool(self, phase: str, cls: Cls) -> tuple[str, ...]:
        formats = POOLS[phase][cls]
        if self.track or phase != "taper":
            return formats
        return tuple(TAPER_NO_TRACK_SWAP.get(f, f) for f in formats)

    def is_new(self, base: str) -> bool:
        if base in self.introduced:
            return False
        return not (self.familiar_ok and LIBRARY[base].familiar)

    def new_allowed(self, week: int) -> bool:
        return week - self.last_intro_week >= NEW_FORMAT_GAP

    def pick(
        self,
        cls: Cls,
        phase: str,
        week: int,
        *,
        deload: bool,
        avoid: set[str],
        allow_new: bool = True,
        fits: tuple[str, ...] | None = None,
    ) -> Pick:
        pool = self.pool(phase, cls)
        previous = self.week_formats.get(week - 1, set())
        rotation = week % len(pool)
        ordered = pool[rotation:] + pool[:rotation]
        # The taper pool holds only plain repeats, so one new there is harmless and keeps
        # the last 4-week block varied (R-G17).
        may_introduce = allow_new and self.new_allowed(week)
        choices = [
            b
            for b in ordered
            if b not in previous
            and b not in avoid
            and (fits is None or b in fits)
            and (not self.is_new(b) or may_introduce)
        ]
        if not choices:
            known = [
                b
                for phase_pools in POOLS
                for b in self.pool(phase_pools, cls)
                if not self.is_new(b) and b not in avoid and (fits is None or b in fits)
            ]
            known = list(dict.fromkeys(known))
            choices = [b for b in known if b not in previous]
            if not choices:
                # Never the same session two weeks running (R-G17): a format not done yet
                # rather than last week's again.
                choices = [
                    b
                    for b in ordered
                    if b not in previous and b not in avoid and (fits is None or b in fits)
                ] or known
        if not choices:
            choices = [b for b in ordered if b not in avoid] or list(ordered)
        # Prefer a format not yet done in this 4-week block (R-G17: ≥3 formats a block, also
        # when a week of the block held no quality session), then one not yet done at all:
        # variety, and each new one introduced in turn.
        start = (week - 1) // 4 * 4 + 1
        in_block = set().union(*(self.week_formats.get(w, set()) for w in range(start, week)))
        choices = sorted(choices, key=lambda b: b in in_block)
        if fits is not None and all(b in in_block for b in choices):
            # a lighter format from outside the phase's pool keeps the block varied
            choices = [
                b
                for b in fits
                if b not in in_block
                and b not in avoid
                and b not in previous
                and (not self.is_new(b) or may_introduce)
            ] + choices
        fresh = [b for b in choices if self.is_new(b)]
        known_choices = [b for b in choices if not self.is_new(b)]
        base = (fresh or known_choices)[0] if may_introduce else (known_choices or fresh)[0]
        return self._reps(base, week, cls, deload=deload, taper=phase == "taper")

    def _reps(self, base: str, week: int, cls: Cls, *, deload: bool, taper: bool) -> Pick:
        fmt = get_workout(base)
        occurrence = self.occurrences.get(base, 0)
        last = self.last_reps.get(base)
        first, fewest, most = fmt.reps
        if fmt.fixed_shape:
            reps = len(fmt.distances)
        elif base == "long_intervals":
            reps = long_interval_reps(self.current_mile_s, occurrence)
        elif last is None:
            reps = first
        elif taper:
            reps = max(fewest, round(TAPER_REPS * last))
        elif deload:
            reps = last
        else:
            reps = min(most, last + 1)
        # R-G16: at most one rep over the most of any earlier occurrence, also after a week
        # that cut the reps under the format's fewest (a volume bound, see generate).
        ceiling = min(most, self.most_reps.get(base, most) + 1)
        reps = min(reps, ceiling)
        if self.last_slot.get(cls) == (week - 1, base, reps) and not fmt.fixed_shape:
            reps = reps + 1 if reps < ceiling else max(fewest, reps - 1)
        return Pick(format=base, reps=reps, occurrence=occurrence, new=self.is_new(base))

    def commit(self, pick: Pick, week: int, cls: Cls) -> None:
        if pick.new:
            self.last_intro_week = week
        self.introduced.add(pick.format)
        self.occurrences[pick.format] = pick.occurrence + 1
        self.last_reps[pick.format] = pick.reps
        self.most_reps[pick.format] = max(pick.reps, self.most_reps.get(pick.format, 0))
        self.last_slot[cls] = (week, pick.format, pick.reps)
        self.week_formats.setdefault(week, set()).add(pick.format)


def long_run_growth_cap_min(level: str, single_mile: bool, session_minutes: float) -> float:
    """The long run a plan grows toward week by week, in minutes: C-7's cap for the level
    (novice 45, intermediate 60, experienced 75 for a single mile, R-S1.4: shorter runs, or
    90), within the session time, but never under the 30-min run R-S1.2 and R-G8 keep. Not
    C-7's own bound (:func:`miler.planning.rules.coach_volume.long_run_cap_min`, which
    allows the runner's own longest run): a plan starts from that run and keeps it, but
    grows toward this."""
    return max(30.0, min(level_long_run_cap_min(level, single_mile), session_minutes))


def step_seconds(step: RunStep, easy_speed: float) -> float:
    """How long a run step lasts: its time, else its target time, else its distance at the
    middle of its speed range (or its stated duration, or ``easy_speed`` in m/s)."""
    if step.end == "time" and step.duration_s is not None:
        return step.duration_s
    if step.target_time_s is not None:
        return step.target_time_s
    if step.distance_m is not None:
        if step.speed_low_mps is not None and step.speed_high_mps is not None:
            return step.distance_m / ((step.speed_low_mps + step.speed_high_mps) / 2)
        return step.duration_s or step.distance_m / easy_speed
    return step.duration_s or 0.0


def _walk(step: RunStep) -> bool:
    return step.purpose in ("walk", "walk_back") or step.intensity.value == "rest"


def _steps_seconds(steps: tuple[Step, ...], easy_speed: float) -> float:
    total = 0.0
    for step in steps:
        if isinstance(step, RepeatStep):
            total += step.count * _steps_seconds(step.steps, easy_speed)
        elif isinstance(step, RunStep) and not _walk(step):
            total += step_seconds(step, easy_speed)
    return total


def run_seconds(session: Session, easy_speed: float) -> float:
    """Running time of a session: every run step but walks, repeats unrolled, distance
    steps at their target time (the weekly volume R-S1.4, R-G5, R-G8 and R-G16 limit)."""
    return blocks_run_seconds(session.blocks, easy_speed)


def blocks_run_seconds(blocks: tuple[Block, ...], easy_speed: float) -> float:
    """:func:`run_seconds` of a session's blocks."""
    return sum(
        _steps_seconds(block.steps, easy_speed)
        for block in blocks
        if block.role not in (BlockRole.STRENGTH, BlockRole.CROSS)
    )
