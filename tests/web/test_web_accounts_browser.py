"""The coach server in a real browser: Debian's Chromium driven by Playwright against a real
``miler serve --accounts`` in a subprocess on a free loopback port.

A coach signs in, makes a squad and an invitation link; an athlete opens the link in a
browser of their own, makes an account and joins; the coach sees them on the roster and
comments on a session; the athlete reads the comment. axe-core reports no serious or
critical violation on any of the accounts pages. Screenshots: web-coach-*.png in the
screenshots folder of tests/web/test_web_browser.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, IMAGES, miler_serve
from .test_web_browser import _axe

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
COACH_PASSWORD = "the coach's own password"
COMMENT = "Keep Tuesday easy <b>really</b>"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``miler serve --accounts`` on a log holding one coach account (made by
    ``miler admin``); no traceback on its stderr after."""
    log = f"sqlite:///{tmp_path_factory.mktemp('coach-server') / 'server.db'}"
    made = subprocess.run(
        [sys.executable, "-m", "miler", "admin", "create-user", "--email", "cora@club.org",
         "--role", "coach", "--name", "Cora Coach", "--password-stdin", "--database-url", log],
        input=COACH_PASSWORD + "\n", capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with miler_serve("--accounts", "--database-url", log) as (process, url):
        yield url
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "Traceback" not in errors, errors


def _person(browser: Any, server: str, errors: list[str]) -> Any:
    """A browser of one's own (cookies apart), that notes script and CSP errors."""
    context = browser.new_context(base_url=server)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def _clean(page: Any, name: str) -> None:
    """No serious or critical axe-core violation; a screenshot of the page."""
    assert _axe(page) == [], page.url
    page.screenshot(path=str(IMAGES / f"web-coach-{name}.png"), full_page=True)


def test_a_coach_invites_an_athlete_who_joins_and_reads_the_coachs_comment(
    browser: Any, server: str
) -> None:
    errors: list[str] = []
    coach = _person(browser, server, errors)
    coach.goto("/squads")
    assert "/login?next=" in coach.url
    _clean(coach, "login")
    coach.get_by_label("E-mail").fill("cora@club.org")
    coach.get_by_label("Password").fill(COACH_PASSWORD)
    coach.get_by_role("button", name="Sign in").click()
    coach.wait_for_url("**/squads")
    _clean(coach, "squads")
    coach.get_by_label("Name of a new squad").fill("Tuesday Milers")
    coach.get_by_role("button", name="Create the squad").click()
    coach.get_by_role("heading", name="Tuesday Milers").wait_for()
    roster_url = coach.url
    coach.get_by_role("button", name="Invite an athlete").click()
    link = coach.get_by_label("Invitation link").input_value()
    assert link.startswith(server + "/invite/mlr_inv_")
    _clean(coach, "invite")

    athlete = _person(browser, server, errors)
    athlete.goto(link)
    athlete.get_by_role("heading", name="Join Tuesday Milers").wait_for()
    _clean(athlete, "invitation")
    athlete.get_by_label("Your name").fill("Ann Athlete")
    athlete.get_by_label("E-mail").fill("ann@club.org")
    athlete.get_by_label("Password (at least 10 characters)").fill("ann's own password")
    athlete.get_by_role("button", name="Create the account and join").click()
    athlete.get_by_text("You joined the squad.").wait_for()
    assert athlete.get_by_role("button", name="Leave Tuesday Milers").is_visible()

    coach.goto(roster_url)
    coach.get_by_role("link", name="Ann Athlete", exact=True).wait_for()
    _clean(coach, "roster")
    coach.get_by_role("link", name="comments for Ann Athlete").click()
    coach.get_by_role("heading", name="Comments for Ann Athlete").wait_for()
    coach.get_by_label("Session id or run number").fill("w2-tue")
    coach.get_by_label("Comment").fill(COMMENT)
    coach.get_by_role("button", name="Add the comment").click()
    coach.get_by_text(COMMENT).wait_for()
    _clean(coach, "comments")
    coach.goto(roster_url + "/table")
    _clean(coach, "table")
    coach.goto("/account")
    _clean(coach, "account")

    athlete.goto("/comments")
    shown = athlete.get_by_text(COMMENT)
    shown.wait_for()
    assert shown.inner_text() == COMMENT  # the HTML in it is text
    assert "Cora Coach on session w2-tue" in athlete.content()
    _clean(athlete, "athlete-comments")
    # the athlete cannot open the coach's roster: it is not there for her
    assert athlete.goto(roster_url).status == 404
    assert [e for e in errors if "404" not in e] == []
