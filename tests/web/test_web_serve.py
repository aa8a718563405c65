"""``miler serve`` as a user runs it: the address it prints answers, and a port it cannot
use is one line and exit 2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

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
    process = subprocess.Popen(
        [sys.executable, "-m", "miler", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("miler is serving on http://127.0.0.1:")
        url = line.split(" on ", 1)[1].split()[0]
        with urllib.request.urlopen(url) as page:
            assert page.status == 200
            assert b"How fast is your mile" in page.read()
    finally:
        process.terminate()
        process.wait(timeout=10)


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
