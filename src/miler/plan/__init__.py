"""The plan document: its model, schema versions and upgrades, and identity.

The generator, the session library, the validator, the exporters and adapt all import the
plan from here; this package imports nothing of theirs (only :mod:`miler.units` and
:mod:`miler.errors`), so there is no package cycle.
"""

from __future__ import annotations

from miler.plan.identity import new_id, session_key
from miler.plan.model import SCHEMA_NAME, SCHEMA_VERSION, Plan
from miler.plan.request import PlanRequest, RaceResult
from miler.plan.schema import load_plan

__all__ = [
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "Plan",
    "PlanRequest",
    "RaceResult",
    "load_plan",
    "new_id",
    "session_key",
]
