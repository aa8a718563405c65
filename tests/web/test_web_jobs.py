"""Background jobs on the web, on the embedded SQLite log (the web process does the work
itself): several files uploaded as one job (202), its progress in the API and on a page
that polls with htmx, CSRF, 404s; and the liveness and readiness probes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from miler.services.stores import AthleteProfile
from miler.store import SqlAthleteStore, open_database
from miler.store.database import REVISIONS, Database, _engine, upgrade
from miler.web import WebSettings, create_app

from .conftest import TODAY, csrf_from

FIT = Path(__file__).resolve().parents[1] / "data" / "activities" / "fit"
RUN = FIT / "runpandas__run.fit"
OTHER = FIT / "fitparse__sample-activity.fit"


def _file(path: Path, name: str | None = None) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name or path.name, path.read_bytes(), "application/octet-stream"))


@pytest.fixture()
def log_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    db = open_database(url)
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id="ann", name="Ann"))
    db.close()
    return url


@pytest.fixture()
def runner_client(log_url: str) -> Iterator[TestClient]:
    settings = WebSettings(database_url=log_url, today=lambda: TODAY)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_several_files_are_one_import_job_whose_progress_the_api_reads(
    runner_client: TestClient,
) -> None:
    token = csrf_from(runner_client)
    answer = runner_client.post(
        "/api/v1/imports",
        files=[_file(RUN), _file(OTHER), _file(RUN, "../../again.fit")],
        headers={"x-csrf-token": token},
    )
    assert answer.status_code == 202, answer.text
    accepted = answer.json()
    assert accepted["files"] == 3 and answer.headers["location"] == accepted["status_url"]
    status = runner_client.get(accepted["status_url"]).json()
    assert (status["state"], status["total"], status["done"], status["failed"]) == (
        "done",
        3,
        3,
        0,
    )
    assert [(i["name"], i["outcome"]) for i in status["items"]] == [
        (RUN.name, "imported"),
        (OTHER.name, "imported"),
        ("again.fit", "duplicate"),
    ]


def test_the_job_page_shows_each_file_and_stops_polling_when_done(
    runner_client: TestClient,
) -> None:
    token = csrf_from(runner_client)
    form = runner_client.get("/imports")
    assert form.status_code == 200 and 'action="/imports"' in form.text
    posted = runner_client.post(
        "/imports",
        data={"csrf_token": token},
        files=[_file(RUN, "<img src=x onerror=alert(1)>.fit")],
        follow_redirects=False,
    )
    assert posted.status_code == 303
    page = runner_client.get(posted.headers["location"])
    assert page.status_code == 200
    assert "Done" in page.text and "1 of 1 file: 1 imported" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;.fit" in page.text and "<img" not in page.text
    assert "hx-trigger" not in page.text  # finished: nothing left to poll
    part = runner_client.get(posted.headers["location"] + "/progress")
    assert part.status_code == 200 and part.text.lstrip().startswith('<section id="job-progress"')


def test_an_upload_without_the_csrf_token_is_refused_and_stores_nothing(
    runner_client: TestClient, log_url: str
) -> None:
    refused = runner_client.post("/api/v1/imports", files=[_file(RUN)])
    assert refused.status_code == 403
    db = open_database(log_url)
    try:
        with db.session() as session:
            from sqlalchemy import func, select

            from miler.store.models import JobRow

            assert session.scalar(select(func.count()).select_from(JobRow)) == 0
    finally:
        db.close()


def test_unknown_jobs_are_404_and_bad_uploads_a_clear_422(runner_client: TestClient) -> None:
    token = csrf_from(runner_client)
    assert runner_client.get("/api/v1/jobs/" + "f" * 32).status_code == 404
    assert runner_client.get("/api/v1/jobs/" + "x" * 300).json() == {
        "detail": "there is no job " + "x" * 300
    }
    page = runner_client.get("/jobs/nothing-here")
    assert page.status_code == 404 and "Traceback" not in page.text
    text = runner_client.post(
        "/api/v1/imports",
        files=[("files", ("notes.txt", b"hello", "text/plain"))],
        headers={"x-csrf-token": token},
    )
    assert text.status_code == 422
    assert text.json() == {"detail": "notes.txt: miler reads .fit, .gpx and .tcx files (or .gz)"}


def test_health_and_readiness(runner_client: TestClient) -> None:
    assert runner_client.get("/healthz").text == "ok"
    ready = runner_client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_not_ready_on_a_log_of_an_older_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Database(_engine(url, 5.0))
    upgrade(old, "0001")
    old.close()
    settings = WebSettings(database_url=url, today=lambda: TODAY)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "not ready"
    assert "run 'miler db upgrade' first" in answer.json()["detail"]


def test_not_ready_once_a_newer_miler_has_upgraded_the_log(
    runner_client: TestClient, log_url: str
) -> None:
    import sqlite3

    assert runner_client.get("/readyz").status_code == 200
    with sqlite3.connect(log_url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'v9999'")
    answer = runner_client.get("/readyz")
    assert answer.status_code == 503
    detail = answer.json()["detail"]
    assert detail.endswith(f"newer than this miler ({REVISIONS[-1]}): upgrade miler")
