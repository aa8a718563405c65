"""Re-plan the rest of a plan from what the runner can do now: :func:`replan`.

A plan is also the record of what was prescribed, so a re-plan never touches a week that has
begun. Everything from the first week that starts on or after ``today`` is rebuilt by the
real generator (:func:`miler.planning.generate.generate_plan`) and the result is a
:class:`Revision`: the revised plan and what changed. Pure domain: no I/O, SI units.

**Which weeks are rebuilt.** A week is kept whole once it has begun (its start date is
before ``today``): its first sessions may already be run, and the week-level rules (rest
day, hard-easy, volume) hold only for whole weeks. Re-plan on the last day of a week, or on
the first day of the next one before its first session, and that next week is rebuilt. The
sessions dated ``today`` or later are the ones :mod:`miler.adapt.match` calls upcoming.

**How.** The generator is run over the plan's whole frame (same start date, race date or
length, athlete history, goal) and its weeks from the first rebuilt week on replace the old
ones. The same frame gives the same phases, lighter weeks, time-trial weeks, deadline and
strength familiarisation (rules R-G5, R-G9, R-G16, R-G20 count weeks from the start), so
week indices continue from the kept weeks, and an unchanged profile rebuilds the very same
weeks: every future session keeps its id (``<date>-<format>``). The revised plan keeps the
start date and the plan id (calendar identity, :func:`miler.export.ics.plan_identity`), the
athlete, the goal and the baseline the plan was made from (the weeks already prescribed are
judged against it, R-S1.4, R-G8, R-G16).

**Where the rebuilt weeks meet the kept ones.** The rebuilt weeks follow the generator's own
earlier weeks, which differ from the kept ones once paces or volume change, so a rule
across weeks can break at the junction: a format gaining two reps at once (R-G16), the
same session two weeks running (R-G17), a week over the growth caps (R-G16, R-G5). The
rebuild is then repeated from a slightly nudged baseline (:data:`_NUDGES`); when none
helps (a novice's weeks do not follow the baseline; a new mile under 8:00 gives 4×3 min
at once where R-G15 built 2→3→4, R-S6.6), the revision names the broken rules.

**What can change** (each change is given as a reason in the revision):

* *Fitness.* The best of ``new_results`` that are all-out (race or time trial, R-F3.1; a
  1500 m, 1600 m or longer race converted as R-G3 and R-G4 say) becomes the current mile,
  faster or slower: paces reset from the result (R-G20), so the rebuilt sessions'
  targets and the plan's paces follow it. Without one, the plan's assessment stays.
* *Goal realism.* With new evidence the goal is re-checked against the realistic range
  from the new current mile over the weeks left (:func:`miler.science.improvement.
  projected_mile`), and a goal beyond it is an :class:`~miler.errors.ImpossibleGoalError`
  unless ``force``. The goal itself never changes; a goal slower than the new current
  mile becomes a maintenance goal (R-G20). Without new evidence there is nothing new to
  judge it by, so nothing is refused.
* *Volume.* ``recent_weekly_run_min`` is the runner's mean weekly running over the last
  up to :data:`VOLUME_WINDOW_WEEKS` plan weeks that are over. Below
  :data:`ON_TRACK_SHARE` of what the plan prescribed for those weeks, the rebuilt weeks
  restart lower: the first one is sized at the same share of what the plan had for it.
  How far that can go is rule choice 9 in docs/rule-choices.md (R-G8, R-G16, R-G17,
  R-S1.1, R-G5); a novice's weeks, built on the long run, are not lowered.

**The kept weeks keep the paces they were written from.** A plan file holds one assessment
and one set of paces, the new ones after a new current mile; a kept week's sessions were
prescribed from the old ones (the 30-s reps, R-G14; the long intervals, R-S6.6, R-G15; which
reps count as quality, R-G7, R-S6.8). So each kept week carries a ``reference``
(:class:`~miler.plan.model.WeekReference`): the current mile and paces it was written
from (a week already carrying one from an earlier re-plan keeps it), and the validator
judges its sessions by it. Kept weeks whose mile and paces are the revised plan's carry
none. The rebuilt weeks carry what the generator gives them: from the revised plan's mile,
a week short of the goal carries its step toward goal pace (coach rule C-9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from miler.errors import ImpossibleGoalError, InvalidInputError
from miler.plan.model import Plan, PlanPaces, SessionType, Week, WeekReference
from miler.plan.request import (
    RETURN_PHASE_IN_WEEKS,
    RETURN_SETTLE_WEEKS,
    PlanRequest,
    RaceResult,
    Restart,
)
from miler.plan.schema import load_plan
from miler.planning.validate import ValidationReport, validate_plan
from miler.science.current import ALL_OUT_TAGS, current_mile
from miler.units import MILE_M, format_time

__all__ = [
    "ON_TRACK_SHARE",
    "RETURN_FLOOR_SHARE",
    "VOLUME_WINDOW_WEEKS",
    "GoalOutlook",
    "Revision",
    "recent_weeks",
    "replan",
    "replan_json",
]

VOLUME_WINDOW_WEEKS: Final = 4
"""Recent volume is compared over the last 4 weeks that are over: the span of the 4-week
baseline the plan was made from (R-S1.4, R-G8)."""
ON_TRACK_SHARE: Final = 0.9
"""Running at least 90% of the prescribed minutes counts as on track: within R-G16's 10%
weekly step, the difference a week's volume may change by anyway."""
RETURN_FLOOR_SHARE: Final = 0.5
"""C-11: a restart's return starts from the running done, but from at least half the
plan's baseline: after Daniels' guidance for a break of up to a few weeks (about half the
former load at first; Daniels' Running Formula, 3rd ed., 2014), and a week below it could
not hold a quality session and the 30-min run. Never above what the plan had for the week."""
_RETURN_LONGEST_MIN: Final = 30.0
"""C-11: the return's long run starts from the runner's recent longest, at least 30 min
(a runner who is not a novice runs 30 min continuously, R-G1; R-S1.1)."""
_RESTART_GROWTH: Final = 1.09
"""C-11's 10% over the return's start, aimed 1% under as the generator aims."""
_RETURN_LONG_SHARE: Final = 0.5
"""C-11: the return's long run starts at most at half the week it returns from (C-7 allows
twice an even share of a 4-session week)."""
_VOLUME_SLACK: Final = 1.05
"""A rebuilt first week up to 5% over its volume target is not lowered further: rebuilt
paces alone move distance reps by a few percent."""
_LOWEST_BASELINE_SHARE: Final = 0.2
"""The lowest baseline the rebuilt weeks are generated from, as a share of the plan's: the
generator's growth caps need a baseline above zero (R-G16)."""
_SEARCH_STEPS: Final = 6
"""Halvings of a baseline search: within (1 − 0.2)/2⁶ ≈ 1.3% of the plan's baseline."""
_NUDGES: Final = (0.97, 0.94, 1.03, 0.91, 0.88, 1.06, 0.85)
"""Baseline factors tried, nearest first, when the rebuilt weeks break a rule where they meet
the kept ones: a little less volume rests a growth cap (R-G16, R-G5), and the different
trims move reps and formats (R-G16's added reps, R-G17)."""


