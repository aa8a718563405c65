"""Plan and athlete ids.

A new plan gets a random id (:func:`new_id`) from the use case that makes it; every revision
keeps it. Calendar event UIDs and FIT workout serial numbers derive from the plan id and the
session id (:func:`session_key`), so two runners who start on the same Monday never share one,
and a revised plan updates its events and workouts in place.

A plan file of schema version 1 had no id. Its id on upgrade is the key its calendar UIDs were
built from in version 1 (:func:`legacy_plan_id`: athlete name, start date and goal event), so
a calendar that imported a version-1 export keeps updating the same events.
"""

from __future__ import annotations

import hashlib
import uuid

__all__ = ["legacy_plan_id", "new_id", "session_key"]


def new_id() -> str:
    """A fresh id for a plan or an athlete: 32 hexadecimal digits (a random UUID)."""
    return uuid.uuid4().hex


def legacy_plan_id(name: str, start_date: str, goal_type: str, goal_distance_m: float) -> str:
    """The id a version-1 plan gets on upgrade: the identity its calendar UIDs used."""
    key = f"{name}|{start_date}|{goal_type}|{goal_distance_m:.3f}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def session_key(plan_id: str, session_id: str) -> str:
    """A key unique to one session of one plan, stable across the plan's revisions."""
    return f"{session_id}.{plan_id}"
