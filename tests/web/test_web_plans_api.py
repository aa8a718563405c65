"""The plan side of the JSON API on a real training log (SQLite in the test's own folder,
one test on PostgreSQL): onboarding keeps the runner, their results and their plan; the
current plan, its sessions, FIT workouts, states and revisions; marks, skips, moves and
breaks as revisions and events, refused with the rules' own words; settings and zones;
the private calendar feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from typing import Any

import fitdecode
import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from miler.plan.model import Plan
from miler.plan.schema import load_plan
from miler.planning.validate import validate_plan
from miler.science.heart_rate import heart_rate_zones
from miler.services.training_log import training_log
from miler.store import SqlEventStore, SqlPlanStore, SqlRunStore, open_database
from miler.store.models import FeedRow
from miler.web import WebSettings, create_app

from .conftest import PLAN_INPUT, TODAY

HARD = {"quality", "time_trial", "race"}


def _plan(client: TestClient) -> Plan:
    answer = client.get("/api/v1/plan")
    assert answer.status_code == 200, answer.text
    return load_plan(answer.text)


def _moved_by_hand(plan: Plan, session_id: str, day: dt.date) -> Plan:
    """``plan`` with one session on another day, built here, for the validator to judge."""
    weeks = []
    for week in plan.weeks:
        sessions = [
            s.model_copy(update={"date": day}) if s.id == session_id else s for s in week.sessions
        ]
        weeks.append(week.model_copy(update={"sessions": tuple(sessions)}))
    return plan.model_copy(update={"weeks": tuple(weeks)})


def _two_hard_days(plan: Plan) -> tuple[Any, Any]:
    week = next(w for w in plan.weeks if len({s.date for s in w.sessions if s.type in HARD}) >= 2)
    by_day = {s.date: s for s in week.sessions if s.type in HARD}
    first, second = (by_day[d] for d in sorted(by_day)[:2])
    return first, second


def test_onboarding_keeps_the_runner_results_and_the_plan_as_revision_1(
    client: TestClient,
) -> None:
    runner = {
        "name": "Ann",
        "birth_date": "1991-03-04",
        "sex": "F",
        "units": "mi",
        "results": [
            {"event": "5k", "time": "21:40", "date": "2026-10-04"},
            {"event": "mile", "time": "6:30"},
        ],
    }
    made = client.post(
        "/api/v1/plans", json={**PLAN_INPUT, "runner": runner, "long_run_day": "sat"}
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["revision"] == 1 and body["page"] == "/plan"
    athlete = client.get("/api/v1/athlete").json()
    assert {k: athlete[k] for k in ("name", "sex", "birth_date", "units", "days")} == {
        "name": "Ann",
        "sex": "F",
        "birth_date": "1991-03-04",
        "units": "mi",
        "days": ["mon", "wed", "fri", "sat"],
    }
    assert athlete["long_run_day"] == "sat"
    results = client.get("/api/v1/results").json()
    # A result without a date is as of the day it was given.
    assert [(r["distance_m"], r["time_s"], r["date"]) for r in results] == [
        (5000.0, 1300.0, "2026-10-04"),
        (1609.344, 390.0, TODAY.isoformat()),
    ]
    plan = _plan(client)
    assert plan.plan_id == body["plan_id"] and plan.athlete_id == athlete["athlete_id"]
    assert plan.request is not None and plan.request.today == TODAY
    assert plan.request.age == 35  # born 1991-03-04, planned on 2026-12-02
    assert len(plan.weeks) == 12 and validate_plan(plan).passed
    [revision] = client.get("/api/v1/plan/revisions").json()
    assert revision["revision"] == 1 and revision["current"] is True
    # The same plan is in the log itself, not only in the app's answers.
    db = open_database()
    try:
        assert SqlPlanStore(db).current_plan(athlete["athlete_id"]) == plan
    finally:
        db.close()


def test_an_age_alone_is_kept_as_a_birth_date_that_keeps_it_for_a_year(
    client: TestClient,
) -> None:
    from miler.services.stores import AthleteProfile

    assert client.post("/api/v1/plans", json=PLAN_INPUT).status_code == 201
    profile = AthleteProfile.model_validate(client.get("/api/v1/athlete").json())
    assert profile.age_on(TODAY) == 35
    assert profile.age_on(TODAY + dt.timedelta(days=364)) == 35
    assert profile.age_on(TODAY + dt.timedelta(days=366)) == 36


def test_onboarding_again_keeps_the_same_runner_with_a_new_current_plan(
    client: TestClient,
) -> None:
    first = client.post("/api/v1/plans", json=PLAN_INPUT).json()
    athlete = client.get("/api/v1/athlete").json()["athlete_id"]
    second = client.post("/api/v1/plans", json={**PLAN_INPUT, "weeks": 10}).json()
    assert second["plan_id"] != first["plan_id"]
    assert client.get("/api/v1/athlete").json()["athlete_id"] == athlete
    assert len(_plan(client).weeks) == 10


def test_without_a_runner_or_plan_the_api_answers_404(client: TestClient) -> None:
    for path in ("/api/v1/plan", "/api/v1/athlete", "/api/v1/plan/states", "/api/v1/feed"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer.json()["detail"].startswith("there is no runner in this training log")


def test_a_refused_plan_request_stores_nothing(client: TestClient) -> None:
    refused = client.post("/api/v1/plans", json={**PLAN_INPUT, "goal_mile": "3:00"})
    assert refused.status_code == 422
    assert client.get("/api/v1/athlete").status_code == 404


def test_session_fit_workout_decodes_with_fitdecode(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    session = next(s for s in _plan(client).sessions() if s.type == "quality")
    answer = client.get(f"/api/v1/plan/sessions/{session.id}/workout.fit")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/vnd.ant.fit"
    messages: dict[str, int] = {}
    with fitdecode.FitReader(io.BytesIO(answer.content)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                messages[frame.name] = messages.get(frame.name, 0) + 1
    assert messages.get("file_id") == 1 and messages.get("workout") == 1
    assert messages.get("workout_step", 0) >= 3


def test_unknown_session_and_revision_answer_404(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    assert client.get("/api/v1/plan/sessions/nope").json() == {
        "detail": "no session 'nope' in this plan"
    }
    for path in (
        "/api/v1/plan/sessions/nope",
        "/api/v1/plan/sessions/nope/workout.fit",
        "/api/v1/plan/revisions/2",
        "/api/v1/plan/revisions/0",
        "/api/v1/plans/anything",
        "/feed/not-a-token.ics",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.post("/api/v1/plan/sessions/nope/move", json={"date": "2027-01-04"}).status_code
        == 404
    )


def test_a_move_keeping_the_rules_is_a_new_revision_and_an_event(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    plan = _plan(client)
    long_run = next(s for s in plan.weeks[2].sessions if s.type == "long_run")
    day = long_run.date + dt.timedelta(days=1)
    answer = client.post(
        f"/api/v1/plan/sessions/{long_run.id}/move", json={"date": day.isoformat()}
    )
    assert answer.status_code == 200, answer.text
    change = answer.json()
    assert change["revision"] == 2
    assert change["event"]["kind"] == "move" and change["event"]["to_date"] == day.isoformat()
    moved = _plan(client)
    assert next(s for s in moved.sessions() if s.id == long_run.id).date == day
    assert moved.parent_revision == 1 and validate_plan(moved).passed
    revisions = client.get("/api/v1/plan/revisions").json()
    assert [(r["revision"], r["current"]) for r in revisions] == [(1, False), (2, True)]
    assert revisions[1]["reason"] == f"moved {long_run.name} from {long_run.date} to {day}"
    assert load_plan(client.get("/api/v1/plan/revisions/1").text) == plan


def test_a_move_breaking_a_rule_is_refused_409_with_its_words_and_nothing_stored(
    client: TestClient,
) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    plan = _plan(client)
    first, second = _two_hard_days(plan)
    answer = client.post(
        f"/api/v1/plan/sessions/{first.id}/move", json={"date": second.date.isoformat()}
    )
    assert answer.status_code == 409
    detail = answer.json()["detail"]
    # The validator, run here on the moved plan, is the oracle of the words.
    before = {r.rule for r in validate_plan(plan).failures}
    broken = [
        r
        for r in validate_plan(_moved_by_hand(plan, first.id, second.date)).failures
        if r.rule not in before
    ]
    assert "R-G19" in {r.rule for r in broken}
    for result in broken:
        assert f"{result.rule}: {result.reason}" in detail
    assert _plan(client) == plan
    assert len(client.get("/api/v1/plan/revisions").json()) == 1


def _log_client(today: list[dt.date]) -> TestClient:
    return TestClient(create_app(WebSettings(today=lambda: today[0])))


def test_done_without_a_file_counts_in_the_log_and_undo_removes_it() -> None:
    today = [TODAY]
    with _log_client(today) as client:
        made = client.post("/api/v1/plans", json=PLAN_INPUT).json()
        plan = load_plan(client.get("/api/v1/plan").text)
        session = next(s for s in plan.weeks[0].sessions if s.type == "easy_run")
        early = client.post(f"/api/v1/plan/sessions/{session.id}/done", json={})
        assert early.status_code == 422 and "still to come" in early.json()["detail"]
        today[0] = session.date + dt.timedelta(days=1)
        marked = client.post(f"/api/v1/plan/sessions/{session.id}/done", json={})
        assert marked.status_code == 200, marked.text
        assert marked.json()["event"]["kind"] == "done" and marked.json()["revision"] == 1
        states = {s["session_id"]: s for s in client.get("/api/v1/plan/states").json()}
        assert states[session.id]["state"] == "done" and states[session.id]["marked"]
        # The training log use case counts it done, at its planned time.
        db = open_database()
        try:
            events = SqlEventStore(db).events(plan.athlete_id)
            log = training_log(
                plan.athlete_id, SqlRunStore(db), plan, today=today[0], events=events
            )
        finally:
            db.close()
        logged = next(s for w in log.weeks for s in w.sessions if s.session_id == session.id)
        assert (logged.outcome, logged.marked, logged.done_s) == ("done", True, logged.planned_s)
        undone = client.post(f"/api/v1/plan/sessions/{session.id}/undo", json={})
        assert undone.status_code == 200
        states = {s["session_id"]: s for s in client.get("/api/v1/plan/states").json()}
        assert states[session.id]["state"] == "missed" and not states[session.id]["marked"]
        assert made["plan_id"] == load_plan(client.get("/api/v1/plan").text).plan_id


def test_skip_is_a_revision_without_the_session_and_undo_puts_it_back(
    client: TestClient,
) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    plan = _plan(client)
    skipped = None
    for session in plan.sessions():
        answer = client.post(f"/api/v1/plan/sessions/{session.id}/skip", json={"reason": "work"})
        if answer.status_code == 200:
            skipped = session
            break
        # A refused skip names its rules and stores nothing.
        assert answer.status_code == 409 and answer.json()["detail"].startswith(("R-", "C-"))
        assert _plan(client) == plan
    assert skipped is not None
    after = _plan(client)
    assert after.revision == 2 and skipped.id not in {s.id for s in after.sessions()}
    assert after.reason == f"skipped {skipped.name} on {skipped.date}: work"
    states = {s["session_id"]: s for s in client.get("/api/v1/plan/states").json()}
    assert states[skipped.id]["state"] == "skipped" and states[skipped.id]["name"] == skipped.name
    assert client.post(f"/api/v1/plan/sessions/{skipped.id}/undo", json={}).status_code == 200
    back = _plan(client)
    assert back.revision == 3
    assert next(s for s in back.sessions() if s.id == skipped.id) == skipped
    states = {s["session_id"]: s for s in client.get("/api/v1/plan/states").json()}
    assert states[skipped.id]["state"] == "planned"
    again = client.post(f"/api/v1/plan/sessions/{skipped.id}/undo", json={})
    assert (
        again.status_code == 422
        and again.json()["detail"] == "there is nothing to undo on this session"
    )


def test_a_break_replans_as_a_new_revision(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    plan = _plan(client)
    start = plan.weeks[1].start_date
    end = start + dt.timedelta(days=6)
    answer = client.post(
        "/api/v1/plan/break",
        json={"start": start.isoformat(), "end": end.isoformat(), "reason": "illness"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["event"]["kind"] == "break"
    replanned = _plan(client)
    assert replanned.revision == 2
    assert replanned.reason.startswith(f"illness break {start} to {end}; ")
    backwards = client.post(
        "/api/v1/plan/break",
        json={"start": end.isoformat(), "end": start.isoformat(), "reason": "travel"},
    )
    assert backwards.status_code == 422


def test_settings_change_the_profile_and_the_zones_follow(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    changed = client.patch(
        "/api/v1/athlete",
        json={"hr_max_bpm": 190, "hr_rest_bpm": 50, "days": ["tue", "thu", "sun"], "units": "mi"},
    )
    assert changed.status_code == 200, changed.text
    profile = client.get("/api/v1/athlete").json()
    assert (profile["hr_max_bpm"], profile["hr_rest_bpm"], profile["days"], profile["units"]) == (
        190.0,
        50.0,
        ["tue", "thu", "sun"],
        "mi",
    )
    zones = client.get("/api/v1/zones").json()
    assert zones["hr_max"] == {"bpm": 190.0, "measured": True, "source": "measured"}
    expected = heart_rate_zones(190.0, 50.0)
    assert [(z["name"], z["low_bpm"], z["hrr_high_bpm"]) for z in zones["zones"]] == [
        (z.name, z.low_bpm, z.hrr_high_bpm) for z in expected
    ]
    assert client.patch("/api/v1/athlete", json={"days": ["mon"]}).status_code == 422
    assert client.patch("/api/v1/athlete", json={"hr_rest_bpm": 500}).status_code == 422


def test_results_can_be_added_with_their_tag(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    added = client.post(
        "/api/v1/results",
        json={"event": "mile", "time": "5:59", "date": "2026-11-28", "tag": "time_trial"},
    )
    assert added.status_code == 201, added.text
    assert added.json()["tag"] == "time_trial" and added.json()["time_s"] == 359.0
    assert len(client.get("/api/v1/results").json()) == 2


def test_writes_that_are_not_json_are_refused_415(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    session = next(_plan(client).sessions())
    form = client.post(f"/api/v1/plan/sessions/{session.id}/skip", data={"reason": "x"})
    assert form.status_code == 415
    text = client.post("/api/v1/feed", content=b"{}", headers={"content-type": "text/plain"})
    assert text.status_code == 415
    assert _plan(client).revision == 1 and client.get("/api/v1/feed").json()["active"] is False


def _feed_events(client: TestClient, url: str) -> dict[str, dt.date]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    return {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}


def test_the_private_feed_serves_the_current_plan_and_follows_a_move(
    client: TestClient,
) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    plan = _plan(client)
    made = client.post("/api/v1/feed", json={})
    assert made.status_code == 201
    url = made.json()["url"].removeprefix("http://testserver")
    token = url.removeprefix("/feed/").removesuffix(".ics")
    assert len(token) >= 43
    events = _feed_events(client, url)
    assert len(events) == len(list(plan.sessions()))
    assert all(uid.endswith(f".{plan.plan_id}@miler") for uid in events)
    long_run = next(s for s in plan.weeks[2].sessions if s.type == "long_run")
    uid = next(u for u in events if u.startswith(long_run.id))
    day = long_run.date + dt.timedelta(days=1)
    client.post(f"/api/v1/plan/sessions/{long_run.id}/move", json={"date": day.isoformat()})
    moved = _feed_events(client, url)
    # The same event (same UID) is on the new day: a calendar updates it in place.
    assert set(moved) == set(events) and moved[uid] == day
    assert {u: d for u, d in moved.items() if u != uid} == {
        u: d for u, d in events.items() if u != uid
    }
    # Only the token's SHA-256 is in the log.
    db = open_database()
    try:
        with db.session() as session:
            rows = session.scalars(select(FeedRow)).all()
            assert [r.token_sha256 for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    finally:
        db.close()
    assert client.get("/api/v1/feed").json()["active"] is True


def test_a_revoked_or_replaced_feed_answers_404(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    first = client.post("/api/v1/feed", json={}).json()["url"].removeprefix("http://testserver")
    second = client.post("/api/v1/feed", json={}).json()["url"].removeprefix("http://testserver")
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.delete("/api/v1/feed").status_code == 204
    assert client.get(second).status_code == 404
    assert client.get("/api/v1/feed").json() == {"active": False, "created": None}


def test_plan_calendar_file_and_pdf_hold_every_session_and_week(client: TestClient) -> None:
    client.post("/api/v1/plans", json=PLAN_INPUT)
    plan = _plan(client)
    ics = client.get("/api/v1/plan/calendar.ics")
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert {e.decoded("DTSTART") for e in events} == {s.date for s in plan.sessions()}
    pdf = client.get("/api/v1/plan/plan.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert next(plan.sessions()).name in text and f"Week {len(plan.weeks)}" in text


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/v1/plans",
        "/api/v1/athlete",
        "/api/v1/results",
        "/api/v1/zones",
        "/api/v1/plan",
        "/api/v1/plan/states",
        "/api/v1/plan/revisions",
        "/api/v1/plan/revisions/{revision}",
        "/api/v1/plan/sessions/{session_id}",
        "/api/v1/plan/sessions/{session_id}/workout.fit",
        "/api/v1/plan/sessions/{session_id}/move",
        "/api/v1/plan/sessions/{session_id}/skip",
        "/api/v1/plan/sessions/{session_id}/done",
        "/api/v1/plan/sessions/{session_id}/undo",
        "/api/v1/plan/break",
        "/api/v1/plan/calendar.ics",
        "/api/v1/plan/plan.pdf",
        "/api/v1/feed",
        "/api/v1/runs",
        "/api/v1/runs/{run_id}",
        "/api/v1/runs/analysis",
        "/api/v1/progress",
        "/api/v1/imports",
        "/api/v1/jobs/{job_id}",
    } <= paths
    assert not any(p.startswith("/api/v1/plans/") for p in paths)


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    from store.conftest import postgres_schema_url  # tests/store: the same PostgreSQL helper

    yield from postgres_schema_url()


def test_the_api_on_postgresql(postgres_url: str) -> None:
    settings = WebSettings(database_url=postgres_url, today=lambda: TODAY)
    with TestClient(create_app(settings)) as client:
        assert client.post("/api/v1/plans", json=PLAN_INPUT).status_code == 201
        plan = _plan(client)
        first, second = _two_hard_days(plan)
        refused = client.post(
            f"/api/v1/plan/sessions/{first.id}/move", json={"date": second.date.isoformat()}
        )
        assert refused.status_code == 409 and "R-G19" in refused.json()["detail"]
        long_run = next(s for s in plan.weeks[2].sessions if s.type == "long_run")
        day = long_run.date + dt.timedelta(days=1)
        moved = client.post(
            f"/api/v1/plan/sessions/{long_run.id}/move", json={"date": day.isoformat()}
        )
        assert moved.status_code == 200 and moved.json()["revision"] == 2
        url = client.post("/api/v1/feed", json={}).json()["url"].removeprefix("http://testserver")
        uid = f"{long_run.id}.{plan.plan_id}@miler"
        assert _feed_events(client, url)[uid] == day
    db = open_database(postgres_url)
    try:
        assert SqlPlanStore(db).current_plan(plan.athlete_id).revision == 2  # type: ignore[union-attr]
        assert [e.kind for e in SqlEventStore(db).events(plan.athlete_id)] == ["move"]
    finally:
        db.close()
