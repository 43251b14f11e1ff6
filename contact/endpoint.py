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
        """The guards in order; the first that answers ends the request.

        Nothing a bot can trigger (a filled honeypot, a failed challenge, a
        refused field, a foreign origin) reaches the rate limiter: only a valid
        request about to be delivered counts against its sender's budget, so bots
        sharing an address with a real prospect (Netlify's proxy, an office NAT)
        never close the form for that prospect.
        """
        s = self.settings
        method = request.method.upper()
        wants_challenge = any(p.partition("=")[0] == "challenge" for p in request.query.split("&"))
        if method == "GET" and self.challenge and wants_challenge:
            outcome.outcome = "challenge"
            return Response(200, [("Content-Type", JSON)], pages.json_body(self.challenge.issue()))
        if method != "POST":
            outcome.outcome = "method"
            response = self._message(request, 405, pages.TEXT[405], fields)
            response.headers.append(("Allow", "GET, POST" if self.challenge else "POST"))
            return response

        claims = None
        if s.proxy_secret:
            claims = verify_netlify_signature(request.headers.get("x-nf-sign", ""), s.proxy_secret)
            if claims is None:
                outcome.outcome = "unsigned"
                return self._message(request, 403, pages.TEXT[403], fields)

        size = max(len(request.body), request.declared_length or 0)
        if size > s.max_body_bytes:
            outcome.outcome = "too_large"
            return self._message(request, 413, pages.TEXT[413], fields)

        try:
            fields.update(parse_body(request.body, request.headers.get("content-type", "")))
        except UnsupportedMediaType:
            outcome.outcome = "media_type"
            return self._message(request, 415, pages.TEXT[415], fields)
        except MalformedBody:
            outcome.outcome = "malformed"
            return self._invalid(request, {FORM_ERROR: MESSAGES["malformed"]}, fields)

        if not self._origin_allowed(request, claims):
            outcome.outcome = "origin"
            return self._message(request, 403, pages.TEXT[403], fields)

        if fields.get(HONEYPOT, "").strip():
            outcome.outcome = "honeypot"
            return self._success(request)  # looks like success; nothing is sent

        if self.challenge and not self.challenge.verify(fields.get(CHALLENGE, "")):
            outcome.outcome = "challenge_failed"
            errors = {FORM_ERROR: MESSAGES["challenge"]}
            return self._invalid(request, errors, fields, challenge=True)

        submission, errors = validate(fields, max_links=s.max_links)
        if submission is None:
            outcome.outcome = "invalid"
            return self._invalid(request, errors, fields)

        key = submission_key(submission)
        if not self.duplicates.claim(key):
            outcome.outcome = "duplicate"
            return self._success(request)

        client = client_address(request.headers, request.remote_addr, signed=claims is not None)
        wait = self.rate_limiter.hit(client)
        if wait:
            self.duplicates.release(key)
            outcome.outcome = "rate_limited"
            response = self._message(request, 429, pages.rate_limited_text(wait), fields)
            response.headers.append(("Retry-After", str(math.ceil(wait))))
            return response

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
            self.rate_limiter.refund(client)  # their retry must not be held against them
            outcome.outcome = "failed"
            emit({"event": "delivery_failed", "reasons": failure.reasons})
            return self._failure(request, fields)
        except BaseException:
            self.duplicates.release(key)
            self.rate_limiter.refund(client)
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

    def _message(
        self, request: Request, status: int, text: str, fields: dict[str, str]
    ) -> Response:
        if self._wants_json(request):
            body = pages.json_body(self._refusal_json(text, fields))
            return Response(status, [("Content-Type", JSON)], body)
        page = pages.message_page(
            status, text, self.settings.form_url, self.settings.public_email, fields
        )
        return Response(status, [("Content-Type", HTML)], page.encode("utf-8"))

    def _success(self, request: Request) -> Response:
        thanks = self.settings.thanks_url
        if self._wants_json(request):
            body = {"ok": True, "message": pages.TEXT[200], "redirect": thanks}
            return Response(200, [("Content-Type", JSON)], pages.json_body(body))
        return Response(303, [("Location", thanks), ("Content-Type", HTML)], b"")

    def _invalid(
        self,
        request: Request,
        errors: dict[str, str],
        fields: dict[str, str],
        *,
        challenge: bool = False,
    ) -> Response:
        """422; `challenge` tells the form's script to solve a proof of work and resend."""
        if self._wants_json(request):
            body = {**self._refusal_json(pages.TEXT[422], fields), "errors": errors}
            if challenge:
                body["challenge"] = True
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
        if self._wants_json(request):
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
