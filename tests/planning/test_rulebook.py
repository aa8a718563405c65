"""The rules' text ships in the package, and the glossary explains a plan's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from miler.errors import InvalidInputError
from miler.planning.rulebook import GLOSSARY, all_rules, glossary_anchor, rule_text
from miler.planning.rules import RULE_IDS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_rule_the_validator_checks_has_its_text() -> None:
    ids = [r.id for r in all_rules()]
    assert ids == list(RULE_IDS)
    assert len(ids) == len(set(ids))


def test_one_rule_text_is_the_whole_rule() -> None:
    rule = rule_text("R-G16")
    assert rule.title == "Phase-in and gradual intensity"
    assert "≤1 added rep per occurrence" in rule.text
    assert "R-G17" not in rule.text.split("\n")[0]
    assert "**R-G17" not in rule.text  # stops at the next rule
    assert rule_text("g16") == rule  # case and the R- prefix forgiven
    assert rule_text("R-S1.1").text.startswith("**R-S1.1** Every plan has continuous running")


def test_rules_without_a_bold_title_take_their_first_words() -> None:
    assert rule_text("R-P5").title.startswith("Max heart rate")


def test_a_rule_stops_at_the_next_section() -> None:
    assert "## S2" not in rule_text("R-S1.4").text


def test_unknown_rule_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match=r"no rule 'R-G99'.*miler rules"):
        rule_text("R-G99")


def test_glossary_explains_the_words_a_plan_uses() -> None:
    terms = {e.term for e in GLOSSARY}
    assert {"RPE", "RIR", "short quality", "long quality", "rule ids"} <= terms
    for entry in GLOSSARY:
        assert entry.meaning.endswith(".")
    assert glossary_anchor("short quality") == "glossary-short-quality"
    assert glossary_anchor("easy / conversational") == "glossary-easy-conversational"
