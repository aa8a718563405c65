"""Every corrupt, truncated or hostile file gives a clear ActivityFileError naming the file."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from miler.activities.base import HostileFileError, TruncatedFileError, load_activity
from miler.errors import ActivityFileError

TRUNCATED = {
    "fitparse__nick.fit",
    "made__run_truncated_half.fit",
    "made__run_truncated_last_record.fit",
    "made__run_no_file_crc.fit",
}


def _corrupt(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "activities" / "corrupt").iterdir())


def test_every_corrupt_file_gives_an_error_naming_the_file(shared_data: Path) -> None:
    files = _corrupt(shared_data)
    assert len(files) == 22
    for path in files:
        with pytest.raises(ActivityFileError) as caught:
            load_activity(path)
        message = str(caught.value)
        assert message.startswith(path.name + ": "), message
        assert "\n" not in message
        if path.name in TRUNCATED:
            assert isinstance(caught.value, TruncatedFileError)
            assert "--allow-truncated" in message


def test_truncated_fit_files_import_their_valid_part_when_allowed(shared_data: Path) -> None:
    for name in sorted(TRUNCATED):
        activity = load_activity(
            shared_data / "activities" / "corrupt" / name, allow_truncated=True
        )
        assert len(activity.samples) > 0
        assert any("truncated" in w for w in activity.warnings)


@pytest.mark.parametrize(
    "name", ["made__billion_laughs.gpx", "made__external_entity.gpx", "made__external_entity.tcx"]
)
def test_xml_bombs_and_external_entities_are_refused(shared_data: Path, name: str) -> None:
    with pytest.raises(HostileFileError, match="refused"):
        load_activity(shared_data / "activities" / "corrupt" / name)


def test_damaged_checksums_are_reported_as_damage(shared_data: Path) -> None:
    for name in ("made__run_bad_file_crc.fit", "made__run_bitflips.fit"):
        with pytest.raises(ActivityFileError, match=r"damaged: its checksum \(CRC\)"):
            load_activity(shared_data / "activities" / "corrupt" / name)


def test_wrong_format_for_the_extension_is_named(shared_data: Path) -> None:
    with pytest.raises(ActivityFileError, match="holds a GPX document"):
        load_activity(shared_data / "activities/corrupt/made__gpx_content.tcx")
    with pytest.raises(ActivityFileError, match="not a FIT file"):
        load_activity(shared_data / "activities/corrupt/made__tcx_content.fit")


def test_gzip_bomb_guard_and_gzipped_files(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "activities/tcx/heartandsole__testdata.tcx"
    packed = tmp_path / "run.tcx.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    assert load_activity(packed) == load_activity(source)
    cut = tmp_path / "cut.fit.gz"
    cut.write_bytes(gzip.compress(b"x" * 1000)[:20])
    with pytest.raises(ActivityFileError, match=r"cut\.fit\.gz: the gzip stream ends early"):
        load_activity(cut)


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ActivityFileError, match=r"unknown activity file type '\.csv'"):
        load_activity(tmp_path / "run.csv")
    with pytest.raises(ActivityFileError, match="no such file"):
        load_activity(tmp_path / "missing.fit")
