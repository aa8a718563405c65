"""Schemathesis against the app's own OpenAPI document: generated requests to every API
operation (valid and invalid by the schema) never get a server error."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from miler.web import WebSettings, create_app

APP = create_app(WebSettings(today=lambda: dt.date(2026, 12, 2)))
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)

pytestmark = pytest.mark.slow


@SCHEMA.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_on_any_operation(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
