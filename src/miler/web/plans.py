"""The runner's plan in the web app: made at onboarding and kept in the training log as
their current plan, read back from it, and laid out as a calendar.

Onboarding (:func:`save_onboarding`) stores the runner's profile and results and the plan
made from them (the plan use case) as revision 1 of their current plan; every change after
that is a new revision (:mod:`miler.web.moves`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from miler.errors import InvalidInputError, MilerError
from miler.plan.model import Plan, Session
from miler.plan.profile import Equipment, Weekday
from miler.plan.request import PlanRequest
from miler.services.plan_state import SessionState
from miler.services.stores import AthleteProfile
from miler.store.database import Database
from miler.units import MILE_M, parse_time
from miler.web.onboarding import RunnerInput
from miler.web.problems import describe_problems

__all__ = [
    "NoPlanError",
    "PlanInput",
    "UnknownPlanError",
    "calendar_weeks",
    "current_plan",
    "find_session",
    "local_zone",
    "plan_request",
    "save_onboarding",
    "session_states",
]


class UnknownPlanError(MilerError):
    """A plan, revision or session that does not exist (answered 404)."""


class NoPlanError(UnknownPlanError):
    """The runner has no current plan yet (the API answers 404; pages go to the start)."""


class PlanInput(BaseModel):
    """What the plan step of onboarding asks: the runner, their days and their goal."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    runner: RunnerInput
    days: tuple[Weekday, ...] = Field(min_length=1, max_length=7)
    weeks: int | None = Field(default=None, ge=1, le=52, description="when no race date")
    race_date: dt.date | None = None
    start_date: dt.date | None = Field(default=None, description="None: next Monday")
    goal_mile: str | None = Field(
        default=None, max_length=20, description="goal mile time, e.g. 5:45 (None: R-G20)"
    )
    long_run_day: Weekday | None = None
    session_minutes: float = Field(default=75, gt=0, le=300)
    track: bool = True
    gym: bool = True
    hills: bool = True
    treadmill: bool = False


def plan_request(data: PlanInput, today: dt.date) -> PlanRequest:
    """The generator's request for ``data``, planned from ``today``."""
    runner = data.runner
    history = {
        "months_running": runner.months_running,
        "runs_per_week": runner.runs_per_week,
        "longest_run_min": runner.longest_run_min,
        "recent_intervals": runner.recent_intervals,
    }
    fields: dict[str, object] = {
        "results": tuple(r.race_result() for r in runner.results),
        "days": tuple(dict.fromkeys(data.days)),
        "goal_time_s": None if not data.goal_mile else parse_time(data.goal_mile),
        "goal_distance_m": MILE_M,
        "race_date": data.race_date,
        "weeks": None if data.race_date else data.weeks,
        "today": today,
        "start_date": data.start_date,
        "long_run_day": data.long_run_day,
        "age": runner.age_on(today),
        "sex": runner.sex,
        "session_minutes": data.session_minutes,
        "equipment": Equipment(
            track=data.track, gym=data.gym, hills=data.hills, treadmill=data.treadmill
        ),
    }
    fields.update({k: v for k, v in history.items() if v is not None})
    try:
        return PlanRequest.model_validate(fields)
    except ValidationError as error:
        raise InvalidInputError(describe_problems(error.errors())) from None


def find_session(plan: Plan, session_id: str) -> Session:
    """The session ``session_id`` of ``plan``; :class:`UnknownPlanError` when there is none."""
    for session in plan.sessions():
        if session.id == session_id:
            return session
    raise UnknownPlanError(f"no session {session_id!r} in this plan")


def local_zone() -> dt.tzinfo:
    """The zone of the computer ``miler serve`` runs on: the runner's, in local mode."""
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


#: Session states already worked out, by what they depend on (see :func:`session_states`).
_STATES: OrderedDict[tuple[object, ...], dict[str, SessionState]] = OrderedDict()
_STATES_LOCK = threading.Lock()
_STATES_KEPT = 32


