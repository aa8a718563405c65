"""Safe XML parsing for GPX and TCX: through defusedxml, with every DTD refused.

Activity files never need a DTD; refusing any ``<!DOCTYPE`` stops "billion laughs"
entity expansion and external entities (XXE) before anything is expanded or read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from miler.activities.base import DamagedFileError, HostileFileError

__all__ = ["local_name", "parse_xml", "parse_xml_time", "repair_xml_quirks", "xml_text"]

_PREFIX = re.compile(r"<(?:/?)([A-Za-z_][\w.-]*):[A-Za-z_]")
_DECLARED = re.compile(r"xmlns:([A-Za-z_][\w.-]*)\s*=")
_EMPTY_VALUE = re.compile(
    r"<((?:[A-Za-z_][\w.-]*:)?(?:ele|hr|cad|speed|power|atemp|temp|course|"
    r"AltitudeMeters|DistanceMeters|Cadence|RunCadence|Speed|Watts))>"
    r"\s*(?:null|none|nan|undefined)?\s*</\1>",
    re.IGNORECASE,
)


def xml_text(data: bytes, name: str) -> str:
    """``data`` decoded as UTF-8 (a byte-order mark is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DamagedFileError(
            f"{name}: not a text (XML) file: byte {error.start} is not valid UTF-8"
        ) from None


def parse_xml(data: bytes, name: str) -> Any:
    """The root element of the XML document ``data``; hostile or broken XML is refused."""
    import defusedxml
    from defusedxml import ElementTree

    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise HostileFileError(
            f"{name}: refused: the XML declares a DTD or entities ({type(error).__name__}), "
            "which activity files never need and which can expand to gigabytes or read "
            "local files"
        ) from None
    except ElementTree.ParseError as error:
        raise DamagedFileError(f"{name}: broken XML ({error})") from None
    except (LookupError, ValueError) as error:  # e.g. an unknown encoding in the declaration
        raise DamagedFileError(f"{name}: unreadable XML ({error})") from None


def local_name(tag: str) -> str:
    """An element's tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def parse_xml_time(text: str | None, name: str, where: str) -> dt.datetime:
    """An ISO 8601 time as UTC (a time without zone is taken as UTC, as GPX requires)."""
    try:
        value = dt.datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise DamagedFileError(f"{name}: {where}: invalid time {text!r}") from None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def repair_xml_quirks(text: str, name: str) -> tuple[str, list[str]]:
    """``text`` with known lossless quirks of real exporters repaired, and a warning for each.

    - A namespace prefix used but never declared (``gpxdata:`` in GPX files some tools
      make from Strava exports) is declared on the root element, so the document parses
      as the other importers read it.
    - A numeric value written as ``null``, ``NaN`` or nothing (``<ele>null</ele>``) is
      removed: the value is unknown, the point is kept.

    DTDs and entities are not touched here: :func:`parse_xml` refuses them.
    """
    notes: list[str] = []
    used = {m.group(1) for m in _PREFIX.finditer(text)} - {"xml", "xmlns"}
    declared = set(_DECLARED.findall(text))
    missing = sorted(used - declared)
    if missing:
        root = re.search(r"<(?!\?|!)([A-Za-z_][\w.:-]*)", text)
        if root is not None:
            declarations = "".join(
                f' xmlns:{prefix}="urn:miler:undeclared:{prefix}"' for prefix in missing
            )
            at = root.end()
            text = text[:at] + declarations + text[at:]
            notes.append(
                f"{name}: namespace prefix(es) {', '.join(p + ':' for p in missing)} used but "
                "never declared; declared them to read the file"
            )
    text, count = _EMPTY_VALUE.subn("", text)
    if count:
        notes.append(f"{name}: {count} empty or null value(s) (like <ele>null</ele>) ignored")
    return text, notes
