"""Files are written whole or not at all: a temporary file in the same folder, then a
rename; a failure leaves neither the target nor a temporary file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from miler.export.atomic import ExportError, ensure_folder, write_atomic


def test_write_replaces_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old calendar")
    write_atomic(target, b"new calendar")
    assert target.read_bytes() == b"new calendar"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_new_file_gets_normal_permissions_not_the_temporary_ones(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "plan.md", b"# plan")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "plan.md").stat().st_mode) == 0o644


def test_missing_folder_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "plan.ics"
    with pytest.raises(ExportError, match="does not exist"):
        write_atomic(target, b"calendar")
    assert list(tmp_path.iterdir()) == []


def test_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="it is a folder"):
        write_atomic(tmp_path, b"calendar")


def test_interrupted_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    # a target name the file system refuses (too long) fails at the rename, after the
    # temporary file was written: the temporary file must be gone
    target = tmp_path / ("x" * 300)
    with pytest.raises(ExportError, match="cannot write"):
        write_atomic(target, b"data")
    assert list(tmp_path.iterdir()) == []


def test_ensure_folder_creates_parents(tmp_path: Path) -> None:
    ensure_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
