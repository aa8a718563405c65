"""The layers are enforced: import-linter's contracts in pyproject.toml ([tool.importlinter])
say the domain imports no front end, use case or exporter; use cases import no front end; the
plan document imports nothing of the domain above it; the validator never sees the generator."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT


def test_every_layer_contract_is_kept() -> None:
    exe = shutil.which("lint-imports")
    command = [exe] if exe else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run(
        [*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
