"""Deliver one message through an ordered chain of transports, retrying within a time budget.

Retries are written out here rather than delegated to urllib3's `Retry`: one
loop serves SMTP and HTTP alike, it can bound the *total* time (Netlify drops a
proxied request after 26 s) and it can give up on a transport whose
`Retry-After` would eat that budget, so the next one still gets its turn.
"""

from __future__ import annotations

import time

from contact.logline import emit

TYPE_CHECKING = False  # typing itself is not imported: it would slow every cold start
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from email.message import EmailMessage
    from typing import Protocol

    class Transport(Protocol):
        name: str
        # True when a retry after an ambiguous failure cannot deliver twice.
        idempotent: bool

        def send(self, message: EmailMessage, *, key: str, timeout: float) -> None: ...


class TransientError(Exception):
    """Worth another try: a timeout, a refused connection, 429 or 5xx.

    `ambiguous` means the message may already have been accepted (the reply was
    lost); such a failure is retried only by a transport with an idempotency key.
    """

    def __init__(
        self, reason: str, *, retry_after: float | None = None, ambiguous: bool = False
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.ambiguous = ambiguous


class PermanentError(Exception):
    """Retrying will not help (bad credentials, refused content): try the next transport."""


class DeliveryFailed(Exception):
    """Every transport failed within the budget; `reasons` are safe to log."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons) or "no transport")
        self.reasons = reasons


class RetryPolicy:
    """Total time budget, per-attempt timeout, first backoff and attempts per transport."""

    __slots__ = ("attempt_timeout", "attempts", "backoff", "budget")

    def __init__(
        self,
        budget: float = 20.0,
        attempt_timeout: float = 8.0,
        backoff: float = 0.5,
        attempts: int = 3,
    ) -> None:
        self.budget = budget
        self.attempt_timeout = attempt_timeout
        self.backoff = backoff
        self.attempts = attempts


def deliver(
    message: EmailMessage,
    transports: Sequence[Transport],
    *,
    key: str,
    policy: RetryPolicy,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> str:
    """Send through the first transport that accepts the message; return its name."""
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    deadline = clock() + policy.budget
    reasons: list[str] = []
    for transport in transports:
        for attempt in range(policy.attempts):
            remaining = deadline - clock()
            if remaining <= 0.01:
                reasons.append(f"{transport.name}: out of time")
                raise DeliveryFailed(reasons)
            try:
                transport.send(message, key=key, timeout=min(policy.attempt_timeout, remaining))
            except PermanentError as error:
                reasons.append(f"{transport.name}: {error}")
                break
            except TransientError as error:
                reasons.append(f"{transport.name}: {error}")
                if error.ambiguous and not transport.idempotent:
                    break  # another try could deliver a second copy
                if attempt == policy.attempts - 1:
                    break
                wait = error.retry_after
                if wait is None:
                    wait = policy.backoff * 2**attempt
                # Wait only if it leaves at least as much time again: otherwise
                # the next transport should have the rest of the budget.
                if wait > (deadline - clock()) / 2:
                    break
                sleep(max(wait, 0.0))
            except Exception as error:  # a bug in a transport must not become a 500
                emit({"event": "transport_bug", "transport": transport.name,
                      "error": type(error).__name__})  # fmt: skip
                reasons.append(f"{transport.name}: unexpected {type(error).__name__}")
                break
            else:
                return transport.name
    raise DeliveryFailed(reasons)


def parse_wait(headers: dict[str, str], now: float | None = None) -> float | None:
    """Seconds to wait from `Retry-After` or a rate-limit reset header, if any.

    `Retry-After` is seconds or an HTTP date (RFC 9110); reset headers are seconds
    to wait or, when large, a Unix time in seconds or milliseconds.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    now = time.time() if now is None else now
    value = lower.get("retry-after")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError):
            return None
    for name in ("ratelimit-reset", "x-ratelimit-reset", "x-sib-ratelimit-reset"):
        value = lower.get(name, "").strip()
        try:
            number = float(value)
        except ValueError:
            continue
        if number > 1e12:  # Unix time in milliseconds
            return max(0.0, number / 1000 - now)
        if number > 1e9:  # Unix time in seconds
            return max(0.0, number - now)
        return max(0.0, number)
    return None
