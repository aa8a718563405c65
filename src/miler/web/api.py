"""The JSON API under ``/api/v1``: what the pages do, for other tools (see
``/openapi.json``), on the runner's training log.

* ``POST /assessment``, ``/prediction``: grades and the predicted mile (nothing stored).
* ``POST /plans``: onboarding: the runner's profile and results are kept, and the plan
  made from them becomes their current plan.
* ``GET/PATCH /athlete``, ``GET/POST /results``, ``GET /zones``: the runner.
* ``GET /plan`` (the current plan), ``/plan/states``, ``/plan/revisions[/{n}]``,
  ``/plan/sessions/{id}`` and its ``workout.fit``, ``/plan/plan.pdf``.
* ``POST /plan/sessions/{id}/move|skip|done|undo``, ``POST /plan/break``.
* ``GET/POST/DELETE /feed``: the private calendar feed (its URL is shown once).

Errors answer ``{"detail": "..."}``: 404 (no runner, no plan, unknown revision or
session), 409 (a change a training rule refuses, with the rule's words; nothing stored),
413 (body too large), 415 (a write that is not JSON), 422 (input miler cannot use).
A write must be sent as ``application/json``: a page of another site cannot send that
without the browser asking this app first, so a form elsewhere cannot change the log.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from miler.plan.model import Plan, Session
from miler.plan.profile import Weekday
from miler.services.plan_state import SessionState
from miler.services.predict import PredictionReport
from miler.services.stores import AthleteProfile, PlanEvent, PlanRevisionInfo, StoredResult
from miler.services.zones import ZonesReport
from miler.store.database import Database
from miler.web import moves
from miler.web.context import athlete, database, optional_athlete
from miler.web.feed import ICS_MEDIA_TYPE
from miler.web.onboarding import Onboarding, ResultInput, RunnerInput, onboard, predict_mile
from miler.web.plans import (
    PlanInput,
    UnknownPlanError,
    current_plan,
    find_session,
    save_onboarding,
    session_states,
)

__all__ = ["FIT_MEDIA_TYPE", "ICS_MEDIA_TYPE", "PDF_MEDIA_TYPE", "PlanCreated", "router"]

FIT_MEDIA_TYPE = "application/vnd.ant.fit"
PDF_MEDIA_TYPE = "application/pdf"


async def json_writes(request: Request) -> None:
    """Refuse (415) a POST that is not JSON: the simple requests another site's page can
    make (forms) carry no JSON, and anything else makes the browser ask first."""
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise HTTPException(status_code=415, detail="send the request as application/json")


router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(json_writes)])
Db = Annotated[Database, Depends(database)]
Runner = Annotated[AthleteProfile, Depends(athlete)]


class Problem(BaseModel):
    detail: str


class PlanCreated(BaseModel):
    """The runner's new current plan and the page it lives at."""

    model_config = ConfigDict(frozen=True)

    plan_id: str
    revision: int
    page: str
    plan: Plan


class Change(BaseModel):
    """What a change to the plan did: the event kept, and the plan revision now current."""

    model_config = ConfigDict(frozen=True)

    event: PlanEvent | None
    revision: int
    reason: str


class MoveInput(BaseModel):
    """Move the session to ``date``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date


class SkipInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(default="", max_length=200)


class Empty(BaseModel):
    """No fields: the request is the operation itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class BreakInput(BaseModel):
    """A break from ``start`` to ``end`` (inclusive) and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: dt.date
    end: dt.date
    reason: Literal["illness", "injury", "travel"]


class AthleteChanges(BaseModel):
    """The settings a runner changes (fields left out stay as they are)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = Field(default=None, max_length=80)
    days: tuple[Weekday, ...] | None = Field(default=None, min_length=2, max_length=7)
    long_run_day: Weekday | None = None
    units: Literal["km", "mi"] | None = None
    hr_max_bpm: float | None = Field(default=None, gt=80, lt=240)
    hr_rest_bpm: float | None = Field(default=None, gt=20, lt=120)


class DatedResultInput(ResultInput):
    """A result to keep: as in onboarding, with its tag."""

    tag: Literal["time_trial", "race", "workout", "training_run"] = "race"


class FeedCreated(BaseModel):
    """The feed's address: shown this once (the log keeps only a hash of its token)."""

    url: str


class FeedState(BaseModel):
    active: bool
    created: dt.datetime | None


_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "no runner, plan, revision or session"},
    415: {"model": Problem, "description": "a write that is not JSON"},
    422: {"model": Problem, "description": "input miler cannot use"},
}
_REFUSED: dict[int | str, dict[str, object]] = {
    **_ERRORS,
    409: {"model": Problem, "description": "the change breaks a training rule"},
}


def _today(request: Request) -> dt.date:
    today: dt.date = request.app.state.settings.today()
    return today


