"""How one ``miler serve`` runs: where its log lives, what it accepts, which day it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "WebSettings"]

#: Largest request body the app reads: a long FIT file is a few MB; 32 MiB leaves room for
#: several files in one upload while refusing a body that would only waste memory (413).
DEFAULT_MAX_UPLOAD_BYTES = 32 * 1024 * 1024


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
