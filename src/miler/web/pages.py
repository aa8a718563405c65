"""The pages: onboarding (profile and results -> assessment -> plan, kept in the log),
the runner's current plan as a calendar with each session's detail, state, FIT download,
marks and moves, its revisions, a printable view, and the settings (run uploads live in
:mod:`miler.web.run_pages`).

Each page reads its form, calls the same functions as the JSON API and renders a
template. Forms that change something are POSTs checked by :func:`verify_csrf`; the
others are GETs, so a result can be bookmarked and the back button works. A page that
needs the runner or their plan when the log has neither goes to the start (``/``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, QueryParams

from miler.errors import InvalidInputError
from miler.plan.model import Plan
from miler.plan.profile import WEEKDAYS
from miler.services.stores import AthleteProfile
from miler.store.database import Database
from miler.web import moves
from miler.web.context import athlete, database, optional_athlete
from miler.web.onboarding import RunnerInput, onboard
from miler.web.plans import (
    NoPlanError,
    PlanInput,
    calendar_weeks,
    current_plan,
    find_session,
    local_zone,
    save_onboarding,
    session_states,
)
from miler.web.problems import describe_problems
from miler.web.security import verify_csrf
from miler.web.templating import UNITS, UNITS_COOKIE, render

__all__ = ["router"]

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

#: Result rows the onboarding form offers.
RESULT_ROWS = 3
_RUNNER_FIELDS = (
    "name",
    "age",
    "birth_date",
    "sex",
    "units",
    "months_running",
    "runs_per_week",
    "longest_run",
    "intervals",
)
Db = Annotated[Database, Depends(database)]
Runner = Annotated[AthleteProfile, Depends(athlete)]


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
        "name": str(params.get("name") or "").strip(),
        "age": _given(str(params.get("age") or "")),
        "birth_date": _given(str(params.get("birth_date") or "")),
        "sex": str(params.get("sex") or "") or None,
        "units": str(params.get("units") or "") or "km",
        "results": results,
        "months_running": _given(str(params.get("months_running") or "")),
        "runs_per_week": _given(str(params.get("runs_per_week") or "")),
        "longest_run_min": _given(str(params.get("longest_run") or "")),
        "recent_intervals": None if not intervals else intervals == "yes",
    }
    if data["age"] is None and data["birth_date"] is None:
        raise InvalidInputError("give your age or birth date: grades and good times depend on it")
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
def home(request: Request, db: Db, new: bool = False) -> Response:
    """The runner's week and what comes next when the log holds their plan; else (or
    with ``new``, to plan again from new results) onboarding, step 1: profile and
    results."""
    runner = optional_athlete(request)
    if runner is not None and not new:
        try:
            plan = current_plan(db, runner)
        except NoPlanError:
            plan = None
        if plan is not None:
            return _dashboard(request, db, runner, plan)
    return render(request, "home.html", {"rows": range(RESULT_ROWS), "runner": runner})


def _dashboard(request: Request, db: Database, runner: AthleteProfile, plan: Plan) -> Response:
    from miler.services.status import FITNESS_WINDOW_DAYS, status
    from miler.store import SqlAthleteStore, SqlEventStore, SqlRunStore

    today = _today(request)
    zone = local_zone()
    events = SqlEventStore(db).events(runner.athlete_id)
    since = dt.datetime.combine(
        today - dt.timedelta(days=FITNESS_WINDOW_DAYS + 1), dt.time(), tzinfo=zone
    )
    report = status(
        runner,
        SqlAthleteStore(db).results(runner.athlete_id),
        SqlRunStore(db).list_runs(runner.athlete_id, since=since),
        plan,
        today=today,
        tz=zone,
        events=events,
    )
    week = calendar_weeks(plan, "week", min(max(today, plan.start_date), _last_day(plan)))
    return render(
        request,
        "dashboard.html",
        {
            "runner": runner,
            "plan": plan,
            "status": report,
            "weeks": week,
            "states": session_states(db, runner, plan, today),
            "today": today,
        },
    )


def _today(request: Request) -> dt.date:
    today: dt.date = request.app.state.settings.today()
    return today


def _last_day(plan: Plan) -> dt.date:
    return plan.weeks[-1].start_date + dt.timedelta(days=6)


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


def _plan_input(params: QueryParams | FormData) -> PlanInput:
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


@router.post("/onboarding")
async def save_plan(request: Request, db: Db) -> Response:
    """Onboarding, step 3: keep the runner, their results and the plan in the log, then
    go to its calendar."""
    form = await request.form()
    data = _plan_input(form)
    save_onboarding(db, data, _today(request), optional_athlete(request))
    return RedirectResponse("/plan", status_code=303)


def _anchor(text: str | None, fallback: dt.date) -> dt.date:
    if not text:
        return fallback
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"cannot read the date {text!r}: use YYYY-MM-DD") from None


@router.get("/plan")
def plan_page(
    request: Request,
    db: Db,
    runner: Runner,
    view: Literal["week", "month"] = "month",
    on: str | None = None,
) -> Response:
    """The current plan as a calendar, a month or a week at a time, each session with its
    state."""
    plan = current_plan(db, runner)
    today = _today(request)
    first, last = plan.start_date, _last_day(plan)
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
            "view": view,
            "anchor": anchor,
            "week_on": max(anchor, first),
            "previous": previous if anchor > first else None,
            "next": anchor + step if anchor + step <= last else None,
            "weeks": calendar_weeks(plan, view, anchor),
            "states": session_states(db, runner, plan, today),
            "today": today,
            "done": request.query_params.get("done"),
        },
    )


@router.get("/plan/print")
def print_page(request: Request, db: Db, runner: Runner) -> Response:
    """The whole plan on paper: every week, every session's work (print styles)."""
    from miler.export.describe import main_set_text

    plan = current_plan(db, runner)
    units = runner.units
    mains = {s.id: in_units(main_set_text(s), units) for s in plan.sessions()}
    return render(request, "plan_print.html", {"plan": plan, "mains": mains})


