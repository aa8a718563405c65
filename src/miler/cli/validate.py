"""``miler validate``: check a plan file against every training rule, by id.

Exit status: 0 when every rule passes (or does not apply), 1 when any rule fails, 2 when
the file is missing, not JSON, or not a plan of this schema version.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="a plan file written by 'miler plan ... --json'")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--failures-only", action="store_true", help="show only the rules that fail"
    )


def run(args: argparse.Namespace) -> int:
    from miler.cli.files import read_plan_text
    from miler.cli.output import console, emit_json
    from miler.planning.validate import validate_plan_json

    report = validate_plan_json(read_plan_text(Path(args.plan)), source=f"plan file {args.plan!r}")
    results = [r for r in report.results if not args.failures_only or r.status == "fail"]
    if args.json:
        emit_json(
            {
                "plan": args.plan,
                "passed": report.passed,
                "results": [
                    {
                        "rule": r.rule,
                        "status": r.status,
                        "reason": r.reason,
                        "sessions": list(r.sessions),
                    }
                    for r in results
                ],
            }
        )
    else:
        from rich.table import Table

        table = Table(title=f"Training rules: {args.plan}")
        table.add_column("rule", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("reason")
        table.add_column("sessions")
        style = {"pass": "green", "fail": "bold red", "not_applicable": "dim"}
        label = {"pass": "pass", "fail": "FAIL", "not_applicable": "n/a"}
        for r in results:
            shown = ", ".join(r.sessions[:6]) + (
                f" (+{len(r.sessions) - 6})" if len(r.sessions) > 6 else ""
            )
            table.add_row(r.rule, f"[{style[r.status]}]{label[r.status]}[/]", r.reason, shown)
        out = console()
        out.print(table)
        failed = len(report.failures)
        counts = {s: sum(1 for r in report.results if r.status == s) for s in style}
        verdict = (
            "[green]plan passes every rule[/]"
            if report.passed
            else f"[bold red]{failed} rule(s) fail[/]"
        )
        out.print(
            f"{verdict}: {counts['pass']} pass, {counts['fail']} fail, "
            f"{counts['not_applicable']} not applicable"
        )
    return 0 if report.passed else 1
