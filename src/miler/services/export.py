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
import json
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from miler.export.atomic import ExportError
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

MANIFEST_NAME: Final = ".miler-workouts.json"
_MANIFEST_SCHEMA: Final = "miler.fit-folder"

Format = Literal["fit", "zip", "manifest", "ics", "html", "pdf", "markdown"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class ExportRequest(_Frozen):
    """What to export where. ``plan_path`` is the plan file (no output may replace it);
    ``start_time`` and ``tz`` (an IANA name) make timed calendar events; ``now`` (aware) is
    the DTSTAMP of new or changed events; ``force`` lets files miler did not write be
    replaced."""

    plan: Plan
    plan_path: Path | None = None
    fit_dir: Path | None = None
    ics: Path | None = None
    html: Path | None = None
    pdf: Path | None = None
    markdown: Path | None = None
    start_time: dt.time | None = None
    tz: str | None = None
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


# --- the --fit folder and its manifest ---


def _read_manifest(folder: Path, force: bool) -> dict[str, list[str]]:
    """Plan id -> file names, from the folder's manifest (empty when there is none)."""
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        if force:
            return {}
        raise ExportError(
            f"cannot read {path}: {error}; delete it or add --force to start afresh"
        ) from None
    try:
        data = json.loads(text)
        plans = data["plans"]
        if data.get("schema") != _MANIFEST_SCHEMA or not isinstance(plans, dict):
            raise TypeError
        return {str(plan_id): [str(name) for name in names] for plan_id, names in plans.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        if force:
            return {}
        raise ExportError(
            f"{path} is not a miler manifest; delete it or add --force to start afresh"
        ) from None


def _manifest_bytes(plans: dict[str, list[str]]) -> bytes:
    body = {"schema": _MANIFEST_SCHEMA, "version": 1, "plans": dict(sorted(plans.items()))}
    return (json.dumps(body, indent=2) + "\n").encode("utf-8")


def _is_manifest(data: bytes) -> bool:
    return f'"schema": "{_MANIFEST_SCHEMA}"'.encode() in data


def _safe_name(name: str) -> bool:
    """A bare file name of a workout or zip (a hand-edited manifest cannot point outside)."""
    return Path(name).name == name and name.endswith((".fit", ".zip")) and name[0] != "."


def _is_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[8:12] == b".FIT"


def _is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _fit_outputs(
    plan: Plan, folder: Path, force: bool
) -> tuple[list[Output], list[Removal], list[str]]:
    from miler.export.fit_workout import plan_to_fit, workouts_zip, zip_filename

    workouts = plan_to_fit(plan)
    manifest = _read_manifest(folder, force) if folder.is_dir() else {}
    listed = {name for names in manifest.values() for name in names}

    def ours(name: str, check: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
        return lambda data: name in listed and check(data)

    outputs = [
        Output(folder / w.filename, w.data, "fit", ours(w.filename, _is_fit)) for w in workouts
    ]
    zip_name = zip_filename(plan)
    outputs.append(
        Output(folder / zip_name, workouts_zip(workouts), "zip", ours(zip_name, _is_zip))
    )
    names = [w.filename for w in workouts] + [zip_name]
    removals: list[Removal] = []
    removed: list[str] = []
    for name in manifest.get(plan.plan_id, []):
        if name in names or not _safe_name(name):
            continue
        path = folder / name
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if _is_fit(data) or _is_zip(data):
            removals.append(Removal(path))
            removed.append(str(path))
    manifest[plan.plan_id] = sorted(names)
    outputs.append(
        Output(folder / MANIFEST_NAME, _manifest_bytes(manifest), "manifest", _is_manifest)
    )
    return outputs, removals, removed


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
                document.plan_to_html(plan).encode("utf-8"),
                "html",
                document.is_miler_html,
            )
        )
    if request.pdf is not None:
        out.append(
            Output(request.pdf, document.plan_to_pdf_bytes(plan), "pdf", document.is_miler_pdf)
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
        fit, removals, removed = _fit_outputs(plan, request.fit_dir, request.force)
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
