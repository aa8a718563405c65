"""The per-plan context and the week-to-week state of plan generation.

:class:`Context` holds what is decided once per plan from the request and the assessed
profile: the week skeleton (which days host quality, long and easy runs), the phase frames,
the target date, the quality sessions and runs of a full week, the long-run cap, the week
the full quality mix may start (R-G16) and the strength familiarisation weeks (R-G9).
:class:`State` holds what the generator carries from one week to the next (volumes,
long-run history, quality counts, the format picker, time trials, the novice phase-in).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Final

from miler.errors import InvalidInputError
from miler.plan.model import (
    GoalType,
)
from miler.plan.request import RETURN_PHASE_IN_WEEKS, RETURN_SETTLE_WEEKS, PlanRequest, Restart
from miler.planning.assess import Profile
from miler.planning.phases import TAPER_WEEKS, WeekFrame, frame_weeks
from miler.planning.progression import FormatPicker, long_run_growth_cap_min
from miler.planning.schedule import DAY_INDEX, Skeleton, build_skeleton

__all__ = [
    "LONG_STEP_MIN",
    "RETURN_SETTLE_WEEKS",
    "THIRTY_MIN",
    "Context",
    "State",
    "context",
    "date_of",
]

THIRTY_MIN: Final = 30.0
LONG_STEP_MIN: Final = 5.0
"""R-G5: the longest continuous run grows by at most 5 min a week."""


@dataclass
class State:
    """What the generator remembers from week to week."""

    picker: FormatPicker
    long_min: float
    volumes: list[float] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    """Weekly training run time for R-G5's and R-G16's caps: the goal effort (race, or a
    no-race plan's final time trial) left out (docs/rule-choices.md)."""
    long_history: list[float] = field(default_factory=list)
    run_counts: list[int] = field(default_factory=list)
    ran_last_day: bool = False
    """Whether last week's last day had a run (R-S7.2 across the week boundary)."""
    quality_counts: list[int] = field(default_factory=list)
    long_sessions: int = 0
    strength_count: int = 0
    reached_week: int | None = None
    mix_on: int | None = None
    """A novice's first week of the full R-S6.8 mix: the phase-in ends the week before,
    which is the plan's deadline week (docs/rule-choices.md)."""
    mix_trying: bool = False
    return_mix: int | None = None
    """After a restart, the first week of the full R-S6.8 mix (C-11): from the restart's
    third week, once the full mix fits the growth caps."""
    taper_short: bool = False
    taper_drop_easy: bool = False
    """A novice taper week over R-G5's cap lets its quality session replace an easy run."""
    """A taper week too full for its long session keeps a (shorter) short one instead."""
    last_trial: int | None = None
    longest_so_far: float = 0.0
    lighter: list[bool] = field(default_factory=list)
    """Whether each finished week is a lighter week (C-6: a planned one that could not be
    lighter than the weeks before it is not labelled so)."""


@dataclass(frozen=True)
class Context:
    request: PlanRequest
    profile: Profile
    skeleton: Skeleton
    frames: tuple[WeekFrame, ...]
    race_date: dt.date | None
    target_date: dt.date
    novice: bool
    n_quality_full: int
    familiarisation: int
    long_cap: float
    mix_start: int
    runs_full: int
    restart: Restart | None = None
    """A re-plan's restart after missed running (C-11): from its week on, the weeks build
    from the runner's recent training instead of the baseline."""

    @property
    def level(self) -> str:
        return self.profile.level

    def segment_first(self, index: int) -> int:
        """The first week of the stretch week ``index`` belongs to: the restart's week from
        there on (C-11), else week 1."""
        restart = self.restart
        return restart.week if restart is not None and index >= restart.week else 1

    def restarted(self, index: int) -> Restart | None:
        """The restart week ``index`` builds from (C-11), if any."""
        return self.restart if self.segment_first(index) > 1 else None

    def base_min(self, index: int) -> float:
        """The weekly running week ``index``'s growth is measured from (R-G16, C-6): the
        baseline, or from a restart on the running the return starts from (C-11)."""
        restart = self.restarted(index)
        if restart is not None:
            return restart.weekly_run_min
        return self.profile.baseline.weekly_run_min

    def base_quality(self, index: int) -> float:
        """The quality sessions a week week ``index``'s phase-in counts from (R-G16): the
        baseline's, or from a restart the recent weeks' (C-11)."""
        restart = self.restarted(index)
        if restart is not None:
            return restart.quality_per_week
        return self.profile.baseline.quality_per_week

    def longest_min(self, index: int) -> float:
        """The runner's longest run as week ``index`` starts from it: the request's, or from
        a restart the one the return starts from (C-11)."""
        restart = self.restarted(index)
        if restart is not None:
            return restart.longest_run_min
        return self.request.longest_run_min

    def mix_start_at(self, index: int) -> int:
        """The first week of the full R-S6.8 mix for week ``index`` (R-G16): the plan's, or
        after a restart with no recent quality work two weeks into it (C-11: the return
        eases back in as R-G16's phase-in does, one short session a week), else the restart
        week (the full mix then waits only for room under the growth caps)."""
        restart = self.restarted(index)
        if restart is None:
            return self.mix_start
        return restart.week + (RETURN_PHASE_IN_WEEKS if restart.quality_per_week <= 0 else 0)


def context(
    request: PlanRequest, profile: Profile, days: tuple[int, ...], start: dt.date, n_weeks: int
) -> Context:
    novice = profile.level == "novice"
    baseline_q = profile.baseline.quality_per_week
    n_quality = 2
    if profile.level == "experienced" and baseline_q > 2:
        n_quality = min(3, math.ceil(baseline_q))
    if novice:
        runs = 3
    else:
        runs = max(3, min(6, round(request.runs_per_week)))
        runs = max(runs, n_quality + 1)
    preferred = DAY_INDEX[request.long_run_day] if request.long_run_day else None
    skeleton = build_skeleton(
        days, n_quality, runs, alternate_days=novice, preferred_long=preferred
    )
    long_cap = long_run_growth_cap_min(
        profile.level, request.goal_type == GoalType.SINGLE_MILE, request.session_minutes
    )
    reach = _reach_week(request.longest_run_min, long_cap)
    # R-G16: from no recent quality work, one session in weeks 1-2. A novice's full mix
    # also waits for the 30-min run and for room under R-G5's caps (see generate._build_week).
    mix_start = 3 if baseline_q <= 0 else 1
    frames = frame_weeks(
        n_weeks,
        start,
        base_until=max(reach, 1) if novice else None,
        first_trial=max(mix_start, reach),
    )
    race_date = request.race_date
    target = race_date or _last_day(start, n_weeks, skeleton)
    fam = 0 if request.lifting_experience else 4
    restart = request.restart
    if restart is not None and restart.longest_run_min < THIRTY_MIN and not novice:
        raise InvalidInputError(
            f"a restart from a {restart.longest_run_min:g}-min longest run makes the runner a "
            "novice (R-G1): restart from a run of 30 min or more"
        )
    if restart is not None and (novice or restart.week > n_weeks):
        raise InvalidInputError(
            f"a restart in week {restart.week} cannot be built: a novice's weeks build on the "
            "long run, not the baseline (rule choice 9)"
            if novice
            else f"a restart in week {restart.week} is past the plan's {n_weeks} weeks"
        )
    return Context(
        request=request,
        profile=profile,
        skeleton=skeleton,
        frames=tuple(frames),
        race_date=race_date,
        target_date=target,
        novice=novice,
        n_quality_full=n_quality,
        familiarisation=min(fam, max(0, n_weeks - TAPER_WEEKS)),
        long_cap=long_cap,
        mix_start=mix_start,
        runs_full=runs,
        restart=restart,
    )


def _reach_week(longest_min: float, cap: float) -> int:
    """The week the long run first reaches 30 min at +5 min a week (0: already)."""
    if longest_min >= THIRTY_MIN:
        return 0
    return math.ceil((THIRTY_MIN - longest_min) / LONG_STEP_MIN)


def date_of(week_start: dt.date, day: int) -> dt.date:
    return week_start + dt.timedelta(days=(day - week_start.weekday()) % 7)


def _last_day(start: dt.date, n_weeks: int, skeleton: Skeleton) -> dt.date:
    """Without a race date the plan ends with a time trial on the last training day of its
    last week, so nothing hard follows it (C-1)."""
    week_start = start + dt.timedelta(weeks=n_weeks - 1)
    last = max(skeleton.days, key=lambda d: (d - week_start.weekday()) % 7)
    return date_of(week_start, last)
