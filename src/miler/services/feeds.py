"""Use case: a private calendar feed of the runner's current plan.

A phone calendar subscribes to one secret address and polls it; every re-plan then shows
up without a file to import again. The secret is a random token
(:func:`secrets.token_urlsafe`, 256 bits) shown to the runner once; the log keeps only its
SHA-256, so a copy of the database opens no one's calendar. A runner has at most one live
feed: a new one revokes the old, and a revoked or unknown token finds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Final

from miler.services.stores import FeedInfo, FeedStore

__all__ = ["TOKEN_BYTES", "feed_owner", "new_feed", "revoke_feed", "token_hash"]

TOKEN_BYTES: Final = 32
"""Random bytes in a feed token (43 URL-safe characters): not guessable."""


def token_hash(token: str) -> str:
    """The SHA-256 (hex) a token is stored and looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_feed(store: FeedStore, athlete_id: str, now: dt.datetime) -> tuple[str, FeedInfo]:
    """A new feed token for the athlete (the one to show, once) and its record; any feed
    the athlete had is revoked first."""
    store.revoke_feeds(athlete_id, now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, store.add_feed(athlete_id, token_hash(token))


def revoke_feed(store: FeedStore, athlete_id: str, now: dt.datetime) -> bool:
    """Revoke the athlete's feed; False when there was none to revoke."""
    return store.revoke_feeds(athlete_id, now) > 0


def feed_owner(store: FeedStore, token: str) -> str | None:
    """The athlete whose live feed ``token`` opens, or None (unknown, malformed or revoked)."""
    if not 20 <= len(token) <= 100:
        return None
    found = store.find_feed(token_hash(token))
    if found is None or found.revoked is not None:
        return None
    return found.athlete_id
