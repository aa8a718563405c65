"""The private calendar feed: ``/feed/{token}.ics`` serves the current plan of the runner
whose live feed the token opens, as an iCalendar file a phone calendar subscribes to.

Each session is one event whose UID derives from the plan id and the session id
(:func:`miler.export.ics.session_uid`), so a moved or re-planned session updates the event
already in the runner's calendar instead of adding another. Events are stamped with the
time the current revision was saved: polling an unchanged plan gives the same file. An
unknown or revoked token is a plain 404 that says nothing about which tokens exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from miler.store.database import Database
from miler.web.context import database

__all__ = ["ICS_MEDIA_TYPE", "feed_calendar", "router"]

ICS_MEDIA_TYPE = "text/calendar"
router = APIRouter(include_in_schema=False)


def feed_calendar(db: Database, token: str) -> bytes:
    """The calendar the feed ``token`` serves; HTTP 404 when no live feed has it or its
    runner has no plan."""
    from miler.export.ics import plan_to_ics
    from miler.services.feeds import feed_owner
    from miler.store import SqlFeedStore, SqlPlanStore

    owner = feed_owner(SqlFeedStore(db), token)
    plans = SqlPlanStore(db)
    plan = None if owner is None else plans.current_plan(owner)
    if plan is None:
        raise HTTPException(status_code=404, detail="there is no calendar at this address")
    saved = next(r.created for r in plans.revisions(plan.plan_id) if r.current)
    return plan_to_ics(plan, now=saved)


@router.get("/feed/{token}.ics", name="calendar_feed")
def calendar_feed(token: str, db: Annotated[Database, Depends(database)]) -> Response:
    """The runner's current plan as a calendar subscription (no cookies, no sign-in: the
    token is the key)."""
    return Response(
        feed_calendar(db, token),
        media_type=ICS_MEDIA_TYPE,
        headers={"cache-control": "private, no-cache", "content-disposition": "inline"},
    )
