"""The runs and progress in the JSON API under ``/api/v1`` (see ``/openapi.json``).

``POST /runs`` imports files into the training log (multipart, field ``files``, several at
once) and answers each file's outcome; ``GET /runs`` lists the log newest first, a page at a
time; ``GET /runs/{run_id}`` is a run's page as data; ``GET /progress`` the progress page's
series. ``POST /runs/analysis`` analyses one file and stores nothing. Errors answer
``{"detail": "..."}``: 404 (no such run, or no runner in the log yet), 413 (upload too
large), 422 (nothing readable).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from miler.services.progress import ProgressReport
from miler.services.run_view import RunList, RunPage
from miler.services.stores import AthleteProfile
from miler.store.database import Database
from miler.web.api import Problem
from miler.web.context import athlete, database
from miler.web.plans import current_plan
from miler.web.run_pages import RUNS_PER_PAGE, stored_run
from miler.web.runs import RunAnalysis, UploadReport, analyse_upload, import_uploads, runner_zone

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["api"])

_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": Problem, "description": "no such run or plan, or no runner in the log yet"},
    422: {"model": Problem, "description": "input miler cannot use"},
}


@router.post("/runs", responses={**_ERRORS, 413: {"model": Problem}})
async def post_runs(
    files: Annotated[list[UploadFile], File(description="FIT, GPX or TCX files (or .gz)")],
    request: Request,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
) -> UploadReport:
    """Import FIT, GPX or TCX files into the training log: each stored once (a duplicate
    stores nothing new), a file that cannot be read says why and stores nothing. The runs
    are matched to the current plan together with the other runs of its weeks."""
    sent = [(f.filename or "upload", await f.read()) for f in files]
    today = request.app.state.settings.today()
    return await run_in_threadpool(import_uploads, sent, db, runner, today, runner_zone())


@router.get("/runs", responses=_ERRORS)
def get_runs(
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = RUNS_PER_PAGE,
) -> RunList:
    """The runs in the log, newest first, ``per_page`` at a time."""
    from miler.services.run_view import run_list
    from miler.store import SqlRunStore

    return run_list(
        runner.athlete_id, SqlRunStore(db), page=page, per_page=per_page, tz=runner_zone()
    )


@router.get("/runs/{run_id}", responses=_ERRORS)
def get_run(
    run_id: int,
    request: Request,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
) -> RunPage:
    """One run as its page shows it: summary, chart series, splits and laps, reps, best
    efforts, the route's shape and the planned session it fulfilled."""
    from miler.services.run_view import run_page
    from miler.store import SqlPlanStore, SqlRunStore

    return run_page(
        stored_run(db, runner, run_id),
        SqlRunStore(db),
        SqlPlanStore(db),
        today=request.app.state.settings.today(),
        tz=runner_zone(),
    )


@router.get("/progress", responses=_ERRORS)
def get_progress(
    request: Request,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
    weeks: Annotated[int, Query(ge=1, le=260)] = 26,
) -> ProgressReport:
    """Fitness, fatigue and form by day, the predicted mile by week with its range,
    personal bests and weekly running planned against done."""
    from miler.web.progress import progress_of

    return progress_of(request, db, runner, weeks)


@router.post("/runs/analysis", responses=_ERRORS)
async def post_run_analysis(
    file: Annotated[UploadFile, File()],
    request: Request,
    db: Annotated[Database, Depends(database)],
    match: bool = False,
) -> RunAnalysis:
    """Analyse one FIT, GPX or TCX file (optionally gzipped) and, with ``match=true``, match
    it to the sessions of the runner's current plan as of today; nothing is stored."""
    plan = None
    if match:
        plan = current_plan(db, athlete(request))
    today = request.app.state.settings.today()
    data = await file.read()
    # Reading and analysing a file is CPU work: off the event loop, so other pages go on.
    return await run_in_threadpool(analyse_upload, data, file.filename or "upload.fit", plan, today)
