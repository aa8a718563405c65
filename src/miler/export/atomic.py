"""Write a file whole or not at all: to a temporary file in the same folder, then rename.

A failure (a full disk, a folder without write permission, an interrupted run) leaves
either the old file or nothing, never half a zip or half a calendar.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from miler.errors import MilerError

__all__ = ["ExportError", "ensure_folder", "write_atomic"]


class ExportError(MilerError):
    """An export that cannot be written: a missing or read-only folder, a full disk."""


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed, or say why it cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(
            f"cannot write into {folder}: it is a file, not a folder; give a folder for the files"
        ) from None
    except OSError as error:
        raise ExportError(
            f"cannot create the folder {folder}: {_reason(error)}; choose a folder you can write to"
        ) from None


def _file_mode(path: Path) -> int:
    """The mode the written file gets: that of the file it replaces, else 0666 less the umask
    (a temporary file starts private)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Raises :class:`ExportError` if the folder is missing or not writable; then no file
    (neither ``path`` nor a temporary one) is left behind.
    """
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(
            f"cannot write {path}: the folder {folder} does not exist; create it or choose another"
        )
    temp: Path | None = None
    try:
        if path.is_dir():
            raise ExportError(f"cannot write {path}: it is a folder; give a file name")
        # a short temporary name, so that only the final name can be too long
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:32]}.", suffix=".part")
        temp = Path(temp_name)
        temp.chmod(_file_mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(path)
        temp = None
    except OSError as error:
        raise ExportError(
            f"cannot write {path}: {_reason(error)}; choose a folder you can write to"
        ) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
