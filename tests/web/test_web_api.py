"""The JSON API under /api/v1 against the domain it stands on: the same numbers as the
science and planning functions, real FIT bytes, and the documented error statuses."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import fitdecode
from fastapi.testclient import TestClient
from icalendar import Calendar
from pypdf import PdfReader

from miler.plan.request import RaceResult
from miler.plan.schema import load_plan
from miler.planning.validate import validate_plan
from miler.science.age_grading import age_grade
from miler.science.predict import predict_time
from miler.services.assess import assess_runner
from miler.services.paces import training_paces_report
from miler.units import MILE_M
from miler.web import WebSettings, create_app

from .conftest import PLAN_INPUT, RUNNER, TODAY

ACTIVITIES = Path(__file__).resolve().parents[1] / "data" / "activities"


def test_assessment_is_the_assess_and_predict_use_cases(client: TestClient) -> None:
    answer = client.post("/api/v1/assessment", json=RUNNER)
    assert answer.status_code == 200
    body = answer.json()
    results = (RaceResult(distance_m=5000.0, time_s=1200.0, tag="race"),)
    report = assess_runner(results, ["auto"], age=35, sex="M", surface="auto", today=TODAY)
    assert body["assessment"] == report.model_dump(mode="json")
    paces = training_paces_report(results, TODAY, sex="M")
    assert body["paces"] == paces.model_dump(mode="json")
    assert body["paces"]["mile"]["current_mile_s"] == body["assessment"]["current_mile"]["time_s"]
    grade = age_grade(1200.0, 5000.0, 35, "M")
    assert body["assessment"]["results"][0]["grades"]["M"]["percent"] == grade.percent
    expected = predict_time([(5000.0, 1200.0)], MILE_M, "auto", sex="M")
    prediction = body["prediction"]
    assert (prediction["predicted_s"], prediction["low_s"], prediction["high_s"]) == (
        round(expected.predicted_s, 2),
        round(expected.low_s, 2),
        round(expected.high_s, 2),
    )
    assert prediction["basis"] == expected.basis
    good = body["assessment"]["good_mile_times"]["M"]
    assert [g["percent"] for g in good] == [50, 60, 70, 80, 90]
    # A higher grade is a faster mile.
    times = [g["time_s"] for g in good]
    assert times == sorted(times, reverse=True)


def test_the_level_needs_all_four_answers(client: TestClient) -> None:
    partial = {**RUNNER, "months_running": 24}
    answer = client.post("/api/v1/assessment", json=partial)
    assert answer.status_code == 422
    assert "all four answers" in answer.json()["detail"]
    full = {
        **partial,
        "runs_per_week": 4,
        "longest_run_min": 60,
        "recent_intervals": True,
    }
    level = client.post("/api/v1/assessment", json=full).json()["assessment"]["level"]
    assert level["level"] and level["reasons"]


def test_prediction_endpoint_gives_the_assessment_prediction(client: TestClient) -> None:
    alone = client.post("/api/v1/prediction", json=RUNNER).json()
    assert alone == client.post("/api/v1/assessment", json=RUNNER).json()["prediction"]


def test_bad_result_answers_422_with_one_clear_line(client: TestClient) -> None:
    bad = {**RUNNER, "results": [{"event": "5k", "time": "6:75"}]}
    answer = client.post("/api/v1/assessment", json=bad)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "6:75" in detail and "\n" not in detail


def test_schema_violation_answers_422_with_the_field(client: TestClient) -> None:
    answer = client.post("/api/v1/assessment", json={"age": 300, "results": []})
    assert answer.status_code == 422
    assert "age" in answer.json()["detail"]


def test_plan_is_the_generators_plan_and_keeps_every_rule(client: TestClient) -> None:
    made = client.post("/api/v1/plans", json=PLAN_INPUT)
    assert made.status_code == 201
    plan = load_plan(client.get(f"/api/v1/plans/{made.json()['plan_id']}").text)
    assert plan.request is not None and plan.request.today == TODAY
    assert len(plan.weeks) == 12
    assert validate_plan(plan).passed
    assert made.json()["page"] == f"/plans/{made.json()['plan_id']}"


def test_the_same_address_gives_the_same_plan(client: TestClient, plan_id: str) -> None:
    first = client.get(f"/api/v1/plans/{plan_id}").json()
    again = client.post("/api/v1/plans", json=PLAN_INPUT).json()
    assert again["plan_id"] == plan_id
    assert again["plan"] == first


def test_session_fit_workout_decodes_with_fitdecode(client: TestClient, plan_id: str) -> None:
    plan = load_plan(client.get(f"/api/v1/plans/{plan_id}").text)
    session = next(s for s in plan.sessions() if s.type == "quality")
    answer = client.get(f"/api/v1/plans/{plan_id}/sessions/{session.id}/workout.fit")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/vnd.ant.fit"
    assert ".fit" in answer.headers["content-disposition"]
    names = set()
    steps = 0
    with fitdecode.FitReader(io.BytesIO(answer.content)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                names.add(frame.name)
                steps += frame.name == "workout_step"
    assert {"file_id", "workout", "workout_step"} <= names
    assert steps >= 3


def test_unknown_plan_and_session_answer_404(client: TestClient, plan_id: str) -> None:
    assert client.get("/api/v1/plans/not-a-plan").status_code == 404
    assert client.get(f"/api/v1/plans/{plan_id}/sessions/nope").status_code == 404
    answer = client.get(f"/api/v1/plans/{plan_id}/sessions/nope/workout.fit")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "no session 'nope' in this plan"}


def test_move_keeping_the_rules_gives_a_new_plan(client: TestClient, plan_id: str) -> None:
    plan = load_plan(client.get(f"/api/v1/plans/{plan_id}").text)
    long_run = next(s for s in plan.weeks[2].sessions if s.type == "long_run")
    day = long_run.date + dt.timedelta(days=1)
    answer = client.post(
        f"/api/v1/plans/{plan_id}/moves",
        json={"session_id": long_run.id, "date": day.isoformat()},
    )
    assert answer.status_code == 201, answer.text
    moved = load_plan(client.get(f"/api/v1/plans/{answer.json()['plan_id']}").text)
    assert next(s for s in moved.sessions() if s.id == long_run.id).date == day
    assert validate_plan(moved).passed


def test_move_breaking_a_rule_is_refused_with_the_rules_words(
    client: TestClient, plan_id: str
) -> None:
    plan = load_plan(client.get(f"/api/v1/plans/{plan_id}").text)
    week = plan.weeks[2]
    quality = next(s for s in week.sessions if s.type == "quality")
    trial = next(s for s in week.sessions if s.type == "time_trial")
    answer = client.post(
        f"/api/v1/plans/{plan_id}/moves",
        json={"session_id": quality.id, "date": trial.date.isoformat()},
    )
    assert answer.status_code == 409
    assert answer.json()["detail"] == f"R-G19: {trial.date.isoformat()}: two hard sessions"


def test_run_analysis_of_a_real_fit_file(client: TestClient) -> None:
    path = ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit"
    answer = client.post(
        "/api/v1/runs/analysis",
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
    )
    assert answer.status_code == 200
    run = answer.json()
    assert run["sport"] == "running"
    assert len(run["laps"]) == 4
    assert sum(s["distance_m"] for s in run["km_splits"]) == run["distance_m"]
    assert len(run["chart"]["distance_km"]) == len(run["chart"]["pace_s_per_km"]) > 100


def test_corrupt_file_answers_422_with_the_importers_message(client: TestClient) -> None:
    path = ACTIVITIES / "corrupt" / "made__run_bad_signature.fit"
    answer = client.post(
        "/api/v1/runs/analysis",
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith(f"{path.name}: not a FIT file")


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    paths = set(document["paths"])
    assert {
        "/api/v1/assessment",
        "/api/v1/prediction",
        "/api/v1/plans",
        "/api/v1/plans/{plan_id}",
        "/api/v1/plans/{plan_id}/sessions/{session_id}",
        "/api/v1/plans/{plan_id}/sessions/{session_id}/workout.fit",
        "/api/v1/plans/{plan_id}/calendar.ics",
        "/api/v1/plans/{plan_id}/plan.pdf",
        "/api/v1/plans/{plan_id}/moves",
        "/api/v1/runs/analysis",
        "/api/v1/imports",
        "/api/v1/jobs/{job_id}",
    } == paths


def test_plan_calendar_has_one_event_per_session_with_plan_uids(
    client: TestClient, plan_id: str
) -> None:
    plan = load_plan(client.get(f"/api/v1/plans/{plan_id}").text)
    answer = client.get(f"/api/v1/plans/{plan_id}/calendar.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(answer.content).walk("VEVENT")
    assert len(events) == len(list(plan.sessions()))
    assert all(str(e["UID"]).endswith(f".{plan.plan_id}@miler") for e in events)
    assert {e.decoded("DTSTART") for e in events} == {s.date for s in plan.sessions()}


def test_a_run_is_matched_to_the_session_it_fulfils() -> None:
    # The run: Sat 2015-08-15, 47 min, 9 km. The plan starts Mon 2015-08-10 with a long run
    # on Saturdays; today is the Thursday after.
    settings = WebSettings(today=lambda: dt.date(2015, 8, 20))
    with TestClient(create_app(settings)) as client:
        made = client.post("/api/v1/plans", json={**PLAN_INPUT, "start_date": "2015-08-10"})
        assert made.status_code == 201, made.text
        plan_id = made.json()["plan_id"]
        path = ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit"
        answer = client.post(
            "/api/v1/runs/analysis",
            params={"plan_id": plan_id},
            files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
        )
    assert answer.status_code == 200, answer.text
    match = answer.json()["match"]
    assert match["session_id"] == "2015-08-15-long_run"
    assert match["outcome"] == "done"
    assert match["week"] == 1 and match["week_verdict"] in {"on_plan", "under", "over"}
    # 2,833 s recorded against the 45-minute long run planned.
    assert match["session_name"] == "long run 45 min"
    assert match["compliance_pct"] == round(100.0 * 2833.0 / 2700.0, 1)


def test_a_run_outside_the_plan_says_so(client: TestClient, plan_id: str) -> None:
    path = ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit"
    answer = client.post(
        "/api/v1/runs/analysis",
        params={"plan_id": plan_id},
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
    )
    assert answer.json()["match"] == {
        **{k: None for k in answer.json()["match"] if k != "notes"},
        "notes": [],
        "unplanned": "it was run outside the plan's weeks",
    }


def test_plan_pdf_holds_every_week(client: TestClient, plan_id: str) -> None:
    plan = load_plan(client.get(f"/api/v1/plans/{plan_id}").text)
    answer = client.get(f"/api/v1/plans/{plan_id}/plan.pdf")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    first = next(plan.sessions())
    assert first.name in text
    assert f"Week {len(plan.weeks)}" in text
