"""Login rate limiting: a sliding window of failed attempts per key.

OWASP's Authentication Cheat Sheet asks for a limit on failed logins per account and per
source. :class:`FailureWindow` counts failures per key (e.g. ``"email:ana@club.org"`` and
``"ip:203.0.113.7"``) over the last ``window_s`` seconds and refuses further attempts once
``limit`` is reached, until the oldest failure leaves the window. The clock is passed in, so
the rule is tested without waiting; a success clears the key.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Final

__all__ = ["DEFAULT_LIMIT", "DEFAULT_WINDOW_S", "FailureWindow"]

DEFAULT_LIMIT: Final = 5
DEFAULT_WINDOW_S: Final = 15 * 60.0


@dataclass
class FailureWindow:
    """Failed attempts per key over a sliding window."""

    limit: int = DEFAULT_LIMIT
    window_s: float = DEFAULT_WINDOW_S
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def retry_after_s(self, key: str, now: float) -> float:
        """0 when an attempt is allowed now, else the seconds until it is."""
        times = self._recent(key, now)
        if len(times) < self.limit:
            return 0.0
        return times[0] + self.window_s - now

    def failed(self, key: str, now: float) -> None:
        """Record a failed attempt."""
        self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key``."""
        self._failures.pop(key, None)