def session_states(
    db: Database, athlete: AthleteProfile, plan: Plan, today: dt.date
) -> dict[str, SessionState]:
    """Each session of ``plan`` (and each skipped from it) with its state: the training
    log's matching of the runs in the log, and the runner's marks and skips.

    Matching reads every run of the plan's weeks from its original file, so the answer is
    kept (in memory, a few at a time) for as long as what it depends on is unchanged: the
    log, the plan revision, the day, the time zone, the runs in the plan's weeks and the
    runner's events."""
    from miler.services.plan_state import session_states as states
    from miler.services.training_log import training_log
    from miler.store import SqlEventStore, SqlPlanStore, SqlRunStore

    zone = local_zone()
    runs = SqlRunStore(db)
    events = SqlEventStore(db).events(athlete.athlete_id)
    first = dt.datetime.combine(plan.start_date - dt.timedelta(days=1), dt.time(), tzinfo=zone)
    end = plan.weeks[-1].start_date + dt.timedelta(days=8)
    last = dt.datetime.combine(end, dt.time(), tzinfo=zone)
    in_plan = tuple(r.run_id for r in runs.list_runs(athlete.athlete_id, first, last))
    key = (db.url, plan.plan_id, plan.revision, today, str(zone), in_plan, tuple(events))
    with _STATES_LOCK:
        kept = _STATES.get(key)
    if kept is not None:
        return kept
    log = training_log(
        athlete.athlete_id, runs, plan, today=today, tz=zone, since=plan.start_date, events=events
    )
    found = states(plan, log, events, SqlPlanStore(db))
    with _STATES_LOCK:
        _STATES[key] = found
        while len(_STATES) > _STATES_KEPT:
            _STATES.popitem(last=False)
    return found


def current_plan(db: Database, athlete: AthleteProfile) -> Plan:
    """The runner's current plan in the log; :class:`NoPlanError` when there is none."""
    from miler.store import SqlPlanStore

    plan = SqlPlanStore(db).current_plan(athlete.athlete_id)
    if plan is None:
        raise NoPlanError("you have no plan yet: make one on the first page")
    return plan


def save_onboarding(
    db: Database, data: PlanInput, today: dt.date, known: AthleteProfile | None
) -> Plan:
    """Keep what onboarding gathered: the runner's profile (the one already in the log,
    updated, or a new one), their results, and the plan made from them as their current
    plan (revision 1 of a new plan). The plan is made first: a request the generator
    refuses stores nothing."""
    from miler.plan.identity import new_id
    from miler.services.plan import make_plan
    from miler.services.stores import StoredResult
    from miler.store import SqlAthleteStore, SqlPlanStore

    runner = data.runner
    athlete_id = known.athlete_id if known is not None else new_id()
    plan = make_plan(plan_request(data, today), today=today, athlete_id=athlete_id)
    profile = AthleteProfile.model_validate(
        {
            **(known.model_dump() if known is not None else {"athlete_id": athlete_id}),
            "name": runner.name,
            "sex": runner.sex,
            "birth_date": runner.birth_date_on(today),
            "days": tuple(dict.fromkeys(data.days)),
            "long_run_day": data.long_run_day,
            "equipment": plan.request.equipment if plan.request else Equipment(),
            "units": runner.units,
        }
    )
    athletes = SqlAthleteStore(db)
    athletes.save_athlete(profile)
    for result in runner.race_results():
        athletes.add_result(
            athlete_id,
            StoredResult(
                distance_m=result.distance_m,
                time_s=result.time_s,
                date=result.date or today,
                tag="race",
            ),
        )
    SqlPlanStore(db).save_plan(plan)
    return plan


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    sessions: tuple[Session, ...]
    in_plan: bool


@dataclass(frozen=True)
class CalendarWeek:
    start: dt.date
    label: str
    days: tuple[CalendarDay, ...]


def calendar_weeks(
    plan: Plan, view: Literal["week", "month"], anchor: dt.date
) -> tuple[CalendarWeek, ...]:
    """The Monday-first weeks to show: the week of ``anchor``, or every week that touches
    ``anchor``'s month."""
    by_date: dict[dt.date, list[Session]] = {}
    for session in plan.sessions():
        by_date.setdefault(session.date, []).append(session)
    first = plan.start_date
    last = max((s.date for s in plan.sessions()), default=first)
    phases = {w.start_date: f"week {w.index} · {w.phase}" for w in plan.weeks}
    if view == "week":
        starts = [anchor - dt.timedelta(days=anchor.weekday())]
    else:
        month_first = anchor.replace(day=1)
        next_month = (month_first + dt.timedelta(days=32)).replace(day=1)
        start = month_first - dt.timedelta(days=month_first.weekday())
        starts = []
        while start < next_month:
            starts.append(start)
            start += dt.timedelta(days=7)
    weeks = []
    for start in starts:
        days = tuple(
            CalendarDay(
                date=d,
                sessions=tuple(sorted(by_date.get(d, []), key=lambda s: s.order)),
                in_plan=first <= d <= last,
            )
            for d in (start + dt.timedelta(days=i) for i in range(7))
        )
        weeks.append(CalendarWeek(start=start, label=phases.get(start, ""), days=days))
    return tuple(weeks)
