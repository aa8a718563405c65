"""Accounts: Argon2id passwords, hashed tokens, the authorization rule, login rate limits."""

from __future__ import annotations

import itertools

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from miler.accounts.passwords import check_new_password, hash_password, verify_password
from miler.accounts.policy import Action, Actor, Role, allowed
from miler.accounts.ratelimit import FailureWindow
from miler.accounts.tokens import issue_token, same_digest, token_digest
from miler.errors import InvalidInputError


def test_a_password_is_stored_as_argon2id_and_verifies() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password("correct horse battery", stored) == (True, None)
    assert verify_password("correct horse batterY", stored) == (False, None)


def test_two_hashes_of_one_password_differ_by_their_salt() -> None:
    assert hash_password("same password 1") != hash_password("same password 1")


def test_a_weaker_stored_hash_is_upgraded_on_login() -> None:
    weak = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192, parallelism=1),))
    stored = weak.hash("an old password")
    ok, updated = verify_password("an old password", stored)
    assert ok
    assert updated is not None and updated != stored
    assert verify_password("an old password", updated) == (True, None)


@pytest.mark.parametrize("stored", ["", "plain", "$argon2id$v=19$broken", "$2b$12$abc"])
def test_a_corrupt_stored_hash_never_matches(stored: str) -> None:
    assert verify_password("anything at all", stored) == (False, None)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "too short"),
        ("aaaaaaaaaaaa", "too few characters"),
        ("ana@club.org", "e-mail"),
        ("x" * 300, "longer than"),
    ],
)
def test_poor_passwords_are_refused_with_the_reason(password: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        check_new_password(password, email="ana@club.org")


def test_tokens_are_random_prefixed_and_stored_only_as_a_digest() -> None:
    tokens = [issue_token("api") for _ in range(50)]
    assert len({t.secret for t in tokens}) == 50
    token = tokens[0]
    assert token.secret.startswith("mlr_api_")
    assert len(token.secret) > 40
    assert token.digest == token_digest(token.secret)
    assert token.secret not in token.digest
    assert same_digest(token.secret, token.digest)
    assert not same_digest(tokens[1].secret, token.digest)


ATHLETE_A = Actor("u-a", Role.ATHLETE, athlete_id="a")
ATHLETE_B = Actor("u-b", Role.ATHLETE, athlete_id="b")
COACH = Actor("u-c", Role.COACH, athlete_id="c", coached_athletes=frozenset({"a"}))
ADMIN = Actor("u-admin", Role.ADMIN)


@pytest.mark.parametrize("action", list(Action))
def test_an_athlete_reaches_only_their_own_data(action: Action) -> None:
    assert allowed(ATHLETE_A, action, "a")
    assert not allowed(ATHLETE_A, action, "b")
    assert not allowed(ATHLETE_B, action, "a")


@pytest.mark.parametrize("action", list(Action))
def test_nobody_signed_in_reaches_nothing(action: Action) -> None:
    assert not any(allowed(None, action, who) for who in ("a", "b", "c"))


def test_a_coach_reaches_their_squads_athletes_but_cannot_delete_them() -> None:
    assert allowed(COACH, Action.VIEW, "a")
    assert allowed(COACH, Action.EDIT, "a")
    assert allowed(COACH, Action.COMMENT, "a")
    assert not allowed(COACH, Action.DELETE, "a")
    assert allowed(COACH, Action.DELETE, "c")  # their own account
    assert not any(allowed(COACH, action, "b") for action in Action)


def test_an_admin_reaches_everything() -> None:
    assert all(allowed(ADMIN, a, who) for a, who in itertools.product(Action, "abc"))


def test_failed_logins_are_limited_per_key_over_a_sliding_window() -> None:
    window = FailureWindow(limit=3, window_s=60.0)
    for t in (0.0, 1.0, 2.0):
        assert window.retry_after_s("email:ana", t) == 0.0
        window.failed("email:ana", t)
    assert window.retry_after_s("email:ana", 10.0) == pytest.approx(50.0)
    assert window.retry_after_s("email:ben", 10.0) == 0.0  # other keys are unaffected
    assert window.retry_after_s("email:ana", 60.0) == 0.0  # the first failure left the window
    window.failed("email:ana", 60.0)  # failures at 1, 2 and 60 are in the window at 60.5
    assert window.retry_after_s("email:ana", 60.5) == pytest.approx(0.5)
    window.succeeded("email:ana")
    assert window.retry_after_s("email:ana", 60.5) == 0.0
