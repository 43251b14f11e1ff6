"""The endpoint's core: one plain request in, one plain response out, no HTTP framework.

The adapters (`contact.wsgi`, `contact.aws_lambda`) build a `Request` and send
back the `Response`; everything a prospect can meet — checks, spam defences,
delivery, the Dutch answers — is decided here, once.
"""

from __future__ import annotations

import math
import os
import time

from contact import pages
from contact.delivery import DeliveryFailed, RetryPolicy, deliver
from contact.logline import emit
from contact.settings import Settings
from contact.spam import (
    DuplicateGuard,
    ProofOfWork,
    RateLimiter,
    client_address,
    submission_key,
    verify_netlify_signature,
)
from contact.submission import (
    CHALLENGE,
    FORM_ERROR,
    HONEYPOT,
    MESSAGES,
    MalformedBody,
    UnsupportedMediaType,
    parse_body,
    validate,
)

TYPE_CHECKING = False  # typing, dataclasses and logging stay out of the cold start
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from contact.delivery import Transport
    from contact.submission import Submission

# Netlify's proxy and every response of ours: no caching, no framing, no sniffing.
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    # Not no-referrer: a browser then sends `Origin: null` when the prospect
    # resends the form from our own 422 page, which no origin check can place.
    # same-origin still tells other sites nothing.
    ("Referrer-Policy", "same-origin"),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), geolocation=(), microphone=(), payment=()"),
    ("Cache-Control", "no-store"),
    ("Vary", "Accept, Origin"),
)
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


class Request:
    """What the core needs of an HTTP request. Header names are lower case.

    `declared_length` is the announced length when the adapter stopped reading
    a body that is too big.
    """

    __slots__ = ("body", "declared_length", "headers", "method", "query", "remote_addr")

    def __init__(
        self,
        method: str,
        headers: Mapping[str, str],
        body: bytes = b"",
        query: str = "",
        remote_addr: str = "",
        declared_length: int | None = None,
    ) -> None:
        self.method, self.headers, self.body = method, headers, body
        self.query, self.remote_addr, self.declared_length = query, remote_addr, declared_length


class Response:
    __slots__ = ("body", "headers", "status")

    def __init__(
        self, status: int, headers: list[tuple[str, str]] | None = None, body: bytes = b""
    ) -> None:
        self.status, self.headers, self.body = status, headers if headers else [], body

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class Attempt:
    """One request on its way past the guards: what they learnt so far, and how it ended.

    `outcome` and `transport` make the request's log line (no personal data, no secrets);
    `fields` keeps the prospect's words for every answer, also when something breaks.
    """

    __slots__ = (
        "claims", "client", "fields", "key", "outcome", "request", "submission", "transport",
    )  # fmt: skip
    submission: Submission  # set by the guard `_valid`; the guards after it rely on it

    def __init__(self, request: Request) -> None:
        self.request = request
        self.fields: dict[str, str] = {}
        self.claims: dict[str, object] | None = None  # from Netlify's signature, once checked
        self.key = ""  # the submission's key, once claimed
        self.client = ""  # whose rate-limit budget it counts against, once counted
        self.outcome = "error"
        self.transport = ""


