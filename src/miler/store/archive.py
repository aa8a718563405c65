"""The whole training log as one archive (``miler export-data`` / ``miler import-data``).

The archive is a zip: ``manifest.json`` (format, version, the schema revision it was written
at), one JSON-lines file per table (``athletes.jsonl``, ``runs.jsonl``, ``results.jsonl``,
``plans.jsonl``, ``events.jsonl``, and the coach server's ``users.jsonl`` (password hashes,
never passwords), ``api_tokens.jsonl`` (token hashes), ``squads.jsonl``,
``squad_members.jsonl``, ``invitations.jsonl``, ``comments.jsonl``; one row per line, keys
sorted, rows in key order), and the original activity files under
``originals/<run_id>/<file name>``, byte for byte. Times are ISO 8601 UTC, dates ISO 8601.

Importing fills an empty log with every row as it was, ids included, in one transaction
(all or nothing), so exporting it again gives the same archive.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from miler.services.stores import StoreError
from miler.store.database import Database, schema_state
from miler.store.models import Base, UtcDateTime

__all__ = ["ARCHIVE_FORMAT", "ARCHIVE_VERSION", "export_archive", "import_archive"]

ARCHIVE_FORMAT: Final = "miler.log"
ARCHIVE_VERSION: Final = 1
#: tables in the order their rows can be inserted (foreign keys point backwards)
_TABLES: Final = (
    "athletes",
    "runs",
    "results",
    "plans",
    "events",
    # accounts (login sessions are not kept: a restored server signs everyone in again)
    "users",
    "api_tokens",
    "squads",
    "squad_members",
    "invitations",
    "comments",
)
#: tables whose integer key a PostgreSQL sequence hands out
_SERIAL_KEYS: Final = (
    ("runs", "run_id"),
    ("results", "result_id"),
    ("events", "event_id"),
    ("api_tokens", "token_id"),
    ("squad_members", "membership_id"),
    ("invitations", "invitation_id"),
    ("comments", "comment_id"),
)
_ORIGINALS: Final = "run_originals"


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None:
            kind = dt.datetime if isinstance(column.type, UtcDateTime) else column.type.python_type
            if kind is dt.datetime:
                value = dt.datetime.fromisoformat(value)
            elif kind is dt.date:
                value = dt.date.fromisoformat(value)
        out[column.name] = value
    return out


def _rows(session: Session, table: Table) -> list[dict[str, Any]]:
    keys = list(table.primary_key.columns)
    result = session.execute(select(table).order_by(*keys))
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in result]


def export_archive(db: Database, path: Path) -> dict[str, int]:
    """Write the whole log to ``path`` (through a temporary file and a rename); returns the
    number of rows of each table."""
    counts: dict[str, int] = {}
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror}") from None
    partial = Path(temporary)
    try:
        with (
            open(descriptor, "wb") as handle,  # noqa: PTH123 (an open descriptor)
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
            db.session() as session,
        ):
            manifest = {
                "format": ARCHIVE_FORMAT,
                "version": ARCHIVE_VERSION,
                "schema": schema_state(db).current,
            }
            archive.writestr("manifest.json", json.dumps(manifest, sort_keys=True))
            for name in _TABLES:
                rows = _rows(session, _table(name))
                counts[name] = len(rows)
                lines = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows)
                archive.writestr(f"{name}.jsonl", lines)
            runs = {r["run_id"]: r["file_name"] for r in _rows(session, _table("runs"))}
            originals = _table(_ORIGINALS)
            for run_id, data in session.execute(select(originals).order_by(originals.c.run_id)):
                archive.writestr(f"originals/{run_id}/{runs[run_id]}", bytes(data))
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts


def _read_archive(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[int, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise StoreError(f"{path.name}: not a miler log archive ({error})") from None
    with archive:
        names = set(archive.namelist())
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError):
            raise StoreError(
                f"{path.name}: not a miler log archive (no manifest.json); "
                "make one with 'miler export-data FILE'"
            ) from None
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise StoreError(f"{path.name}: not a miler log archive")
        if manifest.get("version") != ARCHIVE_VERSION:
            raise StoreError(
                f"{path.name}: archive version {manifest.get('version')!r}, this miler reads "
                f"version {ARCHIVE_VERSION}: upgrade miler"
            )
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in _TABLES:
            member = f"{name}.jsonl"
            text_ = archive.read(member).decode("utf-8") if member in names else ""
            try:
                tables[name] = [json.loads(line) for line in text_.splitlines() if line]
            except ValueError as error:
                raise StoreError(f"{path.name}: {member} is damaged ({error})") from None
        originals: dict[int, bytes] = {}
        for member in sorted(n for n in names if n.startswith("originals/")):
            parts = member.split("/")
            if len(parts) == 3 and parts[1].isdigit():
                originals[int(parts[1])] = archive.read(member)
    return tables, originals


def import_archive(db: Database, path: Path) -> dict[str, int]:
    """Fill an empty log from the archive at ``path``, in one transaction; returns the rows
    of each table. A log that already holds a runner is refused (nothing is merged)."""
    tables, originals = _read_archive(path)
    missing = [r["run_id"] for r in tables["runs"] if r["run_id"] not in originals]
    if missing:
        raise StoreError(f"{path.name}: the original files of runs {missing[:5]} are missing")
    with db.session(write=True) as session:
        if session.scalar(select(func.count()).select_from(_table("athletes"))):
            raise StoreError(
                "the log already holds a runner: import-data fills an empty log "
                "(point --database-url at a new one)"
            )
        for name in _TABLES:
            table = _table(name)
            rows = [_typed(table, r) for r in tables[name]]
            if rows:
                session.execute(insert(table), rows)
            if name == "runs" and rows:
                session.execute(
                    insert(_table(_ORIGINALS)),
                    [{"run_id": r["run_id"], "data": originals[r["run_id"]]} for r in rows],
                )
        if db.dialect == "postgresql":
            for name, key in _SERIAL_KEYS:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', '{key}'), "
                        f"COALESCE((SELECT MAX({key}) FROM {name}), 0) + 1, false)"
                    )
                )
    return {name: len(tables[name]) for name in _TABLES}
