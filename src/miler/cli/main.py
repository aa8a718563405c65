"""Entry point of the ``miler`` command.

Each sub-command lives in its own module under ``miler.cli`` and is imported only when
it runs, so ``miler --help`` starts without loading numpy, pydantic or the file parsers.
A command module provides ``configure(parser)`` to add its arguments and ``run(args)``
returning the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Final

__all__ = ["COMMANDS", "main"]

#: name -> (module, one-line help). The order is the order of ``miler --help``.
COMMANDS: Final[dict[str, tuple[str, str]]] = {
    "assess": (
        "miler.cli.assess",
        "age-grade results, say what a good mile is for you, and your level",
    ),
    "predict": ("miler.cli.predict", "predict a mile (or 400 m to marathon) from other results"),
    "paces": ("miler.cli.paces", "training paces from current fitness"),
    "zones": ("miler.cli.zones", "heart-rate max and training zones"),
    "convert": (
        "miler.cli.convert",
        "convert 1600 m and mile, lanes, treadmill incline, pace units",
    ),
    "plan": ("miler.cli.plan", "a periodized training plan to a goal mile"),
    "workouts": ("miler.cli.workouts", "list and show the sessions in the workout library"),
    "validate": ("miler.cli.validate", "check a plan file against every training rule, by id"),
    "rules": ("miler.cli.rules", "show a training or coach rule by id, and the glossary"),
    "export": (
        "miler.cli.export",
        "export a plan to FIT workouts, an ICS calendar, HTML, PDF or Markdown",
    ),
    "analyse": ("miler.cli.analyse", "analyse a run from a FIT, GPX or TCX file"),
    "adapt": (
        "miler.cli.adapt",
        "match your runs to the plan, then re-plan from what you did",
    ),
    "athlete": ("miler.cli.athlete", "the runner the training log remembers: profile and results"),
    "import": ("miler.cli.import_runs", "import runs into the training log: files, folders, zips"),
    "log": ("miler.cli.log", "your training by week, runs matched to the plan's sessions"),
    "plans": ("miler.cli.plans", "your plans in the training log, with every revision"),
    "status": ("miler.cli.status", "where you stand today: fitness, current mile, this week"),
    "skip": ("miler.cli.skip", "skip a session of your current plan (a new revision)"),
    "move": ("miler.cli.move", "move a session of your current plan to another day"),
    "break": ("miler.cli.break_", "a break for illness, injury or travel: re-plan around it"),
    "export-data": ("miler.cli.export_data", "the whole training log as one archive"),
    "import-data": ("miler.cli.import_data", "fill an empty training log from an archive"),
    "db": ("miler.cli.db", "the training log's database: upgrade it, or say where it is"),
    "serve": ("miler.cli.serve", "the web app: assess, plan, move sessions, analyse runs"),
    "admin": ("miler.cli.admin", "the coach server: create the first admin, accounts, backups"),
    "worker": ("miler.cli.worker", "run background jobs for a coach server on PostgreSQL"),
}

EXIT_USER_ERROR: Final = 2


def _build_parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="miler",
        description="Coach yourself or a squad to a faster mile.",
        epilog="Run 'miler COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        sub_parser = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if name == command:
            module = importlib.import_module(module_name)
            # The module docstring documents usage and the --json fields: show it in --help.
            sub_parser.epilog = module.__doc__
            module.configure(sub_parser)
            sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``miler`` command with ``argv`` (default: ``sys.argv[1:]``); return the status."""
    from miler.errors import MilerError

    args_list = sys.argv[1:] if argv is None else argv
    command = next((a for a in args_list if not a.startswith("-")), None)
    parser = _build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(args_list)
    if args.version:
        from importlib.metadata import version

        print(f"miler {version('miler')}")
        return 0
    if args.command is None:
        parser.print_help()
        return 0
    try:
        status: int = args._run(args)
    except MilerError as error:
        print(f"miler {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("miler: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return status


if __name__ == "__main__":
    raise SystemExit(main())
