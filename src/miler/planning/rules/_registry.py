"""The rule registry: rule ids in document order, and the check registered for each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Literal

from miler.planning.rules._facts import PlanFacts

__all__ = [
    "CHECKS",
    "COACH_RULE_IDS",
    "RULE_IDS",
    "TRAINING_RULE_IDS",
    "Check",
    "Outcome",
    "Problems",
    "rule",
]

TRAINING_RULE_IDS: Final = (
    *("R-F1.1", "R-F1.2", "R-F2.1", "R-F2.2", "R-F3.1", "R-F3.2", "R-F3.3"),
    *("R-S1.1", "R-S1.2", "R-S1.3", "R-S1.4", "R-S2.1", "R-S2.2", "R-S3.1", "R-S3.2"),
    *("R-S4.1", "R-S4.2", "R-S5.1", "R-S5.2", "R-S5.3"),
    *(f"R-S6.{i}" for i in range(1, 11)),
    *(f"R-S7.{i}" for i in range(1, 5)),
    *(f"R-G{i}" for i in range(1, 22)),
    *(f"R-P{i}" for i in range(1, 11)),
)
"""Every rule id of training-rules.md, in its order."""
COACH_RULE_IDS: Final = (
    *("C-1", "C-2", "C-3", "C-4", "C-5", "C-6", "C-7", "C-8", "C-9", "C-10", "C-11", "C-12"),
)
"""The coach rules' ids (coach-rules.md), checked after the training rules."""
RULE_IDS: Final = (*TRAINING_RULE_IDS, *COACH_RULE_IDS)
"""Every rule the validator checks, in order."""

Status = Literal["pass", "fail", "not_applicable"]


@dataclass(frozen=True)
class Outcome:
    """What one check found: a status, why, and the sessions concerned."""

    status: Status
    reason: str
    sessions: tuple[str, ...] = ()


Check = Callable[[PlanFacts], Outcome]
CHECKS: dict[str, Check] = {}


def rule(rule_id: str) -> Callable[[Check], Check]:
    """Register ``check`` as the check of ``rule_id``."""
    if rule_id not in RULE_IDS:
        raise ValueError(f"unknown rule id {rule_id}")

    def register(check: Check) -> Check:
        if rule_id in CHECKS:
            raise ValueError(f"two checks for {rule_id}")
        CHECKS[rule_id] = check
        return check

    return register


def passed(reason: str) -> Outcome:
    return Outcome("pass", reason)


def not_applicable(reason: str) -> Outcome:
    return Outcome("not_applicable", reason)


class Problems:
    """Collects what a check found wrong, session by session."""

    def __init__(self) -> None:
        self._messages: list[str] = []
        self._sessions: dict[str, None] = {}

    def add(self, message: str, sessions: Iterable[str] = ()) -> None:
        self._messages.append(message)
        for session in sessions:
            self._sessions[session] = None

    def __bool__(self) -> bool:
        return bool(self._messages)

    def outcome(self, ok_reason: str) -> Outcome:
        """A pass with ``ok_reason`` when nothing was found, else a fail listing the first
        problems."""
        if not self._messages:
            return passed(ok_reason)
        shown = "; ".join(self._messages[:3])
        more = len(self._messages) - 3
        if more > 0:
            shown += f"; and {more} more"
        return Outcome("fail", shown, tuple(self._sessions))


def minutes(seconds: float) -> str:
    """``seconds`` as minutes for a reason text: 30.0 min."""
    return f"{seconds / 60:.1f} min"
