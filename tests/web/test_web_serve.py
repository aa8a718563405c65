"""``miler serve`` as a user runs it: the address it prints answers, and a port it cannot
use is one line and exit 2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import miler_serve

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

pytestmark = pytest.mark.e2e


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "miler", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
        check=False,
    )


def test_serve_prints_its_address_and_serves_the_app() -> None:
    with miler_serve() as (_, url), urllib.request.urlopen(url) as page:
        assert page.status == 200
        assert b"How fast is your mile" in page.read()


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _serve("--port", str(port))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"miler serve: error: cannot listen on 127.0.0.1:{port} (Address already in use): "
        "pick another --port"
    )


def test_a_port_out_of_range_is_one_line_and_exit_2() -> None:
    done = _serve("--port", "70000")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "miler serve: error: port 70000 is not a port number: use 1-65535 (0: any free)"
    )


def test_serving_beyond_this_computer_turns_accounts_on() -> None:
    """Reachable from other computers, the app asks everyone to sign in, and says how to
    make the first account."""
    process = subprocess.Popen(
        [sys.executable, "-m", "miler", "serve", "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("miler is serving on http://0.0.0.0:"), line
        port = line.split("0.0.0.0:", 1)[1].split("/", 1)[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans/x", timeout=10)
        assert refused.value.code == 401
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/runs", timeout=10) as page:
            assert page.url.endswith("/login?next=%2Fruns")
            assert "Sign in" in page.read().decode()
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert errors.splitlines()[0] == (
        "miler serve: note: accounts are on and there is no account yet: create the first "
        "with 'miler admin create-admin --email YOU@EXAMPLE.ORG'"
    )
