"""Jinja2 templates of the pages, with the filters they format numbers by and the
CSRF token every form carries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from miler.units import format_time

__all__ = ["make_templates", "render"]


def _km(metres: float | None) -> str:
    return "-" if metres is None else f"{metres / 1000:.2f} km"


def _clock(seconds: float | None) -> str:
    return "-" if seconds is None else format_time(seconds)


def make_templates(folder: Path) -> Jinja2Templates:
    """The page templates in ``folder`` (autoescaped HTML)."""
    templates = Jinja2Templates(directory=folder)
    templates.env.filters["km"] = _km
    templates.env.filters["clock"] = _clock
    return templates


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Page ``name`` with ``context``; sets this browser's CSRF cookie when it has none."""
    from miler.web.security import CSRF_COOKIE, csrf_token

    token = csrf_token(request)
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, name, {**context, "csrf_token": token}, status_code=status_code
    )
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="strict", path="/", max_age=86400 * 30
        )
    return response
