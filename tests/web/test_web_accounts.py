"""The coach server's security and journeys through the real app (accounts mode): session
fixation, the session cookie, CSRF on every form, HTML escaping of names and comments, file
names of uploads, login rate limiting, revocable API tokens, invitations, comments, the
squad table, and the single-user local mode left as it was."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from miler.accounts.policy import Role
from miler.services.accounts import create_user
from miler.store import SqlAthleteStore, open_database
from miler.store.accounts import SqlCommentStore, SqlUserStore
from miler.web import WebSettings, create_app

from .accounts_world import NOW, PASSWORD, RUN_FILE, TODAY
from .conftest import accounts_client, sign_in


def _link(page: str) -> str:
    found = re.search(r'value="https?://[^/]+(/invite/[^"]+)"', page)
    assert found, page
    return found.group(1)


def test_a_session_id_planted_before_sign_in_is_worthless_after(accounts_world: Any) -> None:
    """Session fixation: signing in issues a new session id and ends the browser's old one."""
    with accounts_client(accounts_world) as victim:
        sign_in(victim, "ann@club.org")
        planted = victim.cookies.get("miler_session")
        assert planted
        # The attacker's browser holds the same (fixed) id; the victim signs in again with it.
        sign_in(victim, "ann@club.org")
        fresh = victim.cookies.get("miler_session")
        assert fresh and fresh != planted
        with accounts_client(accounts_world) as attacker:
            attacker.cookies.set("miler_session", planted)
            refused = attacker.get("/squads", follow_redirects=False)
            assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
        assert victim.get("/squads").status_code == 200


@pytest.mark.parametrize(
    ("asked", "went"),
    [("/squads", "/squads"), ("//evil.example/x", "/"), ("https://evil.example/", "/"),
     ("/\\evil.example", "/")],
)  # fmt: skip
def test_after_sign_in_only_a_page_of_this_app_is_opened(
    accounts_world: Any, asked: str, went: str
) -> None:
    with accounts_client(accounts_world) as client:
        client.get("/login")
        answer = client.post(
            "/login",
            data={"email": "ann@club.org", "password": PASSWORD, "next": asked,
                  "csrf_token": client.cookies.get("miler_csrf")},
            follow_redirects=False,
        )  # fmt: skip
        assert answer.status_code == 303 and answer.headers["location"] == went


def test_signing_out_ends_the_session(accounts_world: Any) -> None:
    with accounts_client(accounts_world) as client:
        csrf = sign_in(client, "ann@club.org")
        session = client.cookies.get("miler_session")
        out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/login"
        client.cookies.set("miler_session", session)
        assert client.get("/squads", follow_redirects=False).status_code == 303


def _session_cookie(answer: Any) -> str:
    (cookie,) = [c for c in answer.headers.get_list("set-cookie") if c.startswith("miler_session=")]
    return cookie.lower()


@pytest.mark.parametrize(
    ("base_url", "secure"),
    [("http://127.0.0.1", False), ("http://localhost:8000", False),
     ("https://club.example.org", True), ("http://club.example.org", True)],
)  # fmt: skip
def test_the_session_cookie_is_httponly_lax_and_secure_beyond_plain_loopback(
    accounts_world: Any, base_url: str, secure: bool
) -> None:
    settings = WebSettings(database_url=accounts_world.url, accounts=True, now=lambda: NOW)
    with TestClient(create_app(settings), base_url=base_url) as client:
        client.get("/login")
        answer = client.post(
            "/login",
            data={"email": "ann@club.org", "password": PASSWORD,
                  "csrf_token": client.cookies.get("miler_csrf")},
            follow_redirects=False,
        )  # fmt: skip
        assert answer.status_code == 303
        cookie = _session_cookie(answer)
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
        assert ("secure" in cookie.split("; ")) is secure


def _forms(app: Any) -> list[str]:
    """Every page route that takes a POST (the API takes JSON and tokens, not forms)."""
    return sorted(
        {
            r.path
            for r in iter_route_contexts(app.routes)
            if "POST" in (r.methods or set()) and not r.path.startswith("/api/")
        }
    )


