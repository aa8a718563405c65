"""The FastAPI application: pages, the JSON API under ``/api/v1``, static files and the
answers to bad requests (an error page or ``{"detail": ...}``, never a stack trace)."""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from miler.errors import MilerError
from miler.web.problems import describe_problems
from miler.web.settings import WebSettings

if TYPE_CHECKING:
    from miler.store.database import Database

__all__ = ["create_app"]

_log = logging.getLogger("miler.web")
_PACKAGE = Path(str(files("miler.web")))


def _wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _status_of(error: MilerError) -> int:
    from miler.jobs import UnknownJobError
    from miler.web.auth import account_status
    from miler.web.context import NoAthleteError
    from miler.web.moves import MoveRefusedError
    from miler.web.plans import UnknownPlanError

    status = account_status(error)
    if status is not None:
        return status
    if isinstance(error, UnknownPlanError | NoAthleteError | UnknownJobError):
        return 404
    if isinstance(error, MoveRefusedError):
        return 409
    return 422


_TITLES = {
    400: "That request could not be read",
    401: "Sign in first",
    403: "That form could not be accepted",
    404: "Not found",
    405: "Not allowed",
    409: "Refused by the training rules",
    413: "Too large",
    415: "Not JSON",
    429: "Too many attempts",
    422: "That could not be used",
    500: "Something went wrong on our side",
}


def _error_response(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    from miler.web.templating import render

    return render(
        request,
        "error.html",
        {"status": status, "title": _TITLES.get(status, "Error"), "message": message},
        status_code=status,
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else _TITLES.get(error.status_code)
        if error.status_code == 404 and error.detail == "Not Found":
            message = "there is nothing at this address"
        return _error_response(request, error.status_code, message or "error")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": describe_problems(error.errors())}, status_code=422)
        return _error_response(request, 400, describe_problems(error.errors()))

    @app.exception_handler(MilerError)
    async def miler_error(request: Request, error: MilerError) -> Response:
        from miler.web.context import NoAthleteError
        from miler.web.plans import NoPlanError

        if isinstance(error, NoAthleteError | NoPlanError) and not _wants_json(request):
            # A page that needs the runner or their plan: onboarding comes first.
            return RedirectResponse("/", status_code=303)
        return _error_response(request, _status_of(error), str(error))

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        _log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error_response(
            request, 500, "miler hit an error it did not expect; nothing was changed"
        )


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The web app for ``settings`` (default: the embedded log, the system date)."""
    from miler.web.api import router as api_router
    from miler.web.feed import router as feed_router
    from miler.web.jobs import router as jobs_router
    from miler.web.pages import router as page_router
    from miler.web.progress import router as progress_router
    from miler.web.run_pages import router as run_page_router
    from miler.web.runs_api import router as runs_api_router
    from miler.web.security import BodyLimitMiddleware, SecurityHeadersMiddleware
    from miler.web.templating import make_templates

    settings = settings or WebSettings()
    app = FastAPI(
        title="miler",
        summary="Coach yourself to a faster mile: assess, predict, plan, analyse runs.",
        version=_version(),
        docs_url=None,  # the interactive docs load scripts from a CDN; the app makes no
        redoc_url=None,  # request beyond itself, so only /openapi.json is served
    )
    app.state.settings = settings
    app.state.templates = make_templates(_PACKAGE / "templates")
    app.mount("/static", StaticFiles(directory=_PACKAGE / "static"), name="static")
    app.include_router(api_router)
    app.include_router(runs_api_router)
    app.include_router(page_router)
    app.include_router(feed_router)
    app.include_router(run_page_router)
    app.include_router(progress_router)
    app.include_router(jobs_router)
    _install_error_handlers(app)
    if settings.accounts:
        from miler.web.auth import install_accounts

        install_accounts(app)
    # The last added is the outermost: security headers go on every answer, 413s too.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeadersMiddleware)

    from miler.web.context import close_database
    from miler.web.jobs import close_queue

    app.router.add_event_handler("shutdown", lambda: close_queue(app.state))
    app.router.add_event_handler("shutdown", lambda: close_database(app.state))
    _install_probes(app)
    return app


def _install_probes(app: FastAPI) -> None:
    """``/healthz``: the process answers (liveness). ``/readyz``: it can serve, that is the
    log is reachable at this miler's schema and, on PostgreSQL, the job queue is installed;
    503 with the reason otherwise (a load balancer sends no traffic until it is ready)."""

    @app.get("/healthz", include_in_schema=False)
    async def health() -> HTMLResponse:
        return HTMLResponse("ok")

    @app.get("/readyz", include_in_schema=False)
    def ready(request: Request) -> JSONResponse:
        from miler.store.database import schema_state
        from miler.web.context import database

        try:
            db = database(request)
            state = schema_state(db)
            if not state.known:
                return _not_ready(
                    f"the log is at schema {state.current}, newer than this miler "
                    f"({state.head}): upgrade miler"
                )
            if not state.up_to_date:
                return _not_ready(
                    f"the log is at schema {state.current}, this miler needs {state.head}: "
                    "run 'miler db upgrade'"
                )
            if db.dialect == "postgresql" and not _queue_installed(db):
                return _not_ready("the job queue is not installed: run 'miler db upgrade'")
        except MilerError as error:
            return _not_ready(str(error))
        return JSONResponse({"status": "ready", "schema": state.current})


def _queue_installed(db: Database) -> bool:
    from miler.jobs.queue import queue_schema_ready

    return queue_schema_ready(db.engine.url.render_as_string(hide_password=False))


def _not_ready(reason: str) -> JSONResponse:
    return JSONResponse({"status": "not ready", "detail": reason}, status_code=503)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("miler")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"
