"""The settings page's forms: the runner's zones (heart rates), availability (days, the
long-run day) and units, kept in their profile in the log; a break to re-plan after; and
the state of the private calendar feed."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ValidationError
from starlette.datastructures import FormData

from miler.errors import InvalidInputError, MilerError
from miler.services.stores import AthleteProfile
from miler.store.database import Database
from miler.web.problems import describe_problems

__all__ = ["break_from_form", "profile_from_form", "settings_context"]


def _number(form: FormData, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def profile_from_form(form: FormData, runner: AthleteProfile) -> AthleteProfile:
    """``runner`` with the settings form's units, days, long-run day and heart rates."""
    days = [str(d) for d in form.getlist("days")]
    if len(days) < 2:
        raise InvalidInputError("tick at least two days you can train")
    changes: dict[str, Any] = {
        "units": str(form.get("units") or runner.units),
        "days": tuple(dict.fromkeys(days)),
        "long_run_day": str(form.get("long_run_day") or "") or None,
        "hr_max_bpm": _number(form, "hr_max"),
        "hr_rest_bpm": _number(form, "hr_rest"),
    }
    try:
        return AthleteProfile.model_validate({**runner.model_dump(), **changes})
    except ValidationError as error:
        raise InvalidInputError(describe_problems(error.errors())) from None


def break_from_form(
    form: FormData,
) -> tuple[dt.date, dt.date, Literal["illness", "injury", "travel"]]:
    """The break the form describes: first and last day, and why."""
    try:
        start = dt.date.fromisoformat(str(form.get("start") or ""))
        end = dt.date.fromisoformat(str(form.get("end") or ""))
    except ValueError:
        raise InvalidInputError("give the first and last day of the break (YYYY-MM-DD)") from None
    reason = str(form.get("reason") or "")
    if reason not in ("illness", "injury", "travel"):
        raise InvalidInputError("a break is for illness, injury or travel")
    return start, end, reason  # type: ignore[return-value]


def settings_context(db: Database, runner: AthleteProfile | None, today: dt.date) -> dict[str, Any]:
    """What the settings page shows: the runner, their zones (when an HRmax is measured or
    an age known) and whether a calendar feed is live."""
    from miler.plan.profile import WEEKDAYS
    from miler.services.zones import zones_report
    from miler.store import SqlFeedStore

    context: dict[str, Any] = {"runner": runner, "weekdays": WEEKDAYS, "zones": None}
    if runner is None:
        return context
    try:
        context["zones"] = zones_report(runner.hr_max_bpm, runner.age_on(today), runner.hr_rest_bpm)
    except MilerError as error:
        context["zones_problem"] = str(error)
    context["feeds"] = SqlFeedStore(db).active_feeds(runner.athlete_id)
    return context