@dataclass(frozen=True)
class GoalOutlook:
    """The goal against the realistic range from a current mile after some weeks of
    training (:func:`miler.science.improvement.projected_mile`). Times in seconds; the goal
    as a mile (its mile equivalent for another distance, R-G4)."""

    current_mile_s: float
    weeks: int
    low_s: float
    likely_s: float
    high_s: float
    goal_mile_s: float
    source: str

    @property
    def realistic(self) -> bool:
        """The goal is no faster than the best case (half a second for rounding, as the
        generator allows)."""
        return self.goal_mile_s >= self.low_s - 0.5

    @property
    def maintenance(self) -> bool:
        """The goal is slower than the current mile (R-G20)."""
        return self.goal_mile_s > self.current_mile_s


@dataclass(frozen=True)
class Revision:
    """A revised plan and what changed.

    Session ids: ``kept`` are in both plans unchanged (the kept weeks' and the unchanged
    future sessions), ``changed`` in both with other content (e.g. new paces), ``added``
    only in the revised plan, ``dropped`` only in the old one (an ICS export cancels them).
    """

    plan: Plan
    today: dt.date
    first_rebuilt_week: int
    current_mile_before_s: float
    current_mile_after_s: float
    outlook_before: GoalOutlook
    """The goal when the plan was made: its current mile over its whole length."""
    outlook_after: GoalOutlook
    """The goal now: the new current mile over the weeks left; without new evidence, the
    same as before (nothing new to judge it by)."""
    recent_weekly_run_min: float | None
    restart: Restart | None
    """Where the rebuilt weeks restart after missed running (C-11); None: they carry on."""
    prescribed_weekly_run_min: float
    """What the plan prescribed a week over the same recent weeks (the plan's baseline when
    no week is over yet)."""
    rebuilt_baseline_min: float
    """The weekly running baseline the rebuilt weeks were generated from."""
    kept: tuple[str, ...]
    changed: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def kept_weeks(self) -> tuple[Week, ...]:
        """The weeks that had begun: the record, unchanged but for the pace reference they
        carry after a new current mile (see the module docstring)."""
        return self.plan.weeks[: self.first_rebuilt_week - 1]

    @property
    def rebuilt_weeks(self) -> tuple[Week, ...]:
        return self.plan.weeks[self.first_rebuilt_week - 1 :]


