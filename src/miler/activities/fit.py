"""FIT importer: fitdecode (streaming, the default) or the Rust-backed ``fitfast``.

Both readers fill the same intermediate :class:`_Decoded` (record columns plus the few lap,
session and file_id messages, all with the file's raw numeric values: FIT-epoch seconds,
enum numbers, semicircles), and one function turns that into an :class:`Activity`. So the
two paths differ only in how the bytes are decoded, and their results can be compared
exactly. ``fitfast`` rejects some files fitdecode reads (it is stricter about some CRCs);
in ``"auto"`` mode those files silently fall back to fitdecode.

Speed of the default path: fitdecode's default data processor converts every timestamp to
a ``datetime`` and runs a method lookup per field; miler plugs in a processor that does
nothing (it reads raw values and converts whole arrays at the end with numpy), and keeps
one small list per record instead of a dict.
"""

from __future__ import annotations

import datetime as dt
import math
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from miler.activities.base import (
    ActivityFormatError,
    DamagedFileError,
    NotAnActivityError,
    TruncatedFileError,
)
from miler.activities.model import MAX_UTC_OFFSET_S, Activity, Lap, Session
from miler.activities.repair import crc_contradicts, drop_damaged_messages
from miler.activities.streams import build_samples

__all__ = ["fitfast_available", "read_fit"]

FloatArray = npt.NDArray[np.float64]

_FIT_EPOCH: Final = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_UNIX_TO_FIT: Final = 631065600
_SYSTEM_TIME_LIMIT: Final = 0x10000000  # FIT date_time below this is the device's own clock
_SEMICIRCLE_DEG: Final = 180.0 / 2**31

#: record field name -> column
_RECORD_COLUMNS: Final[dict[str, int]] = {
    "timestamp": 0,
    "distance": 1,
    "position_lat": 2,
    "position_long": 3,
    "altitude": 4,
    "enhanced_altitude": 5,
    "heart_rate": 6,
    "cadence": 7,
    "speed": 8,
    "enhanced_speed": 9,
    "power": 10,
}
_N_COLUMNS: Final = len(_RECORD_COLUMNS)
_NUMBERS: Final = (int, float)  # damaged definitions can turn a field into a tuple
_MESSAGES_KEPT: Final[dict[int, str]] = {
    0: "file_id",
    12: "sport",
    18: "session",
    19: "lap",
    21: "event",
    23: "device_info",
    34: "activity",
}
_GARMIN_FAMILY: Final = ("garmin", "dynastream", "dynastream_oem", "tacx")
_TIMER_STOPS: Final = frozenset({1, 4, 8, 9})  # event_type stop, stop_all, stop_disable(_all)


@dataclass
class _Decoded:
    """What a FIT reader found, before interpretation (raw numeric values)."""

    records: FloatArray  # shape (n, _N_COLUMNS)
    messages: dict[str, list[dict[str, Any]]]
    warnings: list[str] = field(default_factory=list)


def fitfast_available() -> bool:
    """Whether the optional Rust-backed ``fitfast`` reader is installed."""
    try:
        import fitfast  # noqa: F401
    except ImportError:
        return False
    return True


def read_fit(
    data: bytes, name: str, *, allow_truncated: bool = False, reader: str = "auto"
) -> Activity:
    """The activity in the FIT bytes ``data`` (``name`` is used in messages)."""
    if reader not in ("auto", "fitdecode", "fitfast"):
        raise ValueError(f"unknown FIT reader {reader!r}: use auto, fitdecode or fitfast")
    if data[8:12] != b".FIT" or len(data) < 12:
        raise ActivityFormatError(
            f"{name}: not a FIT file (no '.FIT' signature in its header); "
            "miler reads FIT, GPX and TCX activity files"
        )
    data, repaired = _add_missing_crc(data, name)
    decoded = None
    if reader == "fitfast" or (reader == "auto" and fitfast_available()):
        decoded = _decode_fitfast(data, name, strict=reader == "fitfast")
    if decoded is None:
        decoded = _decode_fitdecode(data, name, allow_truncated=allow_truncated)
    if repaired:
        decoded.warnings.insert(0, repaired)
    return _to_activity(decoded, name)


