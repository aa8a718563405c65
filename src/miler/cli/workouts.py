"""``miler workouts``: the session library.

``miler workouts`` lists every session (id, name, R-G7 class, the rules it serves);
``miler workouts show ID`` shows one, built for an example runner (current mile 6:00, goal
5:45, age 35) with its steps and targets. ``--json`` prints one object.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler workouts``."""
    parser.add_argument("action", nargs="?", choices=("list", "show"), default="list")
    parser.add_argument("id", nargs="?", help="the workout id, for 'show'")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Run ``miler workouts``; returns the exit status."""
    from miler.errors import InvalidInputError

    if args.action == "show":
        if not args.id:
            raise InvalidInputError("give the workout id: miler workouts show ID")
        return _show(args.id, args.json)
    return _list(args.json)


def _entry(fmt: Any) -> dict[str, Any]:
    return {
        "id": fmt.id,
        "name": fmt.name,
        "kind": fmt.kind,
        "class": fmt.quality_class,
        "layout": fmt.layout,
        "needs_track": fmt.needs_track,
        "rules": list(fmt.rules),
        "purpose": fmt.purpose,
        "description": fmt.description,
    }


def _list(as_json: bool) -> int:
    from miler.workouts.library import LIBRARY

    entries = [_entry(f) for f in LIBRARY.values()]
    if as_json:
        from miler.cli.output import emit_json

        emit_json({"workouts": entries})
        return 0
    from rich.table import Table

    from miler.cli.output import console

    table = Table(title="miler workout library")
    for column in ("id", "name", "R-G7 class", "rules"):
        table.add_column(column)
    for e in entries:
        table.add_row(e["id"], e["name"], e["class"] or "-", ", ".join(e["rules"]))
    console().print(table)
    return 0


def _show(workout_id: str, as_json: bool) -> int:
    from miler.workouts.examples import example_session
    from miler.workouts.library import get_workout

    fmt = get_workout(workout_id)
    session = example_session(workout_id)
    if as_json:
        from miler.cli.output import emit_json

        emit_json({"workout": _entry(fmt), "example": session})
        return 0
    from miler.cli.output import console
    from miler.export.describe import session_lines, session_notes

    out = console()
    out.print(f"[bold]{fmt.name}[/bold] ({fmt.id}) - {fmt.quality_class or fmt.kind}")
    out.print(fmt.description)
    out.print(f"Rules: {', '.join(fmt.rules)}")
    out.print("Example for a runner with a 6:00 mile, goal 5:45, age 35:")
    for depth, text in session_lines(session):
        out.print("  " * (depth + 1) + text, highlight=False)
    for note in session_notes(session):
        out.print(f"  note: {note}", highlight=False)
    return 0
