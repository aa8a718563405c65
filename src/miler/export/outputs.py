"""Put an export's files on disk all together or not at all, and never over what is not ours.

An export is a set of :class:`Output` files and a set of stale files to remove. Before
anything is written:

- an output equal to the plan file, or to another output, is refused (even with ``force``);
- a file that exists and that miler did not write (a calendar of another program, a PDF,
  a FIT file absent from the folder's manifest) is refused unless ``force``;
- a symbolic link is followed: the file it points to is the one replaced, so a calendar
  subscribed through the link keeps updating.

Then every output is written to a temporary file beside its target; only when all are
written are they renamed into place, each replaced file kept aside until the last rename
succeeds, so a failure (a full disk, an unwritable folder) rolls back to the files as they
were, and folders the export created are removed again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from miler.export.atomic import ExportError

__all__ = ["Output", "Removal", "commit", "target_of"]

#: Outputs that go in a folder of their own (``--fit DIR``), created if missing.
_FOLDER_KINDS = frozenset({"fit", "zip", "manifest"})


@dataclass(frozen=True)
class Output:
    """One file to write: where (as the user gave it), its bytes, what it is, and how to
    recognise a file miler wrote there before (``ours``: true for miler's own bytes)."""

    path: Path
    data: bytes
    kind: Literal["fit", "zip", "manifest", "ics", "html", "pdf", "markdown"]
    ours: Callable[[bytes], bool] = field(default=lambda _data: False, compare=False)


@dataclass(frozen=True)
class Removal:
    """A file to remove once every output is in place: a stale workout of this plan."""

    path: Path


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def target_of(path: Path) -> Path:
    """The file ``path`` names, symbolic links followed (the file itself need not exist)."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError) as error:  # a link loop
        raise ExportError(f"cannot follow the link {path}: {error}") from None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise ExportError(f"cannot write {path}: it is a folder; give a file name") from None
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportError(f"cannot read {path} to replace it: {_reason(error)}") from None


def _check(outputs: list[Output], source: Path | None, force: bool) -> dict[Path, Output]:
    """Resolved target -> output, after refusing collisions and files that are not ours."""
    source_target = target_of(source) if source is not None else None
    targets: dict[Path, Output] = {}
    for output in outputs:
        target = target_of(output.path)
        if source_target is not None and target == source_target:
            raise ExportError(
                f"refusing to write the {output.kind} over the plan file {source}: "
                "give another file name"
            )
        if target in targets:
            other = targets[target]
            raise ExportError(
                f"the {other.kind} and the {output.kind} would both be written to "
                f"{output.path}: give each its own file"
            )
        targets[target] = output
    made = {target.parent for target, output in targets.items() if output.kind in _FOLDER_KINDS}
    for target, output in targets.items():
        if target.parent not in made and not target.parent.is_dir():
            raise ExportError(
                f"cannot write {output.path}: the folder {output.path.parent} does not exist; "
                "create it or choose another"
            )
    for target, output in targets.items():
        existing = _read(target)
        if existing is None or existing == output.data or force:
            continue
        if not output.ours(existing):
            raise ExportError(
                f"refusing to replace {output.path}: miler did not write it; "
                "choose another file, or add --force to replace it"
            )
    return targets


def _ensure_folder(folder: Path, created: list[Path]) -> None:
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise ExportError(f"cannot write into {probe}: it is a file, not a folder")
    for path in reversed(missing):
        try:
            path.mkdir()
        except OSError as error:
            raise ExportError(
                f"cannot create the folder {path}: {_reason(error)}; choose a folder you can "
                "write to"
            ) from None
        created.append(path)


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _stage(target: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:32]}.", suffix=".part")
    temp = Path(name)
    try:
        temp.chmod(_file_mode(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _aside(target: Path) -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:32]}.", suffix=".old")
    os.close(fd)
    aside = Path(name)
    target.replace(aside)
    return aside


def commit(
    outputs: list[Output],
    removals: Sequence[Removal] = (),
    *,
    source: Path | None = None,
    force: bool = False,
) -> None:
    """Write every output and remove every removal, all or nothing (see the module)."""
    targets = _check(outputs, source, force)
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # target, the file it replaced (kept aside)
    try:
        for target, output in targets.items():
            _ensure_folder(target.parent, created)
            try:
                staged.append((_stage(target, output.data), target))
            except OSError as error:
                raise ExportError(
                    f"cannot write {output.path}: {_reason(error)}; nothing was changed"
                ) from None
        try:
            for temp, target in staged:
                aside = _aside(target) if target.exists() else None
                placed.append((target, aside))
                temp.replace(target)
            for removal in removals:
                if removal.path.is_file():
                    placed.append((removal.path, _aside(removal.path)))
        except OSError as error:
            raise ExportError(
                f"cannot put the exported files in place: {_reason(error)}; nothing was changed"
            ) from None
    except BaseException:
        for target, aside in reversed(placed):
            with contextlib.suppress(OSError):
                if aside is not None:
                    aside.replace(target)
                else:
                    target.unlink()
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for _, aside in placed:
        if aside is not None:
            with contextlib.suppress(OSError):
                aside.unlink()