def _add_missing_crc(data: bytes, name: str) -> tuple[bytes, str | None]:
    """A complete FIT file whose writer left out the trailing 2-byte CRC (the header's
    data size says exactly where it ends) gets its CRC computed, with a warning: no data
    is lost, and nothing is guessed. Any other size is left to the decoder."""
    from miler.activities.repair import fit_crc

    header_size = data[0]
    if header_size not in (12, 14) or len(data) < header_size:
        return data, None
    end = header_size + int(struct.unpack_from("<I", data, 4)[0])
    if len(data) != end:
        return data, None
    return data + struct.pack("<H", fit_crc(data)), (
        f"{name}: the file's trailing checksum (CRC) is missing; the data is complete "
        "(its size matches the header), so it was read without it"
    )


# --- fitdecode -------------------------------------------------------------------------


def _silent_processor() -> Any:
    import fitdecode

    class _RawValues(fitdecode.DataProcessorBase):  # type: ignore[misc]
        """Skip fitdecode's per-field conversions; numpy converts whole arrays later."""

        def on_process_type(self, reader: Any, field_data: Any) -> None:
            return None

        def on_process_field(self, reader: Any, field_data: Any) -> None:
            return None

        def on_process_unit(self, reader: Any, field_data: Any) -> None:
            return None

        def on_process_message(self, reader: Any, data_message: Any) -> None:
            return None

    return _RawValues()


def _frames(data: bytes, check_crc: bool) -> Iterator[Any]:
    import io

    import fitdecode

    crc = fitdecode.CrcCheck.RAISE if check_crc else fitdecode.CrcCheck.DISABLED
    with fitdecode.FitReader(io.BytesIO(data), processor=_silent_processor(), check_crc=crc) as r:
        yield from r


def _collect(
    frames: Iterator[Any], rows: list[list[float]], kept: dict[str, list[dict[str, Any]]]
) -> None:
    from fitdecode.types import DevField

    nan = math.nan
    blank = [nan] * _N_COLUMNS
    columns = _RECORD_COLUMNS
    for frame in frames:
        if frame.frame_type != 4:  # fitdecode.FIT_FRAME_DATA
            continue
        number = frame.global_mesg_num
        if number == 20:
            row = blank.copy()
            for fd in frame.fields:
                column = columns.get(fd.name)
                value = fd.value
                if (
                    column is not None
                    and type(value) in _NUMBERS
                    and type(fd.field) is not DevField
                ):
                    row[column] = value
            rows.append(row)
        elif number in _MESSAGES_KEPT:
            kept[_MESSAGES_KEPT[number]].append(
                {
                    fd.name: fd.raw_value if isinstance(fd.value, str) else fd.value
                    for fd in frame.fields
                    if fd.value is not None and type(fd.field) is not DevField
                }
            )


def _decode_fitdecode(data: bytes, name: str, *, allow_truncated: bool) -> _Decoded:
    import fitdecode

    rows: list[list[float]] = []
    kept: dict[str, list[dict[str, Any]]] = {kind: [] for kind in _MESSAGES_KEPT.values()}
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _collect(_frames(data, check_crc=True), rows, kept)
        except fitdecode.FitEOFError as error:
            offset = _offset(error)
            if not allow_truncated:
                raise TruncatedFileError(
                    f"{name}: the file is truncated (it ends early{offset}, "
                    f"after {len(rows)} records); use --allow-truncated "
                    "(allow_truncated=True) to import the part before the cut"
                ) from None
            notes.append(
                f"{name}: truncated file{offset}: imported the {len(rows)} records "
                "before the cut; the totals of the missing part are lost"
            )
        except fitdecode.FitCRCError as error:
            raise DamagedFileError(
                f"{name}: the file is damaged: its checksum (CRC) does not match its content "
                f"({_first_line(error)}); miler does not guess which values are wrong"
            ) from None
        except fitdecode.FitHeaderError as error:
            raise ActivityFormatError(
                f"{name}: not a valid FIT file ({_first_line(error)})"
            ) from None
        except fitdecode.FitParseError as error:
            return _decode_repaired(data, name, error, allow_truncated=allow_truncated)
        except fitdecode.FitError as error:
            raise DamagedFileError(
                f"{name}: the FIT data cannot be decoded ({_first_line(error)})"
            ) from None
        except (ValueError, KeyError, IndexError, TypeError, struct.error) as error:
            # fitdecode's own checks miss some damage (e.g. a header cut mid-field); what
            # it raises then is still damage in the file, not a bug in miler
            raise DamagedFileError(
                f"{name}: the FIT data cannot be decoded ({type(error).__name__}: "
                f"{_first_line(error)})"
            ) from None
    records = np.array(rows, dtype=np.float64) if rows else np.empty((0, _N_COLUMNS))
    return _Decoded(records, kept, notes)


