"""Plan schema versions: a version-1 file written by the last release is upgraded on read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from miler.errors import PlanFileError
from miler.plan import SCHEMA_VERSION, load_plan
from miler.plan.identity import legacy_plan_id, session_key
from miler.planning.rules import TRAINING_RULE_IDS
from miler.planning.validate import validate_plan

GOLDEN_V1 = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v1.json"


def test_the_golden_version_1_file_is_upgraded_not_refused() -> None:
    raw = json.loads(GOLDEN_V1.read_text(encoding="utf-8"))
    assert raw["version"] == 1
    plan = load_plan(GOLDEN_V1.read_text(encoding="utf-8"), "golden")
    assert plan.version == SCHEMA_VERSION == 2
    assert plan.revision == 1
    assert plan.parent_revision is None
    assert plan.request is None
    # the id is the key the version-1 calendar UIDs were built from, so events stay the same
    assert plan.plan_id == legacy_plan_id("Golden V1", "2026-01-05", "single_mile", 1609.344)
    assert len(list(plan.sessions())) == sum(len(w["sessions"]) for w in raw["weeks"])
    assert [s.id for s in plan.sessions()] == [s["id"] for w in raw["weeks"] for s in w["sessions"]]


def test_an_upgraded_plan_still_passes_every_rule() -> None:
    plan = load_plan(GOLDEN_V1.read_text(encoding="utf-8"), "golden")
    report = validate_plan(plan)
    # the training rules; the coach rules (C-...) came after this plan was made
    failures = [f.rule for f in report.failures if f.rule in TRAINING_RULE_IDS]
    assert not failures, failures


def test_an_upgraded_plan_writes_and_reads_back_as_version_2() -> None:
    plan = load_plan(GOLDEN_V1.read_text(encoding="utf-8"), "golden")
    again = load_plan(plan.to_json(), "again")
    assert again == plan
    assert json.loads(plan.to_json())["version"] == 2


def test_a_newer_version_is_refused_with_what_to_do() -> None:
    raw = json.loads(GOLDEN_V1.read_text(encoding="utf-8")) | {"version": 7}
    with pytest.raises(PlanFileError, match=r"newer than this miler .*upgrade miler"):
        load_plan(json.dumps(raw))


@pytest.mark.parametrize("version", [0, -1, "1", None, True])
def test_a_nonsense_version_is_refused(version: object) -> None:
    raw = json.loads(GOLDEN_V1.read_text(encoding="utf-8")) | {"version": version}
    with pytest.raises(PlanFileError, match="no valid plan schema version"):
        load_plan(json.dumps(raw))


def test_session_keys_differ_between_plans_and_not_between_revisions() -> None:
    assert session_key("a" * 32, "w01-mon") != session_key("b" * 32, "w01-mon")
    assert session_key("a" * 32, "w01-mon") == session_key("a" * 32, "w01-mon")
