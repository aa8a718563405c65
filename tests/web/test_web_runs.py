"""Runs in the web app, on a real training log (SQLite in the test's folder; one test on
PostgreSQL): uploads imported once through the import use case, the runs list, each run's
page from the view kept at import, matching to the log's plan, local dates, the progress
page and the JSON API under /api/v1."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from miler.plan.model import Plan
from miler.plan.request import PlanRequest, RaceResult
from miler.services.analyse import load_run
from miler.services.plan import make_plan
from miler.services.run_view import match_runs, view_of
from miler.services.stores import AthleteProfile, StoredResult
from miler.store import SqlAthleteStore, SqlPlanStore, SqlRunStore, open_database
from miler.units import MILE_M, format_time, parse_time
from miler.web import WebSettings, create_app

from .conftest import csrf_from

ACTIVITIES = Path(__file__).resolve().parents[1] / "data" / "activities"
FAST_RUN = ACTIVITIES / "fit" / "fitparse__activity-small-fenix2-run.fit"  # Sat 2015-08-15
STAMINA = ACTIVITIES / "fit" / "fitparserjs__garmin-stamina.fit"  # reps, 04:05 UTC Thu 2026-05-14
LIFTING = ACTIVITIES / "fit" / "fitparserjs__suunto-weight.fit"  # strength, Thu 2026-01-22
STEADY = ACTIVITIES / "fit" / "slither__running.fit"  # 7.9 km steady, Sat 2021-03-13
CORRUPT = ACTIVITIES / "corrupt" / "made__run_bad_signature.fit"
EVENING = ACTIVITIES / "tcx" / "runpandas__run_garmin.tcx"  # 07:20 UTC, Sun 2018-11-25
PLAN_TODAY = dt.date(2026, 5, 15)
RUNNER = AthleteProfile(athlete_id="ann", name="Ann", sex="F")


def _files(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def _plan() -> Plan:
    """The real generator's 18-week plan from Mon 2026-01-19 (quality on Thursdays)."""
    request = PlanRequest(
        results=(RaceResult(distance_m=MILE_M, time_s=parse_time("6:10")),),
        days=("mon", "wed", "thu", "sat"),
        weeks=18,
        start_date=dt.date(2026, 1, 19),
        today=dt.date(2026, 1, 18),
        months_running=36,
        runs_per_week=4,
        longest_run_min=60,
        recent_intervals=True,
        age=35,
        sex="F",
    )
    return make_plan(request, today=request.today or PLAN_TODAY, athlete_id=RUNNER.athlete_id)


def _log(url: str, plan: Plan | None = None) -> None:
    db = open_database(url)
    try:
        SqlAthleteStore(db).save_athlete(RUNNER)
        if plan is not None:
            SqlPlanStore(db).save_plan(plan)
    finally:
        db.close()


@pytest.fixture()
def log_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    _log(url)
    return url


@pytest.fixture()
def client(log_url: str) -> Iterator[TestClient]:
    settings = WebSettings(database_url=log_url, today=lambda: PLAN_TODAY)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def _stored(url: str) -> int:
    db = open_database(url)
    try:
        return len(SqlRunStore(db).list_runs(RUNNER.athlete_id))
    finally:
        db.close()


def test_several_files_are_imported_once_each_and_a_bad_one_stores_nothing(
    client: TestClient, log_url: str
) -> None:
    answer = client.post("/api/v1/runs", files=_files(FAST_RUN, CORRUPT, STEADY))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["imported"], report["duplicates"], report["failed"]) == (2, 0, 1)
    assert [f["status"] for f in report["files"]] == ["imported", "failed", "imported"]
    failed = report["files"][1]
    assert failed["why"].startswith(f"{CORRUPT.name}: not a FIT file") and failed["run_id"] is None
    assert _stored(log_url) == 2
    again = client.post("/api/v1/runs", files=_files(FAST_RUN)).json()
    [twice] = again["files"]
    assert twice["status"] == "duplicate" and twice["run_id"] == report["files"][0]["run_id"]
    assert twice["page"] == f"/runs/{twice['run_id']}"
    assert _stored(log_url) == 2


