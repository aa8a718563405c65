"""Skip malformed FIT messages written by buggy recording apps.

Some apps (seen: Strava for Android 201.10) sometimes write a record one byte shorter than
its definition says. A strict decoder then reads one byte of the next message, and fails a
message later on a header that names an undefined local message. This module walks the
message framing (headers and definitions only, no field decoding), and at such a failure
looks for the nearest position after the previous message's start from which the following
messages frame cleanly again; the damaged message is dropped, and a FIT file with a correct
size and CRC is rebuilt for the real decoder. Only framing is used to resynchronise, so no
value is ever guessed.
"""

from __future__ import annotations

import struct
from typing import Final

__all__ = ["crc_contradicts", "drop_damaged_messages", "fit_crc"]

_CRC_TABLE: Final = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
_BASE_TYPES: Final = frozenset(
    (
        0x00,
        0x01,
        0x02,
        0x83,
        0x84,
        0x85,
        0x86,
        0x07,
        0x88,
        0x89,
        0x0A,
        0x8B,
        0x8C,
        0x0D,
        0x8E,
        0x8F,
        0x90,
    )
)
_CONFIRM: Final = 8  # messages that must frame cleanly after a resynchronisation point
_SEARCH: Final = 64  # bytes searched past the failure for that point


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 of ``data`` (Garmin FIT protocol, "CRC" section), seeded with ``crc``."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def _message_size(body: bytes, pos: int, sizes: dict[int, int]) -> int | None:
    """Size of the message at ``pos`` (updating ``sizes`` for definitions); None if invalid."""
    if pos >= len(body):
        return None
    header = body[pos]
    if header & 0x80:  # compressed-timestamp data message
        local_size = sizes.get((header >> 5) & 0x3)
        return None if local_size is None else 1 + local_size
    local = header & 0x0F
    if header & 0x40:  # definition message
        if pos + 6 > len(body) or header & 0x10 or body[pos + 1] != 0 or body[pos + 2] > 1:
            return None
        n_fields = body[pos + 5]
        size = 6 + 3 * n_fields
        if pos + size > len(body):
            return None
        fields = body[pos + 6 : pos + size]
        if any(
            fields[i + 2] not in _BASE_TYPES or fields[i + 1] == 0
            for i in range(0, len(fields) - 2, 3)
        ):
            return None
        data_size = sum(fields[i + 1] for i in range(0, len(fields), 3))
        if header & 0x20:
            if pos + size >= len(body):
                return None
            n_dev = body[pos + size]
            if pos + size + 1 + 3 * n_dev > len(body):
                return None
            dev = body[pos + size + 1 : pos + size + 1 + 3 * n_dev]
            data_size += sum(dev[i + 1] for i in range(0, len(dev), 3))
            size += 1 + 3 * n_dev
        if pos + size > len(body):
            return None
        sizes[local] = data_size
        return size
    if header & 0x30 or local not in sizes:
        return None
    return 1 + sizes[local]


def _frames_cleanly(body: bytes, pos: int, sizes: dict[int, int]) -> bool:
    trial = dict(sizes)
    for _ in range(_CONFIRM):
        if pos >= len(body):
            return True
        size = _message_size(body, pos, trial)
        if size is None or pos + size > len(body):
            return False
        pos += size
    return True


def _clean_body(body: bytes) -> tuple[bytes, int]:
    sizes: dict[int, int] = {}
    kept = bytearray()
    dropped = 0
    pos = 0
    previous = -1
    last_failure = -1
    while pos < len(body):
        size = _message_size(body, pos, sizes)
        if size is not None and pos + size > len(body):
            break  # the file ends inside this message
        if size is None:
            if previous < 0 or pos <= last_failure:
                break  # no message to blame, or no progress since the last repair
            last_failure = pos
            # the nearest boundary to the failure first: a message short by k bytes
            # puts the next real boundary k bytes before the failure
            candidates = [
                *range(pos - 1, previous, -1),
                *range(pos + 1, min(pos + _SEARCH, len(body))),
            ]
            restart = next((q for q in candidates if _frames_cleanly(body, q, sizes)), None)
            if restart is None:
                break
            del kept[len(kept) - (pos - previous) :]
            dropped += 1
            pos, previous = restart, -1
            continue
        kept += body[pos : pos + size]
        previous, pos = pos, pos + size
    return bytes(kept), dropped


def crc_contradicts(data: bytes) -> bool:
    """Whether the file carries a CRC for its first FIT file and that CRC is wrong.

    A file whose writer produced malformed messages still has a correct CRC (or, as the
    Strava app writes, none at all); damage after writing (bit flips) shows as a wrong one.
    """
    if len(data) < 12:
        return False
    header_size = data[0]
    end = header_size + int(struct.unpack_from("<I", data, 4)[0])
    if end + 2 > len(data):
        return False  # no CRC to check
    stored = int(struct.unpack_from("<H", data, end)[0])
    return fit_crc(data[:end]) != stored


def drop_damaged_messages(data: bytes) -> tuple[bytes, int]:
    """``data`` rebuilt without its malformed messages, and how many were dropped.

    Only the first FIT file of a chained file is repaired; the rest is discarded when the
    first needed a repair (a damaged file is not trusted beyond that).
    """
    if len(data) < 12:
        return data, 0
    header_size = data[0]
    data_size = struct.unpack_from("<I", data, 4)[0]
    body = data[header_size : header_size + data_size]
    cleaned, dropped = _clean_body(body)
    header = bytearray(data[:header_size])
    struct.pack_into("<I", header, 4, len(cleaned))
    if header_size >= 14:
        struct.pack_into("<H", header, 12, fit_crc(bytes(header[:12])))
    rebuilt = bytes(header) + cleaned
    return rebuilt + struct.pack("<H", fit_crc(rebuilt)), dropped
