"""Every setting from the environment (``MILER_*``), checked once, one clear line for a value
that cannot be used; ``miler serve`` and ``miler worker`` read them and flags override."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from miler.errors import InvalidInputError
from miler.settings import DEFAULT_MAX_UPLOAD_BYTES, MilerSettings, load_settings
from miler.web.settings import WebSettings, web_settings

ROOT = Path(__file__).resolve().parents[1]


def test_the_defaults_without_any_variable() -> None:
    settings = load_settings({})
    assert (settings.host, settings.port, settings.database_url) == ("127.0.0.1", 8000, None)
    assert settings.max_upload_bytes == DEFAULT_MAX_UPLOAD_BYTES
    assert (settings.worker_concurrency, settings.log_format) == (1, "json")


def test_each_variable_is_read() -> None:
    settings = load_settings(
        {
            "MILER_DATABASE_URL": "postgresql://coach@db/miler",
            "MILER_HOST": "0.0.0.0",
            "MILER_PORT": "8080",
            "MILER_MAX_UPLOAD_BYTES": "1048576",
            "MILER_WORKER_CONCURRENCY": "4",
            "MILER_WORKER_STALLED_S": "45",
            "MILER_JOB_MAX_ATTEMPTS": "3",
            "MILER_LOG_FORMAT": "text",
            "HOME": "/elsewhere",
        }
    )
    assert settings.log_url() == "postgresql://coach@db/miler"
    assert (settings.host, settings.port, settings.max_upload_bytes) == ("0.0.0.0", 8080, 2**20)
    assert (settings.worker_concurrency, settings.worker_stalled_s) == (4, 45.0)
    assert (settings.job_max_attempts, settings.log_format) == (3, "text")
    web = web_settings(settings)
    assert isinstance(web, WebSettings)
    assert (web.database_url, web.max_upload_bytes) == ("postgresql://coach@db/miler", 2**20)
    assert web_settings(settings, "sqlite:///x.db").database_url == "sqlite:///x.db"


def test_the_data_folder_places_the_default_log(tmp_path: Path) -> None:
    settings = MilerSettings(data_dir=tmp_path)
    assert settings.log_url() == f"sqlite:///{tmp_path / 'miler.db'}"


@pytest.mark.parametrize(
    ("name", "value"),
    [("MILER_PORT", "eighty"), ("MILER_PORT", "70000"), ("MILER_LOG_FORMAT", "xml")],
)
def test_a_value_that_cannot_be_used_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(InvalidInputError, match=f"the environment variable {name} cannot be used"):
        load_settings({name: value})


def test_the_commands_say_so_in_one_line_without_a_traceback() -> None:
    for command in (["serve"], ["worker"]):
        done = subprocess.run(
            [sys.executable, "-m", "miler", *command],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "MILER_PORT": "eighty"},
            check=False,
        )
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "MILER_PORT cannot be used" in done.stderr