def replan_json(
    text: str,
    *,
    today: dt.date,
    new_results: Sequence[RaceResult] = (),
    recent_weekly_run_min: float | None = None,
    recent_longest_run_min: float | None = None,
    recent_quality_per_week: float | None = None,
    force: bool = False,
    source: str = "plan file",
) -> Revision:
    """:func:`replan` of a plan file's text; a file that is not a plan of this schema
    version is a :class:`~miler.errors.PlanFileError`."""
    return replan(
        load_plan(text, source),
        today=today,
        new_results=new_results,
        recent_weekly_run_min=recent_weekly_run_min,
        recent_longest_run_min=recent_longest_run_min,
        recent_quality_per_week=recent_quality_per_week,
        force=force,
    )


def replan(
    plan: Plan,
    *,
    today: dt.date,
    new_results: Sequence[RaceResult] = (),
    recent_weekly_run_min: float | None = None,
    recent_longest_run_min: float | None = None,
    recent_quality_per_week: float | None = None,
    force: bool = False,
) -> Revision:
    """Rebuild ``plan`` from the first week that starts on or after ``today`` (see the
    module docstring).

    ``new_results``: results since the plan was made (all-out ones move the current
    mile). ``recent_weekly_run_min``: mean weekly running minutes over the last up to 4
    plan weeks that ended before ``today`` (the weeks :mod:`miler.adapt.match` sums as
    done; ``None``: as prescribed). ``recent_longest_run_min`` and
    ``recent_quality_per_week``: the longest run and the quality sessions a week over the
    same weeks (``None``: none known), where a restart's return starts from (C-11).
    ``force``: re-plan even when the goal is beyond the realistic range the new results
    give.

    Raises :class:`~miler.errors.InvalidInputError` when the plan is over, no week is left
    to rebuild, or an input is wrong; :class:`~miler.errors.ImpossibleGoalError` for an
    unrealistic goal unless ``force``.
    """
    from miler.planning.generate import KeptWeeks, generate_plan

    first = _first_rebuilt_week(plan, today)
    for what, value in (
        ("recent weekly running", recent_weekly_run_min),
        ("recent longest run", recent_longest_run_min),
        ("recent quality sessions a week", recent_quality_per_week),
    ):
        if value is not None and value < 0:
            raise InvalidInputError(f"{what} {value:g} cannot be negative")
    evidence, left_out = _evidence(plan, new_results, today)
    request = _request(plan, today, evidence)
    before, after = _outlooks(plan, request, today, first, evidence, force)
    prescribed = _prescribed_recent_min(plan, today)
    share = None
    if recent_weekly_run_min is not None and prescribed > 0:
        share = recent_weekly_run_min / prescribed

    restart = _restart(
        plan, first, share, recent_weekly_run_min, recent_longest_run_min, recent_quality_per_week
    )

    kept_weeks = plan.weeks[: first - 1]
    trials = [
        w.index for w in kept_weeks if any(s.type is SessionType.TIME_TRIAL for s in w.sessions)
    ]
    history = KeptWeeks(
        running_min=tuple(_training_min(w, plan) for w in kept_weeks),
        last_trial=trials[-1] if trials else None,
    )

    def build(start_min: float, follow: bool = False) -> Plan:
        """The revised plan with its rebuilt weeks from ``start_min`` a week: the return's
        start after a restart (C-11), else the baseline they are generated from; with
        ``follow``, grown from the kept weeks' running as prescribed."""
        if restart is None:
            changed = request.model_copy(update={"weekly_run_min": start_min})
        else:
            moved = restart.model_copy(update={"weekly_run_min": start_min})
            changed = request.model_copy(update={"restart": moved})
        regenerated = generate_plan(changed, kept=history if follow else None)
        return _splice(plan, regenerated, first, evidence, today)

    if restart is not None:
        revised, baseline = _fit_restart(plan, first, restart.weekly_run_min, build)
        limits: list[str] = []
    else:
        revised, baseline, limits = _rebuild_volume(plan, first, share, build)
    revised, baseline, mended = _mend_junction(plan, first, revised, baseline, build)
    started = revised.weeks[first - 1].restart  # with the week its full mix returns
    kept, changed, added, dropped = _diff(plan, revised)
    reasons = (
        _span_reason(plan, first, today),
        *left_out,
        *_fitness_reasons(plan, revised, first, evidence, before, after),
        *_volume_reasons(share, recent_weekly_run_min, prescribed, first, plan, revised, started),
        *limits,
        *mended,
        f"sessions: {len(kept)} kept, {len(changed)} changed, {len(added)} added, "
        f"{len(dropped)} dropped",
    )
    revised = revised.model_copy(update={"reason": "; ".join(reasons)})
    return Revision(
        plan=revised,
        today=today,
        first_rebuilt_week=first,
        current_mile_before_s=plan.assessment.current_mile_s,
        current_mile_after_s=revised.assessment.current_mile_s,
        outlook_before=before,
        outlook_after=after,
        recent_weekly_run_min=recent_weekly_run_min,
        restart=started,
        prescribed_weekly_run_min=prescribed,
        rebuilt_baseline_min=baseline,
        kept=kept,
        changed=changed,
        added=added,
        dropped=dropped,
        reasons=reasons,
    )


