"""The plan side of the web app in a real browser (Debian's Chromium, Playwright) against a
real ``miler serve`` on its own training log: onboarding -> the plan kept in the log -> a
FIT workout that decodes with Garmin's own SDK -> a session marked done -> a drag onto a
day that breaks a rule refused with the rule's words; axe-core finds no serious or critical
violation on any plan page. Screenshots go where :data:`IMAGES` says."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from . import test_web_browser as shared
from .conftest import IMAGES
from .test_web_browser import _assert_accessible, playwright_api

# The browser tests' fixtures: a page on Chromium (conftest's browser) and a served app
# with its own log.
page = shared.page
server = shared.server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Debian chromium"),
]
HARD = {"quality", "time_trial", "race"}


def _api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path) as answer:
        return json.load(answer)


def _onboard_started_last_week(page: Any, today: dt.date) -> None:
    page.goto("/?new=1")
    page.fill("#name", "Ann")
    page.fill("#birth_date", "1991-03-04")
    page.select_option("#sex", "F")
    page.select_option("#units", "mi")
    page.fill("#event-0", "5k")
    page.fill("#time-0", "21:40")
    page.click("button[type=submit]")
    page.wait_for_selector("#predicted-mile")
    for day in ("mon", "wed", "fri", "sat"):
        page.check(f"input[name=days][value={day}]")
    # A plan that began last week has sessions already past, to mark done.
    page.fill("#start_date", (today - dt.timedelta(days=today.weekday() + 7)).isoformat())
    page.fill("#weeks", "12")
    page.click("text=Make my plan")
    page.wait_for_selector(".calendar")


def test_onboarding_plan_kept_fit_decodes_mark_done_and_a_refused_drag(
    page: Any, server: str
) -> None:
    from garmin_fit_sdk import Decoder, Stream

    today = dt.date.fromisoformat(page.evaluate("() => new Date().toLocaleDateString('sv')"))
    _onboard_started_last_week(page, today)
    assert page.url.endswith("/plan")
    _assert_accessible(page)
    # The plan is the runner's current plan in the log, revision 1.
    plan = _api(server, "/api/v1/plan")
    athlete = _api(server, "/api/v1/athlete")
    assert plan["athlete_id"] == athlete["athlete_id"] and plan["revision"] == 1
    assert athlete["name"] == "Ann" and athlete["units"] == "mi"
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]

    # A quality session's FIT workout, downloaded as a runner would, decodes.
    quality = next(s for s in sessions if s["type"] == "quality")
    page.goto(f"/plan/sessions/{quality['id']}")
    _assert_accessible(page)
    assert "/mi" in page.locator(".steps").inner_text()
    with page.expect_download() as info:
        page.click("#fit-download")
    data = bytearray(Path(info.value.path()).read_bytes())
    checked = Decoder(Stream.from_byte_array(data))
    assert checked.is_fit() and checked.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(data)).read()
    assert errors == []
    assert len(messages["workout_mesgs"]) == 1 and len(messages["workout_step_mesgs"]) >= 3

    # A session already past is marked done; the page and the calendar say so.
    past = next(s for s in sessions if s["type"] == "easy_run" and s["date"] < today.isoformat())
    page.goto(f"/plan/sessions/{past['id']}")
    assert page.locator("#session-state").inner_text() == "Missed."
    page.click("text=Mark done")
    playwright_api.expect(page.locator("#session-state")).to_have_text(
        "Done (marked by you, no file)."
    )
    _assert_accessible(page)
    states = {s["session_id"]: s["state"] for s in _api(server, "/api/v1/plan/states")}
    assert states[past["id"]] == "done"
    page.goto(f"/plan?view=week&on={past['date']}")
    chip = page.locator(f"[data-session='{past['id']}']")
    assert chip.inner_text().endswith("(done)")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(IMAGES / "web-plan-states.png"), full_page=True)

    # Dragging a hard session onto another hard day of a week to come is refused.
    week = next(
        w
        for w in plan["weeks"]
        if w["start_date"] > today.isoformat()
        and len({s["date"] for s in w["sessions"] if s["type"] in HARD}) >= 2
    )
    hard = {s["date"]: s for s in week["sessions"] if s["type"] in HARD}
    first, second = (hard[d] for d in sorted(hard)[:2])
    page.goto(f"/plan?view=week&on={first['date']}")
    page.drag_and_drop(f"[data-session='{first['id']}']", f".cal-day[data-date='{second['date']}']")
    status = page.wait_for_selector("#move-status:not([hidden])")
    assert status.inner_text().startswith("Not moved: ") and "R-G19" in status.inner_text()
    assert _api(server, "/api/v1/plan")["revision"] == 1
    page.screenshot(path=str(IMAGES / "web-move-refused.png"))
    _assert_accessible(page)


def test_every_plan_page_passes_axe(page: Any, server: str) -> None:
    today = dt.date.fromisoformat(page.evaluate("() => new Date().toLocaleDateString('sv')"))
    _onboard_started_last_week(page, today)
    for path in ("/", "/plan?view=week", "/plan/revisions", "/plan/print", "/settings"):
        page.goto(path)
        _assert_accessible(page)
    page.goto("/settings")
    page.click("text=Make my calendar address")
    url = page.locator("#feed-url").input_value()
    assert url.startswith(server + "/feed/") and url.endswith(".ics")
    _assert_accessible(page)
    with urllib.request.urlopen(url) as answer:
        assert answer.read().startswith(b"BEGIN:VCALENDAR")
    page.goto("/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(IMAGES / "web-home.png"), full_page=True)
