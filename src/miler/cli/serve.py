"""``miler serve``: the web app on this computer.

::

    miler serve [--host 127.0.0.1] [--port 8000] [--database-url URL] [--accounts]

Prints the address to open, then serves until interrupted (Ctrl+C). The default host
only answers this computer; ``--host 0.0.0.0`` opens it to the network. ``--database-url``
(or ``MILER_DATABASE_URL``) names the training log's database, where the app keeps the
runner, their results and plans (the same log as ``miler athlete``, ``plan``, ``status``);
every other setting comes from the environment too (``MILER_HOST``, ``MILER_PORT``,
``MILER_MAX_UPLOAD_BYTES``: see ``docs/deployment.md``), and the flags override it.

**Accounts** (the coach server: sign-in, roles, squads) are on with ``--accounts``, and
always when the app is reachable from other computers (a host that is not loopback) or
keeps its log in PostgreSQL (a shared, server-side database): neither should be open to
anyone without signing in. The single-user local mode (127.0.0.1 and the embedded SQLite
log) has no sign-in. The first account is made with ``miler admin create-admin``.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler serve``."""
    parser.add_argument(
        "--host", help="address to listen on (default: $MILER_HOST, else 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        help="port to listen on (0: any free port; default: $MILER_PORT, else 8000)",
    )
    parser.add_argument(
        "--database-url",
        help="the training log's database (default: $MILER_DATABASE_URL, else the embedded "
        "SQLite log)",
    )
    parser.add_argument(
        "--accounts",
        action="store_true",
        help="sign-in, roles and squads (always on beyond 127.0.0.1 or on PostgreSQL)",
    )


def _check_port(port: int) -> None:
    from miler.errors import InvalidInputError

    if not 0 <= port <= 65535:
        raise InvalidInputError(f"port {port} is not a port number: use 1-65535 (0: any free)")


def accounts_needed(asked: bool, host: str, database_url: str | None) -> bool:
    """Whether the app runs with accounts: asked for, reachable beyond this computer, or on
    a PostgreSQL log."""
    from miler.store.database import database_url as resolve

    on_postgres = resolve(database_url).startswith(("postgres://", "postgresql"))
    return asked or not ipaddress.ip_address(host).is_loopback or on_postgres


def _note_first_account(database_url: str | None) -> None:
    """Say how to make the first account when the log has none (nobody could sign in)."""
    from miler.store.accounts import SqlUserStore
    from miler.store.database import open_database

    db = open_database(database_url)
    try:
        empty = not SqlUserStore(db).users()
    finally:
        db.close()
    if empty:
        print(
            "miler serve: note: accounts are on and there is no account yet: create the "
            "first with 'miler admin create-admin --email YOU@EXAMPLE.ORG'",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    """Serve the web app; returns the exit status."""
    import socket

    import uvicorn

    from miler.errors import InvalidInputError
    from miler.settings import load_settings
    from miler.web import create_app
    from miler.web.settings import web_settings

    settings = load_settings()
    args.host = args.host or settings.host
    args.port = settings.port if args.port is None else args.port
    _check_port(args.port)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as error:
        sock.close()
        raise InvalidInputError(
            f"cannot listen on {args.host}:{args.port} ({error.strerror}): pick another --port"
        ) from None
    # Listening before the address is printed: a client that connects at once is queued
    # until the server accepts, never refused.
    sock.listen(2048)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    database_url = args.database_url or settings.database_url
    accounts = accounts_needed(args.accounts, host, database_url)
    if accounts:
        _note_first_account(database_url)
    app = create_app(web_settings(settings, database_url=database_url, accounts=accounts))
    print(f"miler is serving on http://{shown}:{port}/ (Ctrl+C to stop)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