def _decode_repaired(
    data: bytes, name: str, error: Exception, *, allow_truncated: bool
) -> _Decoded:
    """Decode a file whose writer produced malformed messages, skipping those messages."""
    import fitdecode

    if crc_contradicts(data):
        raise DamagedFileError(
            f"{name}: the file is damaged: {_first_line(error)}, and its checksum (CRC) "
            "does not match its content; miler does not guess which values are wrong"
        )
    repaired, dropped = drop_damaged_messages(data)
    rows: list[list[float]] = []
    kept: dict[str, list[dict[str, Any]]] = {kind: [] for kind in _MESSAGES_KEPT.values()}
    notes = []
    if dropped:
        try:
            _collect(_frames(repaired, check_crc=False), rows, kept)
        except (
            fitdecode.FitError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            struct.error,
        ) as later:
            if not allow_truncated:
                raise TruncatedFileError(
                    f"{name}: the FIT data cannot be decoded past a damaged message "
                    f"({_first_line(later)}); use --allow-truncated (allow_truncated=True) "
                    "to import the part before it"
                ) from None
            notes.append(
                f"{name}: the file could not be read past a later damaged message "
                f"({_first_line(later)}); the records before it were imported"
            )
    if not rows:
        raise DamagedFileError(
            f"{name}: the FIT data cannot be decoded ({_first_line(error)})"
        ) from None
    notes.insert(
        0,
        f"{name}: {dropped} malformed message(s) skipped (a recording-app bug; no CRC contradicts "
        "the file) "
        f"(first problem: {_first_line(error)})",
    )
    return _Decoded(np.array(rows, dtype=np.float64), kept, notes)


def _offset(error: Exception) -> str:
    text = str(error)
    return f" at byte {text.rsplit('@', 1)[1].strip()}" if "@" in text else ""


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


# --- fitfast ---------------------------------------------------------------------------


def _decode_fitfast(data: bytes, name: str, *, strict: bool) -> _Decoded | None:
    import fitfast

    try:
        columns = fitfast.records(data, "record", degrees=False)
        messages = {
            kind: _rows_of(fitfast.records(data, kind, degrees=False))
            for kind in _MESSAGES_KEPT.values()
        }
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a Rust panic arrives as a BaseException
        # FitDecodeError for files it rejects; fitfast 0.1 also panics on some damaged
        # files (pyo3 PanicException): either way fitdecode gets the file
        if strict:
            raise DamagedFileError(
                f"{name}: fitfast cannot decode the file ({_first_line(error)})"
            ) from None
        return None
    if "distance" not in columns and not strict:
        # fitfast skips array fields such as compressed_speed_distance (old ANT devices);
        # fitdecode expands them, so a file without a distance column goes to fitdecode
        return None
    n = len(next(iter(columns.values()))) if columns else 0
    records = np.full((n, _N_COLUMNS), np.nan)
    for key, column in _RECORD_COLUMNS.items():
        if key in columns:
            records[:, column] = columns[key]
    if n:
        records[:, 0] -= _UNIX_TO_FIT
    if messages["file_id"] and _needs_names(messages["file_id"][0]):
        _add_product_names(data, messages)
    for kind in ("lap", "session", "file_id", "event"):
        for message in messages[kind]:
            for key in ("start_time", "timestamp", "time_created"):
                if key in message:
                    message[key] = message[key] - _UNIX_TO_FIT
    return _Decoded(records, messages)


def _needs_names(file_id: dict[str, Any]) -> bool:
    """Whether the device's name must come from a string field (fitfast skips strings):
    makers outside Garmin's product list name their devices in ``product_name``."""
    return _enum("manufacturer", file_id.get("manufacturer")) not in _GARMIN_FAMILY


