"""miler: coach yourself or a squad to a faster mile.

The public API is re-exported here. Names load on first use, so importing ``miler``
(and starting the ``miler`` command) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any, Final

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: Final[dict[str, str]] = {
    # errors
    "MilerError": "miler.errors",
    "InvalidInputError": "miler.errors",
    "InvalidTimeError": "miler.errors",
    "InvalidDistanceError": "miler.errors",
    "OutOfRangeError": "miler.errors",
    "ImpossibleGoalError": "miler.errors",
    "PlanFileError": "miler.errors",
    "ActivityFileError": "miler.errors",
    # units
    "MILE_M": "miler.units",
    "parse_time": "miler.units",
    "format_time": "miler.units",
    "parse_distance": "miler.units",
    "parse_pace": "miler.units",
    "format_pace": "miler.units",
    "parse_result": "miler.units",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'miler' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
