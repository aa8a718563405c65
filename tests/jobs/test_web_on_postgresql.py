"""The web app of a coach server on PostgreSQL: an upload becomes jobs that a real
``miler worker`` does, and the app is ready only once the job queue is installed."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from miler.services.stores import AthleteProfile
from miler.store import SqlAthleteStore, SqlRunStore, open_database
from miler.store.database import Database
from miler.web import WebSettings, create_app

from .conftest import FIT, RUNNER, url_of, wait_for, worker

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


def test_ready_only_once_the_job_queue_is_installed_and_no_upload_is_lost_before(
    pg_url: str,
) -> None:
    db = open_database(pg_url)
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id=RUNNER, name="Ann"))
    settings = WebSettings(database_url=pg_url)
    try:
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            waiting = client.get("/readyz")
            assert waiting.status_code == 503
            assert waiting.json()["detail"] == (
                "the job queue is not installed: run 'miler db upgrade'"
            )
            client.get("/imports")
            name = "slither__running.fit"
            answer = client.post(
                "/api/v1/imports",
                files=[("files", (name, (FIT / name).read_bytes(), "application/octet-stream"))],
                headers={"x-csrf-token": client.cookies.get("miler_csrf") or ""},
            )
            assert answer.status_code == 202, answer.text  # stored, though not queued yet
            url = answer.json()["status_url"]
            with worker(db):  # installs the queue; its sweep queues the stored upload
                wait_for(lambda: client.get(url).json()["state"] == "done", what="the upload")
            assert client.get("/readyz").status_code == 200
    finally:
        db.close()


def test_the_runs_page_upload_becomes_a_job_on_the_coach_server(pg_log: Database) -> None:
    """On PostgreSQL the runs page stores and queues its files (workers import them) and
    sends the runner to the job's page; htmx's per-file upload gets a fragment saying so."""
    settings = WebSettings(database_url=url_of(pg_log))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.get("/runs")
        token = client.cookies.get("miler_csrf") or ""
        name = "slither__running.fit"
        upload = [("files", (name, (FIT / name).read_bytes(), "application/octet-stream"))]
        page = client.post(
            "/runs", data={"csrf_token": token}, files=upload, follow_redirects=False
        )
        assert page.status_code == 303
        job_url = page.headers["location"]
        assert job_url.startswith("/jobs/")
        job_id = job_url.rsplit("/", 1)[1]
        queued = client.get(f"/api/v1/jobs/{job_id}").json()
        assert (queued["state"], len(queued["items"])) == ("queued", 1)
        fragment = client.post(
            "/runs", data={"csrf_token": token}, files=upload, headers={"hx-request": "true"}
        )
        assert fragment.status_code == 200
        assert 'data-status="queued"' in fragment.text and "/jobs/" in fragment.text
        with worker(pg_log):
            wait_for(
                lambda: client.get(f"/api/v1/jobs/{job_id}").json()["state"] == "done",
                what="the worker to import the runs page's upload",
            )
    runs = SqlRunStore(pg_log).list_runs(RUNNER)
    assert len(runs) == 1  # the second upload of the same file is a duplicate
