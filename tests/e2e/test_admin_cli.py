"""``miler admin`` as an operator runs it: the first admin from standard input, a coach, and
a backup that restores accounts (hashes only) into an empty log."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from miler.accounts.ratelimit import FailureWindow
from miler.services.accounts import authenticate
from miler.store import open_database
from miler.store.accounts import SqlUserStore

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
Cli = Callable[..., CompletedProcess[str]]
PASSWORD = "an admin's long password"


def test_the_first_admin_signs_in_and_a_backup_keeps_the_accounts(
    miler_cli: Cli, tmp_path: Path
) -> None:
    log = f"sqlite:///{tmp_path / 'server.db'}"
    made = miler_cli(
        "admin", "create-admin", "--email", "Boss@Club.org", "--password-stdin", "--json",
        "--database-url", log, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["role"] == "admin"
    coach = miler_cli(
        "admin", "create-user", "--email", "cora@club.org", "--role", "coach", "--name",
        "Cora Coach", "--password-stdin", "--database-url", log, stdin="coach's password 1\n",
    )  # fmt: skip
    assert coach.returncode == 0 and "coach account cora@club.org created" in coach.stdout
    again = miler_cli(
        "admin", "create-admin", "--email", "boss@club.org", "--password-stdin",
        "--database-url", log, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert again.returncode == 2
    assert (
        again.stderr.strip() == "miler admin: error: there is already an account for boss@club.org"
    )
    weak = miler_cli(
        "admin", "create-admin", "--email", "weak@club.org", "--password-stdin",
        "--database-url", log, stdin="short\n",
    )  # fmt: skip
    assert weak.returncode == 2 and "too short" in weak.stderr and "Traceback" not in weak.stderr

    archive = tmp_path / "backup.zip"
    backup = miler_cli("admin", "backup", str(archive), "--json", "--database-url", log)
    assert backup.returncode == 0, backup.stderr
    assert json.loads(backup.stdout)["rows"]["users"] == 2
    with zipfile.ZipFile(archive) as zipped:
        users = zipped.read("users.jsonl").decode()
    assert "$argon2id$" in users and PASSWORD not in users

    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    loaded = miler_cli("import-data", str(archive), "--database-url", restored)
    assert loaded.returncode == 0, loaded.stderr
    db = open_database(restored)
    try:
        user = authenticate(
            SqlUserStore(db), FailureWindow(), email="boss@club.org", password=PASSWORD,
            source="test", clock_s=0.0,
        )  # fmt: skip
    finally:
        db.close()
    assert user.role == "admin" and user.email == "Boss@Club.org"
