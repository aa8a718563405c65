"""How one ``miler serve`` runs: where its log lives, what it accepts, which day it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from miler.settings import DEFAULT_MAX_UPLOAD_BYTES

if TYPE_CHECKING:
    from miler.settings import MilerSettings

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "WebSettings", "web_settings"]


def _system_today() -> dt.date:
    # The web app is a front end: it reads the clock here and passes ``today`` down.
    return dt.datetime.now().astimezone().date()


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class WebSettings:
    """``database_url``: the training log's database (None: the default SQLite log);
    ``max_upload_bytes``: larger request bodies answer 413; ``today``: the date the app plans
    from and ``now`` the UTC instant calendar files are stamped with (tests pass fixed
    ones); ``accounts``: the coach server's sign-in, squads and roles (off: the single-user
    local mode, no sign-in)."""

    database_url: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    today: Callable[[], dt.date] = field(default=_system_today)
    now: Callable[[], dt.datetime] = field(default=_system_now)
    accounts: bool = False


def web_settings(
    settings: MilerSettings, database_url: str | None = None, *, accounts: bool = False
) -> WebSettings:
    """The web app's settings from the process's :class:`~miler.settings.MilerSettings`;
    ``database_url``: what the command line said instead; ``accounts``: sign-in on."""
    return WebSettings(
        database_url=database_url or settings.database_url,
        max_upload_bytes=settings.max_upload_bytes,
        accounts=accounts,
    )
