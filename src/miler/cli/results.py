"""Reading results and dates from the command line, the same way in every command.

A result is ``EVENT=TIME`` with an optional date, ``EVENT=TIME@YYYY-MM-DD`` (e.g.
``5k=21:40@2026-10-04``); undated results count as recent (R-G3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import overload
from zoneinfo import ZoneInfo

from miler.errors import InvalidInputError
from miler.plan.request import RaceResult
from miler.units import parse_result

__all__ = ["parse_date", "parse_results", "today_from"]


@overload
def parse_date(text: str, what: str) -> dt.date: ...
@overload
def parse_date(text: None, what: str) -> None: ...
@overload
def parse_date(text: str | None, what: str) -> dt.date | None: ...
def parse_date(text: str | None, what: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date (None stays None), or a one-line error naming ``what``
    (every command's dates read, and fail, alike)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"cannot read the {what}: {text!r} is not a date: use YYYY-MM-DD"
        ) from None


def parse_results(texts: Iterable[str], *, need_date: bool = False) -> tuple[RaceResult, ...]:
    """Each ``EVENT=TIME[@YYYY-MM-DD]`` as an all-out race result."""
    results = []
    for text in texts:
        body, _, when = text.partition("@")
        if need_date and not when:
            raise InvalidInputError(f"{text!r} needs its date: EVENT=TIME@YYYY-MM-DD")
        metres, seconds = parse_result(body)
        results.append(
            RaceResult(
                distance_m=metres,
                time_s=seconds,
                date=parse_date(when or None, "result date"),
                tag="race",
            )
        )
    return tuple(results)


def today_from(text: str | None, tz: ZoneInfo | None = None) -> dt.date:
    """The date today: ``text`` if given (tests and re-runs), else the clock in ``tz``
    (the machine's local zone when None). Front ends read the clock; nothing below does."""
    given = parse_date(text, "date")
    if given is not None:
        return given
    return dt.datetime.now(tz).date() if tz is not None else dt.datetime.now().astimezone().date()
