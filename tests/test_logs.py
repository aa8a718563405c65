"""Logs as JSON lines: one object per record, with the caller's fields and exceptions."""

from __future__ import annotations

import io
import json
import logging

from miler.logs import configure_logging


def test_each_record_is_one_json_line_with_extra_fields() -> None:
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    log = logging.getLogger("miler.jobs")
    log.info("imported %d runs", 3, extra={"job_id": 17, "athlete_id": "a1"})
    try:
        raise ValueError("bad file")
    except ValueError:
        log.exception("import failed", extra={"job_id": 18})
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "imported 3 runs"
    assert first["level"] == "info"
    assert first["logger"] == "miler.jobs"
    assert (first["job_id"], first["athlete_id"]) == (17, "a1")
    assert first["time"].endswith("+00:00")
    assert second["level"] == "error"
    assert "ValueError: bad file" in second["exception"]


def test_configuring_again_replaces_the_handler() -> None:
    a, b = io.StringIO(), io.StringIO()
    configure_logging("json", stream=a)
    configure_logging("text", stream=b)
    logging.getLogger("miler").warning("once")
    assert a.getvalue() == ""
    assert "WARNING miler: once" in b.getvalue()