def test_the_upload_page_lists_each_file_and_links_its_run(
    client: TestClient, log_url: str
) -> None:
    token = csrf_from(client)
    page = client.post("/runs", data={"csrf_token": token}, files=_files(FAST_RUN, CORRUPT))
    assert page.status_code == 200
    run_id = SqlRunStore(open_database(log_url)).list_runs(RUNNER.athlete_id)[0].run_id
    assert f'<a href="/runs/{run_id}">See the run</a>' in page.text
    assert page.text.count(f"{CORRUPT.name}: not a FIT file") == 1
    assert f'<td><a href="/runs/{run_id}">{FAST_RUN.name}</a>' in page.text  # the log below
    fragment = client.post(
        "/runs", headers={"x-csrf-token": token, "hx-request": "true"}, files=_files(FAST_RUN)
    )
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'data-status="duplicate"' in fragment.text and "already in your log" in fragment.text


def test_a_corrupt_upload_alone_is_422_and_stores_nothing(client: TestClient, log_url: str) -> None:
    name = '<img src=x onerror="alert(1)">.fit'
    page = client.post(
        "/runs",
        data={"csrf_token": csrf_from(client)},
        files=[("files", (name, CORRUPT.read_bytes(), "application/octet-stream"))],
    )
    assert page.status_code == 422
    assert 'role="alert"' in page.text and "Nothing was stored" in page.text
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=" in page.text
    assert "Traceback" not in page.text
    assert _stored(log_url) == 0
    nothing = client.post("/runs", data={"csrf_token": csrf_from(client)})
    assert nothing.status_code == 422 and "Choose at least one" in nothing.text


def test_uploads_need_the_csrf_token_and_a_bounded_body(log_url: str) -> None:
    small = WebSettings(database_url=log_url, today=lambda: PLAN_TODAY, max_upload_bytes=50_000)
    with TestClient(create_app(small)) as client:
        token = csrf_from(client)
        assert client.post("/runs", files=_files(STEADY)).status_code == 403
        big = client.post("/runs", data={"csrf_token": token}, files=_files(FAST_RUN))
        assert big.status_code == 413 and "too large" in big.json()["detail"]
        assert client.post("/api/v1/runs", files=_files(FAST_RUN)).status_code == 413
    assert _stored(log_url) == 0


def test_runs_are_listed_newest_first_a_page_at_a_time(client: TestClient) -> None:
    client.post("/api/v1/runs", files=_files(FAST_RUN, STAMINA, STEADY))
    first = client.get("/api/v1/runs", params={"per_page": 2}).json()
    second = client.get("/api/v1/runs", params={"page": 2, "per_page": 2}).json()
    assert (first["total"], first["pages"], len(first["runs"]), len(second["runs"])) == (3, 2, 2, 1)
    starts = [r["start"] for r in first["runs"] + second["runs"]]
    assert starts == sorted(starts, reverse=True)
    assert {r["file_name"] for r in first["runs"] + second["runs"]} == {
        FAST_RUN.name,
        STAMINA.name,
        STEADY.name,
    }
    page = client.get("/runs").text
    assert page.index(STAMINA.name) < page.index(STEADY.name) < page.index(FAST_RUN.name)


def _run_id(client: TestClient, path: Path) -> int:
    [outcome] = client.post("/api/v1/runs", files=_files(path)).json()["files"]
    assert outcome["status"] == "imported", outcome
    return int(outcome["run_id"])


def test_a_run_page_draws_from_the_view_kept_at_import(client: TestClient, log_url: str) -> None:
    run_id = _run_id(client, FAST_RUN)
    # The original is never read for the page: spoil it, and the page is still whole.
    db = open_database(log_url)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE run_originals SET data = :junk"), {"junk": b"junk"})
    db.close()
    page = client.get(f"/runs/{run_id}")
    assert page.status_code == 200
    expected = view_of(load_run(FAST_RUN.read_bytes(), FAST_RUN.name), FAST_RUN.name)
    for title in ("Laps", "Splits per km", "Splits per mile", "Best efforts"):
        assert f"<h2>{title}</h2>" in page.text
    assert page.text.count('<meter min="0" max="100"') == (
        len(expected.laps) + len(expected.km_splits) + len(expected.mile_splits)
    )
    assert 'class="chart" data-chart="chart-data"' in page.text
    assert f'<polyline points="{expected.route}" />' in page.text
    api = client.get(f"/api/v1/runs/{run_id}").json()
    assert api["view"] == expected.model_dump(mode="json")
    assert api["match"] is None and api["plan_id"] is None


