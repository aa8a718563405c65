"""What every response and every request of the web app goes through: security headers,
a bound on request bodies (413), and the double-submit token against cross-site request
forgery on every form.

Double submit: the first page a browser gets sets a random token in a ``SameSite=Strict``
cookie and writes the same token into each form (and a ``<meta>`` for scripts, which send
it as ``X-CSRF-Token``). A state-changing request to a page route is accepted only when the
cookie and the submitted token are present and equal; another site can make a browser send
the cookie but cannot read it to put it in the form.
"""

from __future__ import annotations

import hmac
import html
import json
import secrets
from typing import Final

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "BodyLimitMiddleware",
    "SecurityHeadersMiddleware",
    "csrf_token",
    "verify_csrf",
]

CSRF_COOKIE: Final = "miler_csrf"
CSRF_FIELD: Final = "csrf_token"
CSRF_HEADER: Final = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Only the app's own files: no inline script, no request to another host.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # The calendar feed's secret must not leak to another site through the Referer.
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """Answers 413 to a request whose body is over ``max_bytes``: at once when it says so
    in ``Content-Length``, else as soon as the streamed body passes the bound."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    @property
    def message(self) -> str:
        return f"the upload is too large: at most {self.max_bytes / 2**20:g} MB in one request"

    def _answer(self, scope: Scope) -> tuple[bytes, bytes]:
        """The refusal as a page for a browser's form, else as the API's JSON."""
        accept = dict(scope.get("headers", [])).get(b"accept", b"")
        if b"text/html" in accept and not str(scope.get("path", "")).startswith("/api/"):
            page = (
                '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                '<title>Too large · miler</title><link rel="stylesheet" href="/static/miler.css">'
                '</head><body><main id="main"><h1>Too large</h1>'
                f'<p class="error" role="alert">{html.escape(self.message)}</p>'
                '<p><a href="/runs">Back to your runs</a></p></main></body></html>'
            )
            return page.encode(), b"text/html; charset=utf-8"
        return json.dumps({"detail": self.message}).encode(), b"application/json"

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body, media_type = self._answer(scope)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", media_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Inside a route this becomes the app's own 413 answer.
                    raise HTTPException(status_code=413, detail=self.message)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except HTTPException as error:
            if error.status_code != 413 or started:
                raise
            await self._refuse(scope, send)


def csrf_token(request: Request) -> str:
    """This browser's token: the cookie's, or a new one the response will set."""
    token = request.cookies.get(CSRF_COOKIE)
    if token and len(token) == 43:
        return token
    fresh: str = getattr(request.state, "new_csrf", "") or secrets.token_urlsafe(32)
    request.state.new_csrf = fresh
    return fresh


async def verify_csrf(request: Request) -> None:
    """Refuse (403) a state-changing request whose token does not match its cookie."""
    if request.method in _SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        # A script signed with an API token: no browser sends that header across sites on
        # its own, so there is no forgery to defend against (the sign-in gate checks it).
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("multipart/form-data", "application/x-www-form-urlencoded")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not hmac.compare_digest(cookie, sent):
        raise HTTPException(
            status_code=403,
            detail="this form has expired or came from another site: reload the page and "
            "send it again",
        )
