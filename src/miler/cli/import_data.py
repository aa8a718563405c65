"""``miler import-data FILE``: fill an empty training log from an archive
(see ``miler.cli.data``)."""

from miler.cli.data import __doc__ as _doc
from miler.cli.data import configure_import as configure
from miler.cli.data import run_import as run

__doc__ = _doc
__all__ = ["configure", "run"]
