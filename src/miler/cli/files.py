"""Reading the files a command is given: plan files, and the run files of a folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from miler.plan.model import Plan

__all__ = ["ACTIVITY_SUFFIXES", "activity_paths", "read_plan_file", "read_plan_text"]

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
"""The run files a folder is searched for (any case)."""


def read_plan_text(path: Path) -> str:
    """The text of the plan file ``path``; a missing or unreadable one is a PlanFileError."""
    from miler.errors import PlanFileError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError(f"plan file {path} not found") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path} is a folder, not a plan file") from None
    except UnicodeDecodeError:
        raise PlanFileError(f"{path} is not a text plan file (not UTF-8)") from None
    except OSError as error:
        raise PlanFileError(f"cannot read the plan file {path}: {error.strerror}") from None


def read_plan_file(path: Path) -> Plan:
    """The plan in ``path``; a missing, unreadable or foreign file is a PlanFileError."""
    from miler.plan.schema import load_plan

    return load_plan(read_plan_text(path), source=str(path))


def activity_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder gives its run files (FIT, GPX, TCX, gzipped or not), sorted.

    A path that does not exist is an InvalidInputError naming it, before anything is read.
    """
    from miler.errors import InvalidInputError

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file() and p.name.lower().endswith(ACTIVITY_SUFFIXES)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise InvalidInputError(f"{path} not found: give run files or a folder of them")
    return found