@router.post("/assessment", responses=_ERRORS)
def post_assessment(runner: RunnerInput, request: Request) -> Onboarding:
    """Age grades, bands, the current mile and how it was reached, a good mile for this
    runner, the level, and the predicted mile with which results counted and why."""
    return onboard(runner, _today(request))


@router.post("/prediction", responses=_ERRORS)
def post_prediction(runner: RunnerInput) -> PredictionReport:
    """The mile predicted from the runner's results, with its range and what it rests on."""
    return predict_mile(runner)


@router.post("/plans", status_code=201, responses=_ERRORS)
def post_plan(data: PlanInput, request: Request, db: Db) -> PlanCreated:
    """Onboarding: keep the runner's profile and results, and make the plan from their days
    and goal (planned from today) their current plan."""
    plan = save_onboarding(db, data, _today(request), optional_athlete(request))
    return PlanCreated(plan_id=plan.plan_id, revision=plan.revision, page="/plan", plan=plan)


@router.get("/athlete", responses=_ERRORS)
def get_athlete(runner: Runner) -> AthleteProfile:
    """The runner's profile."""
    return runner


@router.patch("/athlete", responses=_ERRORS)
def patch_athlete(changes: AthleteChanges, runner: Runner, db: Db) -> AthleteProfile:
    """Change the runner's settings: name, days, long-run day, units, heart rates."""
    from miler.store import SqlAthleteStore

    given = changes.model_dump(exclude_unset=True)
    updated = AthleteProfile.model_validate({**runner.model_dump(), **given})
    SqlAthleteStore(db).save_athlete(updated)
    return updated


@router.get("/results", responses=_ERRORS)
def get_results(runner: Runner, db: Db) -> list[StoredResult]:
    """The runner's results, oldest first."""
    from miler.store import SqlAthleteStore

    return list(SqlAthleteStore(db).results(runner.athlete_id))


@router.post("/results", status_code=201, responses=_ERRORS)
def post_result(result: DatedResultInput, runner: Runner, db: Db, request: Request) -> StoredResult:
    """Keep one more result (dated today when no date is given)."""
    from miler.store import SqlAthleteStore

    race = result.race_result()
    stored = StoredResult(
        distance_m=race.distance_m,
        time_s=race.time_s,
        date=result.date or _today(request),
        tag=result.tag,
    )
    return SqlAthleteStore(db).add_result(runner.athlete_id, stored)


@router.get("/zones", responses=_ERRORS)
def get_zones(runner: Runner, request: Request) -> ZonesReport:
    """HRmax (measured, else estimated from the age) and the training zones from it."""
    from miler.services.zones import zones_report

    return zones_report(runner.hr_max_bpm, runner.age_on(_today(request)), runner.hr_rest_bpm)


@router.get("/plan", responses=_ERRORS)
def get_plan(runner: Runner, db: Db) -> Plan:
    """The current plan (schema ``miler.plan`` version 2)."""
    return current_plan(db, runner)


@router.get("/plan/states", responses=_ERRORS)
def get_states(runner: Runner, db: Db, request: Request) -> list[SessionState]:
    """Each session of the current plan (and each skipped from it) and what became of it:
    planned, done (a matched run or a mark), partial, moved, missed, skipped."""
    states = session_states(db, runner, current_plan(db, runner), _today(request))
    return sorted(states.values(), key=lambda s: (s.date, s.session_id))


@router.get("/plan/revisions", responses=_ERRORS)
def get_revisions(runner: Runner, db: Db) -> list[PlanRevisionInfo]:
    """Every revision of the current plan, first to last, with why it was made."""
    from miler.store import SqlPlanStore

    return list(SqlPlanStore(db).revisions(current_plan(db, runner).plan_id))


@router.get("/plan/revisions/{revision}", responses=_ERRORS)
def get_revision(revision: int, runner: Runner, db: Db) -> Plan:
    """One revision of the current plan."""
    from miler.store import SqlPlanStore

    plan_id = current_plan(db, runner).plan_id
    found = SqlPlanStore(db).get_revision(plan_id, revision) if 0 < revision < 2**31 else None
    if found is None:
        raise UnknownPlanError(f"the plan has no revision {revision}")
    return found


@router.get("/plan/sessions/{session_id}", responses=_ERRORS)
def get_session(session_id: str, runner: Runner, db: Db) -> Session:
    """One session of the current plan."""
    return find_session(current_plan(db, runner), session_id)


@router.get(
    "/plan/sessions/{session_id}/workout.fit",
    response_class=Response,
    responses={200: {"content": {FIT_MEDIA_TYPE: {}}}, **_ERRORS},
)
def get_session_fit(session_id: str, runner: Runner, db: Db) -> Response:
    """The session as a FIT workout file for a watch."""
    from miler.export.fit_workout import fit_filename, session_to_fit

    plan = current_plan(db, runner)
    session = find_session(plan, session_id)
    return Response(
        session_to_fit(session, plan),
        media_type=FIT_MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{fit_filename(session, plan)}"'},
    )


