"""``miler rules ID`` prints a rule's text with the rules file's hard line breaks joined, so
the terminal wraps it at its own width (each 92-character line broke in two at 80)."""

from __future__ import annotations

from miler.cli.rules import _unwrapped
from miler.planning.rulebook import all_rules, rule_text


def test_a_rule_prints_as_its_paragraph_its_why_and_its_check() -> None:
    lines = _unwrapped(rule_text("C-6").text).splitlines()
    assert [line.split()[0] for line in lines] == ["**C-6", "Why:", "Check:"]


def test_list_items_keep_their_lines_and_no_word_is_lost() -> None:
    text = rule_text("R-G16").text
    lines = _unwrapped(text).splitlines()
    assert sum(line.startswith("- ") for line in lines) == 4
    for rule in all_rules():
        assert _unwrapped(rule.text).split() == rule.text.split(), rule.id
