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
    environ: dict[str, str] | None = None,
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A real ``miler serve --port 0`` (any free loopback port) in a subprocess, and the
    address it printed; stopped on leaving. Its stderr is left for the caller to read.
    ``environ``: variables to set for it (e.g. ``MILER_DATA_DIR``, the log it serves)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "miler", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(environ or {}), "PYTHONPATH": str(ROOT / "src")},
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
