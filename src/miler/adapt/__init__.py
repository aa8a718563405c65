"""Adapt the plan to what was done: match the runs to the planned sessions, then re-plan.

- :mod:`miler.adapt.match`: :func:`match_activities` sets each planned session against
  the imported activities (done, partial, moved, missed, upcoming), sums each week, and
  collects the all-out efforts that are new results. Its steps live in
  :mod:`~miler.adapt.activity_kinds`, :mod:`~miler.adapt.planned`,
  :mod:`~miler.adapt.pairing`, :mod:`~miler.adapt.judging` and :mod:`~miler.adapt.weeks`;
  its results and thresholds in :mod:`~miler.adapt.outcomes`.
- :mod:`miler.adapt.replan`: the re-planning from that comparison.

Pure domain: no I/O, SI units; the CLI formats.
"""

from __future__ import annotations

from miler.adapt.match import (
    ActivityKind,
    EvidenceSource,
    ExtraActivity,
    FitnessEvidence,
    IgnoredActivity,
    IgnoredReason,
    MatchTotals,
    Outcome,
    PlanMatch,
    SessionOutcome,
    TrainingEffort,
    Verdict,
    WeekSummary,
    match_activities,
)
from miler.adapt.replan import (
    ON_TRACK_SHARE,
    VOLUME_WINDOW_WEEKS,
    GoalOutlook,
    Revision,
    replan,
    replan_json,
)

__all__ = [
    "ON_TRACK_SHARE",
    "VOLUME_WINDOW_WEEKS",
    "ActivityKind",
    "EvidenceSource",
    "ExtraActivity",
    "FitnessEvidence",
    "GoalOutlook",
    "IgnoredActivity",
    "IgnoredReason",
    "MatchTotals",
    "Outcome",
    "PlanMatch",
    "Revision",
    "SessionOutcome",
    "TrainingEffort",
    "Verdict",
    "WeekSummary",
    "match_activities",
    "replan",
    "replan_json",
]
