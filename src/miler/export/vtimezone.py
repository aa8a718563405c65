"""An RRULE-based VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone over a span of dates.

Calendar parsers differ on a VTIMEZONE that lists each transition as an RDATE: vobject
(the parser of CalDAV servers such as Radicale) reads a list of RDATEs as one date and puts
every winter event of Europe/London an hour early. A yearly rule ("last Sunday of March at
01:00") is what every parser reads. This module finds the zone's transitions from a year
before the span to a year after it (so each kind has an occurrence before the span starts),
and writes one STANDARD and one DAYLIGHT component, each with a yearly RRULE by month and
n-th (or last) weekday, when every transition of a kind follows one such rule. A zone
without daylight saving gets one STANDARD component with its offset. A zone whose rule
changed inside the window gets one component per transition (RDATE-free: one DTSTART
each), still read the same by every parser.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

__all__ = ["Transition", "transitions", "vtimezone"]

_DAY = dt.timedelta(days=1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: when (UTC), the offsets before and after, whether daylight
    saving is in force after it, and the zone's abbreviation after it."""

    at_utc: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    dst: bool
    name: str

    @property
    def local_start(self) -> dt.datetime:
        """The transition in the local time it interrupts (RFC 5545: DTSTART is local time
        in the offset before the change), naive."""
        return (self.at_utc + self.offset_from).replace(tzinfo=None)


def _state(zone: ZoneInfo, instant: dt.datetime) -> tuple[dt.timedelta, bool, str]:
    local = instant.astimezone(zone)
    return (
        local.utcoffset() or dt.timedelta(0),
        bool(local.dst()),
        local.tzname() or zone.key,
    )


def transitions(zone: ZoneInfo, first: dt.date, last: dt.date) -> list[Transition]:
    """Every change of UTC offset (or of daylight saving) in ``zone`` from ``first`` to
    ``last``, found by a daily scan and a bisection to the second."""
    found = []
    instant = dt.datetime.combine(first, dt.time(0), tzinfo=dt.UTC)
    end = dt.datetime.combine(last, dt.time(0), tzinfo=dt.UTC) + _DAY
    state = _state(zone, instant)
    while instant < end:
        following = instant + _DAY
        next_state = _state(zone, following)
        if next_state[:2] != state[:2]:
            low, high = instant, following
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(zone, middle)[:2] == state[:2]:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            found.append(Transition(at, state[0], next_state[0], next_state[1], next_state[2]))
        instant, state = following, next_state
    return found


def _rule(group: list[Transition]) -> str | None:
    """A yearly RRULE every transition of ``group`` follows (month, n-th or last weekday,
    local time of day, offsets), or None."""
    starts = [t.local_start for t in group]
    years = [s.year for s in starts]
    if len(set(years)) != len(years) or years != list(range(years[0], years[0] + len(years))):
        return None
    first = starts[0]
    same = {
        (s.month, s.weekday(), s.time(), t.offset_from, t.offset_to)
        for s, t in zip(starts, group, strict=True)
    }
    if len(same) != 1:
        return None
    if all(s.day + 7 > calendar_module.monthrange(s.year, s.month)[1] for s in starts):
        nth = -1
    else:
        counts = {(s.day - 1) // 7 + 1 for s in starts}
        if len(counts) != 1:
            return None
        nth = counts.pop()
    return f"FREQ=YEARLY;BYMONTH={first.month};BYDAY={nth}{_WEEKDAYS[first.weekday()]}"


def _component(transition: Transition, rrule: str | None) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if transition.dst else TimezoneStandard()
    component.add("dtstart", transition.local_start)
    component.add("tzoffsetfrom", transition.offset_from)
    component.add("tzoffsetto", transition.offset_to)
    component.add("tzname", transition.name)
    if rrule is not None:
        component.add("rrule", _rrule_dict(rrule))
    return component


def _rrule_dict(rrule: str) -> dict[str, str | int]:
    parts = dict(part.split("=") for part in rrule.split(";"))
    return {"freq": parts["FREQ"], "bymonth": int(parts["BYMONTH"]), "byday": parts["BYDAY"]}


def vtimezone(zone: ZoneInfo, first: dt.date, last: dt.date) -> Timezone:
    """The VTIMEZONE of ``zone`` valid from ``first`` to ``last`` (the plan's span)."""
    timezone = Timezone()
    timezone.add("tzid", zone.key)
    window_start = first - dt.timedelta(days=366)
    changes = transitions(zone, window_start, last + dt.timedelta(days=366))
    if not changes:
        offset, dst, name = _state(zone, dt.datetime.combine(first, dt.time(12), tzinfo=dt.UTC))
        fixed = Transition(
            dt.datetime.combine(window_start, dt.time(0), tzinfo=dt.UTC) - offset,
            offset,
            offset,
            dst,
            name,
        )
        timezone.add_component(_component(fixed, None))
        return timezone
    groups: dict[tuple[bool, dt.timedelta, dt.timedelta], list[Transition]] = {}
    for change in changes:
        groups.setdefault((change.dst, change.offset_from, change.offset_to), []).append(change)
    rules = {key: _rule(group) for key, group in groups.items()}
    if len(groups) <= 2 and all(rule is not None for rule in rules.values()):
        for key, group in groups.items():
            timezone.add_component(_component(group[0], rules[key]))
    else:
        for change in changes:
            timezone.add_component(_component(change, None))
    return timezone
