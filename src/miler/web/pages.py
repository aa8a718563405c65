"""The pages: onboarding (profile and results -> assessment -> plan), the plan as a
calendar with each session's detail, FIT download and moves, and the settings (run
uploads live in :mod:`miler.web.run_pages`).

Each page reads its form, calls the same functions as the JSON API and renders a
template. Forms that change something are POSTs checked by :func:`verify_csrf`; the
others are GETs, so a result can be bookmarked and the back button works.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, QueryParams

from miler.errors import InvalidInputError
from miler.plan.profile import WEEKDAYS
from miler.web.onboarding import RunnerInput, onboard
from miler.web.plans import (
    Move,
    PlanAddress,
    PlanInput,
    calendar_weeks,
    decode_address,
    encode_address,
    find_session,
    plan_for,
    plan_request,
)
from miler.web.problems import describe_problems
from miler.web.security import verify_csrf
from miler.web.templating import UNITS, UNITS_COOKIE, render

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

#: Result rows the onboarding form offers.
RESULT_ROWS = 3
_RUNNER_FIELDS = ("age", "sex", "months_running", "runs_per_week", "longest_run", "intervals")


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def runner_from(params: QueryParams | FormData) -> RunnerInput:
    """The runner the onboarding form describes (empty rows and fields are left out)."""
    events = params.getlist("event")
    times = params.getlist("time")
    dates = params.getlist("date") or [""] * len(events)
    results = [
        {"event": str(e).strip(), "time": str(t).strip(), "date": str(d).strip() or None}
        for e, t, d in zip(events, times, dates, strict=False)
        if str(e).strip() and str(t).strip()
    ]
    if not results:
        raise InvalidInputError("give at least one recent all-out result, e.g. 5k in 22:30")
    intervals = params.get("intervals")
    data: dict[str, Any] = {
        "age": _given(str(params.get("age") or "")),
        "sex": str(params.get("sex") or "") or None,
        "results": results,
        "months_running": _given(str(params.get("months_running") or "")),
        "runs_per_week": _given(str(params.get("runs_per_week") or "")),
        "longest_run_min": _given(str(params.get("longest_run") or "")),
        "recent_intervals": None if not intervals else intervals == "yes",
    }
    if data["age"] is None:
        raise InvalidInputError("give your age: grades and good times depend on it")
    try:
        return RunnerInput.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(describe_problems(error.errors())) from None


def _runner_hidden(params: QueryParams) -> list[tuple[str, str]]:
    """The runner's answers as hidden fields, so the plan form carries them on."""
    pairs = [(k, str(v)) for k in _RUNNER_FIELDS for v in params.getlist(k) if v]
    for name in ("event", "time", "date"):
        pairs += [(name, str(v)) for v in params.getlist(name)]
    return pairs


@router.get("/")
def home(request: Request) -> Response:
    """Onboarding, step 1: profile and results."""
    return render(request, "home.html", {"rows": range(RESULT_ROWS)})


@router.get("/assessment")
def assessment_page(request: Request) -> Response:
    """Onboarding, step 2: grades, a good mile for me, the predicted mile; then the plan form."""
    runner = runner_from(request.query_params)
    return render(
        request,
        "assessment.html",
        {
            "a": onboard(runner, request.app.state.settings.today()),
            "hidden": _runner_hidden(request.query_params),
            "weekdays": WEEKDAYS,
        },
    )


def _plan_input(params: QueryParams) -> PlanInput:
    days = [str(d) for d in params.getlist("days")]
    if not days:
        raise InvalidInputError("tick the days you can train (at least two)")
    data: dict[str, Any] = {
        "runner": runner_from(params),
        "days": days,
        "weeks": _given(str(params.get("weeks") or "")),
        "race_date": _given(str(params.get("race_date") or "")),
        "start_date": _given(str(params.get("start_date") or "")),
        "goal_mile": _given(str(params.get("goal_mile") or "")),
        "long_run_day": _given(str(params.get("long_run_day") or "")),
        "track": params.get("no_track") is None,
        "gym": params.get("no_gym") is None,
        "hills": params.get("no_hills") is None,
        "treadmill": params.get("treadmill") is not None,
    }
    minutes = _given(str(params.get("session_minutes") or ""))
    if minutes is not None:
        data["session_minutes"] = minutes
    try:
        return PlanInput.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(describe_problems(error.errors())) from None


