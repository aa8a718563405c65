"""The plan pages through the real app in process on a real SQLite log: onboarding kept,
the start page once a runner is in the log, the calendar with each session's state, the
session page (targets in the runner's units, FIT link, marks, skip, move, all behind the
CSRF token), revisions, the printable view, and the settings (zones, availability, units,
a break, the private calendar feed shown once)."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from miler.plan.model import Plan
from miler.plan.schema import load_plan
from miler.web import WebSettings, create_app

from .conftest import TODAY, csrf_from

PROFILE = [
    ("name", "Ann"),
    ("age", "35"),
    ("sex", "F"),
    ("units", "mi"),
    ("event", "5k"),
    ("time", "21:40"),
    ("event", ""),
    ("time", ""),
]
DAYS = [("days", d) for d in ("mon", "wed", "fri", "sat")]


def _onboard(client: TestClient, *extra: tuple[str, str]) -> Plan:
    token = csrf_from(client)
    made = client.post(
        "/onboarding",
        data=_form([*PROFILE, *DAYS, ("weeks", "12"), *extra, ("csrf_token", token)]),
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    assert made.headers["location"] == "/plan"
    return load_plan(client.get("/api/v1/plan").text)


def _form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields as httpx sends repeated names (``days=mon&days=wed``)."""
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_the_assessment_carries_the_profile_to_a_protected_plan_form(client: TestClient) -> None:
    page = client.get("/assessment", params=PROFILE)
    assert page.status_code == 200
    assert '<form method="post" action="/onboarding"' in page.text
    assert 'name="csrf_token"' in page.text
    for name, value in (("name", "Ann"), ("units", "mi"), ("age", "35")):
        assert f'name="{name}" value="{value}"' in page.text


def test_onboarding_keeps_the_runner_and_the_start_page_shows_their_week(
    client: TestClient,
) -> None:
    assert 'id="age"' in client.get("/").text
    plan = _onboard(client)
    athlete = client.get("/api/v1/athlete").json()
    assert (athlete["name"], athlete["sex"], athlete["units"]) == ("Ann", "F", "mi")
    home = client.get("/")
    assert home.status_code == 200 and 'id="age"' not in home.text
    text = _text(home.text)
    assert "Ann, your week" in text
    first = next(plan.sessions())
    assert f'href="/plan/sessions/{first.id}"' in text
    # Making a new plan from new results is still one link away.
    assert 'id="age"' in client.get("/", params={"new": "1"}).text


def test_onboarding_without_the_csrf_token_is_refused_and_keeps_nothing(
    client: TestClient,
) -> None:
    refused = client.post("/onboarding", data=_form([*PROFILE, *DAYS, ("weeks", "12")]))
    assert refused.status_code == 403
    assert client.get("/api/v1/athlete").status_code == 404


def test_onboarding_without_days_says_so(client: TestClient) -> None:
    token = csrf_from(client)
    page = client.post(
        "/onboarding", data=_form([*PROFILE, ("weeks", "12"), ("csrf_token", token)])
    )
    assert page.status_code == 422 and "tick the days you can train" in page.text


