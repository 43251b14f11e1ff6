"""Keeping abuse out: rate limit, double-submit guard, Netlify's proxy signature, a proof of work.

All state is in memory of one process (one Lambda instance, one dev server) and
bounded: an IP address is forgotten when its window ends (at most an hour, as
the privacy statement promises), by a timer even when no other request comes;
a submission key after an hour.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from contact.settings import RateLimit
    from contact.submission import Submission

MAX_TRACKED = 10_000


def _daemon_timer(delay: float, action: Callable[[], None]) -> None:
    """Run `action` in `delay` seconds on a thread that never keeps the process alive."""
    timer = threading.Timer(delay, action)
    timer.daemon = True
    timer.start()


class RateLimiter:
    """Sliding window per client address: at most `count` posts in `window` seconds."""

    def __init__(
        self,
        limit: RateLimit,
        clock: Callable[[], float] = time.monotonic,
        schedule: Callable[[float, Callable[[], None]], object] = _daemon_timer,
    ) -> None:
        self.limit = limit
        self.clock = clock
        # `schedule(delay, action)` runs the sweep that forgets an address when its window
        # ends, also when no other request comes to do it (tests pass their own).
        self.schedule = schedule
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._sweep_pending = False

    def hit(self, client: str) -> float:
        """Count one post; return 0 if allowed, else the seconds until the next is."""
        if not self.limit.enabled:
            return 0.0
        now = self.clock()
        with self._lock:
            self._forget_before(now - self.limit.window)
            hits = self._hits.setdefault(client, deque())
            self._hits.move_to_end(client)
            if len(hits) >= self.limit.count:
                return max(1.0, hits[0] + self.limit.window - now)
            hits.append(now)
            self._plan_sweep(now)
            return 0.0

    def refund(self, client: str) -> None:
        """Take back the last counted post (its delivery failed; the retry must get through)."""
        with self._lock:
            hits = self._hits.get(client)
            if hits:
                hits.pop()

    def _sweep(self) -> None:
        with self._lock:
            self._sweep_pending = False
            now = self.clock()
            self._forget_before(now - self.limit.window)
            self._plan_sweep(now)

    def _plan_sweep(self, now: float) -> None:
        """One pending sweep at a time, for when the first address to go leaves its window."""
        if self._sweep_pending or not self._hits:
            return
        # Ordered by last use: the front address is the next to be forgotten.
        hits = next(iter(self._hits.values()))
        due = (hits[-1] if hits else now) + self.limit.window
        self._sweep_pending = True
        self.schedule(max(due - now, 0.0), self._sweep)

    def _forget_before(self, cutoff: float) -> None:
        # Entries are ordered by last use, so stale ones sit at the front.
        while self._hits:
            client, hits = next(iter(self._hits.items()))
            while hits and hits[0] <= cutoff:
                hits.popleft()
            if hits and len(self._hits) <= MAX_TRACKED:
                break
            del self._hits[client]


def submission_key(submission: Submission) -> str:
    """The same request twice (double click, retry) gives the same key; nothing personal in it."""
    import hashlib

    digest = hashlib.sha256()
    for part in (submission.email.lower(), submission.name, submission.phone, submission.message):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class DuplicateGuard:
    """Lets exactly one of several identical submissions through, even when they race.

    A key is claimed before delivery; a failed delivery releases it, so the
    prospect's retry after a 503 is delivered; a success keeps it for `ttl`.
    """

    def __init__(self, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            while self._seen:
                oldest, at = next(iter(self._seen.items()))
                if at > now - self.ttl and len(self._seen) <= MAX_TRACKED:
                    break
                del self._seen[oldest]
            if key in self._seen:
                return False
            self._seen[key] = now
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)


def _b64url_decode(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def client_address(headers: Mapping[str, str], remote_addr: str, *, signed: bool) -> str:
    """Whose budget a post counts against.

    Behind Netlify's proxy every request comes from Netlify's own addresses;
    the visitor's address is in `X-Nf-Client-Connection-Ip` (or the first
    `X-Forwarded-For` entry). Those headers are believed only on a request that
    Netlify signed: anyone else could write them.
    """
    if signed:
        for value in (
            headers.get("x-nf-client-connection-ip", ""),
            headers.get("x-forwarded-for", "").split(",")[0],
        ):
            if value.strip():
                return value.strip()
    return remote_addr or "unknown"


def verify_netlify_signature(
    token: str, secret: str, now: float | None = None
) -> dict[str, object] | None:
    """Check an `X-Nf-Sign` JWS: HS256 over header.payload, issuer netlify, not expired.

    Returns the claims (Netlify puts the site's address in `site_url`), or None.
    Written out (a dozen lines) rather than adding PyJWT to the Lambda zip.
    """
    import hashlib
    import hmac
    import json

    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(_b64url_decode(header_b64))
        payload = json.loads(_b64url_decode(payload_b64))
        signature = _b64url_decode(signature_b64)
    except (ValueError, TypeError):
        return None
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        return None
    expected = hmac.new(
        secret.encode(), f"{header_b64}.{payload_b64}".encode("ascii"), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(signature, expected):
        return None
    if not isinstance(payload, dict) or payload.get("iss") != "netlify":
        return None
    exp = payload.get("exp")
    now = time.time() if now is None else now
    if not isinstance(exp, int | float) or exp <= now:
        return None
    return payload


class ProofOfWork:
    """A self-hosted, privacy-friendly challenge: the browser finds a number, we check it.

    The server signs `sha256(salt + number)` for a secret number below
    `max_number` and an expiry inside the salt; the browser brute-forces the
    number (a second or so), the server checks hash, signature, expiry, and that
    the challenge is used once. No third party sees the prospect.
    """

    algorithm = "SHA-256"

    def __init__(self, secret: str, max_number: int, ttl: float = 1200.0) -> None:
        self.secret = secret.encode()
        self.max_number = max_number
        self.ttl = ttl
        self._used = DuplicateGuard(ttl=ttl)

    def _sign(self, challenge: str) -> str:
        import hashlib
        import hmac

        return hmac.new(self.secret, challenge.encode(), hashlib.sha256).hexdigest()

    def issue(self, now: float | None = None) -> dict[str, object]:
        import hashlib
        import secrets

        now = time.time() if now is None else now
        salt = f"{secrets.token_hex(12)}?expires={int(now + self.ttl)}"
        number = secrets.randbelow(self.max_number)
        challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
        return {
            "algorithm": self.algorithm,
            "challenge": challenge,
            "maxnumber": self.max_number,
            "salt": salt,
            "signature": self._sign(challenge),
        }

    def verify(self, payload: str, now: float | None = None) -> bool:
        """`payload` is base64 of JSON {algorithm, challenge, number, salt, signature}."""
        import base64
        import hashlib
        import hmac
        import json

        if not payload or len(payload) > 2000:
            return False
        try:
            data = json.loads(base64.b64decode(payload, validate=True))
            challenge, salt, signature = data["challenge"], data["salt"], data["signature"]
            number = data["number"]
        except (ValueError, TypeError, KeyError):
            return False
        if not all(isinstance(v, str) for v in (challenge, salt, signature)):
            return False
        if not isinstance(number, int) or data.get("algorithm") != self.algorithm:
            return False
        _, _, expires = salt.partition("?expires=")
        now = time.time() if now is None else now
        if not expires.isdigit() or int(expires) < now:
            return False
        if not hmac.compare_digest(signature, self._sign(challenge)):
            return False
        if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() != challenge:
            return False
        return self._used.claim(challenge)
