"""The runs in the JSON API under ``/api/v1`` (see ``/openapi.json``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from miler.web.api import Problem
from miler.web.plans import plan_for
from miler.web.runs import RunAnalysis, analyse_upload

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["api"])

_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "no such run or plan"},
    422: {"model": Problem, "description": "input miler cannot use"},
}


@router.post("/runs/analysis", responses=_ERRORS)
async def post_run_analysis(
    file: Annotated[UploadFile, File()], request: Request, plan_id: str | None = None
) -> RunAnalysis:
    """Analyse one FIT, GPX or TCX file (optionally gzipped) and, with ``plan_id``, match it
    to that plan's sessions as of today; nothing is stored."""
    plan = None if plan_id is None else plan_for(plan_id)
    today = request.app.state.settings.today()
    data = await file.read()
    # Reading and analysing a file is CPU work: off the event loop, so other pages go on.
    return await run_in_threadpool(analyse_upload, data, file.filename or "upload.fit", plan, today)
