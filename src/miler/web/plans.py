"""A plan's address in the web app, and the plan laid out as a calendar.

Until a plan is saved in the training log, a plan is addressed by what it was made from:
the :class:`PlanAddress` (the plan request, which fixes ``today``, and the moves the runner
made since) packed into a URL-safe token. The generator is deterministic for a request
(ids derive from it), so the same address always gives the same plan, its FIT workouts
and its calendar UIDs.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from miler.errors import InvalidInputError, MilerError
from miler.plan.model import Plan, Session
from miler.plan.profile import Equipment, Weekday
from miler.plan.request import PlanRequest
from miler.units import MILE_M, parse_time
from miler.web.onboarding import RunnerInput
from miler.web.problems import describe_problems

__all__ = [
    "MAX_MOVES",
    "MAX_TOKEN_CHARS",
    "Move",
    "PlanAddress",
    "PlanInput",
    "UnknownPlanError",
    "calendar_weeks",
    "decode_address",
    "encode_address",
    "find_session",
    "plan_for",
    "plan_request",
]

#: Longest token read: a request with twelve results and a season of moves is ~1.5 kB.
MAX_TOKEN_CHARS = 6000
#: Moves one address holds; each is checked against the rules again when it is opened.
MAX_MOVES = 50


class UnknownPlanError(MilerError):
    """A plan address that does not decode to a plan (answered 404)."""


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


class Move(BaseModel):
    """The runner moved session ``session_id`` to ``date``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_id: str = Field(min_length=1, max_length=80)
    date: dt.date


class PlanAddress(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    request: PlanRequest
    moves: tuple[Move, ...] = Field(default=(), max_length=MAX_MOVES)


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
        "age": runner.age,
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


def encode_address(address: PlanAddress) -> str:
    """The URL-safe token of ``address`` (deflated JSON, base64url without padding)."""
    raw = zlib.compress(address.model_dump_json(exclude_defaults=True).encode(), 9)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_address(token: str) -> PlanAddress:
    """The address in ``token``; :class:`UnknownPlanError` when it is not one."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise UnknownPlanError("no such plan")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(raw, 64 * 1024)
        if not inflater.eof:
            raise UnknownPlanError("no such plan")
        address = PlanAddress.model_validate_json(text)
    except (binascii.Error, ValueError, zlib.error, ValidationError):
        raise UnknownPlanError("no such plan") from None
    if address.request.today is None:  # every address the app writes fixes its day
        raise UnknownPlanError("no such plan")
    return address


@lru_cache(maxsize=64)
def plan_for(token: str) -> Plan:
    """The plan at ``token``: made from its request (the plan use case), with its moves
    applied, each checked against the training rules again (an address is only text: a
    move that was never accepted is not taken on trust).

    Raises :class:`UnknownPlanError` for a token that is not an address and the generator's
    ``MilerError`` for a request it refuses."""
    from miler.services.plan import make_plan
    from miler.web.moves import MoveRefusedError, check_move

    address = decode_address(token)
    request = address.request
    # The ids derive from the request, so the address always names the same plan: the
    # same calendar UIDs and FIT serial numbers every time it is opened.
    plan_id = hashlib.sha256(request.model_dump_json().encode()).hexdigest()[:32]
    assert request.today is not None  # decode_address refuses an address without it
    plan = make_plan(request, today=request.today, plan_id=plan_id, athlete_id=plan_id)
    for move in address.moves:
        try:
            plan = check_move(plan, move.session_id, move.date)
        except MoveRefusedError:
            raise UnknownPlanError("no such plan") from None
    return plan


def find_session(plan: Plan, session_id: str) -> Session:
    """The session ``session_id`` of ``plan``; :class:`UnknownPlanError` when there is none."""
    for session in plan.sessions():
        if session.id == session_id:
            return session
    raise UnknownPlanError(f"no session {session_id!r} in this plan")


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
