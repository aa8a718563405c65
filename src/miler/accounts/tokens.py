"""Secret tokens: API tokens, login sessions, invitations and calendar feeds.

A token is 32 random bytes from the operating system's CSPRNG (:mod:`secrets`), written in
URL-safe base64 with a prefix that says what it is (``mlr_api_``, ``mlr_ses_``...). Only its
SHA-256 is stored: a leaked database gives no usable token, and revoking a token is deleting
its hash. The tokens are random and long, so a fast hash is enough (no password stretching).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["TOKEN_BYTES", "IssuedToken", "TokenKind", "issue_token", "same_digest", "token_digest"]

TOKEN_BYTES: Final = 32
"""256 bits of randomness (OWASP Session Management: at least 64 bits of entropy)."""

TokenKind = Literal["api", "session", "invite", "feed"]
_PREFIX: Final[dict[str, str]] = {
    "api": "mlr_api_",
    "session": "mlr_ses_",
    "invite": "mlr_inv_",
    "feed": "mlr_cal_",
}


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown to the user once; ``digest`` is what is stored."""

    kind: TokenKind
    secret: str
    digest: str


def token_digest(secret: str) -> str:
    """The SHA-256 (hex) of a token, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(kind: TokenKind) -> IssuedToken:
    """A fresh token of ``kind``."""
    secret = _PREFIX[kind] + secrets.token_urlsafe(TOKEN_BYTES)
    return IssuedToken(kind=kind, secret=secret, digest=token_digest(secret))


def same_digest(secret: str, stored_digest: str) -> bool:
    """Whether ``secret`` is the token whose digest is stored (constant-time comparison)."""
    return hmac.compare_digest(token_digest(secret), stored_digest)
