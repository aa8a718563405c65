"""ICS export: parsed back with icalendar (and read the same by vobject and ics-py), every
session is one event on its day, UIDs come from the session id and the plan (not random),
and a revised plan keeps the UIDs of unchanged sessions while changed ones get SEQUENCE + 1
and a new DTSTAMP."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import ics as ics_py
import pytest
import vobject
from icalendar import Calendar

from export.plans import full_plan
from miler.errors import InvalidInputError
from miler.export.ics import parse_stamps, plan_to_ics, session_uid, zone
from miler.plan.model import Plan
from miler.planning.measure import session_duration_s

NOW = dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 1, 9, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return full_plan()


def _other_parsers_agree(data: bytes, events: dict[str, dict]) -> None:
    """vobject and ics-py read the same events, starts and statuses as icalendar."""
    text = data.decode("utf-8")
    by_vobject = {str(e.uid.value): e for e in vobject.readOne(text).vevent_list}
    assert by_vobject.keys() == events.keys()
    by_ics = {e.uid: e for e in ics_py.Calendar(text).events}
    assert by_ics.keys() == events.keys()
    for uid, event in events.items():
        start = event["start"]
        if isinstance(start, dt.datetime):
            assert by_vobject[uid].dtstart.value == start
            if start.tzinfo is not None:
                assert by_ics[uid].begin.datetime == start
        else:
            assert by_vobject[uid].dtstart.value == start
            assert by_ics[uid].begin.date() == start
        status = by_vobject[uid].contents.get("status")
        assert (status[0].value if status else "") == event["status"]


def _events(data: bytes) -> dict[str, dict]:
    calendar = Calendar.from_ical(data)
    events = {
        str(e["UID"]): {
            "start": e.decoded("DTSTART"),
            "end": e.decoded("DTEND"),
            "sequence": int(e["SEQUENCE"]),
            "dtstamp": e.decoded("DTSTAMP"),
            "summary": str(e["SUMMARY"]),
            "description": str(e.get("DESCRIPTION", "")),
            "status": str(e.get("STATUS", "")),
        }
        for e in calendar.walk("VEVENT")
    }
    _other_parsers_agree(data, events)
    return events


def _revised(plan: Plan) -> Plan:
    """The same plan after a re-plan that shortened the week-3 ladder."""
    week3 = plan.weeks[2]
    ladder = week3.sessions[0]
    shorter = ladder.model_copy(
        update={"name": "Ascending ladder, no cool-down", "blocks": ladder.blocks[:-1]}
    )
    weeks = (*plan.weeks[:2], week3.model_copy(update={"sessions": (shorter, *week3.sessions[1:])}))
    return plan.model_copy(update={"weeks": weeks})


def test_every_session_is_one_all_day_event_on_its_day(plan: Plan) -> None:
    events = _events(plan_to_ics(plan, now=NOW))
    sessions = list(plan.sessions())
    assert len(events) == len(sessions)
    for session in sessions:
        event = events[session_uid(session, plan)]
        assert event["start"] == session.date
        assert event["end"] == session.date + dt.timedelta(days=1)
        assert event["summary"] == session.name


def test_uids_come_from_session_id_and_plan_not_chance(plan: Plan) -> None:
    first = _events(plan_to_ics(plan, now=NOW))
    second = _events(plan_to_ics(plan, now=LATER))
    assert first.keys() == second.keys()
    assert "w1-tue-repeats-400." + plan.plan_id + "@miler" in first


def test_revised_plan_keeps_uids_and_bumps_only_changed_events(plan: Plan) -> None:
    old_file = plan_to_ics(plan, now=NOW)
    revised = _revised(plan)
    new = _events(plan_to_ics(revised, previous=parse_stamps(old_file), now=LATER))
    old = _events(old_file)
    assert new.keys() == old.keys()
    changed = session_uid(revised.weeks[2].sessions[0], revised)
    assert new[changed]["sequence"] == 1
    assert new[changed]["dtstamp"] == LATER
    for uid, event in new.items():
        if uid != changed:
            assert event["sequence"] == 0, uid
            assert event["dtstamp"] == NOW, uid
    # a third export of the same revision changes nothing
    again = plan_to_ics(revised, previous=parse_stamps(plan_to_ics(revised, now=LATER)), now=NOW)
    assert {(e["sequence"], e["dtstamp"]) for e in _events(again).values()} == {(0, LATER)}


def test_a_dropped_session_is_sent_as_cancelled(plan: Plan) -> None:
    old_file = plan_to_ics(plan, now=NOW)
    week1 = plan.weeks[0]
    dropped = week1.sessions[3]
    shorter = plan.model_copy(
        update={
            "weeks": (
                week1.model_copy(update={"sessions": week1.sessions[:3] + week1.sessions[4:]}),
                *plan.weeks[1:],
            )
        }
    )
    new_file = plan_to_ics(shorter, previous=parse_stamps(old_file), now=LATER)
    events = _events(new_file)
    uid = session_uid(dropped, plan)
    assert events[uid]["status"] == "CANCELLED"
    assert (events[uid]["sequence"], events[uid]["dtstamp"]) == (1, LATER)
    assert events[uid]["start"] == dropped.date
    live = [u for u, e in events.items() if e["status"] != "CANCELLED"]
    assert sorted(live) == sorted(session_uid(s, shorter) for s in shorter.sessions())
    # exporting the same revision again keeps the cancellation as it was
    again = _events(plan_to_ics(shorter, previous=parse_stamps(new_file), now=NOW))
    assert (again[uid]["status"], again[uid]["sequence"], again[uid]["dtstamp"]) == (
        "CANCELLED",
        1,
        LATER,
    )


def test_timed_events_start_at_the_chosen_time_and_zone(plan: Plan) -> None:
    london = zone("Europe/London")
    data = plan_to_ics(plan, at=dt.time(7, 0), tz=london, now=NOW)
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/London" in data
    events = _events(data)
    run = next(s for s in plan.sessions() if s.id == "w1-tue-repeats-400")
    lift = next(s for s in plan.sessions() if s.id == "w1-tue-strength")
    run_event = events[session_uid(run, plan)]
    assert run_event["start"] == dt.datetime(2026, 1, 6, 7, 0, tzinfo=ZoneInfo("Europe/London"))
    minutes = (run_event["end"] - run_event["start"]).total_seconds() / 60
    estimate = session_duration_s(run, plan.paces.easy_speed_low_mps) / 60
    assert estimate <= minutes < estimate + 5
    # the day's second session follows the first
    assert events[session_uid(lift, plan)]["start"] == run_event["end"]


def test_time_without_zone_is_floating_local_time(plan: Plan) -> None:
    events = _events(plan_to_ics(plan, at=dt.time(18, 30), now=NOW))
    start = next(iter(events.values()))["start"]
    assert start.tzinfo is None
    assert (start.hour, start.minute) == (18, 30)


def test_description_holds_steps_and_paces(plan: Plan) -> None:
    events = _events(plan_to_ics(plan, now=NOW))
    reps = events[session_uid(next(plan.sessions()), plan)]["description"]
    assert "400 m: 400 m in 1:29.5 · 1:29–1:30/400 m" in reps
    assert "4 ×" in reps
    assert "Needs a track." in reps
    easy = next(e for e in events.values() if e["summary"] == "Easy run 30 min")
    assert "5:03–5:45/km · 8:08–9:15/mi · HR ≤146" in easy["description"]
    lifts = next(e for e in events.values() if e["summary"].startswith("Strength"))
    assert "Back squat: 3 × 5 at 85% 1RM" in lifts["description"]


def test_unknown_time_zone_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="Europe/London"):
        zone("Mars/Olympus")


def test_previous_file_that_is_not_a_calendar_is_ignored() -> None:
    assert parse_stamps(b"not a calendar") == {}
