"""``miler skip``: see :mod:`miler.cli.changes`."""

from miler.cli.changes import __doc__ as _doc
from miler.cli.changes import configure_skip as configure
from miler.cli.changes import run_skip as run

__doc__ = _doc
__all__ = ["configure", "run"]
