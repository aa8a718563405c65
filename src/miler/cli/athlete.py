"""``miler athlete create | show | update``: the runner the training log remembers.

    miler athlete create --name Ann --sex F --birth-date 1990-05-17 --hr-max 191 \\
        --hr-rest 48 --days mon,wed,fri,sat --units mi --result 5k=21:40@2026-10-04:race
    miler athlete update --result mile=6:02@2026-11-20:time_trial --remove-result 3
    miler athlete show --json

A result is ``EVENT=TIME@YYYY-MM-DD[:TAG]``, TAG one of race (default), time_trial, workout,
training_run. Equipment: ``--equipment track,gym,hills`` names everything at hand (track,
gym, hills, treadmill, sled, parachute, boxes). ``update`` changes only what it is given.
``assess``, ``predict``, ``paces``, ``zones`` and ``plan`` use this profile and these results
when no flags are given.

JSON output (``show --json``, and ``create``/``update`` with ``--json``)::

    {"athlete": {"athlete_id", "name", "sex", "birth_date", "hr_max_bpm", "hr_rest_bpm",
                 "days", "long_run_day", "equipment": {...}, "units"},
     "results": [{"result_id", "distance_m", "time_s", "date", "tag", "source", "run_id"}...]}
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from miler.cli.logbook import add_database_option, open_log, require_athlete
from miler.cli.results import parse_date

if TYPE_CHECKING:
    from miler.services.stores import StoredResult

__all__ = ["configure", "run"]

_EQUIPMENT = ("track", "gym", "hills", "treadmill", "sled", "parachute", "boxes")
_TAGS = ("race", "time_trial", "workout", "training_run")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler athlete``."""
    parser.add_argument("action", choices=("create", "show", "update"), help="what to do")
    parser.add_argument("--name")
    parser.add_argument("--sex", type=str.upper, choices=("M", "F"))
    parser.add_argument("--birth-date", metavar="YYYY-MM-DD")
    parser.add_argument("--hr-max", type=float, metavar="BPM", help="measured maximum heart rate")
    parser.add_argument("--hr-rest", type=float, metavar="BPM", help="resting heart rate")
    parser.add_argument("--days", help="days you can train, e.g. mon,wed,fri,sat")
    parser.add_argument("--long-run-day", choices=("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    parser.add_argument(
        "--equipment", metavar="LIST", help=f"what you have, from {','.join(_EQUIPMENT)}"
    )
    parser.add_argument("--units", choices=("km", "mi"), help="preferred units")
    parser.add_argument(
        "--result",
        action="append",
        default=[],
        metavar="EVENT=TIME@DATE[:TAG]",
        help="a dated result, e.g. 5k=21:40@2026-10-04:race (repeatable)",
    )
    parser.add_argument(
        "--remove-result", type=int, action="append", default=[], metavar="ID", help="(update)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_database_option(parser)


def parse_dated_result(text: str) -> StoredResult:
    """``EVENT=TIME@YYYY-MM-DD[:TAG]`` as a stored result."""
    from miler.errors import InvalidInputError
    from miler.services.stores import StoredResult
    from miler.units import parse_result

    body, at, when = text.partition("@")
    if not at or not when:
        raise InvalidInputError(
            f"the result {text!r} needs its date: EVENT=TIME@YYYY-MM-DD[:TAG], "
            "e.g. 5k=21:40@2026-10-04:race"
        )
    day, _, tag = when.partition(":")
    tag = tag or "race"
    if tag not in _TAGS:
        raise InvalidInputError(f"unknown result tag {tag!r}: use one of {', '.join(_TAGS)}")
    metres, seconds = parse_result(body)
    return StoredResult(
        distance_m=metres,
        time_s=seconds,
        date=parse_date(day, "result date"),
        tag=tag,  # type: ignore[arg-type]
    )


def _days(text: str) -> tuple[str, ...]:
    from miler.errors import InvalidInputError
    from miler.plan.profile import WEEKDAYS

    days = tuple(d.strip().lower()[:3] for d in text.split(",") if d.strip())
    bad = [d for d in days if d not in WEEKDAYS]
    if bad or not days:
        raise InvalidInputError(
            f"cannot read the days {text!r}: write them like mon,wed,fri "
            f"(from {','.join(WEEKDAYS)})"
        )
    return tuple(dict.fromkeys(days))


def _equipment(text: str) -> Any:
    from miler.errors import InvalidInputError
    from miler.plan.profile import Equipment

    named = {e.strip().lower() for e in text.split(",") if e.strip()}
    unknown = named - set(_EQUIPMENT)
    if unknown:
        raise InvalidInputError(
            f"unknown equipment {', '.join(sorted(unknown))}: choose from {', '.join(_EQUIPMENT)}"
        )
    return Equipment(**{name: name in named for name in _EQUIPMENT})


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if args.name is not None:
        changes["name"] = args.name
    if args.sex is not None:
        changes["sex"] = args.sex
    if args.birth_date is not None:
        changes["birth_date"] = parse_date(args.birth_date, "birth date")
    if args.hr_max is not None:
        changes["hr_max_bpm"] = args.hr_max
    if args.hr_rest is not None:
        changes["hr_rest_bpm"] = args.hr_rest
    if args.days is not None:
        changes["days"] = _days(args.days)
    if args.long_run_day is not None:
        changes["long_run_day"] = args.long_run_day
    if args.equipment is not None:
        changes["equipment"] = _equipment(args.equipment)
    if args.units is not None:
        changes["units"] = args.units
    return changes


def _profile(base: dict[str, Any], changes: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from miler.errors import InvalidInputError
    from miler.services.stores import AthleteProfile

    try:
        return AthleteProfile.model_validate({**base, **changes})
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InvalidInputError(f"{field.replace('_', ' ')}: {first['msg']}") from None


def run(args: argparse.Namespace) -> int:
    """Create, show or update the runner."""
    from miler.cli.output import show
    from miler.errors import InvalidInputError
    from miler.plan.identity import new_id
    from miler.store import SqlAthleteStore

    results = [parse_dated_result(text) for text in args.result]
    changes = _changes(args)
    db = open_log(args)
    try:
        store = SqlAthleteStore(db)
        if args.action == "create":
            if store.default_athlete() is not None:
                raise InvalidInputError(
                    "the log already has a runner: change it with 'miler athlete update'"
                )
            profile = _profile({"athlete_id": new_id()}, changes)
            store.save_athlete(profile)
        else:
            profile = require_athlete(db)
            if args.action == "show" and (changes or results or args.remove_result):
                raise InvalidInputError("'miler athlete show' changes nothing: use 'update'")
            if changes:
                profile = _profile(profile.model_dump(), changes)
                store.save_athlete(profile)
        for result_id in args.remove_result:
            if not store.remove_result(profile.athlete_id, result_id):
                raise InvalidInputError(f"no result {result_id}: 'miler athlete show' lists them")
        for result in results:
            store.add_result(profile.athlete_id, result)
        report = {
            "athlete": profile.model_dump(mode="json"),
            "results": [r.model_dump(mode="json") for r in store.results(profile.athlete_id)],
        }
    finally:
        db.close()
    return show(report, args.json, _render)


def _render(report: dict[str, Any]) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.units import event_name, format_time

    out = console()
    a = report["athlete"]
    kit = ", ".join(name for name, have in a["equipment"].items() if have) or "none"
    out.print(f"[bold]{a['name'] or 'runner'}[/bold]  ({a['athlete_id']})")
    out.print(
        f"sex {a['sex'] or '-'}   born {a['birth_date'] or '-'}   "
        f"HR max {a['hr_max_bpm'] or '-'}   HR rest {a['hr_rest_bpm'] or '-'}   units {a['units']}"
    )
    out.print(
        f"days {','.join(a['days']) or '-'}   long run {a['long_run_day'] or '-'}   equipment {kit}"
    )
    if not report["results"]:
        out.print("no results yet: add one with --result EVENT=TIME@YYYY-MM-DD")
        return
    table = Table(title="results")
    for column in ("id", "date", "event", "time", "tag", "from"):
        table.add_column(column)
    for r in report["results"]:
        table.add_row(
            str(r["result_id"]),
            r["date"],
            event_name(r["distance_m"]),
            format_time(r["time_s"]),
            r["tag"],
            r["source"] if r["run_id"] is None else f"{r['source']} (run {r['run_id']})",
        )
    out.print(table)
