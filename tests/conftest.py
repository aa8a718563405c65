"""Fixtures shared by every test: the real data the tests read, kept in the repository.

``tests/data`` is a copy of the parts of the project's shared data the tests need (activity
files, age-grading tables, records), with their licences and manifest, so a fresh clone tests
itself. An audit hook fails the run if any test opens a file beside the repository (such as
``../shared``) instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT / "tests" / "data"

#: files opened beside the repository (in its parent folder but not in it), by any test
_OUTSIDE: list[str] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not args or not isinstance(args[0], str | Path):
        return
    path = os.path.abspath(args[0])  # noqa: PTH100 (cheap, no file access inside the hook)
    if beside_repository(path):
        _OUTSIDE.append(path)


def beside_repository(path: str) -> bool:
    """Whether absolute ``path`` is beside the repository: in its parent folder, not in it
    nor in the Python installation, and not a temporary file of the tests' own (unless it is
    in ``../shared``)."""
    return (
        path.startswith(_PARENT)
        and not path.startswith(_ROOT_PREFIX)
        and not path.startswith(_PYTHON_PREFIXES)
        and (path.startswith(_SHARED) or not path.startswith(_TEMP))
    )


_PARENT = str(ROOT.parent) + os.sep
_ROOT_PREFIX = str(ROOT) + os.sep
#: the one folder a test must never read: ``../shared`` beside the repository
_SHARED = str(ROOT.parent / "shared") + os.sep
#: the temporary folder the tests write in; when the repository sits in it too (a checkout
#: in /tmp), its files are the tests' own, not the neighbours'
_TEMP = os.path.realpath(tempfile.gettempdir()) + os.sep
#: the Python installation itself (a virtual environment may sit beside the repository)
_PYTHON_PREFIXES = tuple(
    {str(Path(p).resolve()) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
)
sys.addaudithook(_audit)


def outside_reads() -> list[str]:
    """Every file beside the repository that a test has opened so far."""
    return list(_OUTSIDE)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A test that read outside the repository fails the run: a fresh clone has no
    ``../shared`` beside it."""
    if _OUTSIDE:
        sys.stderr.write(
            "tests opened files outside the repository (a fresh clone has none there):\n"
            + "\n".join(sorted(set(_OUTSIDE))[:20])
            + "\n"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _private_training_log(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test, and every CLI it runs, gets its own empty training-log folder: no test reads
    or writes a developer's real log, and none sees another test's data."""
    monkeypatch.setenv("MILER_DATA_DIR", str(tmp_path_factory.mktemp("miler-data")))
    monkeypatch.delenv("MILER_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data of ``tests/data`` (age-grading tables, records, activities), copied
    from the project's shared data with its licences (tests/data/MANIFEST.md)."""
    return SHARED_DATA


def run_miler(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``miler`` command in a subprocess, as a user would."""
    exe = shutil.which("miler")
    command = [exe] if exe else [sys.executable, "-m", "miler"]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture()
def miler_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """The real ``miler`` CLI in a subprocess: ``miler_cli("predict", "--result", "5k=20:00")``."""
    return run_miler
