"""Reading plan files: the current schema, and upgrades from every older version.

A plan file names its schema (``"schema": "miler.plan"``) and version. ``load_plan`` upgrades
each older version step by step to the current one (:data:`UPGRADES`) and then validates it,
so a plan written by an older miler is read, never refused. A file of a newer version than
this miler knows is refused with a message that says to upgrade miler.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

from pydantic import ValidationError

from miler.errors import PlanFileError
from miler.plan.identity import legacy_plan_id
from miler.plan.model import SCHEMA_NAME, SCHEMA_VERSION, Plan

__all__ = ["UPGRADES", "load_plan", "upgrade"]


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no identity: the plan id is the key its calendar UIDs used, the athlete
    id the same (one plan per runner was all a version-1 file knew), revision 1, and no
    recorded request."""
    athlete: dict[str, Any] = raw["athlete"] if isinstance(raw.get("athlete"), dict) else {}
    goal: dict[str, Any] = raw["goal"] if isinstance(raw.get("goal"), dict) else {}
    try:
        distance = float(goal.get("distance_m", 0.0))
    except (TypeError, ValueError):
        distance = 0.0
    plan_id = legacy_plan_id(
        str(athlete.get("name", "")),
        str(raw.get("start_date", "")),
        str(goal.get("type", "")),
        distance,
    )
    upgraded = dict(raw)
    upgraded["version"] = 2
    upgraded.setdefault("plan_id", plan_id)
    upgraded.setdefault("athlete_id", plan_id)
    upgraded.setdefault("revision", 1)
    upgraded.setdefault("reason", "upgraded from plan schema version 1")
    return upgraded


#: version -> the function that lifts a plan of that version to the next one
UPGRADES: Final[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {1: _v1_to_v2}


def upgrade(raw: dict[str, Any], source: str = "plan file") -> dict[str, Any]:
    """``raw`` lifted to the current schema version, one version at a time."""
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanFileError(
            f"{source} has no valid plan schema version ({version!r}); "
            "make a new plan with 'miler plan ... --json'"
        )
    if version > SCHEMA_VERSION:
        raise PlanFileError(
            f"{source} is plan schema version {version}, newer than this miler reads "
            f"({SCHEMA_VERSION}): upgrade miler (pip install -U miler)"
        )
    while version < SCHEMA_VERSION:
        raw = UPGRADES[version](raw)
        version = raw["version"]
    return raw


def load_plan(text: str, source: str = "plan file") -> Plan:
    """Read a plan file's text: upgrade an older version, refuse anything else clearly."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(f"{source} is not JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA_NAME:
        raise PlanFileError(
            f'{source} is not a miler plan (no "schema": "{SCHEMA_NAME}"); '
            "make one with 'miler plan ... --json'"
        )
    raw = upgrade(raw, source)
    try:
        return Plan.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PlanFileError(
            f"{source} does not follow plan schema {SCHEMA_VERSION}: {where}: {first['msg']}"
            f" ({error.error_count()} problem(s) in all)"
        ) from None
