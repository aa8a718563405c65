"""``export-data`` / ``import-data``: a round trip through the archive loses nothing, from
SQLite to SQLite and from SQLite to PostgreSQL."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from miler.plan.schema import load_plan
from miler.services.importing import gather, import_sources
from miler.services.stores import AthleteProfile, StoredResult, StoreError
from miler.store import SqlAthleteStore, SqlPlanStore, SqlRunStore, open_database
from miler.store.archive import export_archive, import_archive

ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
GOLDEN_V1 = Path(__file__).resolve().parent.parent / "fixtures" / "plan-v1.json"


def _contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in sorted(archive.namelist())}


def _fill(url: str) -> None:
    db = open_database(url)
    try:
        ann = AthleteProfile(athlete_id="ann", name="Ann", sex="F", hr_max_bpm=190, hr_rest_bpm=50)
        athletes = SqlAthleteStore(db)
        athletes.save_athlete(ann)
        athletes.add_result(
            "ann", StoredResult(distance_m=5000, time_s=1250, date=dt.date(2026, 3, 1))
        )
        plan = load_plan(GOLDEN_V1.read_text(encoding="utf-8")).model_copy(
            update={"plan_id": "p1", "athlete_id": "ann"}
        )
        plans = SqlPlanStore(db)
        plans.save_plan(plan.model_copy(update={"reason": "first"}))
        plans.save_plan(
            plan.model_copy(update={"revision": 2, "parent_revision": 1, "reason": "ill"})
        )
        sources = list(gather([ACTIVITIES / "tcx", ACTIVITIES / "gpx" / "slither__running.gpx"]))
        import_sources(sources, ann, SqlRunStore(db))
    finally:
        db.close()


def test_a_round_trip_loses_nothing(db_url: str, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    _fill(source)
    first = tmp_path / "first.zip"
    db = open_database(source)
    counts = export_archive(db, first)
    db.close()
    assert counts["runs"] >= 10 and counts["results"] >= 2 and counts["plans"] == 2

    target = open_database(db_url)
    try:
        assert import_archive(target, first) == counts
        second = tmp_path / "second.zip"
        assert export_archive(target, second) == counts
        assert _contents(second) == _contents(first)
        # and through the stores: the same runner, runs with their originals, plans
        runs = SqlRunStore(target)
        stored = runs.list_runs("ann")
        assert len(stored) == counts["runs"]
        for run in stored:
            name = f"originals/{run.run_id}/{run.file_name}"
            assert runs.original(run.run_id) == _contents(first)[name]
        plan = SqlPlanStore(target).current_plan("ann")
        assert plan is not None and (plan.revision, plan.reason) == (2, "ill")
        # ids continue after the imported ones
        more = import_sources(list(gather([ACTIVITIES / "fit" / "slither__running.fit"])),
                              SqlAthleteStore(target).get_athlete("ann"), runs)  # type: ignore[arg-type]  # fmt: skip
        assert more.outcomes[0].run_id > max(r.run_id for r in stored)
        with pytest.raises(StoreError, match="already holds a runner"):
            import_archive(target, first)
    finally:
        target.close()


def test_bad_archives_are_refused_and_store_nothing(db_url: str, tmp_path: Path) -> None:
    db = open_database(db_url)
    try:
        not_zip = tmp_path / "x.zip"
        not_zip.write_bytes(b"hello")
        with pytest.raises(StoreError, match="not a miler log archive"):
            import_archive(db, not_zip)
        other = tmp_path / "other.zip"
        with zipfile.ZipFile(other, "w") as archive:
            archive.writestr("hello.txt", "hi")
        with pytest.raises(StoreError, match=r"no manifest\.json"):
            import_archive(db, other)
        with pytest.raises(StoreError, match="no such file"):
            import_archive(db, tmp_path / "missing.zip")
        assert SqlAthleteStore(db).default_athlete() is None
    finally:
        db.close()
