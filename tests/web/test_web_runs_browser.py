"""Runs and progress in a real browser: Debian's Chromium driven by Playwright against a real
``miler serve`` on a training log with a runner and a plan (made by the real CLI).

Upload a real FIT file -> stored, its page shows splits and a chart; a corrupt upload shows
an error and stores nothing; the progress page draws its charts; the plain form works
without JavaScript on a phone; axe-core finds no serious or critical violation on these
pages. Screenshots go where tests/web/test_web_browser.py puts them (:data:`IMAGES`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, IMAGES, ROOT, miler_serve
from .test_web_browser import _assert_accessible

playwright_api = pytest.importorskip("playwright.sync_api")

ACTIVITIES = ROOT / "tests" / "data" / "activities"
STAMINA = ACTIVITIES / "fit" / "fitparserjs__garmin-stamina.fit"  # 800 m reps, 2026-05-14
STEADY = ACTIVITIES / "fit" / "slither__running.fit"
CORRUPT = ACTIVITIES / "corrupt" / "made__run_bad_signature.fit"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def _cli(data: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "miler", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MILER_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``miler serve`` on a log holding a runner (a 5k result) and an 18-week plan that
    covers the FIT file's day."""
    data = tmp_path_factory.mktemp("webruns-log")
    _cli(data, "athlete", "create", "--name", "Ann", "--sex", "F",
         "--days", "mon,wed,thu,sat", "--result", "5k=21:00@2026-01-03")  # fmt: skip
    _cli(data, "plan", "--weeks", "18", "--start-date", "2026-01-19", "--today", "2026-01-18")
    with miler_serve(environ={"MILER_DATA_DIR": str(data), "TZ": "UTC"}) as (process, url):
        yield url
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "Traceback" not in errors, errors


@pytest.fixture()
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    context.close()
    assert errors == []


def _runs(server: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{server}/api/v1/runs") as answer:
        listed: dict[str, Any] = json.load(answer)
    return listed


def test_upload_a_real_fit_file_then_its_page_shows_splits_and_a_chart(
    page: Any, server: str
) -> None:
    page.goto("/runs")
    _assert_accessible(page)
    page.set_input_files("#files", str(STAMINA))
    page.click("text=Upload into my log")
    link = page.wait_for_selector("#run-results .upload-imported a")
    assert page.locator("#upload-progress progress").evaluate("p => p.value") == 100
    assert page.locator("#upload-progress li").inner_text().endswith("stored")
    _assert_accessible(page)
    link.click()
    page.wait_for_selector(".chart canvas")
    laps = page.locator("section.splits").first
    assert laps.locator("h2").inner_text() == "Laps"
    assert laps.locator("tbody tr").count() > 1
    assert page.locator(".route polyline").count() == 1
    assert "Planned session:" in page.locator("section.match").inner_text()
    _assert_accessible(page)
    page.screenshot(path=str(IMAGES / "web-run.png"), full_page=True)
    assert _runs(server)["total"] >= 1


def test_a_corrupt_upload_shows_an_error_and_stores_nothing(page: Any, server: str) -> None:
    before = _runs(server)["total"]
    page.goto("/runs")
    page.set_input_files("#files", str(CORRUPT))
    page.click("text=Upload into my log")
    alert = page.wait_for_selector("#run-results .error")
    assert alert.inner_text().startswith(f"{CORRUPT.name}: not a FIT file")
    assert "Nothing was stored" in alert.inner_text()
    assert page.locator("#upload-progress li").inner_text().endswith("failed")
    _assert_accessible(page)
    assert _runs(server)["total"] == before


def test_the_progress_page_draws_its_charts(page: Any) -> None:
    page.goto("/progress")
    page.wait_for_selector(".chart[data-progress='weeks'] canvas")
    for chart in ("mile", "fitness", "weeks"):
        assert page.locator(f".chart[data-progress='{chart}'] canvas").count() >= 1, chart
    assert page.locator("#pb-h + .scroll tbody tr").count() >= 1
    _assert_accessible(page)
    page.screenshot(path=str(IMAGES / "web-progress.png"), full_page=True)


def test_the_plain_upload_form_works_without_javascript_on_a_phone(
    browser: Any, server: str
) -> None:
    context = browser.new_context(
        base_url=server, java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        page.goto("/runs")
        page.set_input_files("#files", [str(STEADY), str(CORRUPT)])
        page.click("text=Upload into my log")
        page.wait_for_selector(".upload-results")
        assert page.locator(".upload-results li").count() == 2
        assert (
            page.locator(".upload-imported a").get_attribute("href", timeout=0).startswith("/runs/")
        )
        assert page.locator(".upload-failed [role=alert]").count() == 1
        assert page.locator(".runs-list tbody tr").count() >= 2
        page.goto(page.locator(".upload-imported a").get_attribute("href"))
        assert page.locator("section.splits h2").first.inner_text() == "Laps"
        assert page.locator("section.splits table").count() >= 2
        page.screenshot(path=str(IMAGES / "web-run-phone.png"), full_page=False)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
