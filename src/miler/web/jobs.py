"""Background jobs on the web: upload several files as one import job, and watch it.

- ``POST /api/v1/imports`` (multipart ``files``, several): the files are stored, the job is
  queued and the answer is ``202`` with the job's id and where to read its progress.
- ``GET /api/v1/jobs/{job_id}``: the job's progress (queued, running, done or failed; n of m
  files; each file's outcome).
- ``GET /imports``: a form to upload files (``POST /imports`` answers with the job's page);
  ``GET /jobs/{job_id}``: the job's page, which polls ``/jobs/{job_id}/progress`` with htmx
  until the job has finished (without JavaScript, a link reloads it).

On PostgreSQL the work is done by ``miler worker`` processes; on SQLite the web process does
it before answering (:func:`miler.jobs.job_queue`). A runner sees only their own jobs: the
runner comes from :func:`miler.web.context.athlete`, the seam accounts plug into.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from miler.jobs import JobQueue, JobStatus, job_queue, job_status, submit_imports
from miler.services.stores import AthleteProfile
from miler.store.database import Database
from miler.web.context import athlete, database
from miler.web.security import verify_csrf

__all__ = ["ImportAccepted", "close_queue", "router"]

router = APIRouter()
_QUEUE_LOCK = threading.Lock()


class ImportAccepted(BaseModel):
    """An import job accepted: its id, its progress (API) and its page (browser)."""

    model_config = ConfigDict(frozen=True)

    job_id: str
    status_url: str
    page_url: str
    files: int


def _queue(request: Request, db: Database) -> JobQueue:
    """The app's job queue (made once, on first use, for the app's log)."""
    from miler.settings import load_settings

    state = request.app.state
    queue: JobQueue | None = getattr(state, "job_queue", None)
    if queue is None:
        with _QUEUE_LOCK:
            queue = getattr(state, "job_queue", None)
            if queue is None:
                queue = job_queue(db, load_settings())
                state.job_queue = queue
    return queue


def close_queue(state: object) -> None:
    """Close the queue an app opened (on shutdown; a no-op when it never opened one)."""
    queue: JobQueue | None = getattr(state, "job_queue", None)
    if queue is not None:
        queue.close()
        state.job_queue = None  # type: ignore[attr-defined]


def submit_files(
    request: Request, db: Database, runner: AthleteProfile, files: list[tuple[str, bytes]]
) -> str:
    """Store ``files`` (name, bytes) and queue them as one import job; its id."""
    return submit_imports(db, _queue(request, db), runner.athlete_id, files)


def _submit(request: Request, db: Database, runner: AthleteProfile, files: list[UploadFile]) -> str:
    uploads = [(f.filename or "upload", f.file.read()) for f in files]
    return submit_files(request, db, runner, uploads)


Files = Annotated[list[UploadFile], File(description="FIT, GPX or TCX files (or .gz)")]
Db = Annotated[Database, Depends(database)]
Runner = Annotated[AthleteProfile, Depends(athlete)]


@router.post(
    "/api/v1/imports",
    status_code=202,
    response_model=ImportAccepted,
    dependencies=[Depends(verify_csrf)],
    tags=["api"],
    responses={404: {"description": "no runner yet"}, 422: {"description": "no usable files"}},
)
def post_imports(request: Request, files: Files, db: Db, runner: Runner) -> JSONResponse:
    """Import several activity files as one background job (``202``: read its progress at
    ``status_url``). Files are stored before any is imported: none is lost."""
    job_id = _submit(request, db, runner, files)
    accepted = ImportAccepted(
        job_id=job_id,
        status_url=f"/api/v1/jobs/{job_id}",
        page_url=f"/jobs/{job_id}",
        files=len(files),
    )
    return JSONResponse(
        accepted.model_dump(), status_code=202, headers={"location": accepted.status_url}
    )


@router.get(
    "/api/v1/jobs/{job_id}",
    response_model=JobStatus,
    tags=["api"],
    responses={404: {"description": "no such job"}},
)
def get_job(job_id: str, db: Db, runner: Runner) -> JobStatus:
    """A job's progress: its state, n of m items finished, and each item's outcome."""
    return job_status(db, job_id, runner.athlete_id)


pages = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@pages.get("/imports", response_class=HTMLResponse)
def imports_page(request: Request, runner: Runner) -> Response:
    """The form that uploads files as one import job."""
    from miler.web.templating import render

    return render(request, "imports.html", {"runner": runner})


@pages.post("/imports")
def post_imports_form(request: Request, files: Files, db: Db, runner: Runner) -> Response:
    """The form's upload: stored, queued, then the job's page."""
    return RedirectResponse(f"/jobs/{_submit(request, db, runner, files)}", status_code=303)


@pages.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, db: Db, runner: Runner) -> Response:
    """A job's page; it follows the job until it has finished."""
    from miler.web.templating import render

    status = job_status(db, job_id, runner.athlete_id)
    return render(request, "job.html", {"job": status})


@pages.get("/jobs/{job_id}/progress", response_class=HTMLResponse)
def job_progress(request: Request, job_id: str, db: Db, runner: Runner) -> Response:
    """The part of the job's page that htmx polls."""
    from miler.web.templating import render

    status = job_status(db, job_id, runner.athlete_id)
    return render(request, "job_progress.html", {"job": status})


router.include_router(pages)