def test_every_form_refuses_a_request_without_its_csrf_token(accounts_world: Any) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as client:
        csrf = sign_in(client, "cora@club.org")
        forms = _forms(client.app)
        assert {"/login", "/logout", "/squads", "/comments", "/account/tokens"} <= set(forms)
        for template in forms:
            path = re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), template)
            for sent in ({}, {"csrf_token": "forged" + csrf[6:]}):
                answer = client.post(path, data=sent, follow_redirects=False)
                assert answer.status_code == 403, (path, sent, answer.status_code)
        # and still signed in: a refused form changed nothing
        assert client.get("/squads").status_code == 200


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_names_and_comments_show_as_text(accounts_world: Any) -> None:
    """A name or comment holding HTML is escaped on every page that shows it."""
    ids = accounts_world.ids
    db = open_database(accounts_world.url)
    try:
        create_user(
            SqlUserStore(db),
            SqlAthleteStore(db),
            email="evil@club.org",
            display_name="Eve " + HOSTILE,
            password=PASSWORD,
            role=Role.COACH,
            now=NOW,
        )
    finally:
        db.close()
    with accounts_client(accounts_world) as client:
        csrf = sign_in(client, "evil@club.org")
        made = client.post("/squads", data={"name": "Squad " + HOSTILE, "csrf_token": csrf})
        assert made.status_code == 200
        invitation = client.post(f"{made.url.path}/invitations", data={"csrf_token": csrf})
        pages = [made.text, client.get("/account").text, client.get("/squads").text,
                 client.get(_link(invitation.text)).text]  # fmt: skip
    with accounts_client(accounts_world) as coach:
        csrf = sign_in(coach, "cora@club.org")
        said = coach.post(
            f"/comments?athlete={ids['ann_ath']}",
            data={"csrf_token": csrf, "target": "session", "target_id": "s1", "text": HOSTILE},
        )
        assert said.status_code == 200
        pages.append(said.text)
    with accounts_client(accounts_world) as athlete:
        sign_in(athlete, "ann@club.org")
        pages.append(athlete.get("/comments").text)
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page


def test_a_file_name_is_never_a_path(accounts_world: Any, tmp_path: Path) -> None:
    """An upload named to climb out of any folder is read as a name: nothing is written
    where it points, and the name shows as text."""
    target = tmp_path / "escaped.gpx"
    hostile = "../" * 12 + str(target).lstrip("/")
    data = RUN_FILE.read_bytes()
    with accounts_client(accounts_world) as client:
        csrf = sign_in(client, "ann@club.org")
        page = client.post(
            "/runs",
            data={"csrf_token": csrf},
            files=[("files", (hostile, data, "application/gpx+xml"))],
        )
        api = client.post(
            "/api/v1/runs/analysis",
            files={"file": ("..\\..\\..\\evil.gpx", data, "application/gpx+xml")},
        )
    assert page.status_code < 500 and api.status_code < 500
    assert not target.exists()
    assert not (tmp_path.parent / "evil.gpx").exists()


def test_failed_sign_ins_are_limited_then_refused_even_with_the_right_password(
    accounts_world: Any,
) -> None:
    with accounts_client(accounts_world) as client:
        client.get("/login")
        csrf = client.cookies.get("miler_csrf")
        answers = [
            client.post(
                "/login",
                data={"email": "ann@club.org", "password": f"wrong {n}", "csrf_token": csrf},
            )
            for n in range(5)
        ]
        assert [a.status_code for a in answers] == [401] * 5
        # the same words for an unknown e-mail and a wrong password
        assert "the e-mail address or the password is wrong" in answers[0].text
        right = client.post(
            "/login", data={"email": "ann@club.org", "password": PASSWORD, "csrf_token": csrf},
            follow_redirects=False,
        )  # fmt: skip
        assert right.status_code == 429
        assert int(right.headers["retry-after"]) > 60
        assert "too many failed sign-ins" in right.text
        assert "miler_session" not in right.headers.get("set-cookie", "")
        # the source address is limited too: another account from it waits as well
        other = client.post(
            "/login", data={"email": "cora@club.org", "password": PASSWORD, "csrf_token": csrf},
            follow_redirects=False,
        )  # fmt: skip
        assert other.status_code == 429


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(accounts_world: Any) -> None:
    with accounts_client(accounts_world) as client:
        client.get("/login")
        csrf = client.cookies.get("miler_csrf")
        wrong = client.post(
            "/login",
            data={"email": "ann@club.org", "password": "nope nope nope", "csrf_token": csrf},
        )
        unknown = client.post(
            "/login",
            data={"email": "nobody@club.org", "password": "nope nope nope", "csrf_token": csrf},
        )
        assert wrong.status_code == unknown.status_code == 401
        message = re.compile(r'role="alert">([^<]*)<')
        assert message.findall(wrong.text) == message.findall(unknown.text)


