"""Fixtures shared by every test: where the real shared data lives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data of ``../shared/data`` (age-grading tables, records, activities, races)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data not found at {SHARED_DATA}")
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
