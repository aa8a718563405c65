"""Runs in the web app: uploads imported into the training log, and the one-off analysis.

An upload goes through the import use case (:func:`miler.services.importing.import_sources`,
the one ``miler import`` uses): each file is stored once with its analysis and its page's
view, a duplicate says so and stores nothing, a file that cannot be read says why and stores
nothing. The runs of the upload are then matched to the runner's current plan together with
the other runs of its weeks (:func:`miler.services.run_view.plan_matches`).

``POST /api/v1/runs/analysis`` keeps its stateless answer: the same view of one file, matched
to a plan given by its address, nothing stored (:func:`analyse_upload`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from miler.plan.model import Plan
from miler.services.run_view import RunMatch, RunView
from miler.services.stores import AthleteProfile
from miler.store.database import Database

__all__ = [
    "RunAnalysis",
    "UploadOutcome",
    "UploadReport",
    "analyse_upload",
    "import_uploads",
    "runner_zone",
    "safe_name",
]


class RunAnalysis(RunView):
    """One file's view and, given a plan, what it was against it (nothing stored)."""

    match: RunMatch | None = None


class UploadOutcome(BaseModel):
    """What became of one uploaded file: ``imported`` (stored, ``run_id`` its page),
    ``duplicate`` (already in the log as ``run_id``; nothing new stored), ``replaced`` (the
    device file took the place of its GPS export) or ``failed`` (``why``; nothing stored),
    and what the run was against the current plan."""

    model_config = ConfigDict(frozen=True)

    file: str
    status: Literal["imported", "duplicate", "replaced", "failed", "skipped"]
    run_id: int | None = None
    page: str | None = None
    why: str = ""
    match: RunMatch | None = None


class UploadReport(BaseModel):
    """Every file of one upload, in the order sent, and the counts."""

    model_config = ConfigDict(frozen=True)

    imported: int
    duplicates: int
    failed: int
    files: tuple[UploadOutcome, ...]


def runner_zone() -> dt.tzinfo:
    """The time zone a run's local date is taken in when its file does not say: the
    server's (``TZ`` when it names an IANA zone, else the system's ``/etc/localtime``, else
    UTC). ``miler serve`` runs on the runner's own computer, so its zone is the runner's."""
    return _zone(os.environ.get("TZ", "").lstrip(":"))


@functools.lru_cache(maxsize=8)
def _zone(name: str) -> dt.tzinfo:
    import zoneinfo

    try:
        if name:
            return zoneinfo.ZoneInfo(name)
        with open("/etc/localtime", "rb") as handle:  # noqa: PTH123 (a system file)
            return zoneinfo.ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return dt.UTC


def safe_name(filename: str | None) -> str:
    """The upload's own file name without any folder, bounded (what messages show)."""
    return Path(filename or "").name[:120] or "upload"


def analyse_upload(
    data: bytes, filename: str, plan: Plan | None = None, today: dt.date | None = None
) -> RunAnalysis:
    """Read and analyse one uploaded file (nothing is stored), and match it to ``plan``
    as of ``today`` when a plan is given. Raises an ``ActivityFileError`` (a
    ``MilerError``) for a file that is not a readable activity."""
    from miler.services.analyse import load_run
    from miler.services.run_view import match_runs, view_of

    name = safe_name(filename)
    loaded = load_run(data, name)
    view = view_of(loaded, name)
    match = None
    if plan is not None and today is not None:
        match = match_runs(plan, [loaded], today)[0]
    return RunAnalysis(**dict(view), match=match)


def import_uploads(
    files: Sequence[tuple[str, bytes]],
    db: Database,
    athlete: AthleteProfile,
    today: dt.date,
    tz: dt.tzinfo,
) -> UploadReport:
    """Import each ``(file name, bytes)`` into the log (the import use case), then match the
    runs of the current plan's weeks, these among them, to the plan together."""
    from miler.services.importing import Source, import_sources
    from miler.services.run_view import match_key, plan_matches
    from miler.store import SqlPlanStore, SqlRunStore

    runs = SqlRunStore(db)
    sources = [
        Source(label=safe_name(name), name=safe_name(name), read=_reader(data))
        for name, data in files
    ]
    summary = import_sources(sources, athlete, runs, tz)
    matches: dict[int, RunMatch] = {}
    plans = SqlPlanStore(db)
    current = plans.current_revision(athlete.athlete_id)
    plan = None if current is None else plans.current_plan(athlete.athlete_id)
    if current is not None and plan is not None and summary.imported:
        _, total = runs.recent_runs(athlete.athlete_id, 0)
        key = match_key(f"{current.plan_id}@{current.revision}", today, tz, total)
        matches = plan_matches(plan, key, athlete.athlete_id, runs, today, tz)
    outcomes = tuple(
        UploadOutcome(
            file=o.source,
            status=o.status,
            run_id=o.run_id,
            page=None if o.run_id is None else f"/runs/{o.run_id}",
            why=o.why,
            match=None if o.run_id is None else matches.get(o.run_id),
        )
        for o in summary.outcomes
    )
    return UploadReport(
        imported=summary.imported,
        duplicates=summary.duplicates,
        failed=summary.failed,
        files=outcomes,
    )


def _reader(data: bytes) -> Callable[[], bytes]:
    def read() -> bytes:
        return data

    return read
