"""Logging for the server and the workers: one JSON object a line, or plain text.

``configure_logging("json")`` makes every record one line of JSON with the time (UTC, ISO
8601), level, logger, message, and any ``extra={...}`` fields the caller gave (job ids,
request ids, durations), plus the exception text when there is one, so a log shipper can read
it without parsing prose. ``"text"`` is for a person at a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any, Final, Literal, TextIO

__all__ = ["JsonLineFormatter", "configure_logging"]

_STANDARD: Final = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys() | {"message", "asctime"}
)


class JsonLineFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(
    style: Literal["json", "text"] = "json",
    level: int | str = logging.INFO,
    stream: TextIO | None = None,
) -> logging.Handler:
    """Send the ``miler`` loggers' records to ``stream`` (stderr) in ``style``; returns the
    handler (replacing one configured before)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonLineFormatter()
        if style == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    handler.set_name("miler")
    root = logging.getLogger("miler")
    for old in [h for h in root.handlers if h.get_name() == "miler"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False
    return handler
