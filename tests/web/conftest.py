"""Fixtures of the web app's tests: the real app (FastAPI's TestClient, in process) on a
fixed ``today``, and a plan made through the API as a runner would make it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from miler.web import WebSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
#: Where the screenshots go: out/screenshots (ignored by git) unless MILER_SCREENSHOTS
#: names a folder; `MILER_SCREENSHOTS=docs/images pytest tests/web/test_web_browser.py`
#: refreshes the ones the README shows.
IMAGES = Path(os.environ.get("MILER_SCREENSHOTS", ROOT / "out" / "screenshots"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TODAY = dt.date(2026, 12, 2)
RUNNER: dict[str, Any] = {
    "age": 35,
    "sex": "M",
    "results": [{"event": "5k", "time": "20:00"}],
}
PLAN_INPUT: dict[str, Any] = {"runner": RUNNER, "days": ["mon", "wed", "fri", "sat"], "weeks": 12}


@pytest.fixture()
def settings() -> WebSettings:
    return WebSettings(today=lambda: TODAY)


@pytest.fixture()
def client(settings: WebSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def plan_id(client: TestClient) -> str:
    made = client.post("/api/v1/plans", json=PLAN_INPUT)
    assert made.status_code == 201, made.text
    token: str = made.json()["plan_id"]
    return token


def csrf_from(client: TestClient) -> str:
    """The CSRF token a browser gets with its first page (cookie and form field)."""
    page = client.get("/settings")
    assert page.status_code == 200
    token = client.cookies.get("miler_csrf")
    assert token and f'value="{token}"' in page.text
    return token


@contextmanager
def miler_serve(
    *extra: str, data_dir: Path | None = None, environ: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A real ``miler serve --port 0`` (any free loopback port; ``extra`` arguments added) in
    a subprocess, and the address it printed; stopped on leaving. Its stderr is left for the
    caller to read. ``data_dir``: the folder of its training log (a module-scoped server
    starts before the per-test folder exists, so it names its own); ``environ``: more
    variables to set for it."""
    env = {**os.environ, **(environ or {}), "PYTHONPATH": str(ROOT / "src")}
    if data_dir is not None:
        env["MILER_DATA_DIR"] = str(data_dir)
        env.pop("MILER_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "miler", "serve", "--host", "127.0.0.1", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("miler is serving on http://127.0.0.1:"), line
        yield process, line.split(" on ", 1)[1].split()[0].rstrip("/")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def accounts_world_template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The coach server's people and data (tests/web/accounts_world.py), made once."""
    from .accounts_world import build_world

    return build_world(tmp_path_factory.mktemp("accounts-world"))


@pytest.fixture()
def accounts_world(accounts_world_template: Any, tmp_path: Path) -> Any:
    """A copy of the accounts world this test may change."""
    from .accounts_world import copy_world

    return copy_world(accounts_world_template, tmp_path)


@pytest.fixture()
def accounts_world_on_postgresql(tmp_path: Path) -> Iterator[Any]:
    """The accounts world built afresh in a PostgreSQL schema of its own."""
    from store.conftest import postgres_schema_url

    from .accounts_world import build_world

    for url in postgres_schema_url():
        yield build_world(tmp_path, url)


def accounts_client(world: Any) -> TestClient:
    """A browser on the accounts-mode app over plain HTTP on loopback (not yet signed in)."""
    from .accounts_world import NOW, TODAY

    settings = WebSettings(
        database_url=world.url, accounts=True, today=lambda: TODAY, now=lambda: NOW
    )
    return TestClient(
        create_app(settings), base_url="http://127.0.0.1", raise_server_exceptions=False
    )


def sign_in(client: TestClient, email: str, password: str | None = None) -> str:
    """Sign ``client`` in; returns the CSRF token of its forms."""
    from .accounts_world import PASSWORD

    client.get("/login")
    token = client.cookies.get("miler_csrf")
    done = client.post(
        "/login",
        data={"email": email, "password": password or PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    client.get("/account")  # sets the CSRF cookie renewed at sign-in
    fresh = client.cookies.get("miler_csrf")
    assert fresh and fresh != token
    return fresh


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one per test module (the browser tests)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
