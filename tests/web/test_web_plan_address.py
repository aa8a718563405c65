"""A plan's address: it round-trips, and anything that is not an address the app wrote
(garbage, a deflate bomb, an address without its day) is "no such plan", never a crash."""

from __future__ import annotations

import base64
import datetime as dt
import zlib

import pytest

from miler.plan.request import PlanRequest, RaceResult
from miler.web.plans import (
    Move,
    PlanAddress,
    UnknownPlanError,
    decode_address,
    encode_address,
    plan_for,
)

REQUEST = PlanRequest(
    results=(RaceResult(distance_m=5000.0, time_s=1200.0),),
    days=("mon", "wed", "fri", "sat"),
    weeks=12,
    today=dt.date(2026, 12, 2),
)


def _token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def test_an_address_round_trips() -> None:
    address = PlanAddress(request=REQUEST, moves=(Move(session_id="x", date=dt.date(2026, 12, 9)),))
    assert decode_address(encode_address(address)) == address


def test_the_same_address_names_the_same_plan_ids() -> None:
    token = encode_address(PlanAddress(request=REQUEST))
    plan = plan_for(token)
    plan_for.cache_clear()
    again = plan_for(token)
    assert plan.plan_id == again.plan_id and plan == again


@pytest.mark.parametrize(
    "token",
    [
        "",
        "AAAA",
        "not base64 !",
        "x" * 7000,
        _token(b"{}"),
        _token(b"not json"),
        _token(b"\0" * 2_000_000),  # a deflate bomb: inflating stops at 64 kB
    ],
)
def test_what_is_not_an_address_is_no_such_plan(token: str) -> None:
    with pytest.raises(UnknownPlanError, match="no such plan"):
        decode_address(token)


def test_an_address_without_its_day_is_no_such_plan() -> None:
    undated = PlanAddress(request=REQUEST.model_copy(update={"today": None}))
    with pytest.raises(UnknownPlanError, match="no such plan"):
        decode_address(encode_address(undated))


def test_a_move_the_rules_refuse_is_not_taken_on_trust_from_an_address() -> None:
    plan = plan_for(encode_address(PlanAddress(request=REQUEST)))
    week = plan.weeks[2]
    quality = next(s for s in week.sessions if s.type == "quality")
    trial = next(s for s in week.sessions if s.type == "time_trial")
    forged = PlanAddress(request=REQUEST, moves=(Move(session_id=quality.id, date=trial.date),))
    with pytest.raises(UnknownPlanError, match="no such plan"):
        plan_for(encode_address(forged))
    kept = PlanAddress(request=REQUEST, moves=(Move(session_id=quality.id, date=quality.date),))
    assert plan_for(encode_address(kept)).weeks == plan.weeks
