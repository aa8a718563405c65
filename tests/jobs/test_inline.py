"""Jobs on a personal SQLite log: no queue, the same work done at once in the caller's
process (the web app's), with the same outcomes a worker records."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import func, select

from miler.jobs import (
    export_result,
    job_status,
    submit_export,
    submit_imports,
    submit_reanalysis,
    submit_replan,
)
from miler.jobs.queue import InlineQueue
from miler.jobs.submit import safe_file_name
from miler.settings import MilerSettings
from miler.store import SqlRunStore
from miler.store.database import Database
from miler.store.models import JobItemRow, RunRow

from .conftest import RUNNER, activity


def _queue(db: Database) -> InlineQueue:
    return InlineQueue(db, MilerSettings(job_backoff_s=1))


def _runs(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(RunRow)) or 0)


def test_an_upload_of_several_files_is_one_job_duplicates_succeed_bad_files_fail(
    sqlite_log: Database,
) -> None:
    run = activity("runpandas__run.fit")
    job_id = submit_imports(
        sqlite_log,
        _queue(sqlite_log),
        RUNNER,
        [("runpandas__run.fit", run), ("copy/of/run.fit", run), ("broken.fit", b"not a fit")],
    )
    status = job_status(sqlite_log, job_id, RUNNER)
    assert (status.kind, status.state, status.total, status.done, status.failed) == (
        "import",
        "done",
        3,
        3,
        1,
    )
    first, copy, broken = status.items
    assert (first.outcome, copy.outcome, broken.outcome) == ("imported", "duplicate", "failed")
    assert copy.run_id == first.run_id and copy.name == "run.fit"
    assert broken.state == "failed" and broken.message.startswith("broken.fit: ")
    assert status.message == "3 of 3 files: 1 duplicate, 1 failed, 1 imported"
    stored = SqlRunStore(sqlite_log).original(first.run_id or 0)
    assert stored == run and _runs(sqlite_log) == 1
    with sqlite_log.session() as session:  # the uploads' bytes are not kept twice
        assert session.scalars(select(JobItemRow.payload)).all() == [None, None, None]


def test_a_job_run_again_does_nothing_twice(sqlite_log: Database) -> None:
    queue = _queue(sqlite_log)
    job_id = submit_imports(
        sqlite_log, queue, RUNNER, [("sample.fit", activity("fitparse__sample-activity.fit"))]
    )
    with sqlite_log.session() as session:
        item_ids = list(session.scalars(select(JobItemRow.item_id)))
    before = job_status(sqlite_log, job_id)
    queue.enqueue(item_ids)
    queue.enqueue(item_ids)
    after = job_status(sqlite_log, job_id)
    assert after == before and after.items[0].attempts == 1
    assert _runs(sqlite_log) == 1


def test_unknown_jobs_and_other_runners_jobs_are_not_found(sqlite_log: Database) -> None:
    import pytest

    from miler.jobs import UnknownJobError

    job_id = submit_export(sqlite_log, _queue(sqlite_log), RUNNER)
    with pytest.raises(UnknownJobError, match="there is no job"):
        job_status(sqlite_log, job_id, "runner-b")
    with pytest.raises(UnknownJobError):
        job_status(sqlite_log, "0" * 32)


def test_an_upload_keeps_only_the_file_name_never_a_path() -> None:
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("C:\\Users\\ann\\run.fit") == "run.fit"
    assert safe_file_name("..") == "upload"
    assert safe_file_name("a\x00b.fit") == "ab.fit"


def test_files_miler_cannot_read_are_refused_before_anything_is_stored(
    sqlite_log: Database,
) -> None:
    import pytest

    from miler.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"notes\.txt: miler reads"):
        submit_imports(sqlite_log, _queue(sqlite_log), RUNNER, [("notes.txt", b"hello")])
    with pytest.raises(InvalidInputError, match="no files"):
        submit_imports(sqlite_log, _queue(sqlite_log), RUNNER, [])
    with sqlite_log.session() as session:
        assert session.scalar(select(func.count()).select_from(JobItemRow)) == 0


def test_reanalysis_export_and_replan_jobs(sqlite_log: Database) -> None:
    queue = _queue(sqlite_log)
    imported = job_status(
        sqlite_log,
        submit_imports(sqlite_log, queue, RUNNER, [("run.fit", activity("runpandas__run.fit"))]),
    )
    run_id = imported.items[0].run_id
    assert run_id is not None
    analysed = job_status(sqlite_log, submit_reanalysis(sqlite_log, queue, RUNNER, [run_id]))
    assert (analysed.state, analysed.items[0].outcome) == ("done", "analysed")
    again = SqlRunStore(sqlite_log).get_run(run_id)
    assert again is not None and again.analysis["summary"]["distance_m"] > 0

    export_id = submit_export(sqlite_log, queue, RUNNER)
    assert job_status(sqlite_log, export_id).items[0].outcome == "exported"
    with zipfile.ZipFile(io.BytesIO(export_result(sqlite_log, export_id, RUNNER))) as archive:
        runs = archive.read("runs.jsonl").decode().splitlines()
        assert len(runs) == 1 and f"originals/{run_id}/run.fit" in archive.namelist()

    replan = job_status(sqlite_log, submit_replan(sqlite_log, queue, RUNNER))
    assert replan.state == "failed"
    assert replan.items[0].message == "there is no current plan to re-plan: make a plan first"


def test_a_replan_job_saves_one_new_revision_even_when_run_again(sqlite_log: Database) -> None:
    import datetime as dt

    from miler.jobs import perform_item
    from miler.plan.request import PlanRequest, RaceResult
    from miler.services.plan import make_plan
    from miler.store import SqlPlanStore

    today = dt.datetime.now(dt.UTC).date()  # the day the job is asked for, as a runner would
    request = PlanRequest(
        results=(RaceResult(distance_m=5000.0, time_s=1200.0, date=today, tag="race"),),
        days=("mon", "wed", "fri", "sat"),
        today=today,
        age=35,
        sex="F",
    )
    plans = SqlPlanStore(sqlite_log)
    plans.save_plan(make_plan(request, today=today, athlete_id=RUNNER))
    job_id = submit_replan(sqlite_log, _queue(sqlite_log), RUNNER)
    status = job_status(sqlite_log, job_id)
    assert (status.state, status.items[0].outcome) == ("done", "replanned")
    current = plans.current_plan(RUNNER)
    assert current is not None and current.revision == 2
    assert status.items[0].message == f"plan {current.plan_id} revision 2"
    with sqlite_log.session() as session:
        (item_id,) = session.scalars(select(JobItemRow.item_id).where(JobItemRow.job_id == job_id))
    perform_item(sqlite_log, item_id)
    assert [r.revision for r in plans.revisions(current.plan_id)] == [1, 2]