@router.get(
    "/plan/calendar.ics",
    response_class=Response,
    responses={200: {"content": {ICS_MEDIA_TYPE: {}}}, **_ERRORS},
)
def get_plan_calendar(runner: Runner, db: Db, request: Request) -> Response:
    """The current plan as an iCalendar file to import once (the feed keeps a calendar
    up to date instead)."""
    from miler.export.ics import plan_to_ics

    plan = current_plan(db, runner)
    return Response(
        plan_to_ics(plan, now=request.app.state.settings.now()),
        media_type=ICS_MEDIA_TYPE,
        headers={"content-disposition": 'attachment; filename="miler-plan.ics"'},
    )


@router.get(
    "/plan/plan.pdf",
    response_class=Response,
    responses={200: {"content": {PDF_MEDIA_TYPE: {}}}, **_ERRORS},
)
def get_plan_pdf(runner: Runner, db: Db) -> Response:
    """The current plan as a printable PDF document, week by week."""
    from miler.export.document import plan_to_pdf_bytes

    return Response(
        plan_to_pdf_bytes(current_plan(db, runner)),
        media_type=PDF_MEDIA_TYPE,
        headers={"content-disposition": 'attachment; filename="miler-plan.pdf"'},
    )


def _change(db: Database, runner: AthleteProfile, event: PlanEvent | None) -> Change:
    plan = current_plan(db, runner)
    return Change(event=event, revision=plan.revision, reason=plan.reason)


@router.post("/plan/sessions/{session_id}/move", responses=_REFUSED)
def post_move(session_id: str, move: MoveInput, runner: Runner, db: Db, request: Request) -> Change:
    """Move a session to another day: a new revision, or 409 with the rule's words if the
    move breaks a training rule (nothing stored)."""
    event = moves.move_session(db, runner, session_id, move.date, _today(request))
    return _change(db, runner, event)


@router.post("/plan/sessions/{session_id}/skip", responses=_REFUSED)
def post_skip(session_id: str, skip: SkipInput, runner: Runner, db: Db, request: Request) -> Change:
    """Skip a session: a new revision without it, or 409 if that breaks a training rule."""
    event = moves.skip_session(db, runner, session_id, skip.reason, _today(request))
    return _change(db, runner, event)


@router.post("/plan/sessions/{session_id}/done", responses=_ERRORS)
def post_done(session_id: str, body: Empty, runner: Runner, db: Db, request: Request) -> Change:
    """Mark a session done without a file (on or after its day); the plan is unchanged."""
    event = moves.mark_session_done(db, runner, session_id, _today(request))
    return _change(db, runner, event)


@router.post("/plan/sessions/{session_id}/undo", responses=_REFUSED)
def post_undo(session_id: str, body: Empty, runner: Runner, db: Db, request: Request) -> Change:
    """Undo a mark ("done" is removed) or a skip (the session is put back: a new revision)."""
    moves.undo_session(db, runner, session_id, _today(request))
    return _change(db, runner, None)


@router.post("/plan/break", responses=_ERRORS)
def post_break(taken: BreakInput, runner: Runner, db: Db) -> Change:
    """Re-plan after a break from the runs in the log: a new revision, restarting lower."""
    event = moves.take_a_break(db, runner, taken.start, taken.end, taken.reason)
    return _change(db, runner, event)


@router.get("/feed", responses=_ERRORS)
def get_feed(runner: Runner, db: Db) -> FeedState:
    """Whether the runner's private calendar feed is live (its address is not shown again)."""
    from miler.store import SqlFeedStore

    live = SqlFeedStore(db).active_feeds(runner.athlete_id)
    return FeedState(active=bool(live), created=live[-1].created if live else None)


@router.post("/feed", status_code=201, responses=_ERRORS)
def post_feed(body: Empty, runner: Runner, db: Db, request: Request) -> FeedCreated:
    """A new private calendar feed of the current plan (any previous one stops working)."""
    from miler.services.feeds import new_feed
    from miler.store import SqlFeedStore

    token, _info = new_feed(SqlFeedStore(db), runner.athlete_id, request.app.state.settings.now())
    return FeedCreated(url=str(request.url_for("calendar_feed", token=token)))


@router.delete("/feed", status_code=204, response_class=Response, responses=_ERRORS)
def delete_feed(runner: Runner, db: Db, request: Request) -> Response:
    """Revoke the private calendar feed: its address answers 404 from now on."""
    from miler.services.feeds import revoke_feed
    from miler.store import SqlFeedStore

    revoke_feed(SqlFeedStore(db), runner.athlete_id, request.app.state.settings.now())
    return Response(status_code=204)
