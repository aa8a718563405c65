"""Import everything a runner has into the training log: activity files, folders, gzip, and
the zip of a Garmin Connect or Strava bulk export.

:func:`gather` turns the paths a runner names into :class:`Source` items (one per activity
file, found in folders and zips, nested zips included) with what a bulk export's activity
list says about each (its name and sport). :func:`import_source` reads one, analyses it once
and offers it to the run store, which stores it in one transaction (the run, its original
bytes and the results found in it) or reports it as a duplicate: the same content (hash of
the decompressed bytes, so ``run.fit`` and ``run.fit.gz`` are one file) or the same run in
another format (overlapping start and duration; the device's FIT file is preferred).

The bulk exports, as their owners write them:

* Strava (*Settings > My Account > Download or delete your account*): ``activities.csv``
  with ``Activity ID``, ``Activity Name``, ``Activity Type`` and ``Filename`` (e.g.
  ``activities/1234.fit.gz``) beside an ``activities/`` folder.
* Garmin Connect (*Account > Data management > Export your data*): the uploaded originals
  in nested zips under ``DI_CONNECT/DI-Connect-Uploaded-Files/`` (member names end in
  ``_<activityId>.fit``), and ``*_summarizedActivities.json`` files listing ``activityId``,
  ``name`` and ``activityType``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from miler.activities.model import Activity
from miler.errors import ActivityFileError, MilerError
from miler.services.stores import (
    AthleteProfile,
    NewRun,
    RunStore,
    StoredResult,
)

__all__ = [
    "ACTIVITY_SUFFIXES",
    "ImportOutcome",
    "ImportSummary",
    "Source",
    "analyse_activity",
    "gather",
    "import_source",
    "import_sources",
    "read_activity",
    "results_from_analysis",
]

ACTIVITY_SUFFIXES: Final = (".fit", ".gpx", ".tcx")
MAX_ZIP_MEMBER_BYTES: Final = 64 * 2**20
"""A zip member larger than this (uncompressed) is not one activity: refused unread."""

#: the sports a bulk export's activity list names, as miler names them
_SPORTS: Final = {
    "run": "running",
    "running": "running",
    "trail run": "running",
    "trail_running": "running",
    "treadmill_running": "running",
    "virtualrun": "running",
    "track_running": "running",
    "street_running": "running",
    "indoor_running": "running",
    "ride": "cycling",
    "cycling": "cycling",
    "virtualride": "cycling",
    "road_biking": "cycling",
    "swim": "swimming",
    "swimming": "swimming",
    "lap_swimming": "swimming",
    "walk": "walking",
    "walking": "walking",
    "hike": "hiking",
    "hiking": "hiking",
    "weighttraining": "training",
    "weight training": "training",
    "strength_training": "training",
}

#: standard distances whose best effort inside a run is kept as a dated result
RESULT_EFFORTS_M: Final = (1500.0, 1609.344, 3000.0, 5000.0)


@dataclass(frozen=True)
class Source:
    """One activity file to import: where it came from, its bytes (read when needed) and
    what an activity list said about it."""

    label: str
    name: str
    read: Callable[[], bytes] = field(repr=False)
    title: str | None = None
    sport: str | None = None


class ImportOutcome(BaseModel):
    """What happened to one file."""

    model_config = ConfigDict(frozen=True)

    source: str
    status: Literal["imported", "duplicate", "replaced", "failed", "skipped"]
    run_id: int | None = None
    why: str = ""


class ImportSummary(BaseModel):
    """The counts ``miler import`` ends with, and each file's outcome."""

    model_config = ConfigDict(frozen=True)

    imported: int
    duplicates: int
    failed: int
    outcomes: tuple[ImportOutcome, ...]


def _format(name: str) -> str | None:
    lower = name.lower().removesuffix(".gz")
    for suffix in ACTIVITY_SUFFIXES:
        if lower.endswith(suffix):
            return suffix[1:]
    return None


def _sport(text: str | None) -> str | None:
    if not text:
        return None
    key = text.strip().lower()
    return _SPORTS.get(key, _SPORTS.get(key.replace(" ", "_"), key.replace(" ", "_")))


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        if info.file_size > MAX_ZIP_MEMBER_BYTES:
            raise ActivityFileError(
                f"{info.filename}: {info.file_size // 2**20} MiB uncompressed, "
                "too large for one activity"
            )
        with archive.open(info) as handle:
            data = handle.read(MAX_ZIP_MEMBER_BYTES + 1)
        if len(data) > MAX_ZIP_MEMBER_BYTES:
            raise ActivityFileError(f"{info.filename}: too large for one activity")
        return data

    return read


