"""Safe XML parsing for GPX and TCX: through defusedxml, with every DTD refused.

Activity files never need a DTD; refusing any ``<!DOCTYPE`` stops "billion laughs"
entity expansion and external entities (XXE) before anything is expanded or read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from miler.activities.base import DamagedFileError, HostileFileError

__all__ = ["local_name", "parse_xml", "parse_xml_time", "xml_text"]


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
