"""Every corrupt, truncated or hostile file gives a clear ActivityFileError naming the file."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from miler.activities.base import (
    MAX_FILE_BYTES,
    HostileFileError,
    TruncatedFileError,
    load_activity,
)
from miler.errors import ActivityFileError

TRUNCATED = {
    "fitparse__nick.fit",
    "made__run_truncated_half.fit",
    "made__run_truncated_last_record.fit",
}
REPAIRED = {
    # lossless quirks read with a warning (issue 13): a FIT file complete but for its
    # trailing CRC, and a GPX document named .tcx (the content decides the format)
    "made__run_no_file_crc.fit": "trailing checksum (CRC) is missing",
    "made__gpx_content.tcx": "the content is a GPX file, not TCX",
}


def _corrupt(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "activities" / "corrupt").iterdir())


def test_every_corrupt_file_gives_an_error_naming_the_file(shared_data: Path) -> None:
    files = _corrupt(shared_data)
    assert len(files) == 22
    for path in files:
        if path.name in REPAIRED:
            continue
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


def test_lossless_quirks_are_read_with_a_warning(shared_data: Path) -> None:
    for name, warning in REPAIRED.items():
        path = shared_data / "activities" / "corrupt" / name
        activity = load_activity(path)
        assert warning in activity.warnings[0], activity.warnings
        assert activity.warnings[0].startswith(name + ": ")
    # the FIT file without its CRC holds exactly what the original holds
    original = load_activity(shared_data / "activities/fit/runpandas__run.fit")
    repaired = load_activity(shared_data / "activities/corrupt/made__run_no_file_crc.fit")
    assert repaired.samples == original.samples and repaired.laps == original.laps
    # the GPX named .tcx is the same run as the GPX itself
    gpx = load_activity(shared_data / "activities/gpx/heartandsole__testdata.gpx")
    named_tcx = load_activity(shared_data / "activities/corrupt/made__gpx_content.tcx")
    assert named_tcx.samples == gpx.samples


def test_content_decides_the_format(shared_data: Path, tmp_path: Path) -> None:
    # a FIT file named .gpx is read as FIT
    fit = shared_data / "activities/fit/heartandsole__testdata.fit"
    renamed = tmp_path / "run.gpx"
    renamed.write_bytes(fit.read_bytes())
    activity = load_activity(renamed)
    assert activity.source_format == "fit"
    assert activity.samples == load_activity(fit).samples
    assert "the content is a FIT file, not GPX" in activity.warnings[0]
    # broken content is still refused, naming the file
    with pytest.raises(ActivityFileError, match="broken XML"):
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


def _gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped a mebibyte at a time (a few hundred KiB on disk)."""
    packer = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    chunk = bytes(2**20)
    return b"".join(packer.compress(chunk) for _ in range(size // 2**20)) + packer.flush()


@pytest.mark.slow
def test_uploads_and_imports_read_a_file_as_analyse_does(shared_data: Path) -> None:
    from miler.services.analyse import load_run
    from miler.services.importing import read_activity

    # a FIT file named .gpx, uploaded to the web app or found by miler import
    path = shared_data / "activities/fit/heartandsole__testdata.fit"
    fit = path.read_bytes()
    uploaded = load_run(fit, "run.gpx")
    imported = read_activity("run.gpx", fit)[1]
    for activity in (uploaded, imported):
        assert activity.samples == load_activity(path).samples
        assert "the content is a FIT file, not GPX" in activity.warnings[0]
    # a gzip bomb is refused at the size limit by every door
    bomb = _gzip_bomb(MAX_FILE_BYTES + 2**20)
    with pytest.raises(ActivityFileError, match=r"bomb\.fit\.gz: larger than 256 MiB"):
        load_run(bomb, "bomb.fit.gz")
    with pytest.raises(ActivityFileError, match=r"bomb\.fit\.gz: larger than 256 MiB"):
        read_activity("bomb.fit.gz", bomb)
