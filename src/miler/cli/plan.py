"""``miler plan``: a periodized training plan to a goal mile.

Example::

    miler plan --result mile=6:10 --goal mile=5:45 --race-date 2027-03-20 \\
               --days mon,wed,thu,sat [--weeks 12] [--age 35 --sex F] ...

Output: a table week by week, day by day (date, session, main set and targets); ``--json``
prints the plan file (schema ``miler.plan`` version 1, see ``miler.plan.model``);
``--out plan.json`` writes it (through a temporary file and a rename); ``--md`` and
``--html`` print the plan as a document. Bad input (no days, a race date in the past, an
impossible goal, a goal faster than the world record, too few weeks for the taper) exits
with status 2 and one line saying what was wrong.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from miler.plan.model import Plan
    from miler.plan.request import PlanRequest, RaceResult

__all__ = ["configure", "run"]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_GOAL_TYPES = (
    "single_mile",
    "race_average",
    "military_test",
    "occupational_test",
    "treadmill_mile",
)
_CROSS = ("cycling", "elliptical", "swimming", "deep_water_running", "rowing")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler plan``."""
    what = parser.add_argument_group("results and goal")
    what.add_argument(
        "--result",
        action="append",
        default=[],
        metavar="EVENT=TIME[@DATE]",
        help="a recent all-out result, e.g. mile=6:10 or 5k=21:40@2026-10-04 (repeatable)",
    )
    what.add_argument(
        "--pr",
        action="append",
        default=[],
        metavar="EVENT=TIME@YYYY-MM-DD",
        help="a best with its date (repeatable); only the last 12 months count (R-G3)",
    )
    what.add_argument(
        "--goal", metavar="EVENT=TIME", help="goal, e.g. mile=5:45 (default: current best x 0.97)"
    )
    what.add_argument("--goal-type", choices=_GOAL_TYPES, default="single_mile")
    when = parser.add_argument_group("when")
    when.add_argument(
        "--days", help="training days, e.g. mon,wed,thu,sat (default: your saved ones)"
    )
    when.add_argument("--race-date", metavar="YYYY-MM-DD", help="the goal race's date")
    when.add_argument("--weeks", type=int, help="plan length when there is no race date")
    when.add_argument("--start-date", metavar="YYYY-MM-DD", help="first day (default: next Monday)")
    when.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    when.add_argument("--long-run-day", choices=_WEEKDAYS)
    when.add_argument(
        "--session-minutes",
        type=float,
        default=75.0,
        help="longest session you can fit, in minutes (default 75)",
    )
    who = parser.add_argument_group("runner")
    who.add_argument("--name", default="")
    who.add_argument("--age", type=int)
    who.add_argument("--sex", choices=("M", "F", "m", "f"))
    who.add_argument("--months-running", type=float, default=12.0)
    who.add_argument("--runs-per-week", type=float, default=3.0)
    who.add_argument(
        "--longest-run",
        type=float,
        default=40.0,
        metavar="MIN",
        help="longest recent continuous run, minutes",
    )
    who.add_argument(
        "--weekly-minutes",
        type=float,
        metavar="MIN",
        help="running minutes a week over the last 4 weeks",
    )
    who.add_argument(
        "--quality-per-week",
        type=float,
        help="interval or fast sessions a week over the last 4 weeks",
    )
    who.add_argument(
        "--intervals",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="recent interval work",
    )
    who.add_argument("--lifting-experience", action="store_true")
    who.add_argument("--hr-max", type=float, help="measured HRmax, bpm")
    who.add_argument("--body-mass", type=float, metavar="KG")
    kit = parser.add_argument_group("facilities and equipment")
    kit.add_argument("--no-track", action="store_true")
    kit.add_argument("--no-gym", action="store_true")
    kit.add_argument("--no-hills", action="store_true")
    kit.add_argument("--treadmill", action="store_true")
    kit.add_argument("--sled", action="store_true")
    kit.add_argument("--parachute", action="store_true")
    kit.add_argument("--boxes", action="store_true")
    kit.add_argument("--cross-training", choices=_CROSS, default="cycling")
    out = parser.add_argument_group("output")
    out.add_argument("--force", action="store_true", help="plan even an unrealistic goal")
    out.add_argument("--json", action="store_true", help="print the plan file (JSON)")
    out.add_argument("--out", type=Path, help="write the plan file here")
    out.add_argument("--md", action="store_true", help="print the plan as Markdown")
    out.add_argument("--html", action="store_true", help="print the plan as HTML")
    from miler.cli.logbook import add_database_option

    add_database_option(parser)


def _result(text: str, need_date: bool) -> RaceResult:
    from miler.cli.results import parse_date
    from miler.errors import InvalidInputError
    from miler.plan.request import RaceResult
    from miler.units import parse_result

    body, _, when = text.partition("@")
    if need_date and not when:
        raise InvalidInputError(f"--pr {text!r} needs its date: EVENT=TIME@YYYY-MM-DD")
    metres, seconds = parse_result(body)
    return RaceResult(
        distance_m=metres, time_s=seconds, date=parse_date(when or None, "result date"), tag="race"
    )


def _days(text: str) -> tuple[str, ...]:
    from miler.errors import InvalidInputError

    days = tuple(d.strip().lower()[:3] for d in text.split(",") if d.strip())
    if not days:
        raise InvalidInputError("no training days: give at least 2, e.g. --days mon,thu")
    unknown = [d for d in days if d not in _WEEKDAYS]
    if unknown:
        raise InvalidInputError(
            f"unknown day(s) {', '.join(unknown)}: use mon, tue, wed, thu, fri, sat, sun"
        )
    return tuple(dict.fromkeys(days))