def _end_date(plan: Plan) -> dt.date:
    """The race date, else the last day of the last week."""
    if plan.goal.race_date is not None:
        return plan.goal.race_date
    return plan.weeks[-1].start_date + dt.timedelta(days=6)


def _first_rebuilt_week(plan: Plan, today: dt.date) -> int:
    end = _end_date(plan)
    if today > end:
        what = "race day" if plan.goal.race_date is not None else "its last day"
        raise InvalidInputError(
            f"the plan ended on {end} ({what}) and today is {today}: there is nothing left to "
            "re-plan; make a new plan for your next goal with 'miler plan'"
        )
    for week in plan.weeks:
        if week.start_date >= today:
            return week.index
    last = plan.weeks[-1]
    raise InvalidInputError(
        f"today ({today}) is in the plan's last week (week {last.index}, from "
        f"{last.start_date}), which has begun: there is no week left to re-plan; run it as "
        "planned"
    )


def _evidence(
    plan: Plan, new_results: Sequence[RaceResult], today: dt.date
) -> tuple[tuple[RaceResult, ...], list[str]]:
    """The all-out results among ``new_results`` (R-F3.1), and why others were left out."""
    reasons: list[str] = []
    for result in new_results:
        if result.date is not None and result.date > today:
            raise InvalidInputError(
                f"a result dated {result.date} is after today ({today}): give results "
                "that have been run"
            )
    all_out = tuple(r for r in new_results if r.tag in ALL_OUT_TAGS)
    left_out = len(new_results) - len(all_out)
    if left_out:
        reasons.append(
            f"{left_out} result(s) left out: workouts and training runs are not all-out, "
            "so they never set the current mile (R-F3.1)"
        )
    if not all_out:
        return (), reasons
    try:
        current_mile(all_out, today, sex=plan.athlete.sex)
    except InvalidInputError as error:
        reasons.append(f"the new results do not set a current mile: {error}")
        return (), reasons
    return all_out, reasons


def _request(plan: Plan, today: dt.date, evidence: tuple[RaceResult, ...]) -> PlanRequest:
    """The request that rebuilds ``plan``: its athlete, baseline and goal as stored.

    The results are the new all-out efforts when there are any (a planned time trial or
    race sets the current mile, R-G20), else the dated results the plan was made from (plan
    schema 2 records its request). Only a plan upgraded from schema 1, which did not record
    them, falls back to its current mile as a stand-in mile time trial. The weekly minutes
    and the goal are the stored ones; ``force`` is checked here (:func:`_outlooks`).
    """
    athlete, goal, baseline = plan.athlete, plan.goal, plan.baseline
    results = evidence or (
        plan.request.results
        if plan.request is not None
        else (
            RaceResult(distance_m=MILE_M, time_s=plan.assessment.current_mile_s, tag="time_trial"),
        )
    )
    return PlanRequest(
        results=results,
        days=athlete.days,
        goal_time_s=goal.time_s,
        goal_distance_m=goal.distance_m,
        goal_type=goal.type,
        race_date=goal.race_date,
        weeks=None if goal.race_date is not None else len(plan.weeks),
        start_date=plan.start_date,
        # Without new evidence the plan's current mile stands as assessed on the day it was
        # made (R-G3 ages results from that day): the same paces, the same weeks.
        today=today if evidence else plan.created,
        long_run_day=athlete.long_run_day,
        age=athlete.age,
        sex=athlete.sex,
        months_running=athlete.months_running,
        runs_per_week=athlete.runs_per_week,
        longest_run_min=athlete.longest_run_min,
        weekly_run_min=baseline.weekly_run_min,
        quality_per_week=baseline.quality_per_week,
        recent_intervals=athlete.recent_intervals,
        lifting_experience=athlete.lifting_experience,
        body_mass_kg=athlete.body_mass_kg,
        hr_max_bpm=athlete.hr_max_bpm,
        equipment=athlete.equipment,
        cross_training=athlete.cross_training,
        session_minutes=athlete.session_minutes,
        name=athlete.name,
        force=True,
        # an earlier re-plan's restart (C-11) still shapes the weeks after it
        restart=plan.request.restart if plan.request is not None else None,
    )


