"""Property tests: damaged bytes never crash an importer; they give an ActivityFileError
or a valid Activity (hypothesis picks where to cut and which bytes to flip)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from miler.activities.fit import read_fit
from miler.activities.gpx import read_gpx
from miler.activities.model import Activity
from miler.activities.tcx import read_tcx
from miler.errors import ActivityFileError

READERS = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}
SOURCES = {
    "fit": "fit/heartandsole__testdata.fit",
    "gpx": "gpx/heartandsole__testdata.gpx",
    "tcx": "tcx/heartandsole__testdata.tcx",
}


def _check(kind: str, data: bytes) -> None:
    try:
        if kind == "fit":
            activity = read_fit(data, "x.fit", allow_truncated=True, reader="fitdecode")
        else:
            activity = READERS[kind](data, f"x.{kind}")
    except ActivityFileError as error:
        assert str(error).startswith("x.")
        return
    assert isinstance(activity, Activity)
    assert np.all(np.diff(activity.samples.time_s) > 0)


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_files_never_crash_an_importer(
    shared_data: Path, kind: str, data: st.DataObject
) -> None:
    original = bytearray((shared_data / "activities" / SOURCES[kind]).read_bytes())
    cut = data.draw(st.integers(0, len(original)), label="cut")
    damaged = original[:cut]
    flips = data.draw(st.lists(st.integers(0, max(cut - 1, 0)), max_size=4), label="flips")
    for position in flips:
        if damaged:
            damaged[position] ^= data.draw(st.integers(1, 255), label="mask")
    _check(kind, bytes(damaged))