@router.get("/plans/new")
def new_plan(request: Request) -> Response:
    """Onboarding, step 3: make the plan and go to its calendar."""
    data = _plan_input(request.query_params)
    today = request.app.state.settings.today()
    token = encode_address(PlanAddress(request=plan_request(data, today)))
    plan_for(token)  # refuse an impossible request here, on the form's page
    return RedirectResponse(f"/plans/{token}", status_code=303)


def _anchor(text: str | None, fallback: dt.date) -> dt.date:
    if not text:
        return fallback
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"cannot read the date {text!r}: use YYYY-MM-DD") from None


@router.get("/plans/{plan_id}")
def plan_page(
    request: Request,
    plan_id: str,
    view: Literal["week", "month"] = "month",
    on: str | None = None,
) -> Response:
    """The plan as a calendar, a month or a week at a time."""
    plan = plan_for(plan_id)
    today = request.app.state.settings.today()
    first = plan.start_date
    last = plan.weeks[-1].start_date + dt.timedelta(days=6)
    anchor = _anchor(on, min(max(today, first), last))
    step = dt.timedelta(days=7) if view == "week" else dt.timedelta(days=31)
    if view == "month":
        anchor = anchor.replace(day=1)
        previous = (anchor - dt.timedelta(days=1)).replace(day=1)
    else:
        anchor = anchor - dt.timedelta(days=anchor.weekday())
        previous = anchor - step
    return render(
        request,
        "plan.html",
        {
            "plan": plan,
            "plan_id": plan_id,
            "view": view,
            "anchor": anchor,
            "week_on": max(anchor, first),
            "previous": previous if anchor > first else None,
            "next": anchor + step if anchor + step <= last else None,
            "weeks": calendar_weeks(plan, view, anchor),
            "today": today,
            "moved": request.query_params.get("moved"),
        },
    )


@router.get("/plans/{plan_id}/sessions/{session_id}")
def session_page(request: Request, plan_id: str, session_id: str) -> Response:
    """One session: what to do, its targets, its FIT workout, and moving it."""
    from miler.export.describe import session_lines, session_notes

    plan = plan_for(plan_id)
    session = find_session(plan, session_id)
    return render(
        request,
        "session.html",
        {
            "plan": plan,
            "plan_id": plan_id,
            "s": session,
            "lines": session_lines(session),
            "notes": session_notes(session),
            "refused": None,
        },
    )


@router.post("/plans/{plan_id}/sessions/{session_id}/move")
async def move_session(request: Request, plan_id: str, session_id: str) -> Response:
    """Move a session to the day in the form; a rule it would break refuses it (409)."""
    from miler.export.describe import session_lines, session_notes
    from miler.web.moves import MoveRefusedError, check_move

    form = await request.form()
    address = decode_address(plan_id)
    plan = plan_for(plan_id)
    session = find_session(plan, session_id)
    day = _anchor(str(form.get("date") or "") or None, session.date)
    try:
        check_move(plan, session_id, day)
    except MoveRefusedError as refusal:
        if "application/json" in request.headers.get("accept", ""):
            raise
        context = {
            "plan": plan,
            "plan_id": plan_id,
            "s": session,
            "lines": session_lines(session),
            "notes": session_notes(session),
            "refused": str(refusal),
        }
        return render(request, "session.html", context, status_code=409)
    moved = PlanAddress(
        request=address.request, moves=(*address.moves, Move(session_id=session_id, date=day))
    )
    token = encode_address(moved)
    return RedirectResponse(f"/plans/{token}?on={day.isoformat()}&moved={session_id}", 303)


@router.get("/settings")
def settings_page(request: Request, saved: bool = False) -> Response:
    """The runner's settings: units (km or miles) for distances and paces."""
    return render(request, "settings.html", {"saved": saved, "choices": UNITS})


@router.post("/settings")
async def save_settings(request: Request) -> Response:
    """Keep the chosen units in this browser (a cookie; the training log will keep them
    with the runner's profile)."""
    form = await request.form()
    units = str(form.get("units") or "")
    if units not in UNITS:
        raise InvalidInputError(f"unknown units {units!r}: choose km or mi")
    response = RedirectResponse("/settings?saved=true", status_code=303)
    response.set_cookie(UNITS_COOKIE, units, samesite="strict", max_age=400 * 86400, path="/")
    return response
