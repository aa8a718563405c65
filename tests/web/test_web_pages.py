"""Every page route through the real app in process: onboarding, the calendar, a session,
moves, uploads; and what must hold for any page: security headers, CSRF on forms, 404,
413, error pages without a stack trace, no request beyond the app itself."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from miler.plan.request import RaceResult
from miler.science.current import current_mile
from miler.science.predict import predict_time
from miler.units import MILE_M, format_time
from miler.web import WebSettings, create_app

from .conftest import TODAY, csrf_from

ACTIVITIES = Path(__file__).resolve().parents[1] / "data" / "activities"
RUN = ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit"
CORRUPT = ACTIVITIES / "corrupt" / "made__run_bad_signature.fit"
STATIC = Path(__file__).resolve().parents[2] / "src" / "miler" / "web" / "static"
PROFILE = [
    ("age", "35"),
    ("sex", "M"),
    ("event", "5k"),
    ("time", "20:00"),
    ("event", ""),
    ("time", ""),
]
DAYS = [("days", d) for d in ("mon", "wed", "fri", "sat")]


def test_home_has_the_onboarding_form_and_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<form method="get" action="/assessment"' in page.text
    for field in ('name="age"', 'name="sex"', 'name="event"', 'name="time"'):
        assert field in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    cookie = page.headers["set-cookie"]
    assert "miler_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_assessment_page_shows_the_predicted_mile_its_range_and_why(client: TestClient) -> None:
    page = client.get("/assessment", params=PROFILE)
    assert page.status_code == 200
    p = predict_time([(5000.0, 1200.0)], MILE_M, "auto", sex="M")
    assert f'id="predicted-mile">{format_time(p.predicted_s)}<' in page.text
    assert format_time(p.low_s) in page.text and format_time(p.high_s) in page.text
    assert p.basis in page.text
    current = current_mile([RaceResult(distance_m=5000.0, time_s=1200.0)], TODAY, sex="M")
    assert f'id="current-mile">{format_time(current.time_s)}<' in page.text
    assert current.source in page.text
    assert "A good mile for you (age 35)" in page.text
    assert 'action="/onboarding"' in page.text
    # The plan form carries the runner's answers on.
    assert '<input type="hidden" name="age" value="35">' in page.text


def test_assessment_with_a_bad_time_is_a_422_page_without_a_trace(client: TestClient) -> None:
    page = client.get("/assessment", params=[("age", "35"), ("event", "mile"), ("time", "6:75")])
    assert page.status_code == 422
    assert "6:75" in page.text and 'role="alert"' in page.text
    assert "Traceback" not in page.text


def test_assessment_without_results_says_what_to_give(client: TestClient) -> None:
    page = client.get("/assessment", params=[("age", "35")])
    assert page.status_code == 422
    assert "give at least one recent all-out result" in page.text


def test_oversized_upload_answers_413() -> None:
    small = WebSettings(today=lambda: TODAY, max_upload_bytes=50_000)
    with TestClient(create_app(small)) as client:
        token = csrf_from(client)
        answer = client.post(
            "/runs",
            data={"csrf_token": token},
            files=[("files", (RUN.name, RUN.read_bytes(), "application/octet-stream"))],
        )
        assert answer.status_code == 413
        assert "too large" in answer.json()["detail"]
        assert answer.headers["x-content-type-options"] == "nosniff"
        page = client.post(
            "/runs",
            headers={"accept": "text/html"},
            data={"csrf_token": token},
            files=[("files", (RUN.name, RUN.read_bytes(), "application/octet-stream"))],
        )
        assert page.status_code == 413
        assert '<p class="error" role="alert">the upload is too large: at most' in page.text
        api = client.post(
            "/api/v1/runs/analysis", files={"file": (RUN.name, RUN.read_bytes(), "x/y")}
        )
        assert api.status_code == 413


def test_streamed_body_over_the_limit_answers_413() -> None:
    small = WebSettings(today=lambda: TODAY, max_upload_bytes=1000)

    def chunks() -> object:
        for _ in range(10):
            yield b"x" * 500

    with TestClient(create_app(small)) as client:
        answer = client.post(
            "/api/v1/assessment", content=chunks(), headers={"content-type": "application/json"}
        )
        assert answer.status_code == 413


def test_an_unexpected_error_is_a_500_page_without_a_trace(settings: WebSettings) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/boom", headers={"accept": "text/html"})
    assert page.status_code == 500
    assert "secret internals" not in page.text and "Traceback" not in page.text
    assert "nothing was changed" in page.text


@pytest.mark.parametrize("name", ["miler.css", "miler.js", "vendor/htmx-2.0.11.min.js"])
def test_static_assets_are_served_from_the_package(client: TestClient, name: str) -> None:
    answer = client.get(f"/static/{name}")
    assert answer.status_code == 200 and len(answer.content) > 1000


def test_nothing_is_fetched_from_another_host(client: TestClient) -> None:
    pages = [
        client.get("/").text,
        client.get("/runs").text,
        client.get("/assessment", params=PROFILE).text,
    ]
    for text in pages:
        assert not re.search(r'(src|href)="(https?:)?//', text)
    for path in STATIC.rglob("*"):
        if path.suffix in {".js", ".css"}:
            assert not re.search(r"url\((https?:)?//|import\s+['\"]https?:", path.read_text())


def test_split_bars_are_speed_against_the_fastest_split(client: TestClient) -> None:
    run = client.post(
        "/api/v1/runs/analysis",
        files={"file": (RUN.name, RUN.read_bytes(), "application/octet-stream")},
    ).json()
    km = run["km_splits"]
    fastest = min(km, key=lambda s: s["pace_s_per_km"])
    assert fastest["bar_pct"] == 100.0
    for split in km:
        expected = round(100.0 * fastest["pace_s_per_km"] / split["pace_s_per_km"], 1)
        assert split["bar_pct"] == expected


def test_what_a_user_sends_is_escaped_in_the_page(client: TestClient) -> None:
    typed = client.get("/assessment", params=[("age", "35"), ("event", "<b>5k"), ("time", "20:00")])
    assert "<b>5k" not in typed.text and "&lt;b&gt;5k" in typed.text


@pytest.mark.parametrize(
    ("path", "sport", "laps"),
    [
        (ACTIVITIES / "gpx" / "slither__running.gpx", "generic", 0),
        (ACTIVITIES / "tcx" / "runpandas__11km.tcx", "running", 12),
    ],
)
def test_gpx_and_tcx_uploads_are_analysed_too(
    client: TestClient, path: Path, sport: str, laps: int
) -> None:
    answer = client.post(
        "/api/v1/runs/analysis",
        files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
    )
    assert answer.status_code == 200, answer.text
    run = answer.json()
    # A GPX track says no sport.
    assert run["sport"] == sport and run["distance_m"] > 1000
    assert len(run["laps"]) == laps
    assert len(run["km_splits"]) == math.ceil(run["distance_m"] / 1000)
    assert run["route"] is not None


def test_settings_keep_the_runners_units(client: TestClient) -> None:
    page = client.get("/settings")
    assert page.status_code == 200 and 'value="km" checked' in page.text
    assert client.post("/settings", data={"units": "mi"}).status_code == 403
    token = csrf_from(client)
    bad = client.post("/settings", data={"units": "furlongs", "csrf_token": token})
    assert bad.status_code == 422 and "choose km or mi" in bad.text
    saved = client.post(
        "/settings", data={"units": "mi", "csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303 and "miler_units=mi" in saved.headers["set-cookie"]
    assert 'value="mi" checked' in client.get("/settings").text