@router.get("/plan/revisions")
def revisions_page(request: Request, db: Db, runner: Runner) -> Response:
    """Every revision of the current plan, why it was made, the current one marked."""
    from miler.store import SqlPlanStore

    plan = current_plan(db, runner)
    revisions = SqlPlanStore(db).revisions(plan.plan_id)
    return render(request, "revisions.html", {"plan": plan, "revisions": revisions})


def _session_page(
    request: Request,
    db: Database,
    runner: AthleteProfile,
    session_id: str,
    refused: str | None = None,
    status_code: int = 200,
) -> Response:
    from miler.export.describe import session_lines, session_notes

    plan = current_plan(db, runner)
    today = _today(request)
    states = session_states(db, runner, plan, today)
    state = states.get(session_id)
    if state is None:
        find_session(plan, session_id)  # the 404 of an unknown session
    session = next((s for s in plan.sessions() if s.id == session_id), None)
    lines = [] if session is None else session_lines(session)
    context = {
        "plan": plan,
        "s": session,
        "state": state,
        "lines": [(depth, in_units(text, runner.units)) for depth, text in lines],
        "notes": [] if session is None else session_notes(session),
        "refused": refused,
        "today": today,
        "done": request.query_params.get("done"),
    }
    return render(request, "session.html", context, status_code=status_code)


@router.get("/plan/sessions/{session_id}")
def session_page(request: Request, db: Db, runner: Runner, session_id: str) -> Response:
    """One session: what to do (targets in the runner's units), its state, its FIT
    workout, and marking, skipping or moving it."""
    return _session_page(request, db, runner, session_id)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def _change(
    request: Request, db: Database, runner: AthleteProfile, session_id: str, action: str
) -> Response:
    form = await request.form()
    today = _today(request)
    try:
        if action == "move":
            fallback = find_session(current_plan(db, runner), session_id).date
            day = _anchor(str(form.get("date") or "") or None, fallback)
            moves.move_session(db, runner, session_id, day, today)
            where = f"/plan?view=week&on={day.isoformat()}&done=moved"
        elif action == "skip":
            moves.skip_session(db, runner, session_id, str(form.get("reason") or ""), today)
            where = f"/plan/sessions/{session_id}?done=skipped"
        elif action == "done":
            moves.mark_session_done(db, runner, session_id, today)
            where = f"/plan/sessions/{session_id}?done=marked"
        else:
            outcome = moves.undo_session(db, runner, session_id, today)
            where = f"/plan/sessions/{session_id}?done={outcome}"
    except moves.MoveRefusedError as refusal:
        if _wants_json(request):
            raise
        return _session_page(request, db, runner, session_id, str(refusal), 409)
    return RedirectResponse(where, status_code=303)


