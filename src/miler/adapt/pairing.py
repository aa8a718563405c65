"""Which activity goes with which session: the cost of a pair and the assignment
(:mod:`miler.adapt.match`, steps 3-4)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Final

import numpy as np

from miler.adapt.activity_kinds import Done
from miler.adapt.outcomes import (
    MOVE_DAYS,
    PARTIAL_BELOW,
    WRONG_SHAPE,
)
from miler.adapt.planned import Planned

__all__ = ["pair"]

_UNFIT: Final = 1e9
"""Cost of a pair that may not be matched (kept finite for the assignment solver)."""


def _misfit(planned_s: float, done_s: float) -> float:
    """0 for the planned duration, rising to 1 at a factor of e² (7.4x) either way."""
    if planned_s <= 0 or done_s <= 0:
        return 1.0
    return min(abs(math.log(done_s / planned_s)), 2.0) / 2.0


def _fits(planned: Planned, done: Done) -> bool:
    return planned.wants == "any" or done.shape == planned.wants


def _pair_cost(
    planned: Planned, done: Done, weeks: dict[dt.date, int], today: dt.date
) -> float | None:
    """How badly ``done`` fits ``planned``; ``None`` when it may not stand for it.

    A day between them weighs 1, a run of the wrong shape on the session's own day
    :data:`WRONG_SHAPE`, another cross-training mode 0.5, the duration up to 1
    (:func:`_misfit`). Another day is allowed only within :data:`MOVE_DAYS` in the same plan
    week and with the right shape; a session still ahead takes only an activity of at
    least :data:`PARTIAL_BELOW` of its length (a short extra run is not the coming long
    run done early).
    """
    if planned.kind is not done.kind or done.date is None:
        return None
    days = abs((done.date - planned.session.date).days)
    if days > MOVE_DAYS:
        return None
    fits = _fits(planned, done)
    cost = _misfit(planned.planned_s, done.recorded_s)
    cost += 0.5 if planned.mode is not None and done.mode not in (None, planned.mode) else 0.0
    if days == 0:
        return cost + (0.0 if fits else WRONG_SHAPE)
    if not fits or weeks.get(done.date) != planned.session.week:
        return None
    ahead = planned.session.date > today
    if ahead and done.recorded_s < PARTIAL_BELOW * planned.planned_s:
        return None
    return days + cost


def _assign(
    planned: Sequence[Planned],
    done: Sequence[Done],
    cost: Callable[[Planned, Done], float | None],
) -> list[tuple[Planned, Done]]:
    """The most pairs allowed by ``cost`` (``None``: not allowed), then the cheapest:
    the Hungarian method (Kuhn 1955; scipy's ``linear_sum_assignment``, Crouse 2016)."""
    if not planned or not done:
        return []
    from scipy.optimize import linear_sum_assignment

    matrix = np.full((len(planned), len(done)), _UNFIT)
    for i, p in enumerate(planned):
        for j, d in enumerate(done):
            value = cost(p, d)
            if value is not None:
                matrix[i, j] = value
    rows, cols = linear_sum_assignment(matrix)
    return [(planned[i], done[j]) for i, j in zip(rows, cols, strict=True) if matrix[i, j] < _UNFIT]


def pair(
    planned: Sequence[Planned], done: Sequence[Done], weeks: dict[dt.date, int], today: dt.date
) -> dict[str, Done]:
    """session id -> its activity (:mod:`miler.adapt.match`, steps 3-4)."""
    pairs = _assign(planned, done, lambda p, d: _pair_cost(p, d, weeks, today))
    return {p.session.id: d for p, d in pairs}
