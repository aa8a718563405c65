"""The adapt use case on real files: runs are identified by content, not by position."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from miler.errors import InvalidInputError
from miler.services.adapt import read_runs


def test_a_run_file_is_identified_by_its_content(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "activities" / "fit" / "runpandas__run.fit"
    renamed = tmp_path / "renamed.fit"
    shutil.copyfile(source, renamed)
    activities, files = read_runs([source, renamed])
    assert len(activities) == 2
    assert [f.index for f in files] == [0, 1]
    assert files[0].run_id == files[1].run_id
    assert files[0].run_id is not None and len(files[0].run_id) == 64


def test_an_unreadable_file_is_reported_and_the_others_used(
    shared_data: Path, tmp_path: Path
) -> None:
    good = shared_data / "activities" / "fit" / "runpandas__run.fit"
    bad = shared_data / "activities" / "corrupt" / "made__not_xml.gpx"
    activities, files = read_runs([bad, good])
    assert len(activities) == 1
    assert files[0].index is None and files[0].error and files[0].run_id is None
    assert files[1].index == 0


def test_nothing_readable_is_one_clear_error(shared_data: Path) -> None:
    with pytest.raises(InvalidInputError, match="none of the run files could be read"):
        read_runs([shared_data / "activities" / "corrupt" / "made__empty.fit"])
    with pytest.raises(InvalidInputError, match="no run files found"):
        read_runs([])