def _restart(
    plan: Plan,
    first: int,
    share: float | None,
    ran_min: float | None,
    longest_min: float | None,
    quality: float | None,
) -> Restart | None:
    """Where the rebuilt weeks restart after missed running (C-11), or None when they carry
    on: the runner ran at least :data:`ON_TRACK_SHARE` of the prescribed running (or none is
    known), is a novice (whose weeks build on the long run, rule choice 9), the first
    rebuilt week is less than 3 weeks before the taper (which lowers the volume anyway,
    R-G8) or the plan has not begun.

    The return starts from the running done, at least :data:`RETURN_FLOOR_SHARE` of the
    baseline and never above what the plan had for the week; the long run from the longest
    run done, at least 30 min and at most the runner's own longest and half the week the
    return starts from; the quality sessions from those done."""
    week = plan.weeks[first - 1]
    if share is None or ran_min is None or share >= ON_TRACK_SHARE:
        return None
    taper = next((w.index for w in plan.weeks if w.phase == "taper"), len(plan.weeks) + 1)
    if plan.athlete.level == "novice" or taper - first < RETURN_SETTLE_WEEKS or first < 2:
        # (before the plan began the whole plan is rebuilt from a lower baseline; in or
        # near the taper, the taper is the lower volume)
        return None
    had = _training_min(week, plan)
    base = plan.baseline.weekly_run_min
    start = min(max(ran_min, RETURN_FLOOR_SHARE * base), had, base)
    own = max(plan.athlete.longest_run_min, _RETURN_LONGEST_MIN)
    # a long run in proportion to the week the return starts from (C-7's even share)
    in_proportion = max(_RETURN_LONGEST_MIN, _RETURN_LONG_SHARE * start)
    longest = min(max(longest_min or 0.0, _RETURN_LONGEST_MIN), own, in_proportion)
    return Restart(
        week=first,
        weekly_run_min=round(start, 1),
        ran_weekly_min=round(ran_min, 1),
        longest_run_min=round(longest, 1),
        quality_per_week=round(min(quality or 0.0, 7.0), 2),
    )


_FIT_TRIES: Final = 3


def _fit_restart(
    plan: Plan, first: int, start_min: float, build: Callable[[float], Plan]
) -> tuple[Plan, float]:
    """The revised plan from a restart at ``start_min`` a week, raised (up to the baseline)
    when the restart week's sessions at their smallest hold more than 10% over it (C-11): a
    quality session, the 30-min run and the shortest easy runs set a floor on a week."""
    base = plan.baseline.weekly_run_min
    revised = build(start_min)
    for _ in range(_FIT_TRIES):
        held = _training_min(revised.weeks[first - 1], revised)
        if held <= _RESTART_GROWTH * start_min or start_min >= base:
            break
        start_min = min(base, held / _RESTART_GROWTH + 0.5)
        revised = build(start_min)
    return revised, start_min


def _outlooks(
    plan: Plan,
    request: PlanRequest,
    today: dt.date,
    first: int,
    evidence: tuple[RaceResult, ...],
    force: bool,
) -> tuple[GoalOutlook, GoalOutlook]:
    """The goal's outlook when the plan was made (its current mile, its whole length) and
    now (the new current mile, the weeks left). With new evidence an unrealistic goal is
    refused unless ``force`` (the generator's own check, :func:`miler.planning.assess.
    assess`, over the weeks left)."""
    from miler.planning.assess import assess

    weeks_left = len(plan.weeks) - first + 1
    try:
        profile = assess(
            request.model_copy(update={"force": force or not evidence}), today, weeks_left
        )
    except ImpossibleGoalError as error:
        raise ImpossibleGoalError(
            f"re-planning weeks {first}-{len(plan.weeks)} from your new current mile: {error}"
        ) from None
    before = _outlook(plan, plan.assessment.current_mile_s, len(plan.weeks), profile.goal_mile_s)
    if not evidence:
        return before, before
    now = profile.assessment.current_mile_s
    return before, _outlook(plan, now, weeks_left, profile.goal_mile_s)


def _outlook(plan: Plan, current_s: float, weeks: int, goal_mile_s: float) -> GoalOutlook:
    from miler.science.improvement import projected_mile

    athlete = plan.athlete
    projection = projected_mile(athlete.level, current_s, weeks, athlete.age, athlete.sex)
    return GoalOutlook(
        current_mile_s=current_s,
        weeks=weeks,
        low_s=projection.low_s,
        likely_s=projection.likely_s,
        high_s=projection.high_s,
        goal_mile_s=goal_mile_s,
        source=projection.source,
    )


def _training_min(week: Week, plan: Plan) -> float:
    """A week's running minutes without the race (the volume R-S1.4, R-G8 and R-G16
    measure), from the steps (:func:`miler.planning.progression.run_seconds`), at the easy
    pace of the paces the week was written from."""
    from miler.planning.progression import run_seconds

    paces = plan.paces if week.reference is None else week.reference.paces
    easy = (paces.easy_speed_low_mps + paces.easy_speed_high_mps) / 2
    seconds = sum(run_seconds(s, easy) for s in week.sessions if s.type is not SessionType.RACE)
    return seconds / 60.0


class _Dated(Protocol):
    @property
    def start_date(self) -> dt.date: ...


_W = TypeVar("_W", bound=_Dated)


