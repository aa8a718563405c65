"""Signing in to the coach server: the gate in front of every route, the login and logout
pages, the session cookie, and API tokens.

Accounts mode only (``WebSettings.accounts``; the single-user local mode has none of it).

- :class:`SignInGate` runs before routing, so a route added later cannot be left open:
  a request with no live session cookie (or, under ``/api/``, no live
  ``Authorization: Bearer`` API token) reaches only :func:`is_public` addresses (the login
  page, invitation links, static files, the health check). Pages answer with a redirect to
  the login page, the API and forms with 401.
- The session cookie is ``HttpOnly``, ``SameSite=Lax`` and ``Secure`` unless the app is
  reached over plain HTTP on a loopback address (a browser drops Secure cookies there). A
  new session id is issued at every sign-in and the one the browser had is ended (no
  session fixation); the CSRF cookie is renewed with it.
- Failed sign-ins are limited per e-mail and per client address
  (:class:`miler.accounts.ratelimit.FailureWindow`, kept in this process: with several web
  processes each counts its own).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import time
from typing import Annotated, Final
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from miler.errors import MilerError
from miler.services.account_stores import EmailTakenError, User
from miler.store.accounts import SqlUserStore
from miler.web.context import NotSignedInError, database, signed_in_user
from miler.web.security import CSRF_COOKIE, verify_csrf
from miler.web.templating import render

__all__ = [
    "SESSION_COOKIE",
    "Me",
    "SignInGate",
    "account_status",
    "install_accounts",
    "is_public",
    "router",
    "set_session_cookie",
]

SESSION_COOKIE: Final = "miler_session"
_PUBLIC_PATHS: Final = frozenset({"/login", "/healthz", "/favicon.ico"})
_PUBLIC_PATTERN: Final = re.compile(r"^/(static/.+|invite/[A-Za-z0-9_\-]{1,200}(/register)?)$")
_LOOPBACK_NAMES: Final = frozenset({"localhost"})

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def is_public(path: str) -> bool:
    """Whether anyone may open ``path`` without signing in."""
    return path in _PUBLIC_PATHS or bool(_PUBLIC_PATTERN.match(path))


def _now(request: Request) -> dt.datetime:
    now: dt.datetime = request.app.state.settings.now()
    return now


def _users(request: Request) -> SqlUserStore:
    return SqlUserStore(database(request))


def _find_user(request: Request) -> User | None:
    """The account of the request's API token (under /api/) or session cookie."""
    from miler.services.accounts import session_user, token_user

    users = _users(request)
    now = _now(request)
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials and request.url.path.startswith("/api/"):
        return token_user(users, credentials.strip(), now)
    return session_user(users, request.cookies.get(SESSION_COOKIE, ""), now)


