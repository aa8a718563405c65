"""Fixtures of the web app's tests: the real app (FastAPI's TestClient, in process) on a
fixed ``today``, and a plan made through the API as a runner would make it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from miler.web import WebSettings, create_app

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
    page = client.get("/runs")
    assert page.status_code == 200
    token = client.cookies.get("miler_csrf")
    assert token and f'value="{token}"' in page.text
    return token