def recent_weeks(weeks: Sequence[_W], today: dt.date) -> list[_W]:
    """The last up to :data:`VOLUME_WINDOW_WEEKS` of ``weeks`` that ended before ``today``:
    the window both the running done and the running prescribed are compared over (plan
    weeks, or :class:`miler.adapt.match.WeekSummary`)."""
    over = [w for w in weeks if w.start_date + dt.timedelta(days=7) <= today]
    return over[-VOLUME_WINDOW_WEEKS:]


def _prescribed_recent_min(plan: Plan, today: dt.date) -> float:
    """Mean prescribed running a week over the last up to 4 weeks that are over; the plan's
    baseline (the 4 weeks before it) when none is."""
    window = recent_weeks(plan.weeks, today)
    if not window:
        return plan.baseline.weekly_run_min
    return sum(_training_min(w, plan) for w in window) / len(window)


def _splice(
    plan: Plan, regenerated: Plan, first: int, evidence: tuple[RaceResult, ...], today: dt.date
) -> Plan:
    """The kept weeks, each with the pace reference it was written from when that is not
    the revised plan's, then the regenerated weeks from ``first`` on, under the plan's
    athlete and baseline; the assessment is the new one only with new evidence (with the
    older best kept as lifetime best, R-G3)."""
    assessment = plan.assessment
    if evidence:
        new = regenerated.assessment
        older = (plan.assessment.lifetime_best_mile_s, new.lifetime_best_mile_s)
        known = [t for t in older if t is not None]
        # Never slower than the current mile (R-G3), as the generator keeps it.
        lifetime = min(*known, new.current_mile_s) if known else None
        assessment = new.model_copy(update={"lifetime_best_mile_s": lifetime})
    note = f"re-planned on {today}: weeks {first}-{len(plan.weeks)} rebuilt"
    notes = tuple(dict.fromkeys((*plan.notes, *regenerated.notes, note)))
    kept = tuple(
        _referenced(week, plan, assessment.current_mile_s, regenerated.paces)
        for week in plan.weeks[: first - 1]
    )
    return regenerated.model_copy(
        update={
            "plan_id": plan.plan_id,
            "athlete_id": plan.athlete_id,
            "revision": plan.revision + 1,
            "parent_revision": plan.revision,
            "created": today,
            "weeks": kept + regenerated.weeks[first - 1 :],
            "athlete": plan.athlete,
            "baseline": plan.baseline,
            "assessment": assessment,
            "notes": notes,
            "deadline_week": _deadline(plan, regenerated, first),
        }
    )


def _deadline(plan: Plan, regenerated: Plan, first: int) -> int | None:
    """A novice's 30-min-run deadline week (R-G5): the plan's when it fell in the kept
    weeks (their phase-in was prescribed by it), else the rebuilt plan's."""
    kept = plan.deadline_week
    if kept is not None and kept < first:
        return kept
    return regenerated.deadline_week


def _referenced(week: Week, plan: Plan, mile_s: float, paces: PlanPaces) -> Week:
    """``week`` of ``plan`` kept in a plan revised to the current mile ``mile_s`` and
    ``paces``: with the reference it was written from (its own, from an earlier re-plan,
    else ``plan``'s assessment and paces), or none when that is the revised plan's."""
    written = week.reference or WeekReference(
        current_mile_s=plan.assessment.current_mile_s, paces=plan.paces
    )
    same = written.current_mile_s == mile_s and written.paces == paces
    reference = None if same else written
    if reference == week.reference:
        return week
    return week.model_copy(update={"reference": reference})


def _rebuild_volume(
    plan: Plan, first: int, share: float | None, build: Callable[[float], Plan]
) -> tuple[Plan, float, list[str]]:
    """The revised plan and the baseline its rebuilt weeks come from (rule choice 9,
    docs/rule-choices.md).

    The first rebuilt week's target is what the plan had for it, times the share of the
    prescribed running done when under :data:`ON_TRACK_SHARE`. The generator sizes a
    non-novice's weeks from the baseline (R-S1.4, R-G8, R-G16), so the baseline is searched
    (bisection): the highest that keeps that week within 5% of its target, then, if that
    one breaks a rule the plan's own baseline does not, the lowest that breaks none.
    """
    base = plan.baseline.weekly_run_min
    reference = build(base)
    target = _training_min(plan.weeks[first - 1], plan)
    if share is not None and share < ON_TRACK_SHARE:
        target *= share

    def fits(candidate: Plan) -> bool:
        week = candidate.weeks[first - 1]
        return _training_min(week, candidate) <= target * _VOLUME_SLACK

    if plan.athlete.level == "novice" or base <= 0 or fits(reference):
        return reference, base, []
    floor = _LOWEST_BASELINE_SHARE * base
    lowered = (floor, build(floor))
    if fits(lowered[1]):
        lowered, _ = _boundary(lowered, (base, reference), build, fits)
    kept_ids = {s.id for w in plan.weeks[: first - 1] for s in w.sessions}
    known = validate_plan(reference)

    def breaks(candidate: Plan) -> set[str]:
        return _new_failures(validate_plan(candidate), known, kept_ids)

    broken = breaks(lowered[1])
    if not broken:
        return lowered[1], lowered[0], []
    _, (baseline, revised) = _boundary(
        lowered, (base, reference), build, lambda candidate: bool(breaks(candidate))
    )
    if revised.weeks == reference.weeks:
        baseline = base
    reason = (
        f"the restart is not as low as asked: a lower one breaks {', '.join(sorted(broken))} "
        "against the weeks already prescribed (rule choice 9, docs/rule-choices.md)"
    )
    return revised, baseline, [reason]