class SignInGate:
    """Puts the request's account in ``request.state.miler_user``, and refuses anonymous
    requests to anything but :func:`is_public` addresses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith("/static/"):  # files for everyone: no account looked up
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            user = await run_in_threadpool(_find_user, request)
        except MilerError as error:  # the log cannot be reached: say so, on one line
            await _answer(scope, send, 503, {"detail": str(error)})
            return
        scope.setdefault("state", {})["miler_user"] = user
        path = scope["path"]
        if user is not None or is_public(path):
            await self.app(scope, receive, _remembering_athlete(request, user, send))
            return
        if path.startswith("/api/") or scope["method"] not in ("GET", "HEAD"):
            await _answer(scope, send, 401, {"detail": "sign in first (or send an API token)"})
            return
        query = scope.get("query_string", b"").decode("latin-1")
        back = path + (f"?{query}" if query else "")
        await _redirect(send, f"/login?next={quote(back, safe='')}")


def _remembering_athlete(request: Request, user: User | None, send: Send) -> Send:
    """``send``, setting the cookie that keeps a coach on the athlete they opened with
    ``?athlete=`` (a page the rule let them see: any answer under 400); ``?athlete=me``
    forgets it."""
    from miler.web.context import ACTING_COOKIE, ATHLETE_PARAMETER, OWN_ATHLETE

    asked = request.query_params.get(ATHLETE_PARAMETER)
    if user is None or asked is None or request.url.path.startswith("/api/"):
        return send
    own = asked in (OWN_ATHLETE, user.athlete_id)
    value = "" if own else quote(asked, safe="")
    cookie = f"{ACTING_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"
    if own:
        cookie += "; Max-Age=0"
    if request.url.scheme == "https":
        cookie += "; Secure"

    async def send_with_cookie(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] < 400:
            headers = [*message.get("headers", []), (b"set-cookie", cookie.encode("latin-1"))]
            message = {**message, "headers": headers}
        await send(message)

    return send_with_cookie


async def _answer(scope: Scope, send: Send, status: int, body: dict[str, str]) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="miler"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode()), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def _plain_loopback(request: Request) -> bool:
    host = request.url.hostname or ""
    if request.url.scheme != "http":
        return False
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    """Set the session cookie (see the module notes for its attributes)."""
    from miler.services.accounts import SESSION_LIFETIME

    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=not _plain_loopback(request),
    )


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def signed_in(request: Request) -> User:
    """The signed-in account (a dependency of pages that need one)."""
    user = signed_in_user(request)
    if user is None:
        raise NotSignedInError("sign in first")
    return user


Me = Annotated[User, Depends(signed_in)]
"""A route parameter for the signed-in account (401 when nobody is signed in)."""


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


def sign_in_response(request: Request, user: User, target: str) -> Response:
    """Start a new session for ``user`` (ending the browser's old one) and go to ``target``."""
    from miler.services.accounts import start_session

    secret = start_session(
        _users(request), user, _now(request), replacing=request.cookies.get(SESSION_COOKIE)
    )
    response = RedirectResponse(_safe_next(target), status_code=303)
    set_session_cookie(request, response, secret)
    # A new CSRF token with the new session: the next page sets it.
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the e-mail and password; on success start a fresh session."""
    from miler.services.accounts import LoginFailedError, LoginThrottledError, authenticate

    form = await request.form()
    email = str(form.get("email") or "")
    target = _safe_next(str(form.get("next") or ""))
    try:
        user = await run_in_threadpool(
            authenticate,
            _users(request),
            request.app.state.login_limiter,
            email=email,
            password=str(form.get("password") or ""),
            source=request.client.host if request.client else "unknown",
            clock_s=time.monotonic(),
        )
    except (LoginFailedError, LoginThrottledError) as refusal:
        throttled = isinstance(refusal, LoginThrottledError)
        context = {"next": target, "error": str(refusal), "email": email}
        response = render(request, "login.html", context, 429 if throttled else 401)
        if isinstance(refusal, LoginThrottledError):
            response.headers["retry-after"] = str(int(refusal.retry_after_s) + 1)
        return response
    return sign_in_response(request, user, target)


@router.post("/logout")
def logout(request: Request) -> Response:
    """End this browser's session."""
    from miler.services.accounts import end_session

    end_session(_users(request), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _account_page(request: Request, user: User, **extra: object) -> Response:
    from miler.services.accounts import api_tokens

    context = {"me": user, "tokens": api_tokens(_users(request), user), "new_token": None}
    return render(request, "account.html", {**context, **extra})


@router.get("/account")
def account_page(request: Request, user: Me) -> Response:
    """The account: who is signed in, and their API tokens."""
    return _account_page(request, user)


@router.post("/account/tokens")
async def new_token(request: Request, user: Me) -> Response:
    """A new API token, shown once on the page that answers."""
    from miler.services.accounts import create_api_token

    form = await request.form()
    token, secret = create_api_token(
        _users(request), user, str(form.get("name") or ""), _now(request)
    )
    return _account_page(request, user, new_token=(token, secret))


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, user: Me) -> Response:
    """Revoke one of the signed-in user's API tokens."""
    from miler.services.accounts import revoke_api_token

    revoke_api_token(_users(request), user, token_id)
    return RedirectResponse("/account", status_code=303)


def account_status(error: MilerError) -> int | None:
    """The HTTP status of an accounts error (None: not one of them)."""
    from miler.services.accounts import LoginFailedError, LoginThrottledError
    from miler.services.squads import InvitationError, UnknownAthleteError, UnknownSquadError

    if isinstance(error, NotSignedInError | LoginFailedError):
        return 401
    if isinstance(error, UnknownAthleteError | UnknownSquadError | InvitationError):
        return 404
    if isinstance(error, EmailTakenError):
        return 409
    if isinstance(error, LoginThrottledError):
        return 429
    return None


def install_accounts(app: FastAPI) -> None:
    """Turn accounts on: the gate, the login and account pages, the coach's pages."""
    from miler.accounts.ratelimit import FailureWindow
    from miler.web.coach import router as coach_router

    app.state.login_limiter = FailureWindow()
    app.include_router(router)
    app.include_router(coach_router)
    app.add_middleware(SignInGate)
