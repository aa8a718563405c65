"""Every setting of a miler server, read from the environment (``MILER_*``).

One place says what can be set and checks it: ``miler serve`` and ``miler worker`` read
:func:`load_settings` and let their command-line flags override it. A value that cannot be
used (``MILER_PORT=eighty``) is one clear line naming the variable, never a traceback.

=============================  ==============================================================
variable                       meaning (default)
=============================  ==============================================================
``MILER_DATABASE_URL``         the training log: ``sqlite:///PATH`` or
                               ``postgresql://USER@HOST/DB`` (SQLite in the data folder)
``MILER_DATA_DIR``             the folder of the default SQLite log (the platform's data folder)
``MILER_HOST``                 the address ``miler serve`` listens on (``127.0.0.1``)
``MILER_PORT``                 its port (``8000``; 0: any free port)
``MILER_MAX_UPLOAD_BYTES``     the largest request body the web app reads (32 MiB)
``MILER_WORKER_CONCURRENCY``   jobs one ``miler worker`` runs at once (1)
``MILER_WORKER_HEARTBEAT_S``   how often a worker says it is alive (10 s)
``MILER_WORKER_STALLED_S``     silence after which a worker counts as dead and its jobs are
                               retried by another (30 s)
``MILER_JOB_MAX_ATTEMPTS``     tries of a job that fails for a passing reason (5)
``MILER_JOB_BACKOFF_S``        base of the exponential wait between tries: base, base², ... (2)
``MILER_LOG_FORMAT``           ``json`` (one JSON object a line) or ``text`` (``json``)
``MILER_LOG_LEVEL``            ``DEBUG``, ``INFO``, ``WARNING`` or ``ERROR`` (``INFO``)
=============================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from miler.errors import InvalidInputError

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "MilerSettings", "load_settings"]

#: Largest request body the web app reads: a long FIT file is a few MB; 32 MiB leaves room for
#: several files in one upload while refusing a body that would only waste memory (413).
DEFAULT_MAX_UPLOAD_BYTES = 32 * 1024 * 1024


class MilerSettings(BaseSettings):
    """The settings of one miler process (see the module notes for each variable)."""

    model_config = SettingsConfigDict(
        env_prefix="MILER_", extra="ignore", frozen=True, env_ignore_empty=True
    )

    database_url: str | None = None
    data_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    max_upload_bytes: int = Field(default=DEFAULT_MAX_UPLOAD_BYTES, gt=0)
    worker_concurrency: int = Field(default=1, ge=1, le=64)
    worker_heartbeat_s: float = Field(default=10.0, gt=0)
    worker_stalled_s: float = Field(default=30.0, gt=0)
    job_max_attempts: int = Field(default=5, ge=1, le=50)
    job_backoff_s: int = Field(default=2, ge=1, le=60)
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    def log_url(self) -> str:
        """The training log's URL: the one set, else SQLite in the data folder."""
        from miler.store.database import database_url

        environ = {} if self.data_dir is None else {"MILER_DATA_DIR": str(self.data_dir)}
        return database_url(self.database_url, environ)


def load_settings(environ: Mapping[str, str] | None = None) -> MilerSettings:
    """The settings from the environment (``environ``: instead of ``os.environ``); a value
    that cannot be used is an :class:`~miler.errors.InvalidInputError` naming its variable."""
    try:
        if environ is None:
            return MilerSettings()
        values = {
            name.removeprefix("MILER_").lower(): value
            for name, value in environ.items()
            if name.startswith("MILER_") and value
        }
        return MilerSettings.model_validate(values)
    except ValidationError as error:
        problem = error.errors()[0]
        field = str(problem["loc"][0]) if problem["loc"] else "?"
        raise InvalidInputError(
            f"the environment variable MILER_{field.upper()} cannot be used: {problem['msg']}"
        ) from None