Candidate = tuple[float, Plan]
"""A baseline in minutes and the revised plan built from it."""


def _boundary(
    low: Candidate,
    high: Candidate,
    build: Callable[[float], Plan],
    low_side: Callable[[Plan], bool],
) -> tuple[Candidate, Candidate]:
    """Bisection between two baselines, ``low_side`` true for ``low``'s plan and false for
    ``high``'s: the closest pair found, each with its plan."""
    for _ in range(_SEARCH_STEPS):
        middle = (low[0] + high[0]) / 2
        candidate = (middle, build(middle))
        if low_side(candidate[1]):
            low = candidate
        else:
            high = candidate
    return low, high


def _new_failures(
    report: ValidationReport, known: ValidationReport, kept_ids: set[str]
) -> set[str]:
    """Rules ``report`` fails that ``known`` passes, or fails on other rebuilt sessions."""
    before = {r.rule: set(r.sessions) for r in known.failures}
    return {
        r.rule
        for r in report.failures
        if r.rule not in before or not set(r.sessions) <= before[r.rule] | kept_ids
    }


def _diff(old: Plan, new: Plan) -> tuple[tuple[str, ...], ...]:
    """Session ids kept, changed, added and dropped from ``old`` to ``new``, in date order."""
    before = {s.id: s for s in old.sessions()}
    after = {s.id: s for s in new.sessions()}
    kept = tuple(i for i, s in after.items() if before.get(i) == s)
    changed = tuple(i for i, s in after.items() if i in before and before[i] != s)
    added = tuple(i for i in after if i not in before)
    dropped = tuple(i for i in before if i not in after)
    return kept, changed, added, dropped


def _span_reason(plan: Plan, first: int, today: dt.date) -> str:
    n = len(plan.weeks)
    rebuilt = f"week {first}" if first == n else f"weeks {first}-{n}"
    if first == 1:
        return f"re-planned on {today}, before the plan began: {rebuilt} rebuilt"
    kept = "week 1" if first == 2 else f"weeks 1-{first - 1}"
    return f"re-planned on {today}: {kept} kept as prescribed (they have begun), {rebuilt} rebuilt"


def _fitness_reasons(
    plan: Plan,
    revised: Plan,
    first: int,
    evidence: tuple[RaceResult, ...],
    before: GoalOutlook,
    after: GoalOutlook,
) -> list[str]:
    old, new = plan.assessment.current_mile_s, revised.assessment.current_mile_s
    if not evidence:
        return [
            f"no new all-out result: the current mile ({format_time(old, 1)}) and the paces stay"
        ]
    direction = "faster" if new < old else "slower" if new > old else "the same"
    reasons = [
        f"current mile {format_time(old, 1)} -> {format_time(new, 1)} ({direction}), from "
        f"{revised.assessment.current_mile_source}: paces reset from the result (R-G20)"
    ]
    goal = format_time(after.goal_mile_s, 1)
    realism = "within" if after.realistic else "beyond (re-planned anyway, as asked)"
    reasons.append(
        f"goal {goal} {realism} the realistic range {format_time(after.low_s, 0)}-"
        f"{format_time(after.high_s, 0)} (likely {format_time(after.likely_s, 0)}) for the "
        f"{after.weeks} week(s) left; it was {format_time(before.low_s, 0)}-"
        f"{format_time(before.high_s, 0)} when the plan was made"
    )
    kept = revised.weeks[: first - 1]
    written = [str(w.index) for w in kept if w.reference is not None]
    if written:
        weeks = f"week{'s' if len(written) > 1 else ''} {', '.join(written)}"
        reasons.append(
            f"{weeks} kept with the current mile and paces each was written from, and judged "
            "by them (R-G14, R-S6.6, R-G15)"
        )
    if after.maintenance and not before.maintenance:
        reasons.append(
            f"the new current mile is faster than the goal {goal}: the goal stays and is "
            "now a maintenance goal, with paces from the current mile (R-G20); make a new "
            "plan for a faster goal"
        )
    return reasons


