"""The rules' own words and the plan's glossary, for every front end (issue 11, item 14).

The text of every rule id ships in the package (``miler/data/rules/``): the training rules
(R-F, R-S, R-G, R-P; ``training-rules.md``) and the coach rules (C-; ``coach-rules.md``).
:func:`rule_text` returns one rule's text; :func:`all_rules` every rule in document order.
:data:`GLOSSARY` defines the words a plan view uses (RPE, RIR, short and long quality,
rule ids...): a plan view prints :data:`GLOSSARY_POINTER` or links :func:`glossary_anchor`.

Reading the packaged text is the only thing done here; nothing reads the clock or a
user's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from miler.errors import InvalidInputError

__all__ = [
    "GLOSSARY",
    "GLOSSARY_POINTER",
    "GlossaryEntry",
    "RuleText",
    "all_rules",
    "glossary_anchor",
    "rule_text",
]

_FILES: Final = ("training-rules.md", "coach-rules.md")
_RULE_START: Final = re.compile(r"^(?:- )?\*\*((?:R-[FSGP]|C-)\d+(?:\.\d+)?)\b", re.MULTILINE)
_SECTION: Final = re.compile(r"^#{1,6} ", re.MULTILINE)
_TITLE: Final = re.compile(r"^(?:- )?\*\*[^*\s]+\s*([^*]*)\*\*")


@dataclass(frozen=True)
class RuleText:
    """One rule: its id, its title (may be empty: some rules have none), its full text and
    the file it comes from."""

    id: str
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class GlossaryEntry:
    """A term a plan uses and what it means."""

    term: str
    meaning: str


GLOSSARY: Final[tuple[GlossaryEntry, ...]] = (
    GlossaryEntry(
        "RPE",
        "Rating of perceived exertion on the Borg CR-10 scale: 0 is rest, 2-4 is an easy "
        "conversational effort (R-G6), 9 is very hard, 10 is all-out.",
    ),
    GlossaryEntry(
        "RIR",
        "Reps in reserve: how many more reps you could still do with good form when the set "
        "ends. RIR 2 means two more were possible (Zourdos 2016; heavy sets are at most 3 "
        "RIR, R-G9).",
    ),
    GlossaryEntry(
        "1RM",
        "One-repetition maximum: the heaviest load you can lift once. 85% 1RM is heavy (R-G9).",
    ),
    GlossaryEntry(
        "HRmax",
        "Maximum heart rate: measured, else estimated as 208 - 0.7 x age (Tanaka 2001, R-G14).",
    ),
    GlossaryEntry(
        "easy / conversational",
        "A pace at which you could speak in full sentences: at most 79% of HRmax (R-G6).",
    ),
    GlossaryEntry(
        "quality session",
        "A run whose work reps are at mile pace or faster, or at 90% effort or more.",
    ),
    GlossaryEntry(
        "short quality",
        "Speed work: every rep is at most 300 m or 60 s, e.g. 8 x 200 m or 30-s sprints (R-G7).",
    ),
    GlossaryEntry(
        "long quality",
        "Speed endurance: at least half of the work is in reps of 400 m or 2 min or more, "
        "e.g. 4 x 600 m, ladders, the pyramid, 4 x 3 min (R-G7).",
    ),
    GlossaryEntry(
        "goal pace",
        "The pace of your goal mile (or of your goal race's average); with a goal slower than "
        "your current best, your current best's pace (R-G20).",
    ),
    GlossaryEntry(
        "time trial",
        "An all-out effort at the goal's distance on your own, to measure progress and reset "
        "the paces (R-G20).",
    ),
    GlossaryEntry(
        "lighter week",
        "A week with less running and the same quality, so the body absorbs the training.",
    ),
    GlossaryEntry(
        "taper",
        "The last two weeks before a race: 40-59% of the running, same intensity and "
        "frequency (R-G8).",
    ),
    GlossaryEntry(
        "phase-in",
        "The first weeks of speed work: at most one short session a week until the full "
        "weekly mix starts (R-G16).",
    ),
    GlossaryEntry(
        "plyometric contacts",
        "Ground contacts in jumps, hops and bounds: the dose of plyometric work (R-G10).",
    ),
    GlossaryEntry(
        "rule ids",
        "R-F, R-S: the seed article's advice; R-G: the project's choices where it is silent; "
        "R-P: product features; C-: coach rules. 'miler rules ID' prints any of them.",
    ),
)
"""The plan's words, in the order a runner meets them."""

GLOSSARY_POINTER: Final = (
    "Terms (RPE, RIR, short/long quality, rule ids such as R-G16 or C-3): "
    "'miler rules --glossary'; any rule: 'miler rules ID'."
)
"""One line a plan view prints (or links) so every term it uses is explained."""


def glossary_anchor(term: str) -> str:
    """The HTML anchor of a glossary term: ``glossary-`` and the term in lower case with
    every run of other characters a single ``-`` (``short quality``:
    ``glossary-short-quality``)."""
    return "glossary-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


@cache
def all_rules() -> tuple[RuleText, ...]:
    """Every rule of the packaged rule files, training rules first, in document order."""
    rules: list[RuleText] = []
    for name in _FILES:
        text = resources.files("miler.data.rules").joinpath(name).read_text("utf-8")
        rules.extend(_split(text, name))
    return tuple(rules)


def _split(text: str, source: str) -> list[RuleText]:
    starts = [m for m in _RULE_START.finditer(text)]
    out: list[RuleText] = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        section = _SECTION.search(text, match.start(), end)
        if section is not None:
            end = section.start()
        body = text[match.start() : end].strip()
        title_match = _TITLE.match(body)
        title = title_match.group(1).strip().rstrip(".") if title_match else ""
        if not title:  # "**R-P1** Online coaching -> ...": the first words say what it is
            first = body.splitlines()[0].split("**", 2)[-1].strip()
            title = first if len(first) <= 70 else first[:67].rsplit(" ", 1)[0] + "..."
        out.append(RuleText(match.group(1), title, body, source))
    return out


def rule_text(rule_id: str) -> RuleText:
    """The rule ``rule_id`` (case and a missing ``R-`` forgiven: ``g16`` is R-G16).

    Raises :class:`~miler.errors.InvalidInputError` naming the known ids when there is
    no such rule."""
    wanted = rule_id.strip().upper()
    if wanted and not wanted.startswith(("R-", "C-")):
        wanted = "R-" + wanted
    for rule in all_rules():
        if rule.id == wanted:
            return rule
    known = all_rules()
    raise InvalidInputError(
        f"no rule {rule_id!r}: rule ids run {known[0].id} to {known[-1].id} "
        "(R-F, R-S, R-G, R-P and C-); 'miler rules' lists them all"
    )
