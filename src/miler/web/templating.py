"""Jinja2 templates of the pages, with the filters they format numbers by and the
CSRF token every form carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from miler.units import MILE_M, format_time

__all__ = ["UNITS", "UNITS_COOKIE", "make_templates", "render", "units_of"]

#: The runner's units: distances in km or miles, paces per km or per mile.
UNITS = ("km", "mi")
UNITS_COOKIE = "miler_units"
_METRES = {"km": 1000.0, "mi": MILE_M}


def units_of(request: Request) -> str:
    """The runner's units: those kept in their profile in the log; before there is a
    runner, those this browser chose in the settings (km until it chooses)."""
    from miler.errors import MilerError
    from miler.web.context import optional_athlete

    try:
        runner = optional_athlete(request)
    except MilerError:  # an error page for a log that cannot be read still renders
        runner = None
    if runner is not None:
        return runner.units
    chosen = request.cookies.get(UNITS_COOKIE, "km")
    return chosen if chosen in UNITS else "km"


def _distance(metres: float | None, units: str = "km") -> str:
    return "-" if metres is None else f"{metres / _METRES[units]:.2f} {units}"


def _pace(seconds_per_km: float | None, units: str = "km") -> str:
    if seconds_per_km is None:
        return "-"
    return f"{format_time(seconds_per_km * _METRES[units] / 1000.0, 0)}/{units}"


def _clock(seconds: float | None) -> str:
    return "-" if seconds is None else format_time(seconds)


def make_templates(folder: Path) -> Jinja2Templates:
    """The page templates in ``folder`` (autoescaped HTML)."""
    templates = Jinja2Templates(directory=folder)
    templates.env.filters["clock"] = _clock
    templates.env.filters["distance"] = _distance
    templates.env.filters["pace"] = _pace
    return templates


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Page ``name`` with ``context``; sets this browser's CSRF cookie when it has none."""
    from miler.web.security import CSRF_COOKIE, csrf_token

    token = csrf_token(request)
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        name,
        {"units": units_of(request), **context, "csrf_token": token},
        status_code=status_code,
    )
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="strict", path="/", max_age=86400 * 30
        )
    return response
