"""``miler export-data FILE``: the whole training log as one archive (see ``miler.cli.data``)."""

from miler.cli.data import __doc__ as _doc
from miler.cli.data import configure_export as configure
from miler.cli.data import run_export as run

__doc__ = _doc
__all__ = ["configure", "run"]
