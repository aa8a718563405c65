"""Password hashing with Argon2id (RFC 9106), through pwdlib.

Argon2id is the OWASP Password Storage Cheat Sheet's first choice; pwdlib's recommended
parameters (m = 64 MiB, t = 3, p = 4) are above OWASP's minimum (m = 19 MiB, t = 2, p = 1).
A stored hash made with older parameters is re-hashed on the next successful login
(:func:`verify_password` returns the new hash to store).
"""

from __future__ import annotations

from functools import cache
from typing import Final

from pwdlib import PasswordHash

from miler.errors import InvalidInputError

__all__ = ["MIN_PASSWORD_LENGTH", "check_new_password", "hash_password", "verify_password"]

MIN_PASSWORD_LENGTH: Final = 10
"""NIST SP 800-63B (5.1.1.2) asks for at least 8 characters; miler asks for 10."""
MAX_PASSWORD_LENGTH: Final = 256
"""Long enough for any passphrase, short enough that hashing cannot be used to tie up a
server."""


@cache
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def check_new_password(password: str, *, email: str = "") -> None:
    """Refuse a password a user should not choose, with a message that says why."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters "
            "(a few words make a good one)"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInputError(f"the password is longer than {MAX_PASSWORD_LENGTH} characters")
    if email and password.strip().lower() == email.strip().lower():
        raise InvalidInputError("the password must not be the e-mail address")
    if len(set(password)) < 4:
        raise InvalidInputError("the password repeats too few characters: choose another")


def hash_password(password: str) -> str:
    """The Argon2id hash to store for ``password``."""
    return _hasher().hash(password)


def verify_password(password: str, stored_hash: str) -> tuple[bool, str | None]:
    """Whether ``password`` matches ``stored_hash``, and a new hash to store when the stored
    one was made with weaker parameters (else None). A malformed stored hash never matches."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False, None
    try:
        ok, updated = _hasher().verify_and_update(password, stored_hash)
    except Exception:  # an unknown or corrupt hash format is a failed login, not a crash
        return False, None
    return bool(ok), updated if ok else None
