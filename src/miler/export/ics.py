"""An iCalendar (RFC 5545) file of a plan: one event per session, on its day.

Events are all-day by default, or start at a chosen time (in a chosen time zone, or
floating local time without one) and last as long as the session. The description holds
the blocks, steps and paces.

UIDs are ``<session id>.<plan id>@miler`` (:func:`miler.plan.identity.session_key`), never
random: the plan id is the same in every revision and different in every other plan, so
importing a revised plan updates its events and two runners' plans never collide. A plan
upgraded from schema version 1 has the identity its version-1 calendars used as its plan id,
so their UIDs are kept. Given the previous export, an event whose content is unchanged
keeps its SEQUENCE and DTSTAMP; a changed one gets SEQUENCE + 1 and a new DTSTAMP; every
miler event of the previous file that the new plan does not have (a dropped session, or a
whole old plan after a re-plan with a new start or goal) is sent cancelled so that it
leaves the calendar. Timed events in a zone carry an RRULE-based VTIMEZONE covering the
plan (:mod:`miler.export.vtimezone`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from miler.errors import InvalidInputError
from miler.export.atomic import ExportError
from miler.export.describe import session_lines, session_notes
from miler.export.vtimezone import vtimezone
from miler.plan.identity import session_key
from miler.plan.model import Plan, Session
from miler.planning.measure import session_duration_s

__all__ = [
    "CalendarFileError",
    "EventStamp",
    "is_miler_calendar",
    "parse_stamps",
    "plan_identity",
    "plan_to_ics",
    "session_uid",
    "zone",
]

PRODID: Final = "-//miler//plan export//EN"
UID_SUFFIX: Final = "@miler"
FINGERPRINT: Final = "X-MILER-FINGERPRINT"
_CANCELLED: Final = "cancelled"
_MIN_EVENT_S: Final = 15 * 60
_ROUND_S: Final = 5 * 60
#: The longest timed event a session may make: a week (a hand-edited plan can ask for more).
_MAX_EVENT_S: Final = 7 * 24 * 3600


@dataclass(frozen=True)
class EventStamp:
    """What a previous export said about one event."""

    sequence: int
    dtstamp: dt.datetime
    fingerprint: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    cancelled: bool


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/London``), or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/London, "
            "America/New_York or UTC"
        ) from None


class CalendarFileError(ExportError):
    """A previous calendar that miler wrote but cannot read back (a hand-edited stamp)."""


def plan_identity(plan: Plan) -> str:
    """The part of every event UID that names the plan: its plan id (for a plan upgraded
    from schema version 1, the identity its version-1 calendar used)."""
    return plan.plan_id


def session_uid(session: Session, plan: Plan) -> str:
    """The event UID of ``session``: ``<session id>.<plan id>@miler``, stable across
    re-plans and re-exports, unique to the plan."""
    return f"{session_key(plan.plan_id, session.id)}{UID_SUFFIX}"


def is_miler_calendar(data: bytes) -> bool:
    """Whether ``data`` is a calendar miler wrote (its PRODID)."""
    return f"PRODID:{PRODID}".encode() in data


def _description(session: Session) -> str:
    lines = [session.purpose] if session.purpose else []
    lines.extend("  " * depth + text for depth, text in session_lines(session))
    if session.needs_track:
        lines.append("Needs a track.")
    lines.extend(session_notes(session))
    return "\n".join(lines)


def _event_minutes(session: Session, plan: Plan) -> int:
    seconds = session_duration_s(session, plan.paces.easy_speed_low_mps)
    if not math.isfinite(seconds) or seconds > _MAX_EVENT_S:
        raise ExportError(
            f"session {session.id} would last {seconds:.3g} s, longer than a calendar event "
            "of a training plan can (a week); fix the durations in the plan file"
        )
    seconds = max(_MIN_EVENT_S, math.ceil(seconds / _ROUND_S) * _ROUND_S)
    return round(seconds / 60)


def _times(
    plan: Plan, at: dt.time | None, tz: ZoneInfo | None
) -> dict[str, tuple[dt.date | dt.datetime, dt.date | dt.datetime]]:
    """Start and end of every session's event, by session id."""
    times: dict[str, tuple[dt.date | dt.datetime, dt.date | dt.datetime]] = {}
    next_start: dict[dt.date, dt.datetime] = {}
    ordered = sorted(plan.sessions(), key=lambda s: (s.date, s.order))
    for session in ordered:
        if at is None:
            times[session.id] = (session.date, session.date + dt.timedelta(days=1))
            continue
        start = next_start.get(session.date) or dt.datetime.combine(session.date, at, tzinfo=tz)
        end = start + dt.timedelta(minutes=_event_minutes(session, plan))
        next_start[session.date] = end
        times[session.id] = (start, end)
    return times


