"""The export use case: a plan to watch workouts, a calendar and paper, safely.

:func:`export_plan` takes an :class:`ExportRequest` (the plan, which formats go where,
``force``, the calendar's start time and zone, and ``now`` for new DTSTAMPs) and returns an
:class:`ExportResult` listing the files written, the stale workouts removed and the calendar
events sent cancelled. Everything is built in memory, checked (no output over the plan file
or over another output, no file miler did not write replaced without ``force``), then put on
disk all together or not at all (:mod:`miler.export.outputs`).

The ``--fit`` folder keeps a manifest (:data:`MANIFEST_NAME`) of the files each plan wrote
there; re-exporting a plan removes its files that the new revision no longer has, and never
a file miler did not write. The calendar reads the previous file at the same path: unchanged
events keep their stamps, and every miler event the new plan does not have is cancelled.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from miler.export.atomic import ExportError
from miler.export.fit_folder import MANIFEST_NAME, fit_folder_outputs
from miler.export.outputs import Output, Removal, commit, target_of
from miler.plan.limits import device_limit_problems
from miler.plan.model import Plan

__all__ = [
    "MANIFEST_NAME",
    "CancelledEvent",
    "ExportRequest",
    "ExportResult",
    "ExportedFile",
    "export_plan",
]


Format = Literal["fit", "zip", "manifest", "ics", "html", "pdf", "markdown"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class ExportRequest(_Frozen):
    """What to export where. ``plan_path`` is the plan file (no output may replace it);
    ``start_time`` and ``tz`` (an IANA name) make timed calendar events; ``now`` (aware) is
    the DTSTAMP of new or changed events; ``paper`` is the HTML's and PDF's page size;
    ``force`` lets files miler did not write be replaced."""

    plan: Plan
    plan_path: Path | None = None
    fit_dir: Path | None = None
    ics: Path | None = None
    html: Path | None = None
    pdf: Path | None = None
    markdown: Path | None = None
    start_time: dt.time | None = None
    tz: str | None = None
    paper: Literal["A4", "Letter"] = "A4"
    force: bool = False
    now: dt.datetime


class ExportedFile(_Frozen):
    format: Format
    path: str


class CancelledEvent(_Frozen):
    """A calendar event of the previous file that the new plan does not have."""

    uid: str
    summary: str
    start: str


class ExportResult(_Frozen):
    """What the export did; ``model_dump(mode="json")`` is what ``--json`` prints."""

    plan: str | None
    plan_id: str
    revision: int
    weeks: int
    sessions: int
    files: list[ExportedFile] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    cancelled_events: list[CancelledEvent] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def _check_request(request: ExportRequest) -> None:
    from miler.errors import InvalidInputError

    if not any((request.fit_dir, request.ics, request.html, request.pdf, request.markdown)):
        raise InvalidInputError(
            "nothing to export: give --fit DIR, --ics FILE, --html FILE, --pdf FILE or --md FILE"
        )
    if request.start_time is not None and request.ics is None:
        raise InvalidInputError("--time applies to the calendar: add --ics FILE")
    if request.tz is not None and request.start_time is None:
        raise InvalidInputError("--tz needs --time: e.g. --time 07:00 --tz Europe/London")
    if request.now.tzinfo is None:
        raise InvalidInputError("the export time must carry its time zone")
    for session in request.plan.sessions():
        problems = device_limit_problems(session)
        if problems:
            raise ExportError(
                f"session {session.id} cannot be exported: {problems[0]}, more than a watch "
                "workout holds; fix the plan file (miler validate names every such value)"
            )


# --- the calendar ---


def _calendar(request: ExportRequest, path: Path) -> tuple[Output, list[CancelledEvent], list[str]]:
    from miler.export import ics

    zone = ics.zone(request.tz) if request.tz else None
    previous: dict[str, ics.EventStamp] = {}
    warnings: list[str] = []
    target = target_of(path)
    if target.is_file():
        try:
            data = target.read_bytes()
        except OSError as error:
            raise ExportError(f"cannot read the previous calendar {path}: {error}") from None
        if ics.is_miler_calendar(data):
            try:
                previous = ics.parse_stamps(data, str(path))
            except ics.CalendarFileError:
                if not request.force:
                    raise
                warnings.append(
                    f"{path}: the previous calendar could not be read back; it was replaced "
                    "without cancelling its events (--force)"
                )
    plan = request.plan
    data = ics.plan_to_ics(plan, at=request.start_time, tz=zone, previous=previous, now=request.now)
    current = {ics.session_uid(session, plan) for session in plan.sessions()}
    cancelled = [
        CancelledEvent(uid=uid, summary=stamp.summary, start=stamp.start.isoformat())
        for uid, stamp in sorted(previous.items())
        if uid not in current and not stamp.cancelled
    ]
    return Output(path, data, "ics", ics.is_miler_calendar), cancelled, warnings


# --- paper ---


def _documents(request: ExportRequest) -> list[Output]:
    from miler.export import document

    plan = request.plan
    out: list[Output] = []
    if request.markdown is not None:
        out.append(
            Output(
                request.markdown,
                document.plan_to_markdown(plan).encode("utf-8"),
                "markdown",
                document.is_miler_markdown,
            )
        )
    if request.html is not None:
        out.append(
            Output(
                request.html,
                document.plan_to_html(plan, request.paper).encode("utf-8"),
                "html",
                document.is_miler_html,
            )
        )
    if request.pdf is not None:
        out.append(
            Output(
                request.pdf,
                document.plan_to_pdf_bytes(plan, paper=request.paper),
                "pdf",
                document.is_miler_pdf,
            )
        )
    return out


def export_plan(request: ExportRequest) -> ExportResult:
    """Export ``request.plan`` as asked; all files are written or none (see the module)."""
    _check_request(request)
    plan = request.plan
    outputs: list[Output] = []
    removals: list[Removal] = []
    removed: list[str] = []
    cancelled: list[CancelledEvent] = []
    warnings: list[str] = []
    if request.fit_dir is not None:
        if request.fit_dir.exists() and not request.fit_dir.is_dir():
            raise ExportError(
                f"cannot write into {request.fit_dir}: it is a file, not a folder; "
                "give a folder for the workouts"
            )
        fit, removals, removed = fit_folder_outputs(plan, request.fit_dir, request.force)
        outputs.extend(fit)
    if request.ics is not None:
        calendar, cancelled, warnings = _calendar(request, request.ics)
        outputs.append(calendar)
    outputs.extend(_documents(request))
    commit(outputs, removals, source=request.plan_path, force=request.force)
    return ExportResult(
        plan=str(request.plan_path) if request.plan_path is not None else None,
        plan_id=plan.plan_id,
        revision=plan.revision,
        weeks=len(plan.weeks),
        sessions=sum(1 for _ in plan.sessions()),
        files=[ExportedFile(format=o.kind, path=str(o.path)) for o in outputs],
        removed=removed,
        cancelled_events=cancelled,
        warnings=warnings,
    )
