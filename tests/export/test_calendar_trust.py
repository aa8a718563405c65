"""Issue 12, the calendar: UIDs from the plan id (and the version-1 form kept), every
orphaned miler event cancelled, a malformed previous stamp is one clear error, and timed
events land at the right UTC instant in parsers other than icalendar (vobject, ics-py,
recurring-ical-events) thanks to an RRULE-based VTIMEZONE."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import ics as ics_py
import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from export.plans import full_plan
from miler.export.ics import CalendarFileError, parse_stamps, plan_to_ics, session_uid, zone
from miler.plan.identity import legacy_plan_id
from miler.plan.model import Plan
from miler.plan.schema import load_plan

NOW = dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 1, 9, 8, 0, tzinfo=dt.UTC)
LONDON = ZoneInfo("Europe/London")


def _shifted(plan: Plan, days: int) -> Plan:
    """The plan moved ``days`` later: every date, week and session."""
    delta = dt.timedelta(days=days)
    weeks = tuple(
        week.model_copy(
            update={
                "start_date": week.start_date + delta,
                "sessions": tuple(
                    s.model_copy(update={"date": s.date + delta}) for s in week.sessions
                ),
            }
        )
        for week in plan.weeks
    )
    return plan.model_copy(update={"weeks": weeks, "start_date": plan.start_date + delta})


def _long_plan(weeks: tuple[int, ...] = (0, 11, 12, 26, 41, 42)) -> Plan:
    """Test weeks in January, March (either side of the change to summer time), July and
    late October (either side of the change back)."""
    base = full_plan()
    out = []
    for index in weeks:
        template = base.weeks[index % 3]
        delta = dt.timedelta(days=7 * (index - index % 3))
        out.append(
            template.model_copy(
                update={
                    "index": index + 1,
                    "start_date": template.start_date + delta,
                    "sessions": tuple(
                        s.model_copy(
                            update={
                                "date": s.date + delta,
                                "week": index + 1,
                                "id": f"w{index + 1}-{s.id.split('-', 1)[1]}",
                            }
                        )
                        for s in template.sessions
                    ),
                }
            )
        )
    return base.model_copy(update={"weeks": tuple(out)})


def test_uids_derive_from_the_plan_id_so_two_runners_never_collide() -> None:
    plan = full_plan()
    other = plan.model_copy(update={"plan_id": "ben-plan"})  # same start, goal, session ids
    mine = {str(e["UID"]) for e in Calendar.from_ical(plan_to_ics(plan, now=NOW)).walk("VEVENT")}
    theirs = {str(e["UID"]) for e in Calendar.from_ical(plan_to_ics(other, now=NOW)).walk("VEVENT")}
    assert not mine & theirs
    assert all(uid.endswith(".ana-plan@miler") for uid in mine)


def test_version_1_plan_keeps_the_uids_its_old_calendar_has() -> None:
    plan = full_plan()
    data = json.loads(plan.to_json())
    data["version"] = 1
    for key in ("plan_id", "athlete_id", "revision", "parent_revision", "reason", "request"):
        data.pop(key, None)
    upgraded = load_plan(json.dumps(data))
    old_identity = legacy_plan_id(
        plan.athlete.name, plan.start_date.isoformat(), plan.goal.type, plan.goal.distance_m
    )
    session = next(upgraded.sessions())
    assert session_uid(session, upgraded) == f"{session.id}.{old_identity}@miler"


def test_re_plan_with_new_start_date_cancels_every_old_event() -> None:
    """A different plan (here: a new plan id and a later start, as a v1 re-plan with a new
    start date had) exported over the old file: every old @miler event is sent cancelled."""
    plan = full_plan()
    old_file = plan_to_ics(plan, now=NOW)
    new = _shifted(plan, 14).model_copy(update={"plan_id": "ana-plan-2"})
    events = Calendar.from_ical(plan_to_ics(new, previous=parse_stamps(old_file), now=LATER))
    by_uid = {str(e["UID"]): e for e in events.walk("VEVENT")}
    for session in plan.sessions():
        old = by_uid[session_uid(session, plan)]
        assert str(old["STATUS"]) == "CANCELLED"
        assert int(old["SEQUENCE"]) == 1
    live = [u for u, e in by_uid.items() if str(e.get("STATUS", "")) != "CANCELLED"]
    assert sorted(live) == sorted(session_uid(s, new) for s in new.sessions())


@pytest.mark.parametrize("bad", ["garbage", "2026-13-45T99", "20261345T990000Z", "20260101"])
def test_malformed_dtstamp_in_previous_calendar_is_one_clear_error(bad: str) -> None:
    data = plan_to_ics(full_plan(), now=NOW)
    broken = data.replace(b"DTSTAMP:20260102T080000Z", f"DTSTAMP:{bad}".encode(), 1)
    assert broken != data
    with pytest.raises(CalendarFileError, match="malformed DTSTAMP") as caught:
        parse_stamps(broken, "plan.ics")
    assert "\n" not in str(caught.value)


def _utc_starts_vobject(data: bytes) -> dict[str, dt.datetime]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {
        str(event.uid.value): event.dtstart.value.astimezone(dt.UTC)
        for event in calendar.vevent_list
    }


def _utc_starts_ics_py(data: bytes) -> dict[str, dt.datetime]:
    calendar = ics_py.Calendar(data.decode("utf-8"))
    return {event.uid: event.begin.datetime.astimezone(dt.UTC) for event in calendar.events}


def _utc_starts_recurring(data: bytes) -> dict[str, dt.datetime]:
    calendar = Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar).between((2025, 1, 1), (2027, 1, 1))
    return {str(e["UID"]): e.decoded("DTSTART").astimezone(dt.UTC) for e in events}


@pytest.mark.parametrize(
    "parse",
    [_utc_starts_vobject, _utc_starts_ics_py, _utc_starts_recurring],
    ids=["vobject", "ics-py", "recurring-ical-events"],
)
def test_london_winter_and_summer_events_land_at_the_right_utc_instant(parse) -> None:
    plan = _long_plan()
    data = plan_to_ics(plan, at=dt.time(7, 0), tz=zone("Europe/London"), now=NOW)
    rules = {
        str(c.name): c["RRULE"] for c in Calendar.from_ical(data).walk() if "RRULE" in c
    }  # the last Sunday of March (to BST) and of October (to GMT), yearly
    assert rules["DAYLIGHT"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert rules["STANDARD"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert b"RDATE" not in data
    starts = parse(data)
    firsts = {}
    for session in sorted(plan.sessions(), key=lambda s: (s.date, s.order)):
        firsts.setdefault(session.date, session)
    seasons = set()
    for day, session in firsts.items():
        expected = dt.datetime.combine(day, dt.time(7, 0), tzinfo=LONDON).astimezone(dt.UTC)
        assert starts[session_uid(session, plan)] == expected, day
        seasons.add(expected.hour)
    assert seasons == {6, 7}  # 07:00 BST is 06:00 UTC, 07:00 GMT is 07:00 UTC


@pytest.mark.parametrize(
    "name", ["America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata", "America/Sao_Paulo"]
)
@pytest.mark.parametrize(
    "parse", [_utc_starts_vobject, _utc_starts_recurring], ids=["vobject", "recurring-ical-events"]
)
def test_other_zones_land_at_the_right_utc_instant_all_year(name: str, parse) -> None:
    """Zones with their own rules (second Sunday of March, first Sunday of October in the
    south), none at all, or one abolished (Brazil's, 2019): every event where it belongs."""
    plan = _long_plan()
    tz = zone(name)
    starts = parse(plan_to_ics(plan, at=dt.time(18, 30), tz=tz, now=NOW))
    firsts = {}
    for session in sorted(plan.sessions(), key=lambda s: (s.date, s.order)):
        firsts.setdefault(session.date, session)
    for day, session in firsts.items():
        expected = dt.datetime.combine(day, dt.time(18, 30), tzinfo=tz).astimezone(dt.UTC)
        assert starts[session_uid(session, plan)] == expected, (name, day)
