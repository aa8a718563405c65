"""The repository tests itself: no test reads outside it (a fresh clone has no ../shared)."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from conftest import ROOT, SHARED_DATA, beside_repository, outside_reads


def test_the_test_data_lives_in_the_repository() -> None:
    assert SHARED_DATA.is_dir()
    assert SHARED_DATA.resolve().is_relative_to(ROOT)
    assert (SHARED_DATA / "MANIFEST.md").is_file()
    assert (SHARED_DATA / "LICENSES").is_dir()


def test_a_read_beside_the_repository_is_caught(tmp_path: Path) -> None:
    before = len(outside_reads())
    beside = ROOT.parent / "shared" / "data" / "README.md"
    with contextlib.suppress(OSError):  # absent in a fresh clone: the attempt still counts
        beside.open("rb").close()
    caught = outside_reads()[before:]
    assert caught == [str(beside)]
    # the guard's own probe must not fail the run: take it back out
    import conftest

    del conftest._OUTSIDE[before:]


def test_a_checkout_in_the_temporary_folder_still_guards_only_its_neighbours() -> None:
    """A CI checkout may sit in /tmp beside the tests' own temporary files: those are not
    the neighbours the guard is for; ``../shared`` always is."""
    assert beside_repository(str(ROOT.parent / "shared" / "data" / "README.md"))
    assert not beside_repository(str(ROOT / "README.md"))
    temp = Path(tempfile.gettempdir()).resolve() / "pytest-of-someone" / "world.db"
    assert not beside_repository(str(temp))