@router.post("/plan/sessions/{session_id}/{action}")
async def change_session(
    request: Request,
    db: Db,
    runner: Runner,
    session_id: str,
    action: Literal["move", "skip", "done", "undo"],
) -> Response:
    """Move, skip, mark done or undo a session; a move or skip a training rule refuses is
    answered 409 with the rule's words, and nothing is stored."""
    return await _change(request, db, runner, session_id, action)


def in_units(text: str, units: str) -> str:
    """A described session's line with its road paces in the runner's units only (the
    descriptions give both, ``5:03/km · 8:08/mi``)."""
    import re

    keep = 1 if units == "km" else 2
    return re.sub(r"(\S+/km) · (\S+/mi)", lambda m: m.group(keep), text)


@router.get("/settings")
def settings_page(request: Request, db: Db, saved: str | None = None) -> Response:
    """The runner's settings: zones, availability, units, re-plan after a break, and the
    private calendar feed."""
    from miler.web.settings_form import settings_context

    runner = optional_athlete(request)
    context = settings_context(db, runner, _today(request))
    return render(request, "settings.html", {**context, "saved": saved, "choices": UNITS})


@router.post("/settings")
async def save_settings(request: Request, db: Db) -> Response:
    """Save the runner's units, availability and heart rates in the log (before there is
    a runner, the units are kept in this browser)."""
    from miler.store import SqlAthleteStore
    from miler.web.settings_form import profile_from_form

    form = await request.form()
    units = str(form.get("units") or "")
    if units not in UNITS:
        raise InvalidInputError(f"unknown units {units!r}: choose km or mi")
    runner = optional_athlete(request)
    if runner is not None:
        SqlAthleteStore(db).save_athlete(profile_from_form(form, runner))
    response = RedirectResponse("/settings?saved=settings", status_code=303)
    response.set_cookie(UNITS_COOKIE, units, samesite="strict", max_age=400 * 86400, path="/")
    return response


@router.post("/settings/break")
async def take_break(request: Request, db: Db, runner: Runner) -> Response:
    """Re-plan after a break (illness, injury, travel): a new revision of the plan."""
    from miler.web.settings_form import break_from_form

    form = await request.form()
    start, end, reason = break_from_form(form)
    moves.take_a_break(db, runner, start, end, reason)
    return RedirectResponse("/plan/revisions", status_code=303)


@router.post("/settings/feed")
async def new_feed(request: Request, db: Db, runner: Runner) -> Response:
    """A new private calendar feed (the old one stops working); its address is shown once."""
    from miler.services.feeds import new_feed as make_feed
    from miler.store import SqlFeedStore

    token, _ = make_feed(SqlFeedStore(db), runner.athlete_id, request.app.state.settings.now())
    from miler.web.settings_form import settings_context

    context = settings_context(db, runner, _today(request))
    url = str(request.url_for("calendar_feed", token=token))
    return render(
        request,
        "settings.html",
        {**context, "saved": "feed", "choices": UNITS, "feed_url": url},
    )


@router.post("/settings/feed/revoke")
async def revoke_feed(request: Request, db: Db, runner: Runner) -> Response:
    """Stop the private calendar feed: its address answers 404 from now on."""
    from miler.services.feeds import revoke_feed as stop_feed
    from miler.store import SqlFeedStore

    stop_feed(SqlFeedStore(db), runner.athlete_id, request.app.state.settings.now())
    return RedirectResponse("/settings?saved=revoked", status_code=303)
