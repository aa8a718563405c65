"""The web app of a coach server on PostgreSQL: an upload becomes jobs that a real
``miler worker`` does, and the app is ready only once the job queue is installed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from miler.jobs.queue import apply_queue_schema
from miler.store.database import Database
from miler.web import WebSettings, create_app

from .conftest import FIT, url_of, wait_for, worker

pytestmark = pytest.mark.slow


def test_an_upload_is_imported_by_a_worker_and_followed_to_the_end(pg_log: Database) -> None:
    settings = WebSettings(database_url=url_of(pg_log))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.get("/imports")
        token = client.cookies.get("miler_csrf")
        assert token
        names = ["runpandas__run.fit", "fitparse__sample-activity.fit", "slither__running.fit"]
        answer = client.post(
            "/api/v1/imports",
            files=[
                ("files", (n, (FIT / n).read_bytes(), "application/octet-stream")) for n in names
            ],
            headers={"x-csrf-token": token},
        )
        assert answer.status_code == 202, answer.text
        url = answer.json()["status_url"]
        queued = client.get(url).json()
        assert (queued["state"], queued["done"]) == ("queued", 0)
        with worker(pg_log):
            status: dict[str, Any] = wait_for(
                lambda: (s := client.get(url).json())["state"] == "done" and s,
                what="the worker to import the upload",
            )
    assert [i["outcome"] for i in status["items"]] == ["imported"] * 3
    assert status["message"] == "3 of 3 files: 3 imported"


def test_ready_only_once_the_job_queue_is_installed(pg_url: str) -> None:
    settings = WebSettings(database_url=pg_url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        waiting = client.get("/readyz")
        assert waiting.status_code == 503
        assert waiting.json()["detail"] == "the job queue is not installed: run 'miler db upgrade'"
        apply_queue_schema(pg_url)
        assert client.get("/readyz").status_code == 200
