"""Shared rendering for CLI commands: one JSON object for ``--json``, Rich for people."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["console", "emit_json", "show", "to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Turn dataclasses, pydantic models, tuples and non-finite floats into plain JSON values."""
    import dataclasses
    import datetime as dt

    if hasattr(value, "model_dump"):
        return to_jsonable(value.model_dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    return value


def emit_json(payload: Any) -> None:
    """Print ``payload`` as one JSON object on stdout."""
    json.dump(to_jsonable(payload), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


_CONSOLE: Console | None = None


def console() -> Console:
    """The Rich console for human output (created on first use: Rich is slow to import)."""
    global _CONSOLE
    if _CONSOLE is None:
        from rich.console import Console

        _CONSOLE = Console()
    return _CONSOLE


_Report = TypeVar("_Report")


def show(report: _Report, as_json: bool, render: Callable[[_Report], None]) -> int:
    """Print a command's report as one JSON object (``--json``; a service's typed result as
    exactly its ``model_dump(mode="json")``) or through ``render``.

    Returns 0, the exit status of a command that succeeded.
    """
    if as_json:
        emit_json(report)
    else:
        render(report)
    return 0
