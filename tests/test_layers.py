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


DOMAIN = ("units.py", "errors.py", "plan", "science", "workouts", "planning", "activities", "adapt")
CLOCK_CALLS = {"now", "today", "utcnow", "time", "localtime", "gmtime"}


def test_the_domain_never_reads_the_clock() -> None:
    """Today and the time zone are passed in by the front ends (and the use cases they call),
    so the same inputs always give the same plan, match and analysis."""
    import ast

    src = ROOT / "src" / "miler"
    offenders = []
    for entry in DOMAIN:
        paths = [src / entry] if entry.endswith(".py") else sorted((src / entry).rglob("*.py"))
        for path in paths:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in CLOCK_CALLS
                    and isinstance(node.func.value, ast.Attribute | ast.Name)
                    and (
                        getattr(node.func.value, "id", None) in {"time", "dt", "datetime", "date"}
                        or getattr(node.func.value, "attr", None) in {"datetime", "date"}
                    )
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
