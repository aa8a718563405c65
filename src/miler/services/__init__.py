"""The use cases every front end offers (the CLI today; the web app and workers next).

One module per use case: ``assess``, ``predict``, ``plan``, ``analyse`` (a run),
``adapt`` and ``export``. Each takes typed inputs and returns a typed result (a frozen
pydantic model whose ``model_dump(mode="json")`` is exactly what ``--json`` prints), and
decides everything the domain leaves open (which results count, the current mile), so no
front end decides it twice. The clock and the runner's time zone are passed in (``today``,
``tz``): nothing below a front end reads the clock. Stores are interfaces the services
receive (:mod:`miler.services.stores`); the files-backed ones serve the CLI, the database
ones (``miler.store``) the training log and the server.

Services import the domain, the plan package, the store interfaces and the exporters, never
a front end (enforced by ``tests/test_layers.py``).
"""
