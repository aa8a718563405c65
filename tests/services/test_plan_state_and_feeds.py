"""The plan-state and feed use cases on a real SQLite log: a "done" mark is kept once and
undone; an undone skip puts the very session back as a new revision; a feed token opens
only while it is live, and the log keeps only its SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from miler.errors import InvalidInputError
from miler.plan.model import Plan
from miler.plan.request import PlanRequest, RaceResult
from miler.services.changes import record_change, skip_session
from miler.services.feeds import feed_owner, new_feed, revoke_feed, token_hash
from miler.services.plan import make_plan
from miler.services.plan_state import record_done, undo_mark
from miler.services.stores import AthleteProfile, PlanEvent
from miler.store import (
    Database,
    SqlAthleteStore,
    SqlEventStore,
    SqlFeedStore,
    SqlPlanStore,
    open_database,
)

TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(f"sqlite:///{tmp_path / 'log.db'}")
    yield opened
    opened.close()


@pytest.fixture()
def plan(db: Database) -> Plan:
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id="ann"))
    request = PlanRequest(
        results=(RaceResult(distance_m=5000.0, time_s=1200.0),),
        days=("mon", "wed", "fri", "sat"),
        weeks=12,
        today=TODAY,
    )
    made = make_plan(request, today=TODAY, athlete_id="ann")
    SqlPlanStore(db).save_plan(made)
    return made


def test_a_done_mark_is_kept_once_and_undone(db: Database, plan: Plan) -> None:
    events = SqlEventStore(db)
    session = next(plan.sessions())
    after = session.date + dt.timedelta(days=1)
    first = record_done(events, plan, session.id, after)
    assert record_done(events, plan, session.id, after) == first
    assert [e.kind for e in events.events("ann")] == ["done"]
    with pytest.raises(InvalidInputError, match="still to come"):
        record_done(events, plan, session.id, session.date - dt.timedelta(days=1))
    assert undo_mark(SqlPlanStore(db), events, plan, session.id, after) == "unmarked"
    assert events.events("ann") == []
    with pytest.raises(InvalidInputError, match="nothing to undo"):
        undo_mark(SqlPlanStore(db), events, plan, session.id, after)


def test_an_undone_skip_puts_the_same_session_back(db: Database, plan: Plan) -> None:
    plans, events = SqlPlanStore(db), SqlEventStore(db)
    for session in plan.sessions():
        try:
            skipped = skip_session(plan, session.id, "", TODAY)
        except InvalidInputError:
            continue  # this one the rules keep
        break
    event = PlanEvent(kind="skip", session_id=session.id, from_date=session.date)
    record_change(plans, events, plan, skipped, event)
    current = plans.current_plan("ann")
    assert current is not None and current.revision == 2
    assert undo_mark(plans, events, current, session.id, TODAY) == "restored"
    back = plans.current_plan("ann")
    assert back is not None and back.revision == 3 and back.parent_revision == 2
    assert next(s for s in back.sessions() if s.id == session.id) == session
    assert back.reason == f"put back {session.name} on {session.date}"
    assert events.events("ann") == []


def test_a_feed_opens_only_while_live_and_only_its_hash_is_kept(db: Database, plan: Plan) -> None:
    feeds = SqlFeedStore(db)
    token, info = new_feed(feeds, "ann", NOW)
    assert info.revoked is None and feed_owner(feeds, token) == "ann"
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert feeds.find_feed(token) is None  # looked up by hash, never by the token itself
    assert feed_owner(feeds, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert feed_owner(feeds, "short") is None
    newer, _ = new_feed(feeds, "ann", NOW)
    assert feed_owner(feeds, token) is None and feed_owner(feeds, newer) == "ann"
    assert revoke_feed(feeds, "ann", NOW) is True
    assert feed_owner(feeds, newer) is None
    assert revoke_feed(feeds, "ann", NOW) is False
