"""The account stores keep what their interfaces promise, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from miler.accounts.policy import Role
from miler.accounts.tokens import issue_token
from miler.services.account_stores import (
    CommentStore,
    EmailTakenError,
    NewUser,
    SquadStore,
    UserStore,
)
from miler.services.stores import AthleteProfile, NewRun
from miler.store import Database, SqlAthleteStore, SqlRunStore
from miler.store.accounts import SqlCommentStore, SqlSquadStore, SqlUserStore
from miler.store.models import UserRow

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def _user(db: Database, uid: str, email: str, role: Role = Role.ATHLETE) -> None:
    SqlAthleteStore(db).save_athlete(AthleteProfile(athlete_id=f"ath-{uid}", name=uid))
    users: UserStore = SqlUserStore(db)
    users.add_user(
        NewUser(
            user_id=uid,
            email=email,
            display_name=uid.title(),
            password_hash="$argon2id$not-checked-here",
            role=role,
            athlete_id=f"ath-{uid}",
        ),
        NOW,
    )


def test_an_email_is_unique_whatever_its_case(any_db: Database) -> None:
    _user(any_db, "ana", "Ana@Club.org")
    users = SqlUserStore(any_db)
    found = users.user_by_email("  ana@CLUB.ORG ")
    assert found is not None and found.user_id == "ana" and found.email == "Ana@Club.org"
    assert found.role is Role.ATHLETE and found.athlete_id == "ath-ana"
    with pytest.raises(EmailTakenError, match=r"already an account for ANA@club\.org"):
        _user(any_db, "ana2", "ANA@club.org")
    assert [u.user_id for u in users.users()] == ["ana"]


def test_a_session_lives_until_it_expires_or_ends(any_db: Database) -> None:
    _user(any_db, "ana", "ana@club.org")
    users = SqlUserStore(any_db)
    first, second = issue_token("session"), issue_token("session")
    users.add_session("ana", first.digest, NOW, NOW + HOUR)
    users.add_session("ana", second.digest, NOW, NOW + HOUR)
    seen = users.session_user(first.digest, NOW + HOUR / 2)
    assert seen is not None and seen.user_id == "ana"
    assert users.session_user(first.digest, NOW + HOUR) is None  # expired
    assert users.session_user(first.secret, NOW) is None  # the secret itself is not a key
    users.end_session(first.digest)
    assert users.session_user(first.digest, NOW) is None
    assert users.end_sessions("ana") == 1
    assert users.session_user(second.digest, NOW) is None


def test_a_disabled_account_has_no_session_and_no_token(any_db: Database) -> None:
    _user(any_db, "ana", "ana@club.org")
    users = SqlUserStore(any_db)
    session, api = issue_token("session"), issue_token("api")
    users.add_session("ana", session.digest, NOW, NOW + HOUR)
    users.add_api_token("ana", api.digest, "script", NOW)
    with any_db.session(write=True) as s:
        row = s.get(UserRow, "ana")
        assert row is not None
        row.disabled = True
    assert users.session_user(session.digest, NOW) is None
    assert users.token_user(api.digest, NOW) is None


def test_api_tokens_are_listed_stamped_and_revocable_by_their_owner_only(
    any_db: Database,
) -> None:
    _user(any_db, "ana", "ana@club.org")
    _user(any_db, "ben", "ben@club.org")
    users = SqlUserStore(any_db)
    token = issue_token("api")
    made = users.add_api_token("ana", token.digest, "watch sync", NOW)
    assert users.token_user(token.digest, NOW + HOUR) is not None
    (listed,) = users.api_tokens("ana")
    assert listed.name == "watch sync" and listed.last_used == NOW + HOUR and not listed.revoked
    assert users.api_tokens("ben") == []
    assert not users.revoke_api_token("ben", made.token_id)
    assert users.token_user(token.digest, NOW) is not None
    assert users.revoke_api_token("ana", made.token_id)
    assert users.token_user(token.digest, NOW) is None
    assert users.api_tokens("ana")[0].revoked


def test_an_invitation_admits_one_athlete_once_before_it_expires(any_db: Database) -> None:
    _user(any_db, "coach", "coach@club.org", Role.COACH)
    for uid in ("ana", "ben", "cy"):
        _user(any_db, uid, f"{uid}@club.org")
    squads: SquadStore = SqlSquadStore(any_db)
    squads.add_squad("sq1", "Milers", "coach", NOW)
    link, late = issue_token("invite"), issue_token("invite")
    squads.add_invitation("sq1", link.digest, NOW, NOW + HOUR)
    squads.add_invitation("sq1", late.digest, NOW, NOW + HOUR)
    joined = squads.accept_invitation(link.digest, "ana", "ath-ana", NOW)
    assert joined is not None and joined.squad_id == "sq1" and joined.left is None
    assert squads.accept_invitation(link.digest, "ben", "ath-ben", NOW) is None  # used
    assert squads.accept_invitation(late.digest, "cy", "ath-cy", NOW + HOUR) is None  # expired
    invitation = squads.invitation(link.digest)
    assert invitation is not None and invitation.accepted_by == "ana"
    assert [m.athlete_id for m in squads.members("sq1")] == ["ath-ana"]
    assert squads.coached_athletes("coach") == frozenset({"ath-ana"})
    assert [s.squad_id for s in squads.squads_of_athlete("ath-ana")] == ["sq1"]
    assert squads.leave("sq1", "ath-ana", NOW + HOUR)
    assert not squads.leave("sq1", "ath-ana", NOW + HOUR)
    assert squads.members("sq1") == []
    assert squads.coached_athletes("coach") == frozenset()
    assert [s.name for s in squads.squads("coach")] == ["Milers"]
    assert squads.squads("ana") == []


def test_comments_on_sessions_and_runs_carry_their_author(any_db: Database) -> None:
    _user(any_db, "coach", "coach@club.org", Role.COACH)
    _user(any_db, "ana", "ana@club.org")
    run = SqlRunStore(any_db).add_run(
        NewRun(
            athlete_id="ath-ana",
            content_hash="a" * 64,
            file_name="run.fit",
            source_format="fit",
            sport="running",
            start=NOW,
            duration_s=600.0,
            distance_m=2000.0,
            analysis={},
            original=b"bytes",
        )
    )
    comments: CommentStore = SqlCommentStore(any_db)
    on_session = comments.add_comment("coach", "ath-ana", "Easy, please", NOW, session_id="w1d1")
    comments.add_comment("coach", "ath-ana", "Nice splits", NOW + HOUR, run_id=run.run_id)
    assert on_session.author_name == "Coach"
    assert [c.text for c in comments.comments("ath-ana")] == ["Easy, please", "Nice splits"]
    assert [c.text for c in comments.comments("ath-ana", run_id=run.run_id)] == ["Nice splits"]
    assert [c.text for c in comments.comments("ath-ana", session_id="w1d1")] == ["Easy, please"]
    assert comments.comments("ath-coach") == []


def test_no_secret_is_stored(any_db: Database) -> None:
    """Only digests of tokens reach the database: a dump of it signs nobody in."""
    _user(any_db, "ana", "ana@club.org")
    users = SqlUserStore(any_db)
    session, api = issue_token("session"), issue_token("api")
    users.add_session("ana", session.digest, NOW, NOW + HOUR)
    users.add_api_token("ana", api.digest, "x", NOW)
    from miler.store.models import ApiTokenRow, LoginSessionRow

    with any_db.session() as s:
        stored = [
            *s.scalars(select(LoginSessionRow.token_hash)),
            *s.scalars(select(ApiTokenRow.token_hash)),
        ]
    assert stored == [session.digest, api.digest]
    assert session.secret not in stored and api.secret not in stored
