"""A session built from the library, before the planner dates it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from miler.plan.model import Block, Session, SessionType, Substitution
from miler.plan.request import Weekday

__all__ = ["BuiltSession"]

Location = Literal["track", "road", "treadmill", "hill", "gym", "pool", "any"]


@dataclass(frozen=True)
class BuiltSession:
    """Everything of a :class:`~miler.plan.model.Session` but its date and id."""

    format: str
    name: str
    purpose: str
    type: SessionType
    blocks: tuple[Block, ...]
    quality_class: Literal["short", "long"] | None = None
    layout: Literal["sections", "interleaved"] | None = None
    location: Location = "any"
    needs_track: bool = False
    substitutions: tuple[Substitution, ...] = ()
    supervision_required: bool = False
    replaces: str | None = None
    notes: str = ""

    def with_notes(self, extra: str) -> BuiltSession:
        if not extra:
            return self
        return replace(self, notes=f"{self.notes}; {extra}" if self.notes else extra)

    def to_session(
        self,
        *,
        session_id: str,
        date: dt.date,
        week: int,
        day: Weekday,
        order: int = 0,
        new_format: bool = False,
    ) -> Session:
        return Session(
            id=session_id,
            date=date,
            week=week,
            day=day,
            order=order,
            type=self.type,
            format=self.format,
            name=self.name,
            purpose=self.purpose,
            quality_class=self.quality_class,
            layout=self.layout,
            location=self.location,
            needs_track=self.needs_track,
            new_format=new_format,
            replaces=self.replaces,
            substitutions=self.substitutions,
            supervision_required=self.supervision_required,
            blocks=self.blocks,
            notes=self.notes,
        )