def _strava_list(archive: zipfile.ZipFile, names: set[str]) -> dict[str, tuple[str, str]]:
    """Strava's ``activities.csv``: member file name -> (activity name, type)."""
    listing = next((n for n in names if n.rsplit("/", 1)[-1] == "activities.csv"), None)
    if listing is None:
        return {}
    prefix = listing[: -len("activities.csv")]
    text = archive.read(listing).decode("utf-8-sig", errors="replace")
    found: dict[str, tuple[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        filename = (row.get("Filename") or "").strip()
        if filename:
            found[prefix + filename] = (
                (row.get("Activity Name") or "").strip(),
                (row.get("Activity Type") or "").strip(),
            )
    return found


def _garmin_list(archive: zipfile.ZipFile, names: set[str]) -> dict[str, tuple[str, str]]:
    """Garmin's ``*_summarizedActivities.json``: activity id -> (name, activity type)."""
    found: dict[str, tuple[str, str]] = {}
    for name in sorted(n for n in names if n.endswith("summarizedActivities.json")):
        try:
            payload = json.loads(archive.read(name))
        except (ValueError, zipfile.BadZipFile):
            continue
        blocks = payload if isinstance(payload, list) else [payload]
        for block in blocks:
            items = block.get("summarizedActivitiesExport", []) if isinstance(block, dict) else []
            for item in items:
                if isinstance(item, dict) and "activityId" in item:
                    found[str(item["activityId"])] = (
                        str(item.get("name") or ""),
                        str(item.get("activityType") or ""),
                    )
    return found


_GARMIN_ID: Final = re.compile(r"_(\d+)\.(?:fit|gpx|tcx)(?:\.gz)?$", re.IGNORECASE)


def _from_zip(
    archive: zipfile.ZipFile, label: str, garmin: dict[str, tuple[str, str]] | None = None
) -> Iterator[Source]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    names = {i.filename for i in infos}
    strava = _strava_list(archive, names)
    garmin = {**(garmin or {}), **_garmin_list(archive, names)}
    for info in sorted(infos, key=lambda i: i.filename):
        member = info.filename
        base = member.rsplit("/", 1)[-1]
        if base.startswith(".") or "__MACOSX/" in member:
            continue
        where = f"{label}:{member}"
        if base.lower().endswith(".zip"):
            try:
                with archive.open(info) as handle:
                    inner = zipfile.ZipFile(io.BytesIO(handle.read()))
            except zipfile.BadZipFile:
                yield Source(where, base, _fail(f"{base}: not a valid zip file"))
                continue
            yield from _from_zip(inner, where, garmin)
            continue
        if _format(base) is None:
            continue
        title, sport = strava.get(member, (None, None))
        if title is None:
            match = _GARMIN_ID.search(base)
            if match and match.group(1) in garmin:
                title, sport = garmin[match.group(1)]
        yield Source(where, base, _member_reader(archive, info), title or None, _sport(sport))


def _fail(message: str) -> Callable[[], bytes]:
    def read() -> bytes:
        raise ActivityFileError(message)

    return read


def _from_path(path: Path) -> Iterator[Source]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            wanted = _format(child.name) is not None or child.suffix.lower() == ".zip"
            if wanted and child.is_file() and not child.name.startswith("."):
                yield from _from_path(child)
        return
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            yield Source(str(path), path.name, _fail(f"{path.name}: not a valid zip ({error})"))
            return
        yield from _from_zip(archive, str(path))
        return
    yield Source(str(path), path.name, path.read_bytes)


def gather(paths: Sequence[Path]) -> Iterator[Source]:
    """Every activity file in ``paths``: files, folders (recursively), zips (nested too)."""
    for path in paths:
        if not path.exists():
            yield Source(str(path), path.name, _fail(f"{path}: no such file or folder"))
            continue
        yield from _from_path(path)


def read_activity(name: str, raw: bytes) -> tuple[bytes, Activity]:
    """The decompressed bytes of an activity file called ``name`` and the activity in them
    (read as ``miler analyse`` reads it: gzip bounded, the content decides the format)."""
    from miler.activities.base import decompressed, parse_activity

    data = decompressed(raw, name)
    return data, parse_activity(data, name)


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def analyse_activity(activity: Activity, profile: AthleteProfile | None) -> dict[str, Any]:
    """The analysis kept with a run: its summary, best efforts, the time trial it held, and
    its heart-rate load (Banister TRIMP, :func:`miler.activities.load.trimp`) when the
    runner's resting and maximum heart rates are known."""
    from miler.activities.best_efforts import best_efforts, recognise_time_trial
    from miler.activities.load import trimp
    from miler.activities.summary import summarise

    run = activity.running_part() if activity.is_run else activity
    summary = summarise(run)
    samples = run.samples
    running = run.is_run
    efforts = best_efforts(samples) if running else ()
    trial = recognise_time_trial(samples) if running else None
    load: float | None = None
    if (
        profile is not None
        and profile.hr_rest_bpm is not None
        and profile.hr_max_bpm is not None
        and samples.has("heart_rate_bpm")
    ):
        sex = "female" if profile.sex == "F" else "male"
        load = trimp(samples, profile.hr_rest_bpm, profile.hr_max_bpm, sex)
    return {
        "summary": {
            "sport": summary.sport,
            "distance_m": summary.distance_m,
            "elapsed_s": summary.elapsed_s,
            "moving_s": summary.moving_s,
            "avg_speed_mps": _finite(summary.avg_speed_mps),
            "avg_heart_rate_bpm": _finite(summary.avg_heart_rate_bpm),
            "max_heart_rate_bpm": _finite(summary.max_heart_rate_bpm),
            "ascent_m": _finite(summary.ascent_m),
            "has_gps": summary.has_gps,
            "utc_offset_s": activity.utc_offset_s,
        },
        "best_efforts": [
            {"distance_m": e.distance_m, "time_s": e.time_s, "start_s": e.start_s} for e in efforts
        ],
        "time_trial": None
        if trial is None
        else {
            "distance_m": trial.effort.distance_m,
            "time_s": trial.effort.time_s,
            "start_s": trial.effort.start_s,
            "contrast": trial.contrast,
        },
        "trimp": load,
        "warnings": list(activity.warnings),
    }


def results_from_analysis(analysis: dict[str, Any], day: dt.date) -> list[StoredResult]:
    """The dated results a run gives: its time trial (an all-out effort, R-F3.1) and its
    best efforts over the standard middle distances (efforts inside a run, which count for
    the current mile only when faster: the current-mile rule decides)."""
    found: list[StoredResult] = []
    trial = analysis.get("time_trial")
    if trial:
        found.append(
            StoredResult(
                distance_m=trial["distance_m"],
                time_s=round(trial["time_s"], 2),
                date=day,
                tag="time_trial",
                source="time_trial",
            )
        )
    for effort in analysis.get("best_efforts", []):
        is_trial = trial and math.isclose(effort["distance_m"], trial["distance_m"])
        if not is_trial and any(math.isclose(effort["distance_m"], d) for d in RESULT_EFFORTS_M):
            found.append(
                StoredResult(
                    distance_m=effort["distance_m"],
                    time_s=round(effort["time_s"], 2),
                    date=day,
                    tag="training_run",
                    source="best_effort",
                )
            )
    return found


def _page_view(activity: Activity, name: str) -> dict[str, Any] | None:
    """What the run's page will draw, computed now that the file is read (so the page
    never reads it again); None when the analysis cannot draw it (the page computes it)."""
    from miler.services.run_view import VIEW_VERSION, view_of

    try:
        view = view_of(activity, name)
    except MilerError:
        return None
    return {"version": VIEW_VERSION, "view": view.model_dump(mode="json")}


def import_source(
    source: Source,
    athlete: AthleteProfile,
    runs: RunStore,
    tz: dt.tzinfo = dt.UTC,
) -> ImportOutcome:
    """Read, analyse and store one file; a bad file is a ``failed`` outcome with its reason
    and stores nothing. ``tz``: the runner's time zone, which dates the results."""
    try:
        raw = source.read()
        data, activity = read_activity(source.name, raw)
    except MilerError as error:
        return ImportOutcome(source=source.label, status="failed", why=str(error))
    except OSError as error:
        return ImportOutcome(
            source=source.label, status="failed", why=f"{source.name}: {error.strerror or error}"
        )
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        return ImportOutcome(
            source=source.label, status="failed", why=f"{source.name}: damaged in its zip ({error})"
        )
    analysis = analyse_activity(activity, athlete)
    if source.sport is not None and activity.sport in ("generic", "", "unknown"):
        analysis["summary"]["sport"] = source.sport
    summary = analysis["summary"]
    start: dt.datetime | None = activity.start
    day = activity.local_date(tz)
    run = NewRun(
        athlete_id=athlete.athlete_id,
        content_hash=hashlib.sha256(data).hexdigest(),
        file_name=source.name,
        source_format=_format(source.name),  # type: ignore[arg-type]
        sport=summary["sport"],
        start=start,
        duration_s=max(summary["elapsed_s"], 0.0),
        distance_m=max(summary["distance_m"], 0.0),
        device=activity.device,
        name=source.title,
        analysis=analysis,
        original=raw,
        view=_page_view(activity, source.name),
    )
    results = results_from_analysis(analysis, day) if day is not None else []
    outcome = runs.add_run(run, results)
    return ImportOutcome(
        source=source.label, status=outcome.status, run_id=outcome.run_id, why=outcome.why
    )


def import_sources(
    sources: Sequence[Source],
    athlete: AthleteProfile,
    runs: RunStore,
    tz: dt.tzinfo = dt.UTC,
    progress: Callable[[ImportOutcome], None] | None = None,
) -> ImportSummary:
    """Import every source, one transaction each; ``progress`` hears each outcome."""
    outcomes = []
    for source in sources:
        outcome = import_source(source, athlete, runs, tz)
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return ImportSummary(
        imported=sum(o.status in ("imported", "replaced") for o in outcomes),
        duplicates=sum(o.status == "duplicate" for o in outcomes),
        failed=sum(o.status == "failed" for o in outcomes),
        outcomes=tuple(outcomes),
    )