def _volume_reasons(
    share: float | None,
    recent: float | None,
    prescribed: float,
    first: int,
    plan: Plan,
    revised: Plan,
    restart: Restart | None,
) -> list[str]:
    if share is None or recent is None:
        return ["no recent running volume given: the rebuilt weeks keep the plan's volume"]
    ran = f"you ran {recent:.0f} min a week, {share:.0%} of the {prescribed:.0f} prescribed"
    if share >= ON_TRACK_SHARE:
        return [f"{ran}: on track, the rebuilt weeks keep the plan's volume"]
    if restart is not None:
        return [_restart_reason(ran, restart, plan, revised)]
    if plan.athlete.level == "novice":
        return [
            f"{ran}; a novice's weeks are built on the long run, which does not shrink while "
            "under 30 min (R-S1.1) and grows at most 5 min a week (R-G5), so the rebuilt "
            "weeks keep their volume: run the easy runs shorter if you need to (rule choice "
            "9, docs/rule-choices.md)"
        ]
    was = _training_min(plan.weeks[first - 1], plan)
    now = _training_min(revised.weeks[first - 1], revised)
    if now >= was - 0.5:
        return [f"{ran}, but week {first} keeps its {was:.0f} min"]
    return [
        f"{ran}: the rebuilt weeks restart lower, week {first} at {now:.0f} min (was {was:.0f})"
    ]


def _mend_junction(
    plan: Plan,
    first: int,
    revised: Plan,
    baseline: float,
    build: Callable[[float, bool], Plan],
) -> tuple[Plan, float, list[str]]:
    """``revised``, or the same rebuild grown from the kept weeks' running (R-G5, R-G16,
    C-6), or the nearest from a nudged baseline (:data:`_NUDGES`, not for a novice, whose
    weeks do not follow the baseline) when ``revised`` breaks a rule the old
    plan keeps on a rebuilt session or on the plan as a whole: where the rebuilt weeks meet
    the kept ones (the rebuilt weeks follow the generator's own earlier weeks, which differ
    from the kept ones when paces or volume changed). Failures on kept sessions only are
    the record judged by the new paces (see the module docstring) and are not mended."""
    if first == 1:
        return revised, baseline, []
    kept_ids = {s.id for w in plan.weeks[: first - 1] for s in w.sessions}
    already = {r.rule for r in validate_plan(plan).failures}

    def junction(report: ValidationReport) -> set[str]:
        return {
            r.rule
            for r in report.failures
            if r.rule not in already and not set(r.sessions or ("",)) <= kept_ids
        }

    report = validate_plan(revised)
    broken = junction(report)
    if not broken:
        return revised, baseline, []
    failing = {r.rule for r in report.failures}
    nudges = () if plan.athlete.level == "novice" else _NUDGES
    # First the same weeks grown from the kept weeks' running as prescribed, then nudged
    # baselines, each also grown from the kept weeks.
    tries = [(1.0, True), *((f, False) for f in nudges), *((f, True) for f in nudges)]
    for factor, follow in tries:
        candidate = build(baseline * factor, follow)
        nudged = validate_plan(candidate)
        if not junction(nudged) and {r.rule for r in nudged.failures} <= failing:
            return candidate, baseline * factor, []
    return (
        revised,
        baseline,
        [
            f"where week {first} meets the kept weeks the rebuilt plan breaks "
            f"{', '.join(sorted(broken))}: check those sessions before you run them"
        ],
    )


def _restart_reason(ran: str, restart: Restart, plan: Plan, revised: Plan) -> str:
    """The words for a restart (C-11): where the return starts and how it comes back."""
    first = restart.week
    now = _training_min(revised.weeks[first - 1], revised)
    floor = RETURN_FLOOR_SHARE * plan.baseline.weekly_run_min
    if restart.weekly_run_min > max(restart.ran_weekly_min, floor) + 0.5:
        start = "the least the week's sessions hold"
    elif restart.ran_weekly_min < floor:
        start = f"half your {plan.baseline.weekly_run_min:.0f}-min baseline"
    else:
        start = "what you ran"
    phase_in = RETURN_PHASE_IN_WEEKS if restart.quality_per_week <= 0 else 0
    mix = restart.mix_week or first + phase_in
    taper = next((w.index for w in revised.weeks if w.phase == "taper"), None)
    if taper is not None and mix >= taper:
        back = "one quality session a week until the taper: the full mix does not fit the "
        back += "return's growth before it"
    elif mix > first:
        back = f"the full mix of quality sessions from week {mix}"
    else:
        back = "the full mix of quality sessions at once (you kept up your quality work)"
    eased = (
        f"one short quality session a week for {phase_in} weeks (no quality work lately), then "
        if phase_in
        else ""
    )
    return (
        f"{ran}: the plan restarts in week {first} from {restart.weekly_run_min:.0f} min a week "
        f"({start}; week {first} holds {now:.0f} min), a {restart.longest_run_min:.0f}-min "
        f"long run growing by at most 5 min a week, {eased}{back}; the running grows back by "
        "at most 10% a week (C-11)"
    )