def _decoded(event: Any, name: str, uid: str, source: str) -> dt.date | dt.datetime:
    """A date property of a previous event, or a one-line error naming it (icalendar hands
    back the raw text of a value it cannot read)."""
    try:
        value = event.decoded(name)
    except (KeyError, ValueError, TypeError):
        value = None
    wanted = dt.datetime if name == "DTSTAMP" else dt.date
    if not isinstance(value, wanted):
        raw = event.get(name)
        shown = raw.to_ical().decode(errors="replace") if hasattr(raw, "to_ical") else raw
        raise CalendarFileError(
            f"cannot read the previous calendar {source}: event {uid} has a malformed "
            f"{name} ({shown!r}); fix or delete that event, or add --force to start the "
            "calendar afresh"
        )
    return value


def parse_stamps(previous: bytes, source: str = "file") -> dict[str, EventStamp]:
    """UID -> stamp of each miler event (UID ending ``@miler``) in a previous export; empty
    if it is not a calendar. A miler event with a malformed DTSTAMP, DTSTART or DTEND raises
    :class:`CalendarFileError` (one line naming the event)."""
    try:
        calendar = Calendar.from_ical(previous)
    except (ValueError, IndexError, KeyError, TypeError):
        return {}
    stamps = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if not uid.endswith(UID_SUFFIX):
            continue
        try:
            sequence = int(event.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            sequence = 0
        dtstamp = _decoded(event, "DTSTAMP", uid, source)
        assert isinstance(dtstamp, dt.datetime)  # _decoded checked it
        stamps[uid] = EventStamp(
            sequence=sequence,
            dtstamp=dtstamp,
            fingerprint=str(event.get(FINGERPRINT, "")),
            summary=str(event.get("SUMMARY", "")),
            start=_decoded(event, "DTSTART", uid, source),
            end=_decoded(event, "DTEND", uid, source),
            cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
        )
    return stamps


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _stamp(old: EventStamp | None, fingerprint: str, now: dt.datetime) -> tuple[int, dt.datetime]:
    """SEQUENCE and DTSTAMP: kept for an unchanged event, bumped for a changed one."""
    if old is None:
        return 0, now
    if old.fingerprint == fingerprint:
        return old.sequence, old.dtstamp
    return old.sequence + 1, now


def _session_event(
    session: Session,
    uid: str,
    span: tuple[dt.date | dt.datetime, dt.date | dt.datetime],
    old: EventStamp | None,
    now: dt.datetime,
) -> Event:
    start, end = span
    description = _description(session)
    fingerprint = _fingerprint(session.name, description, start.isoformat(), end.isoformat())
    sequence, dtstamp = _stamp(old, fingerprint, now)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dtstamp)
    event.add("sequence", sequence)
    event.add("summary", session.name)
    event.add("description", description)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("categories", [session.type.value.replace("_", " ")])
    if not isinstance(start, dt.datetime):
        event.add("transp", "TRANSPARENT")
    event.add(FINGERPRINT, fingerprint)
    return event


def _cancelled_event(uid: str, old: EventStamp, now: dt.datetime) -> Event:
    """A session the revised plan dropped: cancelled, so an import removes it."""
    sequence, dtstamp = _stamp(old, _CANCELLED, now)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dtstamp)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED")
    event.add("summary", old.summary)
    event.add("dtstart", old.start)
    event.add("dtend", old.end)
    event.add(FINGERPRINT, _CANCELLED)
    return event


def plan_to_ics(
    plan: Plan,
    *,
    at: dt.time | None = None,
    tz: ZoneInfo | None = None,
    previous: dict[str, EventStamp] | None = None,
    now: dt.datetime,
) -> bytes:
    """The plan as an iCalendar file, one VEVENT per session.

    ``at``: start time of each day's first session (later sessions that day follow it);
    None for all-day events. ``tz``: the time zone of ``at`` (None: floating local time).
    ``previous``: stamps of the last export (see :func:`parse_stamps`): unchanged events
    keep SEQUENCE and DTSTAMP, and every previous miler event the plan does not have is
    sent as cancelled. ``now``: the DTSTAMP of new or changed events (aware; the caller
    passes the clock in).
    """
    stamp_now = now.astimezone(dt.UTC).replace(microsecond=0)
    previous = previous or {}
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if tz is not None and at is not None:
        calendar.add("x-wr-timezone", tz.key)
    calendar.add("x-wr-calname", f"miler plan from {plan.start_date.isoformat()}")
    times = _times(plan, at, tz)
    current = set()
    for session in plan.sessions():
        uid = session_uid(session, plan)
        current.add(uid)
        span = times[session.id]
        calendar.add_component(_session_event(session, uid, span, previous.get(uid), stamp_now))
    for uid, old in sorted(previous.items()):
        if uid.endswith(UID_SUFFIX) and uid not in current:
            calendar.add_component(_cancelled_event(uid, old, stamp_now))
    if tz is not None and at is not None:
        dates = [session.date for session in plan.sessions()] or [plan.start_date]
        dates += [old.start for old in previous.values() if not isinstance(old.start, dt.datetime)]
        dates += [
            old.start.date() for old in previous.values() if isinstance(old.start, dt.datetime)
        ]
        calendar.add_component(vtimezone(tz, min(dates), max(dates)))
    data: bytes = calendar.to_ical()
    return data
