"""Errors a runner or coach can cause, with messages they understand.

Every error that bad input can cause is a :class:`MilerError`. The CLI prints its
message on one line and exits with status 2; the web app answers 4xx. Anything that
is not a ``MilerError`` is a bug in miler.
"""

from __future__ import annotations

__all__ = [
    "ActivityFileError",
    "ImpossibleGoalError",
    "InvalidDistanceError",
    "InvalidInputError",
    "InvalidTimeError",
    "MilerError",
    "OutOfRangeError",
    "PlanFileError",
]


class MilerError(Exception):
    """Base of every error caused by what the user gave miler.

    The message says what was wrong and what is accepted instead.
    """


class InvalidInputError(MilerError, ValueError):
    """An argument or field that cannot be understood."""


class InvalidTimeError(InvalidInputError):
    """A time that cannot be parsed, such as ``6:75``."""


class InvalidDistanceError(InvalidInputError):
    """A distance or event name miler does not know."""


class OutOfRangeError(InvalidInputError):
    """A value outside what a formula or table covers (an age outside the tables,
    a result faster than the world record, a target a method cannot reach)."""


class ImpossibleGoalError(MilerError):
    """A goal that cannot be reached in the time available."""


class PlanFileError(MilerError):
    """A plan file that is missing, unreadable or of another schema version."""


class ActivityFileError(MilerError):
    """An activity file that cannot be read: corrupt, hostile, empty or of the wrong format."""
