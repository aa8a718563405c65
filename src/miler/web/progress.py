"""The progress page: fitness, fatigue and form over time, the predicted mile over time with
its range, personal bests and weekly running planned against done.

The series come from the progress use case (:func:`miler.services.progress.progress`); the
page draws them in the browser (uPlot) from JSON in the page, and lists the same numbers in
tables, which are what a browser without JavaScript shows.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from miler.services.progress import DEFAULT_WEEKS, ProgressReport
from miler.services.stores import AthleteProfile
from miler.store.database import Database
from miler.web.context import athlete, database
from miler.web.runs import runner_zone
from miler.web.security import verify_csrf
from miler.web.templating import render

__all__ = ["progress_of", "router"]

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def progress_of(
    request: Request, db: Database, runner: AthleteProfile, weeks: int = DEFAULT_WEEKS
) -> ProgressReport:
    """The runner's progress over ``weeks`` weeks up to the app's today, from the log."""
    from miler.services.progress import progress
    from miler.store import SqlAthleteStore, SqlPlanStore, SqlRunStore

    return progress(
        runner,
        SqlAthleteStore(db).results(runner.athlete_id),
        SqlRunStore(db).list_runs(runner.athlete_id),
        SqlPlanStore(db).current_plan(runner.athlete_id),
        today=request.app.state.settings.today(),
        tz=runner_zone(),
        weeks=weeks,
    )


@router.get("/progress")
def progress_page(
    request: Request,
    db: Annotated[Database, Depends(database)],
    runner: Annotated[AthleteProfile, Depends(athlete)],
    weeks: Annotated[int, Query(ge=1, le=260)] = DEFAULT_WEEKS,
) -> Response:
    """The progress page (charts, and tables that work without JavaScript)."""
    report = progress_of(request, db, runner, weeks)
    return render(request, "progress.html", {"p": report, "series": _series(report)})


def _series(report: ProgressReport) -> dict[str, object]:
    """The charts' data: one x array (Unix seconds at noon UTC) per chart."""
    import datetime as dt

    def stamp(day: dt.date) -> int:
        return int(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp())

    return {
        "fitness": {
            "x": [stamp(d.date) for d in report.fitness],
            "ctl": [d.ctl for d in report.fitness],
            "atl": [d.atl for d in report.fitness],
            "tsb": [d.tsb for d in report.fitness],
        },
        "mile": {
            "x": [stamp(m.date) for m in report.mile],
            "time": [m.time_s for m in report.mile],
            "low": [m.low_s for m in report.mile],
            "high": [m.high_s for m in report.mile],
        },
        "weeks": {
            "x": [stamp(w.start_date) for w in report.weeks],
            "planned": [w.planned_run_min for w in report.weeks],
            "done": [round(w.done_run_min, 1) for w in report.weeks],
        },
    }
