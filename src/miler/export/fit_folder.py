"""The ``--fit`` folder: one plan's workouts beside other plans' and the runner's own files.

The folder keeps a manifest (:data:`MANIFEST_NAME`, JSON) of the files each plan (by plan
id) wrote there. Exporting a plan again lists its new files and removes those the new
revision no longer has; a file the manifest does not list is never removed, and a name that
is not a bare ``.fit`` or ``.zip`` file name (a hand-edited manifest) is ignored. Files are
tagged with the plan id (:func:`miler.export.fit_workout.fit_filename`), so two plans never
write the same file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Final

from miler.export.atomic import ExportError
from miler.export.fit_workout import plan_to_fit, workouts_zip, zip_filename
from miler.export.outputs import Output, Removal, commit
from miler.plan.model import Plan

__all__ = ["MANIFEST_NAME", "fit_folder_outputs", "write_fit_workouts"]

MANIFEST_NAME: Final = ".miler-workouts.json"
_MANIFEST_SCHEMA: Final = "miler.fit-folder"


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


def fit_folder_outputs(
    plan: Plan, folder: Path, force: bool
) -> tuple[list[Output], list[Removal], list[str]]:
    """The files of ``plan``'s workouts in ``folder`` (each .fit, the zip, the updated
    manifest), the stale files of this plan to remove, and their paths. A file counts as
    miler's when the manifest lists it and it is a FIT file (or a zip)."""
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


def write_fit_workouts(plan: Plan, folder: Path, *, force: bool = False) -> list[Path]:
    """Write one ``.fit`` per session, the plan's zip and the manifest into ``folder``
    (created if needed), removing this plan's stale workouts; all or nothing. Returns the
    paths of the workouts and the zip."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(
            f"cannot write into {folder}: it is a file, not a folder; give a folder for the files"
        )
    outputs, removals, _ = fit_folder_outputs(plan, folder, force)
    commit(outputs, removals, force=force)
    return [output.path for output in outputs if output.kind in ("fit", "zip")]
