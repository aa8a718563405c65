"""Authorization over every route of the app, generated from the app's own route table:
a route added later is checked without anyone remembering to add it here.

For every route and method, with every path parameter filled with something of Zed's (his
plan, session, run, API token, comment, his coach's squad), with and without
``?athlete=<Zed>``:

- nobody signed in gets only the public pages (login, invitation links, static files, the
  health check); anything else is a redirect to the login page or a 401;
- Ann (an athlete) and Cora (a coach whose squad Zed is not in) never get an answer that
  shows anything of Zed's (his name, e-mail, run file, token or comment), never a server
  error, and nothing of Zed's in the database changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import select
from starlette.routing import Mount, Route

from miler.store import open_database
from miler.store.models import Base
from miler.web.auth import is_public

from .conftest import accounts_client, sign_in

_PARAM = re.compile(r"\{([a-zA-Z_]+)(?::[a-z]+)?\}")


def _routes(app: Any) -> Iterator[tuple[str, str]]:
    """(path template, method) of every route, routers included (FastAPI's own walk)."""
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount):
            continue  # the static files: public by design
        assert isinstance(route.original_route, APIRoute | Route), route
        for method in sorted((route.methods or set()) - {"HEAD"}):
            yield route.path, method


def _fill(path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "token":
            return "mlr_inv_not-a-link-anyone-was-given"
        return ids.get(name, "x")

    return _PARAM.sub(value, path)


def _zed_rows(url: str, keys: frozenset[str]) -> list[tuple[str, tuple[Any, ...]]]:
    """Every row of the log that holds one of Zed's keys (his athlete, user, squad...)."""
    db = open_database(url)
    try:
        with db.session() as session:
            rows = []
            for name, table in sorted(Base.metadata.tables.items()):
                for row in session.execute(select(table)):
                    values = tuple(row)
                    if any(isinstance(v, str) and v in keys for v in values):
                        rows.append((name, values))
            return rows
    finally:
        db.close()


def _send(client: Any, method: str, path: str, csrf: str | None) -> Any:
    headers = {"x-csrf-token": csrf} if csrf else {}
    if method in ("GET", "DELETE"):
        return client.request(method, path, headers=headers, follow_redirects=False)
    if path.startswith("/api/"):
        return client.request(method, path, json={}, headers=headers, follow_redirects=False)
    return client.request(
        method, path, data={"csrf_token": csrf or ""}, headers=headers, follow_redirects=False
    )


def _requests(app: Any, ids: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for template, method in _routes(app):
        path = _fill(template, ids)
        out.append((method, path))
        out.append((method, f"{path}?athlete={ids['zed_ath']}"))
    return out


def test_the_route_table_is_what_the_test_walks(accounts_world: Any) -> None:
    """A sanity check of the generator: the accounts pages and the others' are all there."""
    with accounts_client(accounts_world) as client:
        walked = {template for template, _ in _routes(client.app)}
    for expected in (
        "/login",
        "/squads/{squad_id}",
        "/comments",
        "/api/v1/plan/sessions/{session_id}",
        "/",
    ):
        assert expected in walked


def test_nobody_signed_in_reaches_only_the_public_pages(accounts_world: Any) -> None:
    world = accounts_world
    with accounts_client(world) as client:
        for method, path in _requests(client.app, world.ids):
            answer = _send(client, method, path, None)
            where = f"{method} {path}: {answer.status_code}"
            assert answer.status_code < 500, where
            assert not any(m in answer.text for m in world.markers), where
            if is_public(path.split("?")[0]):
                continue
            if answer.status_code == 303:
                assert answer.headers["location"].startswith("/login?next="), where
            else:
                assert answer.status_code == 401, where


@pytest.mark.parametrize("who", ["ann@club.org", "cora@club.org"])
def test_nothing_of_another_athlete_is_read_or_changed(accounts_world: Any, who: str) -> None:
    _walk_as(accounts_world, who)


def test_nothing_of_another_athlete_is_read_or_changed_on_postgresql(
    accounts_world_on_postgresql: Any,
) -> None:
    """The same walk on the coach server's own database."""
    _walk_as(accounts_world_on_postgresql, "cora@club.org")


def _walk_as(world: Any, who: str) -> None:
    before = _zed_rows(world.url, world.zed_keys)
    assert len(before) >= 10  # his user, athlete, plan, run, result, token, comment, squad...
    with accounts_client(world) as client:
        csrf = sign_in(client, who)
        for method, path in _requests(client.app, world.ids):
            answer = _send(client, method, path, csrf)
            where = f"{who} {method} {path}: {answer.status_code}"
            # /readyz says 503 on purpose while the job queue's schema is not installed.
            unready = path.startswith("/readyz") and answer.status_code == 503
            assert answer.status_code < 500 or unready, where
            leaked = [m for m in world.markers if m in answer.text]
            assert leaked == [], f"{where} shows {leaked}"
            if path.startswith("/logout"):
                csrf = sign_in(client, who)
    assert _zed_rows(world.url, world.zed_keys) == before


def test_a_coach_reaches_their_own_squad_members(accounts_world: Any) -> None:
    """The positive half: Cora sees Ann's comments page and roster, and Zed's is 404."""
    ids = accounts_world.ids
    with accounts_client(accounts_world) as client:
        sign_in(client, "cora@club.org")
        assert "Ann Athlete" in client.get(f"/comments?athlete={ids['ann_ath']}").text
        assert "Ann Athlete" in client.get(f"/squads/{ids['milers']}").text
        assert client.get(f"/comments?athlete={ids['zed_ath']}").status_code == 404
        assert client.get(f"/squads/{ids['others']}").status_code == 404
    with accounts_client(accounts_world) as client:
        sign_in(client, "ann@club.org")
        assert client.get(f"/comments?athlete={ids['cora_ath']}").status_code == 404
        assert client.get(f"/squads/{ids['milers']}").status_code == 404  # not her roster


def _probe(app: Any) -> None:
    """A route added after the app was made, acting for the request's athlete the way every
    page does (``Depends(athlete)``): it shows the athlete's name, and changes nothing."""
    from fastapi import Depends

    from miler.services.stores import AthleteProfile
    from miler.web.context import athlete

    def whose(runner: AthleteProfile = Depends(athlete)) -> dict[str, str]:  # noqa: B008
        return {"name": runner.name}

    app.add_api_route("/api/v1/probe", whose, methods=["GET", "POST"])


def test_a_route_added_later_acts_only_for_athletes_the_user_may_reach(
    accounts_world: Any,
) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as client:
        _probe(client.app)
        assert ("/api/v1/probe", "GET") in set(_routes(client.app))
        assert client.get("/api/v1/probe").status_code == 401
        csrf = sign_in(client, "cora@club.org")
        assert client.get("/api/v1/probe").json() == {"name": "Cora Coach"}
        for method in ("GET", "POST"):
            mine = _send(client, method, f"/api/v1/probe?athlete={ids['ann_ath']}", csrf)
            assert mine.json() == {"name": "Ann Athlete"}
            for stranger in (ids["zed_ath"], "no-such-athlete"):
                refused = _send(client, method, f"/api/v1/probe?athlete={stranger}", csrf)
                assert refused.status_code == 404
                assert refused.json() == {"detail": "there is no such athlete"}
    with accounts_client(accounts_world) as client:
        _probe(client.app)
        csrf = sign_in(client, "ann@club.org")
        assert client.get("/api/v1/probe").json() == {"name": "Ann Athlete"}
        for stranger in (ids["cora_ath"], ids["zed_ath"]):
            assert (
                _send(client, "GET", f"/api/v1/probe?athlete={stranger}", csrf).status_code == 404
            )