def test_an_api_token_works_until_it_is_revoked(accounts_world: Any) -> None:
    with accounts_client(accounts_world) as client:
        csrf = sign_in(client, "ann@club.org")
        page = client.post("/account/tokens", data={"name": "watch sync", "csrf_token": csrf})
        secret = re.search(r'id="new-secret" readonly value="([^"]+)"', page.text)
        assert secret and secret.group(1).startswith("mlr_api_")
        token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', page.text)
        assert token_id
    bearer = {"authorization": f"Bearer {secret.group(1)}"}
    runner = {"age": 35, "sex": "M", "results": [{"event": "5k", "time": "20:00"}]}
    with accounts_client(accounts_world) as script:
        assert script.post("/api/v1/prediction", json=runner, headers=bearer).status_code == 200
        # a script uploads with its token alone: no CSRF cookie, which only a browser has
        upload = [("files", (RUN_FILE.name, RUN_FILE.read_bytes(), "application/octet-stream"))]
        imported = script.post("/api/v1/imports", files=upload, headers=bearer)
        assert imported.status_code == 202, imported.text
        job = script.get(imported.json()["status_url"], headers=bearer).json()
        assert job["state"] == "done" and job["items"][0]["outcome"] == "imported"
        assert script.post("/api/v1/imports", files=upload).status_code == 401
        # a token opens the API only, not the pages
        assert script.get("/squads", headers=bearer, follow_redirects=False).status_code == 303
    with accounts_client(accounts_world) as client:
        csrf = sign_in(client, "ann@club.org")
        listed = client.get("/account").text
        assert "watch sync" in listed and secret.group(1) not in listed  # shown once only
        revoked = client.post(
            f"/account/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf}
        )
        assert revoked.status_code == 200 and "revoked" in revoked.text
    with accounts_client(accounts_world) as script:
        refused = script.post("/api/v1/prediction", json=runner, headers=bearer)
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")


def test_an_invited_athlete_joins_once_and_can_leave(accounts_world: Any) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as coach:
        csrf = sign_in(coach, "cora@club.org")
        link = _link(
            coach.post(f"/squads/{ids['milers']}/invitations", data={"csrf_token": csrf}).text
        )
    with accounts_client(accounts_world) as newcomer:
        page = newcomer.get(link)
        assert page.status_code == 200 and "Join Milers" in page.text and "Cora Coach" in page.text
        csrf = newcomer.cookies.get("miler_csrf")
        weak = newcomer.post(
            f"{link}/register",
            data={"csrf_token": csrf, "name": "Nia", "email": "nia@club.org", "password": "short"},
        )
        assert weak.status_code == 422 and "too short" in weak.text
        joined = newcomer.post(
            f"{link}/register",
            data={
                "csrf_token": csrf,
                "name": "Nia New",
                "email": "nia@club.org",
                "password": PASSWORD,
            },
        )
        assert joined.status_code == 200 and "You joined the squad" in joined.text
        csrf = newcomer.cookies.get("miler_csrf")
        squad_page = joined.text
        assert "Milers" in squad_page
    with accounts_client(accounts_world) as someone_else:
        assert someone_else.get(link).status_code == 404  # used up
    with accounts_client(accounts_world) as coach:
        sign_in(coach, "cora@club.org")
        assert "Nia New" in coach.get(f"/squads/{ids['milers']}").text
    with accounts_client(accounts_world) as nia:
        csrf = sign_in(nia, "nia@club.org")
        left = nia.post(f"/squads/{ids['milers']}/leave", data={"csrf_token": csrf})
        assert left.status_code == 200 and "You are in no squad" in left.text
    with accounts_client(accounts_world) as coach:
        sign_in(coach, "cora@club.org")
        assert "Nia New" not in coach.get(f"/squads/{ids['milers']}").text


