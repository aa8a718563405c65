"""The week's shape: which available day gets the quality sessions, the long run, the easy
runs, strength and the rest day.

Rules applied (a week wraps around: Sunday is next to the following Monday):
* sessions only on the athlete's days; ≥1 full rest day a week (R-G19);
* no quality runs on consecutive days (R-G19, hard-easy principle);
* novices: no running on consecutive days (R-S7.2, R-G5);
* no heavy lower-body strength in the 24 h before a quality run: strength is done after
  the run on a quality day, or on a day whose next day has no quality (R-G9);
* plyometric (strength-and-power) sessions ≥48 h apart (R-G10).

Quality sessions never share a day. When the days cannot hold every session apart (2 days
a week), the long run follows a quality session on the same day, but only in the weeks that
hold a quality session on every quality day (C-3), and strength follows the run; every such
double is explicit in the plan (``Session.order``). Two adjacent days can
hold only one quality session a week: the week then alternates short and long sessions,
and the plan says so.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Final

__all__ = ["DAY_INDEX", "Skeleton", "build_skeleton", "strength_days"]

DAY_INDEX: Final = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _adjacent(a: int, b: int) -> bool:
    return (a - b) % 7 in (1, 6)


def _gap(a: int, b: int) -> int:
    d = (a - b) % 7
    return min(d, 7 - d)


@dataclass(frozen=True)
class Skeleton:
    """Day indexes (0 = Monday) for each role. ``quality`` is in priority order: the first
    day hosts the only quality session of a phase-in week. A day listed twice in
    ``quality`` hosts a double."""

    quality: tuple[int, ...]
    long: int
    easy: tuple[int, ...]
    rest: tuple[int, ...]
    days: tuple[int, ...]
    doubles: tuple[str, ...] = field(default=())

    def run_days(self) -> set[int]:
        return {*self.quality, self.long, *self.easy}


def _independent(days: tuple[int, ...]) -> bool:
    return all(not _adjacent(a, b) for a, b in itertools.combinations(days, 2))


def _score(
    quality: tuple[int, ...], long: int, easy: tuple[int, ...], preferred_long: int | None
) -> float:
    score = 0.0
    if preferred_long is not None and long == preferred_long:
        score += 100.0
    elif long in (5, 6):
        score += 20.0
    if len(quality) >= 2:
        score += 10.0 * min(_gap(a, b) for a, b in itertools.combinations(quality, 2))
    score += sum(5.0 for q in quality if not _adjacent(q, long))
    # room for two strength sessions: days whose next day has no quality (R-G9)
    run_days = {*quality, long, *easy}
    strength_room = sum(1 for d in run_days if (d + 1) % 7 not in quality)
    score += 15.0 * min(2, strength_room)
    # the day after a quality day easy rather than another hard effort
    score -= sum(1.0 for q in quality for e in easy if (e - q) % 7 == 1) * 0.5
    return score


def build_skeleton(
    days: tuple[int, ...],
    n_quality: int,
    n_runs: int,
    *,
    alternate_days: bool,
    preferred_long: int | None,
) -> Skeleton:
    """The best arrangement of up to ``n_quality`` quality days (never two on a day or on
    consecutive days), one long run and easy runs up to ``n_runs`` running days.

    More quality days win over more running days; when no day is left for the long run,
    it follows the first quality session on the same day.
    """
    days = tuple(sorted(set(days)))
    max_runs = min(n_runs, len(days) if len(days) < 7 else 6)
    for q in range(n_quality, -1, -1):
        for runs in range(max_runs, max(q, 1) - 1, -1):
            best = _search(days, q, runs, alternate_days, preferred_long)
            if best is not None:
                return _complete(best, days, n_quality)
    only = preferred_long if preferred_long in days else days[0]
    assert only is not None
    return _complete(((), only, ()), days, n_quality)


def _search(
    days: tuple[int, ...], q: int, runs: int, alternate: bool, preferred_long: int | None
) -> tuple[tuple[int, ...], int, tuple[int, ...]] | None:
    best: tuple[float, tuple[tuple[int, ...], int, tuple[int, ...]]] | None = None
    for run_days in itertools.combinations(days, runs):
        if alternate and not _independent(run_days):
            continue
        for quality in itertools.combinations(run_days, q):
            if not _independent(quality):
                continue
            free = [d for d in run_days if d not in quality]
            for long in free or list(quality[:1] if q else ()):
                easy = tuple(d for d in run_days if d not in quality and d != long)
                score = _score(quality, long, easy, preferred_long) - (50.0 if not free else 0)
                if best is None or score > best[0]:
                    ordered = _order_quality(quality, long)
                    if long in quality:
                        ordered = (long, *(d for d in ordered if d != long))
                    best = (score, (ordered, long, easy))
    return best[1] if best else None


def _order_quality(quality: tuple[int, ...], long: int) -> tuple[int, ...]:
    """Priority order: the day farthest from the long run first."""
    return tuple(sorted(quality, key=lambda d: (-_gap(d, long), d)))


def _complete(
    found: tuple[tuple[int, ...], int, tuple[int, ...]], days: tuple[int, ...], n_quality: int
) -> Skeleton:
    quality, long, easy = found
    notes: list[str] = []
    if len(quality) < n_quality:
        notes.append(
            f"only {len(quality)} of the days can hold a quality session without hard days "
            "back to back (R-G19): the week alternates short and long sessions instead of "
            "holding both (R-S6.8)"
        )
    if long in quality:
        notes.append("no day is free for the long run: it follows a quality session that day")
    used = {*quality, long, *easy}
    rest = tuple(d for d in range(7) if d not in days or d not in used)
    return Skeleton(
        quality=quality,
        long=long,
        easy=easy,
        rest=rest,
        days=days,
        doubles=tuple(notes),
    )


def strength_days(
    skeleton: Skeleton,
    count: int,
    *,
    quality_days: set[int],
    blocked: set[int],
    keep_free: int | None,
) -> tuple[tuple[int, bool], ...]:
    """Days for ``count`` strength sessions with whether each holds plyometrics: not the
    day before a quality day (R-G9), not ``blocked``, leaving ``keep_free`` empty as the
    rest day. Plyometric sessions are ≥2 days apart (R-G10); when two strength days are
    closer, the second has no plyometrics. Quality days come first (hard days hard, easy
    days easy)."""
    candidates = [
        d
        for d in skeleton.days
        if d not in blocked and d != keep_free and (d + 1) % 7 not in quality_days
    ]
    candidates.sort(key=lambda d: (d not in quality_days, d == skeleton.long, d))
    for n in range(min(count, len(candidates)), 0, -1):
        for combo in itertools.combinations(candidates, n):
            if all(_gap(a, b) >= 2 for a, b in itertools.combinations(combo, 2)):
                return tuple((d, True) for d in sorted(combo))
        if n >= 2:
            combo = tuple(sorted(candidates[:n]))
            return ((combo[0], True), *((d, False) for d in combo[1:]))
    return ()
