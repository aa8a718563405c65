"""Who may see and change what: the one authorization rule of the coach server.

An athlete sees and changes only their own data. A coach sees the athletes of the squads they
coach, edits and re-plans their plans, and comments on their sessions and runs; nothing
outside their squads. An admin may do everything. Nobody signed in may do nothing (the login
page and static files are not guarded by this rule). An athlete may always leave a squad;
only its coach (or an admin) may invite to it.

Every route of the web app and every background job asks :func:`allowed` before it reads or
changes an athlete's data, and a test generated from the app's own route table checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Action", "Actor", "Role", "allowed"]


class Role(StrEnum):
    """A user's role."""

    ATHLETE = "athlete"
    COACH = "coach"
    ADMIN = "admin"


class Action(StrEnum):
    """What an actor wants to do with one athlete's data."""

    VIEW = "view"
    """read the profile, plans, runs, results, status"""
    EDIT = "edit"
    """change the profile, plans (moves, re-plans), runs, results"""
    COMMENT = "comment"
    """comment on a session or a run"""
    DELETE = "delete"
    """delete the athlete's data or account"""


@dataclass(frozen=True)
class Actor:
    """Who is asking: the user's role, the athlete they are (if any), and the athletes of the
    squads they coach (for a coach)."""

    user_id: str
    role: Role
    athlete_id: str | None = None
    coached_athletes: frozenset[str] = field(default_factory=frozenset)


def allowed(actor: Actor | None, action: Action, athlete_id: str) -> bool:
    """Whether ``actor`` (None: nobody signed in) may do ``action`` to ``athlete_id``'s data."""
    if actor is None:
        return False
    if actor.role is Role.ADMIN:
        return True
    if actor.athlete_id is not None and actor.athlete_id == athlete_id:
        return True
    if actor.role is Role.COACH and athlete_id in actor.coached_athletes:
        return action is not Action.DELETE
    return False