def build_request(args: argparse.Namespace) -> PlanRequest:
    """The :class:`PlanRequest` the command-line arguments describe."""
    from pydantic import ValidationError

    from miler.cli.logbook import saved_results
    from miler.cli.results import parse_date
    from miler.errors import InvalidInputError
    from miler.plan.model import Equipment
    from miler.plan.request import PlanRequest
    from miler.units import parse_result

    results = [_result(t, False) for t in args.result]
    results += [_result(t, True) for t in args.pr]
    results = results or list(saved_results(args))
    if not args.days:
        raise InvalidInputError("give your training days, e.g. --days mon,wed,fri,sat")
    if not results:
        raise InvalidInputError("give a recent result, e.g. --result mile=6:10 or 5k=22:30")
    if args.race_date and args.weeks:
        raise InvalidInputError("give either --race-date or --weeks, not both")
    goal_m, goal_s = parse_result(args.goal) if args.goal else (1609.344, None)
    equipment = Equipment(
        track=not args.no_track,
        gym=not args.no_gym,
        hills=not args.no_hills,
        treadmill=args.treadmill,
        sled=args.sled,
        parachute=args.parachute,
        boxes=args.boxes,
    )
    try:
        return PlanRequest(
            results=tuple(results),
            days=_days(args.days),  # type: ignore[arg-type]
            goal_time_s=goal_s,
            goal_distance_m=goal_m,
            goal_type=args.goal_type,
            race_date=parse_date(args.race_date, "race date"),
            weeks=args.weeks,
            start_date=parse_date(args.start_date, "start date"),
            today=parse_date(args.today, "date"),
            long_run_day=args.long_run_day,
            age=args.age,
            sex=args.sex.upper() if args.sex else None,
            months_running=args.months_running,
            runs_per_week=args.runs_per_week,
            longest_run_min=args.longest_run,
            weekly_run_min=args.weekly_minutes,
            quality_per_week=args.quality_per_week,
            recent_intervals=args.intervals,
            lifting_experience=args.lifting_experience,
            body_mass_kg=args.body_mass,
            hr_max_bpm=args.hr_max,
            equipment=equipment,
            cross_training=args.cross_training,
            session_minutes=args.session_minutes,
            name=args.name,
            force=args.force,
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        where = _FLAGS.get(where, where)
        raise InvalidInputError(f"{where}: {first['msg']}") from None


_FLAGS: Final = {
    "weekly_run_min": "--weekly-minutes",
    "longest_run_min": "--longest-run",
    "session_minutes": "--session-minutes",
    "runs_per_week": "--runs-per-week",
    "months_running": "--months-running",
    "quality_per_week": "--quality-per-week",
    "body_mass_kg": "--body-mass",
    "hr_max_bpm": "--hr-max",
    "age": "--age",
    "weeks": "--weeks",
}
"""The request's fields by the flag that sets them, for error messages."""


def run(args: argparse.Namespace) -> int:
    """Run ``miler plan``; returns the exit status."""
    from miler.cli.logbook import apply_profile, save_plan
    from miler.cli.results import today_from
    from miler.services.plan import make_plan

    today = today_from(args.today)
    runner = apply_profile(args, today)
    plan = make_plan(
        build_request(args), today=today, athlete_id=runner.athlete_id if runner else None
    )
    saved = save_plan(args, plan)
    if args.out is not None:
        from miler.export.atomic import write_atomic

        write_atomic(args.out, plan.to_json().encode("utf-8"))
    if args.json:
        import sys

        sys.stdout.write(plan.to_json() + "\n")
    elif args.md:
        from miler.export.document import plan_to_markdown

        print(plan_to_markdown(plan))
    elif args.html:
        from miler.export.document import plan_to_html

        print(plan_to_html(plan))
    else:
        _render(plan)
        if args.out is not None:
            from miler.cli.output import console

            console().print(f"plan written to {args.out}")
        if saved:
            from miler.cli.output import console

            console().print(f"saved in the training log as your current plan ({plan.plan_id})")
    return 0


def _render(plan: Plan) -> None:
    from rich.table import Table

    from miler.cli.output import console
    from miler.cli.plan_summary import session_summary
    from miler.planning.rulebook import GLOSSARY_POINTER
    from miler.units import event_name, format_time

    out = console()
    a, g = plan.assessment, plan.goal
    grade = f", age grade {a.age_grade_pct:.1f}% ({a.band})" if a.age_grade_pct else ""
    out.print(
        f"[bold]{plan.athlete.level} runner[/bold]: current mile "
        f"{format_time(a.current_mile_s)} ({a.current_mile_source}){grade}; goal "
        f"{format_time(g.time_s)} for the {event_name(g.distance_m)}"
        + (f" on {g.race_date}" if g.race_date else "")
    )
    for note in plan.notes:
        out.print(f"  - {note}")
    out.print(f"[dim]{GLOSSARY_POINTER}[/dim]", highlight=False)
    for week in plan.weeks:
        title = f"Week {week.index} - {week.phase}" + (" (lighter week)" if week.deload else "")
        table = Table(title=title, show_lines=True, title_justify="left")
        table.add_column("Date", no_wrap=True)
        table.add_column("Session")
        table.add_column("Main set and targets")
        for s in week.sessions:
            when = f"{s.day} {s.date:%d %b}" + (f" ({s.order + 1})" if s.order else "")
            what = s.name + (f"\n[dim]{s.quality_class}[/dim]" if s.quality_class else "")
            table.add_row(when, what, session_summary(s))
        out.print(table)
