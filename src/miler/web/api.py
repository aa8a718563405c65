"""The JSON API under ``/api/v1``: what the pages do, for other tools (see
``/openapi.json``). Errors answer ``{"detail": "..."}`` with 404 (unknown plan or
session), 409 (a move a training rule refuses), 413 (upload too large) or 422."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from miler.plan.model import Plan, Session
from miler.services.predict import PredictionReport
from miler.web.onboarding import Onboarding, RunnerInput, onboard, predict_mile
from miler.web.plans import (
    Move,
    PlanAddress,
    PlanInput,
    decode_address,
    encode_address,
    find_session,
    plan_for,
    plan_request,
)

__all__ = ["FIT_MEDIA_TYPE", "ICS_MEDIA_TYPE", "PDF_MEDIA_TYPE", "PlanCreated", "router"]

FIT_MEDIA_TYPE = "application/vnd.ant.fit"
ICS_MEDIA_TYPE = "text/calendar"
PDF_MEDIA_TYPE = "application/pdf"
router = APIRouter(prefix="/api/v1", tags=["api"])


class PlanCreated(BaseModel):
    """A plan and its id (the address its pages, workouts and calendar live at)."""

    model_config = ConfigDict(frozen=True)

    plan_id: str
    page: str
    plan: Plan


class Problem(BaseModel):
    detail: str


_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "no such plan or session"},
    422: {"model": Problem, "description": "input miler cannot use"},
}


@router.post("/assessment", responses=_ERRORS)
def post_assessment(runner: RunnerInput, request: Request) -> Onboarding:
    """Age grades, bands, the current mile and how it was reached, a good mile for this
    runner, the level, and the predicted mile with which results counted and why."""
    return onboard(runner, request.app.state.settings.today())


@router.post("/prediction", responses=_ERRORS)
def post_prediction(runner: RunnerInput) -> PredictionReport:
    """The mile predicted from the runner's results, with its range and what it rests on."""
    return predict_mile(runner)


def _created(request: Request, token: str) -> PlanCreated:
    return PlanCreated(plan_id=token, page=f"/plans/{token}", plan=plan_for(token))


@router.post("/plans", status_code=201, responses=_ERRORS)
def post_plan(data: PlanInput, request: Request) -> PlanCreated:
    """A plan from the runner's days and goal, planned from today."""
    today = request.app.state.settings.today()
    token = encode_address(PlanAddress(request=plan_request(data, today)))
    return _created(request, token)


@router.get("/plans/{plan_id}", responses=_ERRORS)
def get_plan(plan_id: str) -> Plan:
    """The plan document (schema ``miler.plan`` version 2)."""
    return plan_for(plan_id)


@router.get("/plans/{plan_id}/sessions/{session_id}", responses=_ERRORS)
def get_session(plan_id: str, session_id: str) -> Session:
    """One planned session."""
    return find_session(plan_for(plan_id), session_id)


@router.get(
    "/plans/{plan_id}/sessions/{session_id}/workout.fit",
    response_class=Response,
    responses={200: {"content": {FIT_MEDIA_TYPE: {}}}, **_ERRORS},
)
def get_session_fit(plan_id: str, session_id: str) -> Response:
    """The session as a FIT workout file for a watch."""
    from miler.export.fit_workout import fit_filename, session_to_fit

    plan = plan_for(plan_id)
    session = find_session(plan, session_id)
    return Response(
        session_to_fit(session, plan),
        media_type=FIT_MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{fit_filename(session, plan)}"'},
    )


@router.get(
    "/plans/{plan_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {ICS_MEDIA_TYPE: {}}}, **_ERRORS},
)
def get_plan_calendar(plan_id: str, request: Request) -> Response:
    """The plan as an iCalendar file (all-day events, one per session; UIDs from the plan
    id), for a phone or desktop calendar."""
    from miler.export.ics import plan_to_ics

    plan = plan_for(plan_id)
    return Response(
        plan_to_ics(plan, now=request.app.state.settings.now()),
        media_type=ICS_MEDIA_TYPE,
        headers={"content-disposition": 'attachment; filename="miler-plan.ics"'},
    )


@router.get(
    "/plans/{plan_id}/plan.pdf",
    response_class=Response,
    responses={200: {"content": {PDF_MEDIA_TYPE: {}}}, **_ERRORS},
)
def get_plan_pdf(plan_id: str) -> Response:
    """The plan as a printable PDF document, week by week."""
    from miler.export.document import plan_to_pdf_bytes

    return Response(
        plan_to_pdf_bytes(plan_for(plan_id)),
        media_type=PDF_MEDIA_TYPE,
        headers={"content-disposition": 'attachment; filename="miler-plan.pdf"'},
    )


@router.post(
    "/plans/{plan_id}/moves",
    status_code=201,
    responses={
        **_ERRORS,
        409: {"model": Problem, "description": "the move breaks a training rule"},
    },
)
def post_move(plan_id: str, move: Move, request: Request) -> PlanCreated:
    """Move a session to another day; refused (409) with the rule's words if it breaks one.
    The moved plan has a new id."""
    from miler.web.moves import check_move

    address = decode_address(plan_id)
    check_move(plan_for(plan_id), move.session_id, move.date)
    moved = PlanAddress(request=address.request, moves=(*address.moves, move))
    return _created(request, encode_address(moved))