def test_the_coach_comments_and_the_athlete_reads_them(accounts_world: Any) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as coach:
        csrf = sign_in(coach, "cora@club.org")
        said = coach.post(
            f"/comments?athlete={ids['ann_ath']}",
            data={
                "csrf_token": csrf,
                "target": "session",
                "target_id": "w1-mon",
                "text": "Keep the easy runs easy",
            },
        )
        assert said.status_code == 200
        not_hers = coach.post(
            f"/comments?athlete={ids['ann_ath']}",
            data={
                "csrf_token": csrf,
                "target": "run",
                "target_id": ids["run_id"],
                "text": "on Zed's run",
            },
        )
        assert not_hers.status_code == 422  # a run of another athlete is no target
    with accounts_client(accounts_world) as athlete:
        sign_in(athlete, "ann@club.org")
        page = athlete.get("/comments").text
        assert "Keep the easy runs easy" in page and "Cora Coach on session w1-mon" in page
    db = open_database(accounts_world.url)
    try:
        stored = SqlCommentStore(db).comments(ids["ann_ath"])
    finally:
        db.close()
    assert [c.text for c in stored] == ["Keep the easy runs easy"]


def test_the_squad_table_and_its_csv_agree(accounts_world: Any) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as coach:
        sign_in(coach, "cora@club.org")
        page = coach.get(f"/squads/{ids['milers']}/table")
        download = coach.get(f"/squads/{ids['milers']}/table.csv")
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    (row,) = list(csv.DictReader(io.StringIO(download.text)))
    assert row["athlete"] == "Ann Athlete"
    assert row["predicted_mile"] and row["predicted_mile"] in page.text
    assert float(row["grade_percent"]) > 0 and row["band"] in page.text


def test_the_local_mode_has_no_sign_in(tmp_path: Path) -> None:
    """Without accounts (miler serve on 127.0.0.1) nothing asks to sign in, and the accounts
    pages are not there."""
    settings = WebSettings(database_url=f"sqlite:///{tmp_path / 'log.db'}", today=lambda: TODAY)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        assert client.get("/runs").status_code == 200
        assert client.get("/login").status_code == 404
        assert client.get("/squads").status_code == 404


@pytest.mark.parametrize(
    ("asked", "host", "url", "on"),
    [
        (False, "127.0.0.1", None, False),
        (False, "::1", "sqlite:///x.db", False),
        (True, "127.0.0.1", None, True),
        (False, "0.0.0.0", None, True),
        (False, "192.0.2.10", None, True),
        (False, "127.0.0.1", "postgresql://miler@db.example.org/miler", True),
        (False, "127.0.0.1", "postgres://miler@localhost/miler", True),
    ],
)
def test_accounts_are_on_beyond_loopback_or_on_postgresql(
    asked: bool, host: str, url: str | None, on: bool
) -> None:
    from miler.cli.serve import accounts_needed

    assert accounts_needed(asked, host, url) is on


def test_a_coach_stays_on_the_athlete_they_opened_until_they_go_back(
    accounts_world: Any,
) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as client:
        sign_in(client, "cora@club.org")
        opened = client.get("/settings", params={"athlete": ids["ann_ath"]})
        assert opened.status_code == 200
        assert 'class="acting"' in opened.text and "Ann Athlete" in opened.text
        assert client.cookies.get("miler_athlete") == ids["ann_ath"]
        # The nav's plain links stay on Ann: the cookie remembers her, the rule is asked again.
        assert "Ann Athlete" in client.get("/settings").text
        back = client.get("/", params={"athlete": "me"})
        assert back.status_code in (200, 303)
        assert not client.cookies.get("miler_athlete")
        assert 'class="acting"' not in client.get("/settings").text


def test_a_remembered_athlete_is_still_asked_of_the_rule(accounts_world: Any) -> None:
    ids = accounts_world.ids
    with accounts_client(accounts_world) as client:
        sign_in(client, "ann@club.org")
        client.cookies.set("miler_athlete", ids["zed_ath"])
        page = client.get("/settings")
        assert page.status_code == 200
        assert not [m for m in accounts_world.markers if m in page.text]
        assert 'class="acting"' not in page.text
        # Asked outright, another squad's athlete is not there at all.
        assert client.get("/settings", params={"athlete": ids["zed_ath"]}).status_code == 404