class Endpoint:
    """Handles form posts with the settings and transports fixed at cold start."""

    def __init__(
        self,
        settings: Settings,
        transports: Sequence[Transport] | None = None,
        *,
        base_dir: str | os.PathLike[str] = ".",
        observer: Callable[[dict[str, object]], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`observer` receives each request's log record (the dev server prints it).

        `clock` and `sleep` time the rate limit, the double-submit guard and the retries of
        a delivery; tests pass their own, so that no test waits for real time to pass.
        """
        if transports is None:
            from contact.transports import build_transports

            transports = build_transports(settings.transports, base_dir)
        self.settings = settings
        self.observer = observer
        self.transports = list(transports)
        self.clock, self.sleep = clock, sleep
        self.policy = RetryPolicy(
            budget=settings.delivery_budget,
            attempt_timeout=settings.attempt_timeout,
            backoff=settings.backoff,
        )
        self.rate_limiter = RateLimiter(settings.rate_limit, clock=clock)
        self.duplicates = DuplicateGuard(clock=clock)
        self.challenge = (
            ProofOfWork(settings.challenge_secret, settings.challenge_max_number)
            if settings.challenge_enabled
            else None
        )

    @classmethod
    def from_environ(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        base_dir: str | os.PathLike[str] = ".",
        observer: Callable[[dict[str, object]], None] | None = None,
    ) -> Endpoint:
        settings = Settings.from_environ(os.environ if env is None else env)
        return cls(settings, base_dir=base_dir, observer=observer)

    # -- the request ------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        attempt = Attempt(request)
        try:
            response = self._answer(attempt)
        except Exception as error:  # never a 500 with a traceback; keep their words
            emit({"event": "contact_bug", "error": type(error).__name__})
            attempt.outcome = "error"
            response = self._failure(attempt)
        response.headers.extend(SECURITY_HEADERS)
        record: dict[str, object] = {
            "event": "contact",
            "outcome": attempt.outcome,
            "status": response.status,
            "transport": attempt.transport,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        emit(record)
        if self.observer is not None:
            self.observer(record)
        return response

    def _answer(self, attempt: Attempt) -> Response:
        """The guards in order; the first that answers ends the request, else it is delivered.

        Nothing a bot can trigger (a filled honeypot, a failed challenge, a
        refused field, a foreign origin) reaches the rate limiter: only a valid
        request about to be delivered counts against its sender's budget, so bots
        sharing an address with a real prospect (Netlify's proxy, an office NAT)
        never close the form for that prospect.
        """
        for guard in (
            self._hand_out_challenge,
            self._posts_only,
            self._signed_by_netlify,
            self._small_enough,
            self._readable,
            self._from_own_site,
            self._not_caught_in_the_trap,
            self._challenge_solved,
            self._valid,
            self._first_of_its_kind,
            self._within_rate_limit,
        ):
            response = guard(attempt)
            if response is not None:
                return response
        return self._deliver(attempt)

    # -- the guards: each answers the request, or returns None to let it pass ----

    def _hand_out_challenge(self, attempt: Attempt) -> Response | None:
        """`GET ?challenge`: a proof of work for the form's script, when switched on."""
        request = attempt.request
        if self.challenge is None or request.method.upper() != "GET":
            return None
        if not any(p.partition("=")[0] == "challenge" for p in request.query.split("&")):
            return None
        attempt.outcome = "challenge"
        return Response(200, [("Content-Type", JSON)], pages.json_body(self.challenge.issue()))

    def _posts_only(self, attempt: Attempt) -> Response | None:
        if attempt.request.method.upper() == "POST":
            return None
        attempt.outcome = "method"
        response = self._message(attempt, 405, pages.TEXT[405])
        response.headers.append(("Allow", "GET, POST" if self.challenge else "POST"))
        return response

    def _signed_by_netlify(self, attempt: Attempt) -> Response | None:
        """With a proxy secret, only what Netlify's proxy signed; its claims are kept."""
        secret = self.settings.proxy_secret
        if not secret:
            return None
        token = attempt.request.headers.get("x-nf-sign", "")
        attempt.claims = verify_netlify_signature(token, secret)
        if attempt.claims is not None:
            return None
        attempt.outcome = "unsigned"
        return self._message(attempt, 403, pages.TEXT[403])

    def _small_enough(self, attempt: Attempt) -> Response | None:
        request = attempt.request
        if max(len(request.body), request.declared_length or 0) <= self.settings.max_body_bytes:
            return None
        attempt.outcome = "too_large"
        return self._message(attempt, 413, pages.TEXT[413])

    def _readable(self, attempt: Attempt) -> Response | None:
        """The body parsed into `attempt.fields`: a form or JSON."""
        request = attempt.request
        try:
            attempt.fields.update(parse_body(request.body, request.headers.get("content-type", "")))
        except UnsupportedMediaType:
            attempt.outcome = "media_type"
            return self._message(attempt, 415, pages.TEXT[415])
        except MalformedBody:
            attempt.outcome = "malformed"
            return self._invalid(attempt, {FORM_ERROR: MESSAGES["malformed"]})
        return None

    def _from_own_site(self, attempt: Attempt) -> Response | None:
        if self._origin_allowed(attempt.request, attempt.claims):
            return None
        attempt.outcome = "origin"
        return self._message(attempt, 403, pages.TEXT[403])

    def _not_caught_in_the_trap(self, attempt: Attempt) -> Response | None:
        """The honeypot: a filled one looks like success to the bot, and nothing is sent."""
        if not attempt.fields.get(HONEYPOT, "").strip():
            return None
        attempt.outcome = "honeypot"
        return self._success(attempt)

    def _challenge_solved(self, attempt: Attempt) -> Response | None:
        if self.challenge is None or self.challenge.verify(attempt.fields.get(CHALLENGE, "")):
            return None
        attempt.outcome = "challenge_failed"
        return self._invalid(attempt, {FORM_ERROR: MESSAGES["challenge"]}, challenge=True)

    def _valid(self, attempt: Attempt) -> Response | None:
        submission, errors = validate(attempt.fields, max_links=self.settings.max_links)
        if submission is None:
            attempt.outcome = "invalid"
            return self._invalid(attempt, errors)
        attempt.submission = submission
        return None

    def _first_of_its_kind(self, attempt: Attempt) -> Response | None:
        """A double click or a resent form is delivered once; the copy is told it arrived."""
        key = submission_key(attempt.submission)
        if not self.duplicates.claim(key):
            attempt.outcome = "duplicate"
            return self._success(attempt)
        attempt.key = key
        return None

    def _within_rate_limit(self, attempt: Attempt) -> Response | None:
        request = attempt.request
        signed = attempt.claims is not None
        attempt.client = client_address(request.headers, request.remote_addr, signed=signed)
        wait = self.rate_limiter.hit(attempt.client)
        if not wait:
            return None
        self.duplicates.release(attempt.key)
        attempt.outcome = "rate_limited"
        response = self._message(attempt, 429, pages.rate_limited_text(wait))
        response.headers.append(("Retry-After", str(math.ceil(wait))))
        return response

    # -- delivery -----------------------------------------------------------------

    def _deliver(self, attempt: Attempt) -> Response:
        """To the coach; if that fails, the key and the budget are given back for their retry."""
        from contact.compose import compose_autoreply, compose_notification

        s, submission, key = self.settings, attempt.submission, attempt.key
        try:
            attempt.transport = deliver(
                compose_notification(submission, s, key),
                self.transports,
                key=key,
                policy=self.policy,
                sleep=self.sleep,
                clock=self.clock,
            )
        except DeliveryFailed as failure:
            self.duplicates.release(key)
            self.rate_limiter.refund(attempt.client)  # their retry must not be held against them
            attempt.outcome = "failed"
            emit({"event": "delivery_failed", "reasons": failure.reasons})
            return self._failure(attempt)
        except BaseException:
            self.duplicates.release(key)
            self.rate_limiter.refund(attempt.client)
            raise
        attempt.outcome = "delivered"

        if s.autoreply:
            try:
                deliver(
                    compose_autoreply(submission, s, key),
                    self.transports,
                    key="re-" + key,
                    policy=RetryPolicy(budget=min(5.0, s.delivery_budget), backoff=s.backoff),
                    sleep=self.sleep,
                    clock=self.clock,
                )
            except DeliveryFailed as failure:  # the coach has the request; that is what counts
                emit({"event": "autoreply_failed", "reasons": failure.reasons})
        return self._success(attempt)

    # -- checks -----------------------------------------------------------------

    def _origin_allowed(self, request: Request, claims: dict[str, object] | None) -> bool:
        """Refuse a post that a page on another site made a browser send.

        The browser's own word comes first: `Sec-Fetch-Site: same-origin` (sent
        by every current browser, never settable by a page) proves the form
        was on the origin the request went to, whatever that origin is: the
        production domain, www or apex, a deploy preview or branch address, or
        the endpoint's own error page. Browsers without it are judged by
        `Origin`: the configured origins, the Host the request came to, and the
        site's address in Netlify's signature, each with its www/apex twin.
        """
        headers = request.headers
        fetch_site = headers.get("sec-fetch-site", "").strip().lower()
        if fetch_site == "same-origin":
            return True
        if fetch_site == "cross-site":  # our own addresses are never cross-site to each other
            return False
        origin = headers.get("origin", "").strip().rstrip("/").lower()
        if not origin:
            return True  # not a browser, or a very old one: nothing to compare
        if origin == "null":
            return False
        return origin in self._own_origins(headers, claims)

    def _own_origins(
        self, headers: Mapping[str, str], claims: dict[str, object] | None
    ) -> set[str]:
        own = set(self.settings.allowed_origins)
        for name in ("host", "x-forwarded-host"):
            host = headers.get(name, "").strip().lower()
            if host:
                own.update((f"https://{host}", f"http://{host}"))
        site_url = claims.get("site_url") if claims else None
        if isinstance(site_url, str) and "://" in site_url:
            scheme, _, rest = site_url.strip().lower().partition("://")
            own.add(f"{scheme}://{rest.split('/', 1)[0]}")
        return own | {twin for origin in own if (twin := www_twin(origin))}

    # -- answers ----------------------------------------------------------------

    def _wants_json(self, request: Request) -> bool:
        accept = request.headers.get("accept", "").lower()
        if "application/json" in accept:
            return True
        content_type = request.headers.get("content-type", "").lower()
        return content_type.startswith("application/json") and "text/html" not in accept

    def _refusal_json(self, text: str, fields: dict[str, str]) -> dict[str, object]:
        """Every refusal carries the way out: the coach's address and their own text."""
        email = self.settings.public_email
        return {
            "ok": False,
            "message": text,
            "email": email,
            "mailto": pages.mailto_link(email, fields),
        }

    def _message(self, attempt: Attempt, status: int, text: str) -> Response:
        if self._wants_json(attempt.request):
            body = pages.json_body(self._refusal_json(text, attempt.fields))
            return Response(status, [("Content-Type", JSON)], body)
        page = pages.message_page(
            status, text, self.settings.form_url, self.settings.public_email, attempt.fields
        )
        return Response(status, [("Content-Type", HTML)], page.encode("utf-8"))

    def _success(self, attempt: Attempt) -> Response:
        thanks = self.settings.thanks_url
        if self._wants_json(attempt.request):
            body = {"ok": True, "message": pages.TEXT[200], "redirect": thanks}
            return Response(200, [("Content-Type", JSON)], pages.json_body(body))
        return Response(303, [("Location", thanks), ("Content-Type", HTML)], b"")

    def _invalid(
        self, attempt: Attempt, errors: dict[str, str], *, challenge: bool = False
    ) -> Response:
        """422; `challenge` tells the form's script to solve a proof of work and resend."""
        fields = attempt.fields
        if self._wants_json(attempt.request):
            body = {**self._refusal_json(pages.TEXT[422], fields), "errors": errors}
            if challenge:
                body["challenge"] = True
            return Response(422, [("Content-Type", JSON)], pages.json_body(body))
        page = pages.invalid_form_page(
            errors,
            fields,
            action=self.settings.endpoint_url,
            back_url=self.settings.form_url,
            privacy_url=self.settings.privacy_url,
            fallback_email=self.settings.public_email,
        )
        return Response(422, [("Content-Type", HTML)], page.encode("utf-8"))

    def _failure(self, attempt: Attempt) -> Response:
        fields = attempt.fields
        if self._wants_json(attempt.request):
            body = pages.json_body(self._refusal_json(pages.TEXT[503], fields))
            return Response(503, [("Content-Type", JSON)], body)
        page = pages.failure_page(self.settings.public_email, fields, self.settings.form_url)
        return Response(503, [("Content-Type", HTML)], page.encode("utf-8"))


def www_twin(origin: str) -> str | None:
    """`https://www.coach.nl` ↔ `https://coach.nl`: a site answers on both."""
    scheme, sep, host = origin.partition("://")
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if not sep or not name or name.startswith("[") or name.replace(".", "").isdigit():
        return None  # an IP address has no www twin
    if host.startswith("www."):
        return f"{scheme}://{host[4:]}"
    if host.count(".") >= 1:
        return f"{scheme}://www.{host}"
    return None