def _add_product_names(data: bytes, messages: dict[str, list[dict[str, Any]]]) -> None:
    import fitfast

    try:
        parsed = fitfast.parse(data, enum_names=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return
    for kind in ("file_id", "device_info"):
        named = [m for m in parsed.get(kind, []) if isinstance(m.get("product_name"), str)]
        for message, extra in zip(messages[kind], parsed.get(kind, []), strict=False):
            if isinstance(extra.get("product_name"), str):
                message["product_name"] = extra["product_name"]
        if kind == "device_info" and named and not messages[kind]:
            messages[kind] = [{k: v for k, v in m.items() if isinstance(k, str)} for m in named]


def _rows_of(columns: dict[str, FloatArray]) -> list[dict[str, Any]]:
    if not columns:
        return []
    n = len(next(iter(columns.values())))
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    for key, values in columns.items():
        for i, value in enumerate(values.tolist()):
            if not math.isnan(value):
                rows[i][key] = int(value) if value.is_integer() else value
    return rows


# --- interpretation (shared) -------------------------------------------------------------


def _enum(type_name: str, value: Any) -> str | None:
    from fitdecode.profile import FIELD_TYPES

    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    found = FIELD_TYPES[type_name].enum.get(value) if isinstance(value, int) else None
    return str(found) if found is not None else str(value)


def _number(message: dict[str, Any], key: str) -> float | None:
    value = message.get(key)
    return float(value) if isinstance(value, int | float) else None


def _product_name(message: dict[str, Any]) -> str | None:
    name = message.get("product_name")
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    if isinstance(name, str):
        name = name.strip("\x00 ").strip()
        return name or None
    return None


def _device(file_ids: list[dict[str, Any]], infos: list[dict[str, Any]] = ()) -> str | None:  # type: ignore[assignment]
    """The recording device: its own name when the file gives one (``product_name`` of
    the file_id message, or of the creator's device_info, device index 0), else the
    maker and the product from the FIT profile (Garmin's product list) or its number."""
    if not file_ids:
        return None
    first = file_ids[0]
    named = _product_name(first)
    if named is None:
        creator = [m for m in infos if m.get("device_index") in (0, None)]
        named = next((n for n in map(_product_name, creator) if n), None)
    maker = _enum("manufacturer", first.get("manufacturer"))
    if named is not None:
        if maker and maker not in _GARMIN_FAMILY and not named.lower().startswith(maker.lower()):
            return f"{maker.replace('_', ' ').title()} {named}"
        return named
    product_number = next(
        (first[k] for k in ("product", "garmin_product", "favero_product") if k in first), None
    )
    product = None
    if product_number is not None:
        product = (
            _enum("garmin_product", product_number)
            if maker in _GARMIN_FAMILY
            else str(int(product_number))
        )
    parts = [p for p in (maker, product) if p]
    return " ".join(parts) or None


def _check_file_type(file_ids: list[dict[str, Any]], name: str) -> None:
    if not file_ids or "type" not in file_ids[0]:
        return
    kind = _enum("file", file_ids[0]["type"])
    if kind != "activity":
        raise NotAnActivityError(
            f"{name}: a FIT {kind} file, not a recorded activity; "
            "miler analyses activity files (what a watch records during a run)"
        )


def _time_columns(records: FloatArray) -> tuple[FloatArray, dict[str, FloatArray]]:
    def prefer(primary: int, fallback: int) -> FloatArray:
        return np.where(np.isfinite(records[:, primary]), records[:, primary], records[:, fallback])

    columns = {
        "distance_m": records[:, 1],
        "latitude_deg": records[:, 2] * _SEMICIRCLE_DEG,
        "longitude_deg": records[:, 3] * _SEMICIRCLE_DEG,
        "altitude_m": prefer(5, 4),
        "heart_rate_bpm": records[:, 6],
        "cadence_rpm": records[:, 7],
        "speed_mps": prefer(8, 9),
        "power_w": records[:, 10],
    }
    return records[:, 0], columns


def _to_activity(decoded: _Decoded, name: str) -> Activity:
    messages = decoded.messages
    _check_file_type(messages["file_id"], name)
    time, columns = _time_columns(decoded.records)
    time = _within_sessions(time, messages["session"])
    pauses, timer_known = _timer_pauses(messages["event"])
    built = build_samples(time, columns, pauses=pauses, timer_known=timer_known, name=name)
    samples, t0 = built.samples, built.t0
    if len(samples) == 0:
        raise NotAnActivityError(
            f"{name}: the FIT file holds no recorded samples (no record messages)"
        )
    start = _FIT_EPOCH + dt.timedelta(seconds=t0) if t0 >= _SYSTEM_TIME_LIMIT else None
    laps = tuple(_lap(m, t0) for m in messages["lap"] if _is_time(m))
    sessions = tuple(_session(m, t0) for m in messages["session"] if _is_time(m))
    return Activity(
        sport=_sport(sessions, messages["sport"]),
        start=start,
        samples=samples,
        laps=tuple(sorted(laps, key=lambda lap: lap.start_s)),
        sessions=tuple(sorted(sessions, key=lambda s: s.start_s)),
        device=_device(messages["file_id"], messages["device_info"]),
        source_format="fit",
        warnings=(*decoded.warnings, *built.warnings),
        utc_offset_s=_utc_offset_s(messages["activity"]),
    )


def _utc_offset_s(activities: list[dict[str, Any]]) -> float | None:
    """The device's offset of local time from UTC: the activity message's local_timestamp
    minus its timestamp (the same instant on the two clocks), to the quarter hour (every
    zone's offset is a whole number of quarter hours); None when the file lacks either, or
    claims an offset no zone has."""
    for message in activities:
        local, utc = message.get("local_timestamp"), message.get("timestamp")
        if isinstance(local, int | float) and isinstance(utc, int | float):
            offset = 900.0 * round((local - utc) / 900.0)
            return offset if abs(offset) <= MAX_UTC_OFFSET_S else None
    return None


def _timer_pauses(
    events: list[dict[str, Any]],
) -> tuple[tuple[tuple[float, float], ...], bool]:
    """The windows in which the device's timer was stopped (timer event: stop ... start),
    on the FIT clock (a stop with no later start, the end of the recording, is no pause),
    and whether the file records its timer at all (a timer start event)."""
    timer = sorted(
        (float(e["timestamp"]), int(e["event_type"]))
        for e in events
        if e.get("event") == 0
        and type(e.get("timestamp")) in _NUMBERS
        and type(e.get("event_type")) in _NUMBERS
    )
    pauses = []
    stopped_at: float | None = None
    for when, kind in timer:
        if kind in _TIMER_STOPS and stopped_at is None:
            stopped_at = when
        elif kind == 0 and stopped_at is not None:
            if when > stopped_at:
                pauses.append((stopped_at, when))
            stopped_at = None
    return tuple(pauses), any(kind == 0 for _, kind in timer)


def _is_time(message: dict[str, Any]) -> bool:
    return type(message.get("start_time")) in _NUMBERS


def _within_sessions(time: FloatArray, sessions: list[dict[str, Any]]) -> FloatArray:
    """``time`` with samples far outside every session (garbage timestamps) set to NaN."""
    windows = [
        (float(s["start_time"]), float(s["start_time"]) + float(s["total_elapsed_time"]))
        for s in sessions
        if _is_time(s) and _number(s, "total_elapsed_time") is not None
    ]
    if not windows or len(time) == 0:
        return time
    margin = 3600.0  # devices keep recording a while after the session summary
    first = min(w[0] for w in windows) - margin
    last = max(w[1] for w in windows) + margin
    return np.where((time >= first) & (time <= last), time, np.nan)


def _lap(message: dict[str, Any], t0: float) -> Lap:
    elapsed = _number(message, "total_elapsed_time")
    return Lap(
        start_s=float(message["start_time"]) - t0,
        elapsed_s=elapsed if elapsed is not None else 0.0,
        timer_s=_number(message, "total_timer_time"),
        distance_m=_number(message, "total_distance"),
        avg_heart_rate_bpm=_number(message, "avg_heart_rate"),
        max_heart_rate_bpm=_number(message, "max_heart_rate"),
        intensity=_enum("intensity", message.get("intensity")),
        trigger=_enum("lap_trigger", message.get("lap_trigger")),
    )


def _session(message: dict[str, Any], t0: float) -> Session:
    elapsed = _number(message, "total_elapsed_time")
    return Session(
        sport=_enum("sport", message.get("sport")) or "generic",
        start_s=float(message["start_time"]) - t0,
        elapsed_s=elapsed if elapsed is not None else 0.0,
        distance_m=_number(message, "total_distance"),
        sub_sport=_enum("sub_sport", message.get("sub_sport")),
        timer_s=_number(message, "total_timer_time"),
        ascent_m=_number(message, "total_ascent"),
        descent_m=_number(message, "total_descent"),
    )


def _sport(sessions: tuple[Session, ...], sport_messages: list[dict[str, Any]]) -> str:
    sports = {s.sport for s in sessions if s.sport != "transition"}
    if len(sports) == 1:
        return sports.pop()
    if len(sports) > 1:
        return "multisport"
    if sport_messages and "sport" in sport_messages[0]:
        return _enum("sport", sport_messages[0]["sport"]) or "generic"
    return "generic"
