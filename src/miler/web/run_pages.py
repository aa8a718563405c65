"""The run pages: upload runs into the training log (several files at once), the log's runs
newest first, and each run's page from what was kept at import.

The upload form is a plain multipart form (it works without JavaScript); with JavaScript the
files are sent one request each, with a progress bar per file, and each answer is the
fragment of that file's outcome. Every form is checked by :func:`verify_csrf`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from miler.services.run_view import RunList
from miler.services.stores import AthleteProfile, StoredRun
from miler.store.database import Database
from miler.web.context import athlete, database, optional_athlete
from miler.web.runs import UploadReport, import_uploads, runner_zone
from miler.web.security import verify_csrf
from miler.web.templating import render

__all__ = ["RUNS_PER_PAGE", "router", "stored_run"]

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

#: Runs listed on one page of the log.
RUNS_PER_PAGE = 20


def stored_run(db: Database, runner: AthleteProfile, run_id: int) -> StoredRun:
    """The runner's run ``run_id``; 404 when the log holds no such run of theirs."""
    from miler.store import SqlRunStore

    # An id no database integer can hold is no run either (and must not reach the driver).
    run = SqlRunStore(db).get_run(run_id) if 0 < run_id < 2**63 else None
    if run is None or run.athlete_id != runner.athlete_id:
        raise HTTPException(404, f"there is no run {run_id} in your training log")
    return run


def _list_context(db: Database, runner: AthleteProfile | None, page: int) -> RunList | None:
    """The page ``page`` of the runner's log (None before there is a runner)."""
    from miler.services.run_view import run_list
    from miler.store import SqlRunStore

    if runner is None:
        return None
    return run_list(
        runner.athlete_id, SqlRunStore(db), page=page, per_page=RUNS_PER_PAGE, tz=runner_zone()
    )


@router.get("/runs")
def runs_page(
    request: Request,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile | None, Depends(optional_athlete)],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Upload runs (several files at once) and the log's runs, newest first."""
    context = {"report": None, "runner": runner, "log": _list_context(db, runner, page)}
    return render(request, "runs.html", context)


async def _files(request: Request) -> list[tuple[str, bytes]]:
    form = await request.form()
    files = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and item.filename:
            files.append((item.filename, await item.read()))
    return files


@router.post("/runs")
async def upload_runs(
    request: Request,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
) -> Response:
    """Import every uploaded file into the log and say what became of each (422 when none
    could be read); a script's upload gets only the outcomes' fragment."""
    files = await _files(request)
    from miler.jobs.queue import uses_workers

    if files and uses_workers(db):
        # The coach server: workers import (miler.jobs); the files are stored and queued
        # first, and the job's page follows them.
        from miler.web.jobs import submit_files

        job_id = await run_in_threadpool(submit_files, request, db, runner, files)
        if request.headers.get("hx-request") == "true":
            context = {"job_id": job_id, "count": len(files)}
            return render(request, "run_queued.html", context)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)
    today = request.app.state.settings.today()
    report: UploadReport | None = None
    if files:
        report = await run_in_threadpool(import_uploads, files, db, runner, today, runner_zone())
    none_read = report is None or report.failed == len(report.files)
    status = 422 if none_read else 200
    if request.headers.get("hx-request") == "true":
        return render(request, "run_results.html", {"report": report}, status)
    context = {"report": report, "runner": runner, "log": _list_context(db, runner, 1)}
    return render(request, "runs.html", context, status)


@router.get("/runs/{run_id}")
def run_page(
    request: Request,
    run_id: int,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
) -> Response:
    """One run from the log: its summary, chart, splits and laps, reps, best efforts, the
    route's shape and what it was against the plan."""
    from miler.services.run_view import run_page as page_of
    from miler.store import SqlPlanStore, SqlRunStore

    run = stored_run(db, runner, run_id)
    zone = runner_zone()
    shown = page_of(
        run,
        SqlRunStore(db),
        SqlPlanStore(db),
        today=request.app.state.settings.today(),
        tz=zone,
    )
    start = run.local_start(zone)
    context = {
        "p": shown,
        "r": shown.view,
        "m": shown.match,
        "local_start": None if start is None else start.strftime("%Y-%m-%d %H:%M %Z"),
    }
    return render(request, "run.html", context)
