"""Open an activity file of any supported format: :func:`load_activity`.

The format is chosen by the content (a FIT header, a ``<gpx>`` or
``<TrainingCenterDatabase>`` root), so a FIT file saved as ``.gpx`` is still read, with a
warning; the name (``.fit``, ``.gpx``, ``.tcx``, each optionally ``.gz``) decides only when
the content names no format. Every problem is an :class:`~miler.errors.ActivityFileError`
whose message names the file and says what is wrong with it.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Final

from miler.activities.model import Activity
from miler.errors import ActivityFileError

__all__ = [
    "MAX_FILE_BYTES",
    "ActivityFormatError",
    "DamagedFileError",
    "HostileFileError",
    "NotAnActivityError",
    "TruncatedFileError",
    "load_activities",
    "load_activity",
    "parse_activities",
    "parse_activity",
    "read_activity_bytes",
    "sniff_format",
]

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
"""Largest (decompressed) activity file accepted: 256 MiB, ~50x a 24-hour FIT recording.
A limit on the decompressed size also stops gzip bombs."""

_FORMATS: Final = ("fit", "gpx", "tcx")


class ActivityFormatError(ActivityFileError):
    """A file whose name or content is not a FIT, GPX or TCX activity."""


class DamagedFileError(ActivityFileError):
    """A file whose content is corrupt (failed checksum, invalid values, broken XML)."""


class TruncatedFileError(DamagedFileError):
    """A file that ends early; its valid part can be read with ``allow_truncated=True``."""


class HostileFileError(ActivityFileError):
    """An XML file with entity declarations (billion laughs, external entities): refused."""


class NotAnActivityError(ActivityFileError):
    """A valid file that holds no recorded activity (a workout, a course, no samples)."""


def _format_of(path: Path) -> tuple[str, bool]:
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    kind = suffixes[-1].lstrip(".") if suffixes else ""
    if kind not in _FORMATS:
        raise ActivityFormatError(
            f"{path.name}: unknown activity file type {''.join(path.suffixes) or '(none)'!r}; "
            "miler reads .fit, .gpx and .tcx files, each optionally gzipped (.gz)"
        )
    return kind, compressed


def read_activity_bytes(path: Path) -> tuple[str, bytes]:
    """The format name and the (decompressed) bytes of ``path``."""
    kind, compressed = _format_of(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ActivityFileError(
                f"{path.name}: larger than {MAX_FILE_BYTES // 2**20} MiB; not a single activity"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ActivityFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ActivityFileError(f"{path}: is a folder, not an activity file") from None
    except OSError as error:
        raise ActivityFileError(f"{path}: cannot be read ({error.strerror})") from None
    return kind, decompressed(raw, path.name, gzipped=compressed)


def decompressed(raw: bytes, name: str, *, gzipped: bool = False) -> bytes:
    """The bytes of an activity file called ``name`` (read from disk or uploaded):
    gunzipped when they are gzip (``gzipped``: the name says they are), and refused when
    empty or larger than :data:`MAX_FILE_BYTES` once decompressed."""
    if gzipped or raw[:2] == b"\x1f\x8b":
        raw = _gunzip(name, raw)
    if len(raw) > MAX_FILE_BYTES:
        raise ActivityFileError(
            f"{name}: larger than {MAX_FILE_BYTES // 2**20} MiB; not a single activity"
        )
    if not raw:
        raise ActivityFormatError(f"{name}: the file is empty (0 bytes)")
    return raw


def _gunzip(name: str, raw: bytes) -> bytes:
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(raw, MAX_FILE_BYTES + 1)
    except zlib.error as error:
        raise DamagedFileError(f"{name}: not a valid gzip file ({error})") from None
    except (EOFError, gzip.BadGzipFile) as error:  # pragma: no cover - zlib raises zlib.error
        raise DamagedFileError(f"{name}: not a valid gzip file ({error})") from None
    if not decompressor.eof and len(data) <= MAX_FILE_BYTES:
        raise TruncatedFileError(f"{name}: the gzip stream ends early (truncated)")
    return data


def sniff_format(data: bytes) -> str | None:
    """``"fit"``, ``"gpx"`` or ``"tcx"`` from the first bytes of ``data``; ``None`` when the
    content names no format (the FIT header carries ``.FIT`` at byte 8; an XML file is
    told by its root element)."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    for kind, root in (("gpx", b"<gpx"), ("tcx", b"<TrainingCenterDatabase")):
        # the root element, possibly with a namespace prefix (<ns:gpx ...>)
        if root in head or root.replace(b"<", b":") in head:
            return kind
    return None