def test_a_run_page_in_miles_follows_the_settings(client: TestClient) -> None:
    run_id = _run_id(client, FAST_RUN)
    token = csrf_from(client)
    saved = client.post(
        "/settings",
        data={"units": "mi", "days": ["mon", "wed", "sat"], "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    view = client.get(f"/api/v1/runs/{run_id}").json()["view"]
    text = " ".join(client.get(f"/runs/{run_id}").text.split())
    per_mile = format_time(view["avg_pace_s_per_km"] * MILE_M / 1000.0, 0)
    assert f"<dt>Average pace</dt><dd>{per_mile}/mi</dd>" in text
    assert f"<dt>Distance</dt><dd>{view['distance_m'] / MILE_M:.2f} mi</dd>" in text
    assert text.index("Splits per mile") < text.index("Splits per km")
    assert 'data-units="mi"' in text


def test_a_run_kept_without_a_view_gets_it_on_first_view(client: TestClient, log_url: str) -> None:
    run_id = _run_id(client, STEADY)
    db = open_database(log_url)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM run_views"))
    assert SqlRunStore(db).run_view(run_id) is None
    assert client.get(f"/runs/{run_id}").status_code == 200
    kept = SqlRunStore(db).run_view(run_id)
    db.close()
    expected = view_of(load_run(STEADY.read_bytes(), STEADY.name), STEADY.name)
    assert kept is not None and kept["view"] == expected.model_dump(mode="json")


def test_unknown_runs_are_404(client: TestClient) -> None:
    assert client.get("/runs/4242").status_code == 404
    assert client.get(f"/runs/{2**70}").status_code == 404
    assert client.get("/api/v1/runs/-1").status_code == 404
    assert client.get("/api/v1/runs/4242").json() == {
        "detail": "there is no run 4242 in your training log"
    }


def test_without_a_runner_the_runs_page_says_where_to_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with TestClient(create_app(WebSettings(database_url=url))) as client:
        page = client.get("/runs")
        assert page.status_code == 200 and "start with your profile" in page.text
        assert 'id="upload-form"' not in page.text
        assert client.get("/api/v1/runs").status_code == 404
        assert client.post("/api/v1/runs", files=_files(STEADY)).status_code == 404


@pytest.fixture()
def planned(tmp_path: Path) -> tuple[str, Plan]:
    url = f"sqlite:///{tmp_path / 'planned.db'}"
    plan = _plan()
    _log(url, plan)
    return url, plan


def test_the_runs_of_one_upload_are_matched_to_the_plan_together(
    planned: tuple[str, Plan],
) -> None:
    url, plan = planned
    settings = WebSettings(database_url=url, today=lambda: PLAN_TODAY)
    with TestClient(create_app(settings)) as client:
        report = client.post("/api/v1/runs", files=_files(STAMINA, LIFTING, FAST_RUN)).json()
        activities = [load_run(p.read_bytes(), p.name) for p in (STAMINA, LIFTING)]
        expected = match_runs(plan, activities, PLAN_TODAY)
        got = [f["match"] for f in report["files"]]
        assert got[:2] == [m.model_dump(mode="json") for m in expected]
        assert got[0]["session_id"] != got[1]["session_id"]
        assert got[0]["outcome"] == "done" and got[0]["reps_planned"]
        assert got[2] is None  # 2015: outside the plan's weeks, so not matched with them
        stamina = report["files"][0]["run_id"]
        page = client.get(f"/runs/{stamina}")
        shown = client.get(f"/api/v1/runs/{stamina}").json()
        assert shown["match"] == got[0] and shown["plan_id"] == plan.plan_id
        assert f"{got[0]['session_name']} on {got[0]['session_date']}" in page.text
        assert f"Prescribed: {got[0]['reps_planned']} reps" in page.text
        old = client.get(f"/api/v1/runs/{report['files'][2]['run_id']}").json()
        assert old["match"]["unplanned"] == "it was run outside the plan's weeks"


def test_a_late_run_is_dated_by_the_runners_local_day(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TCX file says only UTC: 07:20 UTC on Sunday 25 November is 21:20 on Saturday 24
    in Honolulu, the server's (so the runner's) zone: the run is Saturday's."""
    monkeypatch.setenv("TZ", "Pacific/Honolulu")
    [outcome] = client.post("/api/v1/runs", files=_files(EVENING)).json()["files"]
    assert client.get("/api/v1/runs").json()["runs"][0]["date"] == "2018-11-24"
    page = client.get(f"/runs/{outcome['run_id']}").text
    assert '<span class="hint">2018-11-24</span>' in page and "2018-11-24 21:20 HST" in page
    monkeypatch.setenv("TZ", "UTC")
    assert client.get("/api/v1/runs").json()["runs"][0]["date"] == "2018-11-25"


def test_a_fit_files_own_local_time_dates_it_whatever_the_servers_zone(
    planned: tuple[str, Plan], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watch wrote its local time (UTC+8) into the file: 04:05 UTC on Thursday 14 May
    was 12:05 on Thursday where it ran, though the server's Denver says Wednesday 22:05;
    the run is Thursday's, and fulfils Thursday's rep session on its day."""
    url, _ = planned
    monkeypatch.setenv("TZ", "America/Denver")
    settings = WebSettings(database_url=url, today=lambda: PLAN_TODAY)
    with TestClient(create_app(settings)) as client:
        [outcome] = client.post("/api/v1/runs", files=_files(STAMINA)).json()["files"]
        assert client.get("/api/v1/runs").json()["runs"][0]["date"] == "2026-05-14"
        assert outcome["match"]["outcome"] == "done"
        assert outcome["match"]["session_date"] == "2026-05-14"
        page = client.get(f"/runs/{outcome['run_id']}").text
        assert "2026-05-14 12:05 UTC+08:00" in page


def test_progress_follows_miler_status(planned: tuple[str, Plan]) -> None:
    from miler.services.status import status

    url, plan = planned
    db = open_database(url)
    SqlAthleteStore(db).add_result(
        RUNNER.athlete_id, StoredResult(distance_m=5000, time_s=1260, date=dt.date(2026, 3, 1))
    )
    settings = WebSettings(database_url=url, today=lambda: PLAN_TODAY)
    with TestClient(create_app(settings)) as client:
        client.post("/api/v1/runs", files=_files(STAMINA, LIFTING))
        report = client.get("/api/v1/progress", params={"weeks": 20}).json()
        page = client.get("/progress", params={"weeks": 20})
    now = status(
        RUNNER,
        SqlAthleteStore(db).results(RUNNER.athlete_id),
        SqlRunStore(db).list_runs(RUNNER.athlete_id),
        plan,
        today=PLAN_TODAY,
    )
    db.close()
    fitness = report["fitness"]
    assert (
        fitness[-1]["date"] == "2026-05-15"
        and len(fitness) == 1 + (PLAN_TODAY - dt.date.fromisoformat(report["since"])).days
    )
    assert fitness[-1]["ctl"] == round(now.fitness.ctl, 2)
    assert report["current_mile"] == now.current_mile.model_dump(mode="json")  # type: ignore[union-attr]
    assert report["mile"][-1]["time_s"] == now.current_mile.time_s  # type: ignore[union-attr]
    assert all(p["date"] >= "2026-03-01" for p in report["mile"])  # none before the result
    weeks = {w["start_date"]: w for w in report["weeks"]}
    assert weeks["2026-05-11"]["runs"] == 1 and weeks["2026-05-11"]["planned_run_min"] > 0
    assert len(report["weeks"]) == 20
    assert page.status_code == 200
    for chart in ("mile", "fitness", "weeks"):
        assert f'data-progress="{chart}"' in page.text
    assert "<td>5k</td><td>21:00" in page.text
    assert 'id="progress-data"' in page.text


PG_ADMIN = os.environ.get("MILER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture()
def postgres_log() -> Iterator[str]:
    """A fresh PostgreSQL database of this module's own (``miler_webruns``), dropped after."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {PG_ADMIN}: {str(error).splitlines()[0]}")
    name = f"miler_webruns_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_upload_and_run_page_on_postgresql(postgres_log: str) -> None:
    _log(postgres_log, _plan())
    settings = WebSettings(database_url=postgres_log, today=lambda: PLAN_TODAY)
    with TestClient(create_app(settings)) as client:
        report = client.post("/api/v1/runs", files=_files(STAMINA, CORRUPT)).json()
        assert [f["status"] for f in report["files"]] == ["imported", "failed"]
        run_id = report["files"][0]["run_id"]
        again = client.post("/api/v1/runs", files=_files(STAMINA)).json()
        assert again["files"][0]["status"] == "duplicate"
        shown = client.get(f"/api/v1/runs/{run_id}").json()
        assert shown["match"] == report["files"][0]["match"]
        assert shown["match"]["outcome"] == "done"
        assert client.get(f"/runs/{run_id}").status_code == 200
        assert client.get("/api/v1/runs").json()["total"] == 1
