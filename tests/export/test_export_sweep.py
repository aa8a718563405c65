"""A seeded sweep over runners (the plan grid's profile generator: every level, age, sex,
goal, equipment and schedule): each generated plan exports FIT workouts that pass Garmin's
SDK with notes stating the watch's window, a calendar vobject reads at the same instants,
a PDF of cover, glance pages and a page per week, and an HTML that Chromium prints as the
same structure, on A4 or Letter."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path

import pypdf
import pytest
import vobject

from export.test_watch_trust import garmin
from miler.errors import MilerError
from miler.export.document import plan_to_html, plan_to_pdf_bytes
from miler.export.fit_workout import plan_to_fit
from miler.export.ics import plan_to_ics, session_uid, zone
from miler.plan.request import PlanRequest

generate = pytest.importorskip("miler.planning.generate")
grid = pytest.importorskip("planning.test_plan_grid")

NOW = dt.datetime(2026, 1, 2, 8, 0, tzinfo=dt.UTC)
CHROMIUM = Path("/usr/bin/chromium")
_WINDOW = re.compile(r"^watch (\d+:\d{2}\.\d|\d+\.\d s)–(\d+:\d{2}\.\d|\d+\.\d s)")


def _seconds(text: str) -> float:
    if text.endswith(" s"):
        return float(text[:-2])
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + float(seconds)


def _plans(count: int) -> list:
    rng = random.Random(20261202)
    plans = []
    for index in range(count):
        fields = grid.profile(rng, index)
        try:
            plans.append(generate.generate_plan(PlanRequest(**fields)))
        except MilerError:  # an impossible goal is the generator's answer, not the export's
            continue
    return plans


@pytest.mark.slow
def test_random_runners_plans_export_to_files_every_reader_agrees_on() -> None:
    plans = _plans(10)
    assert len(plans) >= 6
    london = zone("Europe/London")
    for plan in plans:
        for workout in plan_to_fit(plan):
            for step in garmin(workout.data)["workout_step_mesgs"]:
                match = _WINDOW.match(step.get("notes", ""))
                if step.get("target_type") == "speed" and match:
                    metres = step["duration_distance"]
                    fast, slow = _seconds(match.group(1)), _seconds(match.group(2))
                    assert fast == pytest.approx(
                        metres / step["custom_target_speed_high"], abs=0.051
                    )
                    assert slow == pytest.approx(
                        metres / step["custom_target_speed_low"], abs=0.051
                    )
        data = plan_to_ics(plan, at=dt.time(7, 0), tz=london, now=NOW)
        starts = {
            str(e.uid.value): e.dtstart.value.astimezone(dt.UTC)
            for e in vobject.readOne(data.decode("utf-8")).vevent_list
        }
        first = {}
        for session in sorted(plan.sessions(), key=lambda s: (s.date, s.order)):
            first.setdefault(session.date, session)
        for day, session in first.items():
            expected = dt.datetime.combine(day, dt.time(7), tzinfo=london).astimezone(dt.UTC)
            assert starts[session_uid(session, plan)] == expected
        texts = [
            p.extract_text() for p in pypdf.PdfReader(io.BytesIO(plan_to_pdf_bytes(plan))).pages
        ]
        glance = sum(1 for t in texts if t.startswith("At a glance"))
        assert glance >= 1 and len(texts) == 1 + glance + len(plan.weeks)


@pytest.mark.slow
def test_random_runners_html_prints_the_pages_it_lays_out() -> None:
    if not CHROMIUM.is_file():
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    plans = _plans(10)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        try:
            for number, plan in enumerate(plans):
                paper = ("A4", "Letter")[number % 2]
                html = plan_to_html(plan, paper)
                page.set_content(html)
                printed = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
                glance = html.count('<section class="glance">')
                assert len(printed.pages) == 1 + glance + len(plan.weeks), (paper, plan.plan_id)
        finally:
            browser.close()
