"""``miler serve``: the web app on this computer.

::

    miler serve [--host 127.0.0.1] [--port 8000] [--database-url URL]

Prints the address to open, then serves until interrupted (Ctrl+C). The default host
only answers this computer; ``--host 0.0.0.0`` opens it to the network. ``--database-url``
(or ``MILER_DATABASE_URL``) names the training log's database; every other setting comes
from the environment too (``MILER_HOST``, ``MILER_PORT``, ``MILER_MAX_UPLOAD_BYTES``: see
``docs/deployment.md``), and the flags override it; until the pages use the log
(issue 15), giving it prints a note: plans live in their addresses, uploads are not kept.
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


def _check_port(port: int) -> None:
    from miler.errors import InvalidInputError

    if not 0 <= port <= 65535:
        raise InvalidInputError(f"port {port} is not a port number: use 1-65535 (0: any free)")


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
    if not ipaddress.ip_address(host).is_loopback:
        print(
            f"miler serve: note: {shown} is reachable from other computers and the web app "
            "has no sign-in: anyone who can reach it can use it",
            file=sys.stderr,
        )
    if args.database_url or settings.database_url:
        # Said, not silently ignored: the pages do not read or write the training log yet.
        print(
            "miler serve: note: the web app does not use the training log yet; "
            "plans live in their addresses and uploads are not kept",
            file=sys.stderr,
        )
    app = create_app(web_settings(settings, database_url=args.database_url))
    print(f"miler is serving on http://{shown}:{port}/ (Ctrl+C to stop)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
    return 0
