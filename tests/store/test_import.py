"""Importing runs into the log (the use case over the real store, SQLite and PostgreSQL):
files, gzip, bulk-export zips; each run stored once; bad files store nothing."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from miler.services.importing import gather, import_sources
from miler.services.stores import AthleteProfile
from miler.store import Database, SqlAthleteStore, SqlRunStore, open_database

ACTIVITIES = Path(__file__).resolve().parent.parent / "data" / "activities"
SAME_RUN = ("gpx/heartandsole__testdata.gpx", "tcx/heartandsole__testdata.tcx")
DEVICE_FILE = "fit/heartandsole__testdata.fit"


@pytest.fixture()
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture()
def ann(db: Database) -> AthleteProfile:
    profile = AthleteProfile(athlete_id="ann", sex="F", hr_max_bpm=190, hr_rest_bpm=50)
    SqlAthleteStore(db).save_athlete(profile)
    return profile


def _import(db: Database, ann: AthleteProfile, *paths: Path) -> dict[str, int]:
    summary = import_sources(list(gather(list(paths))), ann, SqlRunStore(db))
    return {
        "imported": summary.imported,
        "duplicates": summary.duplicates,
        "failed": summary.failed,
    }


def test_same_content_once_gzip_included_original_kept(
    db: Database, ann: AthleteProfile, tmp_path: Path
) -> None:
    fit = ACTIVITIES / "fit" / "fitparse__2013-02-06-12-11-14.fit"
    zipped = tmp_path / "again.fit.gz"
    zipped.write_bytes(gzip.compress(fit.read_bytes()))
    assert _import(db, ann, fit) == {"imported": 1, "duplicates": 0, "failed": 0}
    assert _import(db, ann, fit, zipped) == {"imported": 0, "duplicates": 2, "failed": 0}
    [run] = SqlRunStore(db).list_runs("ann")
    assert SqlRunStore(db).original(run.run_id) == fit.read_bytes()
    assert run.content_hash == hashlib.sha256(fit.read_bytes()).hexdigest()
    assert run.sport == "running" and run.distance_m == pytest.approx(4835, abs=1)
    assert run.analysis["trimp"] > 0  # the profile has both heart rates


def test_one_run_in_three_formats_is_stored_once_as_the_device_file(
    db: Database, ann: AthleteProfile
) -> None:
    gps = [ACTIVITIES / p for p in SAME_RUN]
    assert _import(db, ann, *gps) == {"imported": 1, "duplicates": 1, "failed": 0}
    summary = import_sources(list(gather([ACTIVITIES / DEVICE_FILE])), ann, SqlRunStore(db))
    assert [o.status for o in summary.outcomes] == ["replaced"]
    [run] = SqlRunStore(db).list_runs("ann")
    assert (run.source_format, run.file_name) == ("fit", "heartandsole__testdata.fit")
    assert _import(db, ann, *gps) == {"imported": 0, "duplicates": 2, "failed": 0}


def test_bad_files_fail_with_reasons_and_store_nothing(db: Database, ann: AthleteProfile) -> None:
    summary = import_sources(list(gather([ACTIVITIES / "corrupt"])), ann, SqlRunStore(db))
    assert len(summary.outcomes) == 22
    # two files carry only lossless quirks that the importer repairs with a warning (a FIT
    # file missing only its final CRC; a GPX saved as .tcx, read by its content): they may be
    # stored; every other file fails with its reason and stores nothing
    lenient = {"made__run_no_file_crc.fit", "made__gpx_content.tcx"}
    failed = [o for o in summary.outcomes if o.status == "failed"]
    assert summary.failed == len(failed) >= 20
    assert {Path(o.source).name for o in summary.outcomes if o.status != "failed"} <= lenient
    assert all(o.why for o in failed)
    assert any("truncated" in o.why for o in failed)
    assert any("DTD" in o.why for o in failed)
    stored = {r.file_name for r in SqlRunStore(db).list_runs("ann")}
    assert stored <= lenient
    assert len(stored) == len(summary.outcomes) - len(failed) - summary.duplicates


def test_time_trials_and_best_efforts_become_dated_results(
    db: Database, ann: AthleteProfile
) -> None:
    _import(db, ann, ACTIVITIES / "fit")
    results = SqlAthleteStore(db).results("ann")
    runs = {r.run_id: r for r in SqlRunStore(db).list_runs("ann")}
    assert results and all(r.run_id in runs for r in results)
    for result in results:
        run = runs[result.run_id]
        assert run.start is not None and result.date == run.start.date()
        if result.source == "time_trial":
            assert run.analysis["time_trial"]["time_s"] == pytest.approx(result.time_s, abs=0.01)
        else:
            efforts = {e["distance_m"]: e["time_s"] for e in run.analysis["best_efforts"]}
            assert efforts[result.distance_m] == pytest.approx(result.time_s, abs=0.01)
    assert {r.source for r in results} == {"best_effort", "time_trial"}


def _strava_zip(path: Path) -> Path:
    gpx = (ACTIVITIES / "gpx" / "slither__running.gpx").read_bytes()
    fit = (ACTIVITIES / "fit" / "runpandas__run.fit").read_bytes()
    listing = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n"
        '11,"Oct 26, 2020",Evening tempo,Run,activities/11.gpx.gz\n'
        '12,"Sep 14, 2019",Saturday long run,Run,activities/12.fit\n'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("activities.csv", listing)
        archive.writestr("activities/11.gpx.gz", gzip.compress(gpx))
        archive.writestr("activities/12.fit", fit)
        archive.writestr("profile.csv", "not an activity\n")
    return path


def test_a_strava_bulk_export_names_each_run_and_its_sport(
    db: Database, ann: AthleteProfile, tmp_path: Path
) -> None:
    assert _import(db, ann, _strava_zip(tmp_path / "export_1.zip")) == {
        "imported": 2,
        "duplicates": 0,
        "failed": 0,
    }
    runs = SqlRunStore(db).list_runs("ann")
    assert [(r.name, r.sport, r.file_name) for r in runs] == [
        ("Saturday long run", "running", "12.fit"),
        ("Evening tempo", "running", "11.gpx.gz"),  # the GPX itself says "generic"
    ]


def test_a_garmin_bulk_export_with_nested_zips(
    db: Database, ann: AthleteProfile, tmp_path: Path
) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as part:
        part.writestr(
            "ann@example.com_987654.fit", (ACTIVITIES / "fit" / "slither__running.fit").read_bytes()
        )
        part.writestr("ann@example.com_111.fit", b"not a fit file at all")
    summary = [
        {
            "summarizedActivitiesExport": [
                {"activityId": 987654, "name": "Parkrun", "activityType": "running"}
            ]
        }
    ]
    outer = tmp_path / "garmin.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner.getvalue()
        )
        archive.writestr(
            "DI_CONNECT/DI-Connect-Fitness/ann@example.com_0_summarizedActivities.json",
            json.dumps(summary),
        )
    outcomes = import_sources(list(gather([outer])), ann, SqlRunStore(db)).outcomes
    assert [(o.status, o.source.rsplit(":", 1)[-1]) for o in outcomes] == [
        ("failed", "ann@example.com_111.fit"),
        ("imported", "ann@example.com_987654.fit"),
    ]
    assert "not a FIT file" in outcomes[0].why
    [run] = SqlRunStore(db).list_runs("ann")
    assert run.name == "Parkrun"


def test_missing_paths_and_broken_zips_fail_alone(
    db: Database, ann: AthleteProfile, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    fit = ACTIVITIES / "fit" / "fitparse__2013-02-06-12-11-14.fit"
    summary = import_sources(
        list(gather([tmp_path / "nowhere.fit", broken, fit])), ann, SqlRunStore(db)
    )
    assert [o.status for o in summary.outcomes] == ["failed", "failed", "imported"]
    assert "no such file or folder" in summary.outcomes[0].why
    assert "not a valid zip" in summary.outcomes[1].why


def test_a_full_disk_stops_the_import_with_a_clear_error_and_keeps_what_was_stored(
    tmp_path: Path,
) -> None:
    """SQLite's page limit makes the disk 'full' partway through a large file: the error is
    one clear line, the file being written leaves nothing, the files before it stay."""
    from sqlalchemy import event

    from miler.services.stores import StoreError

    url = f"sqlite:///{tmp_path / 'log.db'}"
    db = open_database(url)
    runner = AthleteProfile(athlete_id="ann")
    SqlAthleteStore(db).save_athlete(runner)
    small = ACTIVITIES / "fit" / "fitparse__2013-02-06-12-11-14.fit"
    assert import_sources(list(gather([small])), runner, SqlRunStore(db)).imported == 1
    with db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages) + 20}")  # type: ignore[attr-defined]

    db.engine.dispose()  # new connections get the cap
    large = ACTIVITIES / "fit" / "fitparse__activity-large-fenxi2-multisport.fit"
    with pytest.raises(
        StoreError, match=r"cannot be written: the disk is full; nothing of what was being written"
    ) as caught:
        import_sources(list(gather([large])), runner, SqlRunStore(db))
    assert "\n" not in str(caught.value)
    db.close()
    again = open_database(url)
    try:
        runs = SqlRunStore(again).list_runs("ann")
        assert [r.file_name for r in runs] == [small.name]
        assert SqlRunStore(again).original(runs[0].run_id) == small.read_bytes()
    finally:
        again.close()
