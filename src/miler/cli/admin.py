"""``miler admin``: run the coach server: its first admin, other accounts, a backup.

::

    miler admin create-admin --email E [--name NAME] [--password-stdin] [--database-url URL]
    miler admin create-user --email E --role coach|athlete [--name NAME] [--password-stdin]
    miler admin backup FILE [--database-url URL]

The password is asked twice at a prompt that does not show it, or read as the first line
of standard input with ``--password-stdin`` (for scripts; never as an argument, where other
users of the machine could read it). ``backup`` writes the whole log, accounts included
(password and token hashes, never the secrets), as the archive ``miler export-data``
writes; ``miler import-data`` restores it into an empty database. ``--json`` prints
``{"user_id", "email", "role"}`` or ``{"file", "rows": {...}}``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from miler.cli.logbook import add_database_option, open_log

__all__ = ["configure", "run"]


def _account_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--email", required=True, help="the address the account signs in with")
    parser.add_argument("--name", help="the name others see (default: the e-mail's name)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the sub-commands of ``miler admin``."""
    sub = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    _account_options(sub.add_parser("create-admin", help="create an admin account"))
    user = sub.add_parser("create-user", help="create a coach or athlete account")
    _account_options(user)
    user.add_argument("--role", choices=("coach", "athlete"), required=True)
    backup = sub.add_parser("backup", help="the whole log, accounts included, as one archive")
    backup.add_argument("file", type=Path, help="the archive to write (.zip)")
    backup.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(backup)


def _password(from_stdin: bool) -> str:
    import getpass

    from miler.errors import InvalidInputError

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    try:
        first = getpass.getpass("password: ")
        again = getpass.getpass("the same password again: ")
    except EOFError:
        raise InvalidInputError("no password given: type it, or use --password-stdin") from None
    if first != again:
        raise InvalidInputError("the two passwords differ: nothing was created")
    return first


def _create(args: argparse.Namespace, role: str) -> int:
    import datetime as dt

    from miler.accounts.policy import Role
    from miler.cli.output import show
    from miler.services.accounts import create_user
    from miler.store import SqlAthleteStore
    from miler.store.accounts import SqlUserStore

    password = _password(args.password_stdin)
    db = open_log(args)
    try:
        user = create_user(
            SqlUserStore(db),
            SqlAthleteStore(db),
            email=args.email,
            display_name=args.name or args.email.split("@", 1)[0],
            password=password,
            role=Role(role),
            now=dt.datetime.now(dt.UTC),
        )
    finally:
        db.close()
    report = {"user_id": user.user_id, "email": user.email, "role": str(user.role)}
    return show(report, args.json, _render_user)


def _render_user(report: dict[str, str]) -> None:
    from miler.cli.output import console

    console().print(f"{report['role']} account {report['email']} created")


def _backup(args: argparse.Namespace) -> int:
    from miler.cli.data import run_export

    return run_export(args)


def run(args: argparse.Namespace) -> int:
    """Run one ``miler admin`` action."""
    if args.admin_command == "backup":
        return _backup(args)
    return _create(args, "admin" if args.admin_command == "create-admin" else args.role)
