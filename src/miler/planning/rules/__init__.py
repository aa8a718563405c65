"""One check per training rule (R-F*, R-S*, R-G*, R-P*), each reading only the plan.

The checks are grouped by rule family; importing this package registers all of them in
:data:`CHECKS`, keyed by rule id in the order of training-rules.md.
"""

from __future__ import annotations

from miler.planning.rules import (  # noqa: F401  (imported to register their checks)
    athlete,
    base,
    coach,
    coach_content,
    coach_volume,
    power,
    sessions,
    strength,
    week,
)
from miler.planning.rules._registry import (
    CHECKS,
    COACH_RULE_IDS,
    RULE_IDS,
    TRAINING_RULE_IDS,
    Check,
    Outcome,
)

__all__ = ["CHECKS", "COACH_RULE_IDS", "RULE_IDS", "TRAINING_RULE_IDS", "Check", "Outcome"]
