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

# Netlify's proxy and every response of ours: no caching, no framing, no sniffing.
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), geolocation=(), microphone=(), payment=()"),
    ("Cache-Control", "no-store"),
    ("Vary", "Accept, Origin"),
)
HTML = "text/html; charset=utf-8"
# Where the site's form posts to (mkdocs.yml `extra.contact.endpoint`); the 422
# page's form posts there again.
ENDPOINT_PATH = "/api/contact"
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


class Outcome:
    """One structured log line per request: no personal data, no secrets."""

    __slots__ = ("outcome", "transport")

    def __init__(self, outcome: str, transport: str = "") -> None:
        self.outcome, self.transport = outcome, transport


class Endpoint:
    """Handles form posts with the settings and transports fixed at cold start."""

    def __init__(
        self,
        settings: Settings,
        transports: Sequence[Transport] | None = None,
        *,
        base_dir: str | os.PathLike[str] = ".",
        observer: Callable[[dict[str, object]], None] | None = None,
    ) -> None:
        """`observer` receives each request's log record (the dev server prints it)."""
        if transports is None:
            from contact.transports import build_transports

            transports = build_transports(settings.transports, base_dir)
        self.settings = settings
        self.observer = observer
        self.transports = list(transports)
        self.policy = RetryPolicy(
            budget=settings.delivery_budget,
            attempt_timeout=settings.attempt_timeout,
            backoff=settings.backoff,
        )
        self.rate_limiter = RateLimiter(settings.rate_limit)
        self.duplicates = DuplicateGuard()
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
        fields: dict[str, str] = {}
        outcome = Outcome("error")
        try:
            response = self._handle(request, fields, outcome)
        except Exception as error:  # never a 500 with a traceback; keep their words
            emit({"event": "contact_bug", "error": type(error).__name__})
            outcome.outcome = "error"
            response = self._failure(request, fields)
        response.headers.extend(SECURITY_HEADERS)
        record: dict[str, object] = {
            "event": "contact",
            "outcome": outcome.outcome,
            "status": response.status,
            "transport": outcome.transport,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        emit(record)
        if self.observer is not None:
            self.observer(record)
        return response

    def _handle(self, request: Request, fields: dict[str, str], outcome: Outcome) -> Response:
        s = self.settings
        method = request.method.upper()
        wants_challenge = any(p.partition("=")[0] == "challenge" for p in request.query.split("&"))
        if method == "GET" and self.challenge and wants_challenge:
            outcome.outcome = "challenge"
            return Response(200, [("Content-Type", JSON)], pages.json_body(self.challenge.issue()))
        if method != "POST":
            outcome.outcome = "method"
            response = self._message(request, 405, pages.TEXT[405])
            response.headers.append(("Allow", "GET, POST" if self.challenge else "POST"))
            return response

        client = request.remote_addr
        if s.proxy_secret:
            if not verify_netlify_signature(request.headers.get("x-nf-sign", ""), s.proxy_secret):
                outcome.outcome = "unsigned"
                return self._message(request, 403, pages.TEXT[403])
            client = request.headers.get("x-nf-client-connection-ip", "").strip() or client

        if not self._origin_allowed(request):
            outcome.outcome = "origin"
            return self._message(request, 403, pages.TEXT[403])

        wait = self.rate_limiter.hit(client or "unknown")
        if wait:
            outcome.outcome = "rate_limited"
            response = self._message(request, 429, pages.rate_limited_text(wait))
            response.headers.append(("Retry-After", str(math.ceil(wait))))
            return response

        size = max(len(request.body), request.declared_length or 0)
        if size > s.max_body_bytes:
            outcome.outcome = "too_large"
            return self._message(request, 413, pages.TEXT[413])

        try:
            fields.update(parse_body(request.body, request.headers.get("content-type", "")))
        except UnsupportedMediaType:
            outcome.outcome = "media_type"
            return self._message(request, 415, pages.TEXT[415])
        except MalformedBody:
            outcome.outcome = "malformed"
            return self._invalid(request, {FORM_ERROR: MESSAGES["malformed"]}, fields)

        if fields.get(HONEYPOT, "").strip():
            outcome.outcome = "honeypot"
            return self._success(request)  # looks like success; nothing is sent

        if self.challenge and not self.challenge.verify(fields.get(CHALLENGE, "")):
            outcome.outcome = "challenge_failed"
            return self._invalid(request, {FORM_ERROR: MESSAGES["challenge"]}, fields)

        submission, errors = validate(fields, max_links=s.max_links)
        if submission is None:
            outcome.outcome = "invalid"
            return self._invalid(request, errors, fields)

        key = submission_key(submission)
        if not self.duplicates.claim(key):
            outcome.outcome = "duplicate"
            return self._success(request)

        from contact.compose import compose_autoreply, compose_notification

        try:
            outcome.transport = deliver(
                compose_notification(submission, s, key),
                self.transports,
                key=key,
                policy=self.policy,
            )
        except DeliveryFailed as failure:
            self.duplicates.release(key)
            outcome.outcome = "failed"
            emit({"event": "delivery_failed", "reasons": failure.reasons})
            return self._failure(request, fields)
        except BaseException:
            self.duplicates.release(key)
            raise
        outcome.outcome = "delivered"

        if s.autoreply:
            try:
                deliver(
                    compose_autoreply(submission, s, key),
                    self.transports,
                    key="re-" + key,
                    policy=RetryPolicy(budget=min(5.0, s.delivery_budget), backoff=s.backoff),
                )
            except DeliveryFailed as failure:  # the coach has the request; that is what counts
                emit({"event": "autoreply_failed", "reasons": failure.reasons})
        return self._success(request)

    # -- checks -----------------------------------------------------------------

    def _origin_allowed(self, request: Request) -> bool:
        """A browser names the page's origin on every POST; refuse any other site.

        Without `CONTACT_ALLOWED_ORIGINS` the origin must match the Host the
        request came to (the dev server, or a proxy that keeps the Host).
        """
        headers = request.headers
        if headers.get("sec-fetch-site", "") == "cross-site":
            return False
        origin = headers.get("origin", "").strip().rstrip("/").lower()
        if not origin:
            return True  # not a browser, or a very old one: nothing to compare
        if origin == "null":
            return False
        if self.settings.allowed_origins:
            return origin in self.settings.allowed_origins
        scheme, sep, origin_host = origin.partition("://")
        if not sep or scheme not in ("http", "https"):
            return False
        hosts = {headers.get("host", "").lower(), headers.get("x-forwarded-host", "").lower()}
        return origin_host in hosts - {""}

    # -- answers ----------------------------------------------------------------

    def _wants_json(self, request: Request) -> bool:
        accept = request.headers.get("accept", "").lower()
        if "application/json" in accept:
            return True
        content_type = request.headers.get("content-type", "").lower()
        return content_type.startswith("application/json") and "text/html" not in accept

    def _message(self, request: Request, status: int, text: str) -> Response:
        if self._wants_json(request):
            body = pages.json_body({"ok": False, "message": text})
            return Response(status, [("Content-Type", JSON)], body)
        page = pages.message_page(status, text, self.settings.form_url)
        return Response(status, [("Content-Type", HTML)], page.encode("utf-8"))

    def _success(self, request: Request) -> Response:
        thanks = self.settings.thanks_url
        if self._wants_json(request):
            body = {"ok": True, "message": pages.TEXT[200], "redirect": thanks}
            return Response(200, [("Content-Type", JSON)], pages.json_body(body))
        return Response(303, [("Location", thanks), ("Content-Type", HTML)], b"")

    def _invalid(
        self, request: Request, errors: dict[str, str], fields: dict[str, str]
    ) -> Response:
        if self._wants_json(request):
            body = {"ok": False, "message": pages.TEXT[422], "errors": errors}
            return Response(422, [("Content-Type", JSON)], pages.json_body(body))
        page = pages.invalid_form_page(
            errors,
            fields,
            action=ENDPOINT_PATH,
            back_url=self.settings.form_url,
            privacy_url=self.settings.privacy_url,
            fallback_email=self.settings.public_email,
        )
        return Response(422, [("Content-Type", HTML)], page.encode("utf-8"))

    def _failure(self, request: Request, fields: dict[str, str]) -> Response:
        email = self.settings.public_email
        if self._wants_json(request):
            body = {
                "ok": False,
                "message": pages.TEXT[503],
                "email": email,
                "mailto": pages.mailto_link(email, fields),
            }
            return Response(503, [("Content-Type", JSON)], pages.json_body(body))
        page = pages.failure_page(email, fields, self.settings.form_url)
        return Response(503, [("Content-Type", HTML)], page.encode("utf-8"))