def load_activity(
    path: str | Path, *, allow_truncated: bool = False, fit_reader: str = "auto"
) -> Activity:
    """Read the activity in ``path`` (FIT, GPX or TCX, optionally gzipped).

    ``allow_truncated``: import the valid part of a FIT file that ends early, recording a
    warning in :attr:`Activity.warnings`, instead of refusing it. ``fit_reader``:
    ``"auto"`` (the Rust-backed ``fitfast`` when installed, falling back to fitdecode for
    any file it rejects), ``"fitdecode"`` or ``"fitfast"`` (no fallback).
    """
    file_path = Path(path)
    kind, data = read_activity_bytes(file_path)
    return parse_activity(
        data, file_path.name, kind=kind, allow_truncated=allow_truncated, fit_reader=fit_reader
    )


def load_activities(
    path: str | Path, *, allow_truncated: bool = False, fit_reader: str = "auto"
) -> tuple[Activity, ...]:
    """Every activity in ``path``: one per GPX ``<trk>``, one per TCX ``<Activity>``, the
    one of a FIT file."""
    file_path = Path(path)
    kind, data = read_activity_bytes(file_path)
    return parse_activities(
        data, file_path.name, kind=kind, allow_truncated=allow_truncated, fit_reader=fit_reader
    )


def parse_activities(
    data: bytes,
    name: str,
    *,
    kind: str | None = None,
    allow_truncated: bool = False,
    fit_reader: str = "auto",
) -> tuple[Activity, ...]:
    """Every activity in the (decompressed) bytes ``data`` of a file called ``name``
    (see :func:`load_activities`); the content decides the format."""
    found = sniff_format(data)
    if found == "gpx":
        from miler.activities.gpx import read_gpx_all

        return read_gpx_all(data, name)
    if found == "tcx":
        from miler.activities.tcx import read_tcx_all

        return read_tcx_all(data, name)
    return (
        parse_activity(
            data, name, kind=kind, allow_truncated=allow_truncated, fit_reader=fit_reader
        ),
    )


def parse_activity(
    data: bytes,
    name: str,
    *,
    kind: str | None = None,
    allow_truncated: bool = False,
    fit_reader: str = "auto",
) -> Activity:
    """The activity in the (decompressed) bytes ``data`` of a file called ``name``.

    The content decides the format; ``kind`` (what the name says, from
    :func:`read_activity_bytes`) is used when the content names none, and a content that
    disagrees with it is read as what it is, with a warning.
    """
    if kind is None:
        suffix = Path(name).name.lower().removesuffix(".gz").rsplit(".", 1)
        kind = suffix[1] if len(suffix) == 2 and suffix[1] in _FORMATS else None
    found = sniff_format(data)
    note = None
    if found is not None and kind is not None and found != kind:
        note = (
            f"{name}: the content is a {found.upper()} file, not {kind.upper()} as its name "
            f"says: read as {found.upper()}"
        )
    activity = _parse_as(found or kind or "", data, name, allow_truncated, fit_reader)
    if note is None:
        return activity
    import dataclasses

    return dataclasses.replace(activity, warnings=(note, *activity.warnings))


def _parse_as(
    kind: str, data: bytes, name: str, allow_truncated: bool, fit_reader: str
) -> Activity:
    if kind == "fit":
        from miler.activities.fit import read_fit

        return read_fit(data, name, allow_truncated=allow_truncated, reader=fit_reader)
    if kind not in _FORMATS:
        raise ActivityFormatError(
            f"{name}: not a FIT, GPX or TCX activity (its content names no known format)"
        )
    if kind == "gpx":
        from miler.activities.gpx import read_gpx

        return read_gpx(data, name)
    from miler.activities.tcx import read_tcx

    return read_tcx(data, name)
