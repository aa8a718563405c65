"""The web app behind ``miler serve``: server-rendered pages (Jinja2, HTMX, charts drawn
in the browser by the vendored uPlot) and a JSON API under ``/api/v1``, all on the
domain's functions. Every asset ships in the package: the app needs no internet.

>>> from miler.web import create_app                                  # doctest: +SKIP
>>> app = create_app()                                                # an ASGI app
"""

from __future__ import annotations

from miler.web.app import create_app
from miler.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
