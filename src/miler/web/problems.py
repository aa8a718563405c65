"""Pydantic's validation errors as the one line a runner reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["describe_problems"]

#: Parts of an error's location that name where FastAPI found the value, not the field.
_CONTAINERS = frozenset({"body", "query", "path", "form"})


def describe_problems(problems: Sequence[Any], limit: int = 3) -> str:
    """``field: what is wrong`` for the first ``limit`` problems, joined by ``;``."""
    parts = []
    for problem in list(problems)[:limit]:
        where = " ".join(
            str(p).replace("_", " ") for p in problem.get("loc", ()) if p not in _CONTAINERS
        )
        parts.append(f"{where or 'request'}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts)
