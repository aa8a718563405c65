"""``miler break``: see :mod:`miler.cli.changes`."""

from miler.cli.changes import __doc__ as _doc
from miler.cli.changes import configure_break as configure
from miler.cli.changes import run_break as run

__doc__ = _doc
__all__ = ["configure", "run"]
