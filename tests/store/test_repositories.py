"""The database stores keep what the store interfaces promise, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from miler.plan.model import Plan
from miler.plan.schema import load_plan
from miler.services.stores import (
    AthleteProfile,
    AthleteStore,
    NewRun,
    PlanStore,
    RunStore,
    StoredResult,
    StoreError,
)
from miler.store import Database, SqlAthleteStore, SqlPlanStore, SqlRunStore, open_database

GOLDEN_V1 = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v1.json"
UTC = dt.UTC


@pytest.fixture()
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


def _athlete(db: Database, athlete_id: str = "ann") -> SqlAthleteStore:
    store = SqlAthleteStore(db)
    store.save_athlete(AthleteProfile(athlete_id=athlete_id, name="Ann", sex="F"))
    return store


def test_the_database_stores_implement_the_interfaces(db: Database) -> None:
    athletes: AthleteStore = SqlAthleteStore(db)
    plans: PlanStore = SqlPlanStore(db)
    runs: RunStore = SqlRunStore(db)
    assert athletes.default_athlete() is None
    assert plans.current_plan("nobody") is None
    assert list(runs.list_runs("nobody")) == []


def test_profile_saved_read_and_updated(db: Database) -> None:
    store = SqlAthleteStore(db)
    first = AthleteProfile(
        athlete_id="ann",
        name="Ann",
        sex="F",
        birth_date=dt.date(1990, 5, 17),
        hr_max_bpm=191,
        hr_rest_bpm=48,
        days=("mon", "wed", "sat"),
        units="mi",
    )
    store.save_athlete(first)
    store.save_athlete(AthleteProfile(athlete_id="bob", name="Bob"))
    assert store.get_athlete("ann") == first
    assert store.default_athlete() == first
    changed = first.model_copy(update={"hr_max_bpm": 188.0, "days": ("tue", "thu")})
    store.save_athlete(changed)
    assert store.get_athlete("ann") == changed
    assert store.get_athlete("nobody") is None
    assert first.age_on(dt.date(2026, 5, 16)) == 35
    assert first.age_on(dt.date(2026, 5, 17)) == 36


def test_results_dated_deduplicated_and_removable(db: Database) -> None:
    store = _athlete(db)
    mile = StoredResult(distance_m=1609.344, time_s=330.0, date=dt.date(2026, 6, 1))
    five = StoredResult(distance_m=5000, time_s=1230.0, date=dt.date(2026, 3, 1), tag="race")
    first = store.add_result("ann", mile)
    again = store.add_result("ann", mile)
    store.add_result("ann", five)
    assert first.result_id is not None and again.result_id == first.result_id
    assert [(r.distance_m, r.date) for r in store.results("ann")] == [
        (5000, dt.date(2026, 3, 1)),
        (1609.344, dt.date(2026, 6, 1)),
    ]
    assert store.remove_result("ann", first.result_id)
    assert not store.remove_result("ann", first.result_id)
    assert [r.time_s for r in store.results("ann")] == [1230.0]
    with pytest.raises(StoreError, match=r"no athlete 'zed'.*miler athlete"):
        store.add_result("zed", mile)


def _plan(revision: int = 1, **update: object) -> Plan:
    plan = load_plan(GOLDEN_V1.read_text(encoding="utf-8"))
    fields = {"plan_id": "p1", "athlete_id": "ann", "revision": revision, **update}
    if revision > 1:
        fields.setdefault("parent_revision", revision - 1)
    return plan.model_copy(update=fields)


def test_plan_revisions_kept_listable_and_current(db: Database) -> None:
    _athlete(db)
    store = SqlPlanStore(db)
    store.save_plan(_plan(1, reason="first plan"))
    store.save_plan(_plan(2, reason="missed a week: ill"))
    current = store.current_plan("ann")
    assert current is not None and current.revision == 2
    assert current == _plan(2, reason="missed a week: ill")
    assert store.get_revision("p1", 1) == _plan(1, reason="first plan")
    assert store.get_revision("p1", 3) is None
    infos = store.revisions("p1")
    assert [(i.revision, i.parent_revision, i.reason, i.current) for i in infos] == [
        (1, None, "first plan", False),
        (2, 1, "missed a week: ill", True),
    ]
    with pytest.raises(StoreError, match=r"holds revision 2 of it, so the next is 3"):
        store.save_plan(_plan(2))
    with pytest.raises(StoreError, match=r"holds no revision of it, so the next is 1"):
        store.save_plan(_plan(4, plan_id="p2"))
    store.save_plan(_plan(1, plan_id="p2", reason="new goal"))
    other = store.current_plan("ann")
    assert other is not None and other.plan_id == "p2"
    assert list(store.plan_ids("ann")) == ["p1", "p2"]
    assert [i.current for i in store.revisions("p1")] == [False, False]


def _run(
    content: bytes,
    start: dt.datetime | None,
    duration_s: float,
    source_format: str = "fit",
    athlete_id: str = "ann",
) -> NewRun:
    return NewRun(
        athlete_id=athlete_id,
        content_hash=hashlib.sha256(content).hexdigest(),
        file_name=f"run.{source_format}",
        source_format=source_format,  # type: ignore[arg-type]
        sport="running",
        start=start,
        duration_s=duration_s,
        distance_m=duration_s * 3.5,
        analysis={"summary": {"distance_m": duration_s * 3.5}},
        original=content,
    )


def test_runs_stored_once_by_content_and_by_overlap_device_file_preferred(db: Database) -> None:
    _athlete(db)
    store = SqlRunStore(db)
    morning = dt.datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    gpx = _run(b"<gpx>morning</gpx>", morning + dt.timedelta(seconds=4), 1796, "gpx")
    first = store.add_run(gpx)
    assert first.status == "imported"
    assert store.add_run(gpx).status == "duplicate"
    tcx = _run(b"<tcx>morning</tcx>", morning, 1800, "tcx")
    same_run = store.add_run(tcx)
    assert (same_run.status, same_run.of) == ("duplicate", first.run_id)
    assert "the same run as run.gpx" in same_run.why
    fit = _run(b".FIT morning", morning - dt.timedelta(seconds=2), 1803, "fit")
    replaced = store.add_run(
        fit, [StoredResult(distance_m=1609.344, time_s=400, date=dt.date(2026, 6, 1))]
    )
    assert (replaced.status, replaced.of) == ("replaced", first.run_id)
    evening = _run(b".FIT evening", morning + dt.timedelta(hours=10), 1800, "fit")
    assert store.add_run(evening).status == "imported"
    runs = store.list_runs("ann")
    assert [(r.source_format, r.start) for r in runs] == [
        ("fit", morning - dt.timedelta(seconds=2)),
        ("fit", morning + dt.timedelta(hours=10)),
    ]
    assert runs[0].analysis == {"summary": {"distance_m": 1803 * 3.5}}
    assert store.original(runs[0].run_id) == b".FIT morning"
    assert store.get_run(first.run_id) is None
    with pytest.raises(StoreError, match=r"no run"):
        store.original(first.run_id)
    results = SqlAthleteStore(db).results("ann")
    assert [(r.run_id, r.time_s) for r in results] == [(replaced.run_id, 400)]


def test_runs_listed_by_date_and_sport(db: Database) -> None:
    _athlete(db)
    store = SqlRunStore(db)
    days = [dt.datetime(2026, 6, d, 7, tzinfo=UTC) for d in (1, 3, 5)]
    for n, start in enumerate(days):
        store.add_run(_run(f"r{n}".encode(), start, 1800))
    store.add_run(_run(b"no clock", None, 600))
    since, until = days[1], days[2]
    assert [r.start for r in store.list_runs("ann", since=since, until=until)] == [days[1]]
    assert len(store.list_runs("ann")) == 4
    assert store.list_runs("ann")[-1].start is None
    assert store.list_runs("ann", sport="cycling") == []
    assert store.list_runs("bob") == []