def test_plan_pages_without_a_runner_go_to_the_start(client: TestClient) -> None:
    for path in ("/plan", "/plan/sessions/x", "/plan/revisions", "/plan/print"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/", path


def test_old_plan_addresses_are_gone(client: TestClient) -> None:
    _onboard(client)
    assert client.get("/plans/eJyrVkrOz8nJTE4tUbJSMjEwMDYzMzRQ0lHKS8xNBQA").status_code == 404


def test_the_calendar_shows_the_stored_plan_by_month_and_week(client: TestClient) -> None:
    plan = _onboard(client)
    calendar = client.get("/plan")
    assert calendar.status_code == 200
    first = next(plan.sessions())
    assert f'data-session="{first.id}"' in calendar.text
    assert plan.start_date.strftime("%B %Y") in calendar.text
    assert f'data-date="{TODAY.isoformat()}" aria-current="date"' in calendar.text
    week = client.get("/plan", params={"view": "week", "on": first.date.isoformat()})
    assert week.text.count(' data-date="') == 7
    assert client.get("/plan", params={"on": "yesterday"}).status_code == 422


def test_the_session_page_shows_targets_in_the_runners_units(client: TestClient) -> None:
    plan = _onboard(client)
    session = next(s for s in plan.sessions() if s.type == "easy_run")
    page = client.get(f"/plan/sessions/{session.id}")
    assert page.status_code == 200
    text = _text(page.text)
    assert f"/api/v1/plan/sessions/{session.id}/workout.fit" in text
    assert session.name in text and "Planned." in text
    steps = text[text.index('class="steps"') : text.index("</ul>", text.index('class="steps"'))]
    assert "/mi" in steps and "/km" not in steps  # the runner chose miles
    assert client.get("/plan/sessions/nope").status_code == 404


def test_a_move_needs_the_csrf_token(client: TestClient) -> None:
    plan = _onboard(client)
    long_run = next(s for s in plan.weeks[2].sessions if s.type == "long_run")
    url = f"/plan/sessions/{long_run.id}/move"
    day = (long_run.date + dt.timedelta(days=1)).isoformat()
    assert client.post(url, data={"date": day}).status_code == 403
    assert client.post(url, data={"date": day, "csrf_token": "x" * 43}).status_code == 403
    assert load_plan(client.get("/api/v1/plan").text) == plan


def test_a_move_breaking_a_rule_shows_the_rule_and_keeps_the_plan(client: TestClient) -> None:
    plan = _onboard(client)
    week = plan.weeks[2]
    quality = next(s for s in week.sessions if s.type == "quality")
    trial = next(s for s in week.sessions if s.type == "time_trial")
    refused = client.post(
        f"/plan/sessions/{quality.id}/move",
        data={"date": trial.date.isoformat(), "csrf_token": csrf_from(client)},
    )
    assert refused.status_code == 409
    assert f"R-G19: {trial.date.isoformat()}: two hard sessions" in refused.text
    assert 'id="refusal"' in refused.text
    assert load_plan(client.get("/api/v1/plan").text) == plan


def test_a_move_keeping_the_rules_goes_to_the_moved_week(client: TestClient) -> None:
    plan = _onboard(client)
    long_run = next(s for s in plan.weeks[2].sessions if s.type == "long_run")
    day = long_run.date + dt.timedelta(days=1)
    moved = client.post(
        f"/plan/sessions/{long_run.id}/move",
        data={"date": day.isoformat(), "csrf_token": csrf_from(client)},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/plan?view=week&on={day.isoformat()}&done=moved"
    page = client.get(moved.headers["location"])
    cell = page.text[page.text.index(f'data-date="{day.isoformat()}"') :]
    assert f'data-session="{long_run.id}"' in cell[: cell.index("</li>")]
    revisions = _text(client.get("/plan/revisions").text)
    assert "2 <strong>(current)</strong>" in revisions
    assert f"moved {long_run.name} from {long_run.date} to {day}" in revisions


def test_mark_done_and_undo_from_the_session_page() -> None:
    today = [TODAY]
    with TestClient(create_app(WebSettings(today=lambda: today[0]))) as client:
        plan = _onboard(client)
        session = next(s for s in plan.weeks[0].sessions if s.type == "easy_run")
        assert "Mark done" not in client.get(f"/plan/sessions/{session.id}").text
        today[0] = session.date
        token = csrf_from(client)
        marked = client.post(
            f"/plan/sessions/{session.id}/done", data={"csrf_token": token}, follow_redirects=False
        )
        assert marked.status_code == 303
        page = _text(client.get(marked.headers["location"]).text)
        assert "Marked done." in page and "Done (marked by you, no file)." in page
        calendar = client.get("/plan", params={"view": "week", "on": session.date.isoformat()})
        assert f'state-done" href="/plan/sessions/{session.id}"' in calendar.text
        undone = client.post(f"/plan/sessions/{session.id}/undo", data={"csrf_token": token})
        assert undone.status_code == 200 and "The mark is undone." in undone.text
        assert "Planned." in _text(undone.text)


def test_the_printable_plan_lists_every_week_with_print_styles(client: TestClient) -> None:
    plan = _onboard(client)
    page = client.get("/plan/print")
    assert page.status_code == 200
    for week in plan.weeks:
        assert f"Week {week.index} · {week.phase}" in page.text
    assert page.text.count("<tr><td>") == len(list(plan.sessions()))
    css = client.get("/static/miler.css").text
    assert "@media print" in css


def test_settings_keep_availability_and_heart_rates_and_show_the_zones(
    client: TestClient,
) -> None:
    _onboard(client)
    token = csrf_from(client)
    saved = client.post(
        "/settings",
        data=_form(
            [
                ("units", "km"),
                ("days", "tue"),
                ("days", "thu"),
                ("days", "sun"),
                ("long_run_day", "sun"),
                ("hr_max", "188"),
                ("hr_rest", "52"),
                ("csrf_token", token),
            ]
        ),
        follow_redirects=False,
    )
    assert saved.status_code == 303
    athlete = client.get("/api/v1/athlete").json()
    assert (athlete["units"], athlete["days"], athlete["long_run_day"]) == (
        "km",
        ["tue", "thu", "sun"],
        "sun",
    )
    assert (athlete["hr_max_bpm"], athlete["hr_rest_bpm"]) == (188.0, 52.0)
    page = _text(client.get("/settings").text)
    zones = client.get("/api/v1/zones").json()
    assert f'<strong id="hr-max">{round(zones["hr_max"]["bpm"])}</strong>' in page
    easy = zones["zones"][0]
    assert f"{round(easy['low_bpm'])}–{round(easy['high_bpm'])}" in page
    bad = client.post(
        "/settings", data=_form([("units", "km"), ("days", "tue"), ("csrf_token", token)])
    )
    assert bad.status_code == 422 and "at least two days" in bad.text


def test_a_break_from_the_settings_replans(client: TestClient) -> None:
    plan = _onboard(client)
    start = plan.weeks[1].start_date
    answer = client.post(
        "/settings/break",
        data={
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=4)).isoformat(),
            "reason": "travel",
            "csrf_token": csrf_from(client),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/plan/revisions"
    assert load_plan(client.get("/api/v1/plan").text).reason.startswith("travel break")


def test_the_feed_address_is_shown_once_and_can_be_revoked(client: TestClient) -> None:
    _onboard(client)
    token = csrf_from(client)
    made = client.post("/settings/feed", data={"csrf_token": token})
    assert made.status_code == 200
    url = re.search(r'id="feed-url" class="wide" readonly value="([^"]+)"', made.text)
    assert url is not None
    path = url.group(1).removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    again = client.get("/settings").text
    assert path not in again and "A private calendar feed is live" in again
    revoked = client.post("/settings/feed/revoke", data={"csrf_token": token})
    assert revoked.status_code == 200 and "its address no longer works" in revoked.text
    assert client.get(path).status_code == 404
