"""``miler rules``: the training and coach rules, and the glossary of a plan's words.

``miler rules`` lists every rule id with its title; ``miler rules R-G16`` (or ``g16``,
``C-3``) prints one rule's full text; ``miler rules --glossary`` explains the words plans
use (RPE, RIR, short and long quality, rule ids). ``--json`` prints one object:
``{"rules": [{"id", "title", "text", "source"}...]}`` or ``{"glossary": [{"term",
"meaning"}...]}``. An unknown id is a one-line error (exit 2).
"""

from __future__ import annotations

import argparse

__all__ = ["configure", "run"]

_LINE_STARTS = ("- ", "* ", "Why:", "Check:", "Checks:")
"""A line of a rule's text that starts one of these starts a line of its own."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``miler rules``."""
    parser.add_argument("id", nargs="?", help="a rule id, e.g. R-G16 or C-3 (default: list all)")
    parser.add_argument(
        "--glossary", action="store_true", help="explain the words plans use (RPE, RIR, ...)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    """Run ``miler rules``; returns the exit status."""
    from miler.cli.output import console, emit_json
    from miler.planning.rulebook import GLOSSARY, all_rules, rule_text

    if args.glossary:
        if args.json:
            emit_json({"glossary": [{"term": e.term, "meaning": e.meaning} for e in GLOSSARY]})
            return 0
        for entry in GLOSSARY:
            console().print(f"[bold]{entry.term}[/bold]: {entry.meaning}", highlight=False)
        return 0
    rules = (rule_text(args.id),) if args.id else all_rules()
    if args.json:
        emit_json(
            {
                "rules": [
                    {"id": r.id, "title": r.title, "text": r.text, "source": r.source}
                    for r in rules
                ]
            }
        )
        return 0
    out = console()
    if args.id:
        out.print(_unwrapped(rules[0].text), markup=False, highlight=False)
        return 0
    for rule in rules:
        out.print(f"[bold]{rule.id}[/bold] {rule.title}", highlight=False)
    out.print("'miler rules ID' prints one rule; 'miler rules --glossary' the words plans use.")
    return 0


def _unwrapped(text: str) -> str:
    """``text`` with the rules file's hard line breaks joined, so the terminal wraps it at
    its own width (a line 92 characters wide broke into a long and a short line at 80).
    Blank lines, list items and the "Why:" and "Check:" lines keep their breaks."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        joins = lines and lines[-1].strip() and stripped and not stripped.startswith(_LINE_STARTS)
        if joins:
            lines[-1] = f"{lines[-1].rstrip()} {stripped}"
        else:
            lines.append(line)
    return "\n".join(lines)
