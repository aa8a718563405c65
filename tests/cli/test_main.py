"""The ``miler`` entry point: help, version, unknown commands."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_help_lists_every_command(miler_cli: Run) -> None:
    from miler.cli.main import COMMANDS

    done = miler_cli("--help")
    assert done.returncode == 0
    for name in COMMANDS:
        assert name in done.stdout


def test_version_prints_the_package_version(miler_cli: Run) -> None:
    from miler import __version__

    done = miler_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"miler {__version__}"


def test_unknown_command_is_a_usage_error_without_traceback(miler_cli: Run) -> None:
    done = miler_cli("sprint-faster")
    assert done.returncode == 2
    assert "invalid choice" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_does_not_import_the_heavy_libraries() -> None:
    """Start-up stays fast: ``miler --help`` loads no numpy, pydantic, rich or parsers."""
    import sys

    code = (
        "import sys; from miler.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('numpy', 'pydantic', 'rich', 'fitdecode', 'scipy')\n"
        "         if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "HEAVY="


def test_command_help_documents_its_json_fields(miler_cli: Run) -> None:
    done = miler_cli("zones", "--help")
    assert done.returncode == 0
    assert "JSON output" in done.stdout
    assert '"easy_cap_bpm"' in done.stdout
