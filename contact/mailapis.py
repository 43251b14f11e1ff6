"""HTTP mail APIs (Postmark, Mailgun, Brevo, Resend) through `requests`.

Each class maps an `EmailMessage` onto the provider's documented request and
reads its documented answer; status codes decide between retry (429, 5xx,
timeouts) and fail-over (401, 422 and other 4xx). `requests` is imported on the
first send, not at cold start.
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any  # this module loads only when an HTTP API is configured

from contact.delivery import PermanentError, TransientError, parse_wait
from contact.dsn import TransportSpec

_session = None


def _requests_session():
    """One pooled session per process: TLS handshakes are reused across invocations."""
    global _session
    if _session is None:
        import requests

        _session = requests.Session()
    return _session


class _Parts:
    """The pieces of a composed message that the JSON APIs want as separate fields."""

    def __init__(self, message: EmailMessage) -> None:
        self.sender = str(message["From"])
        self.sender_name, self.sender_email = getaddresses([self.sender])[0]
        self.to = [addr for _, addr in getaddresses([str(message["To"])])]
        reply = message.get("Reply-To")
        self.reply_to = str(reply) if reply else ""
        self.reply_name, self.reply_email = getaddresses([self.reply_to])[0] if reply else ("", "")
        self.subject = str(message["Subject"])
        plain = message.get_body(("plain",))
        html = message.get_body(("html",))
        self.text = plain.get_content() if plain is not None else ""
        self.html = html.get_content() if html is not None and html is not plain else ""
        self.headers = {
            name: str(message[name])
            for name in ("Message-ID", "Auto-Submitted")
            if message.get(name) is not None
        }


class HttpApiTransport:
    """Common request/answer handling; subclasses describe one provider's contract."""

    name = "http"
    idempotent = False
    default_host = ""

    def __init__(self, spec: TransportSpec) -> None:
        self.spec = spec
        host = spec.host if spec.host not in ("", "default") else self.default_host
        if spec.port:
            host = f"{host}:{spec.port}"
        # Plain HTTP only for a loopback test double; every real API is HTTPS.
        self.base_url = ("http://" if spec.is_loopback else "https://") + host

    def request(self, message: EmailMessage, key: str) -> dict[str, Any]:
        raise NotImplementedError

    def json_request(self, path: str, payload: dict[str, Any], **headers: str) -> dict[str, Any]:
        """A POST of `payload` as JSON to `path`, with the provider's own headers."""
        return {
            "url": f"{self.base_url}{path}",
            "headers": {**headers, "Content-Type": "application/json"},
            "data": json.dumps(payload).encode(),
        }

    def accepted(self, status: int, body: Any) -> bool:
        return 200 <= status < 300

    def send(self, message: EmailMessage, *, key: str, timeout: float) -> None:
        import requests

        kwargs = self.request(message, key)
        connect_timeout = min(3.0, timeout)
        try:
            response = _requests_session().post(
                timeout=(connect_timeout, timeout), allow_redirects=False, **kwargs
            )
        except requests.ConnectTimeout:
            raise TransientError("connection timed out") from None
        except requests.ReadTimeout:
            raise TransientError("no answer in time", ambiguous=True) from None
        except requests.ConnectionError as error:
            # Refused before sending is safe to retry; a reset mid-request is not.
            refused = "refused" in str(error).lower() or "NewConnectionError" in repr(error)
            raise TransientError("connection failed", ambiguous=not refused) from None
        except requests.RequestException as error:
            raise PermanentError(f"request failed ({type(error).__name__})") from None
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if 200 <= status < 300 and self.accepted(status, body):
            return
        if status == 429 or status >= 500:
            raise TransientError(f"HTTP {status}", retry_after=parse_wait(dict(response.headers)))
        raise PermanentError(f"HTTP {status}")


class PostmarkTransport(HttpApiTransport):
    """POST /email with X-Postmark-Server-Token; 200 and ErrorCode 0 mean accepted."""

    name = "postmark"
    default_host = "api.postmarkapp.com"

    def request(self, message: EmailMessage, key: str) -> dict[str, Any]:
        parts = _Parts(message)
        payload = {
            "From": parts.sender,
            "To": ", ".join(parts.to),
            "Subject": parts.subject,
            "TextBody": parts.text,
            "MessageStream": self.spec.option("message_stream", "outbound"),
            "Headers": [{"Name": k, "Value": v} for k, v in parts.headers.items()],
        }
        if parts.html:
            payload["HtmlBody"] = parts.html
        if parts.reply_to:
            payload["ReplyTo"] = parts.reply_to
        return self.json_request(
            "/email",
            payload,
            **{"Accept": "application/json", "X-Postmark-Server-Token": self.spec.user},
        )

    def accepted(self, status: int, body: Any) -> bool:
        return isinstance(body, dict) and body.get("ErrorCode") == 0


class ResendTransport(HttpApiTransport):
    """POST /emails with a Bearer key and an Idempotency-Key: retries never send twice."""

    name = "resend"
    idempotent = True
    default_host = "api.resend.com"

    def request(self, message: EmailMessage, key: str) -> dict[str, Any]:
        parts = _Parts(message)
        payload: dict[str, Any] = {
            "from": parts.sender,
            "to": parts.to,
            "subject": parts.subject,
            "text": parts.text,
            "headers": parts.headers,
        }
        if parts.html:
            payload["html"] = parts.html
        if parts.reply_to:
            payload["reply_to"] = parts.reply_to
        return self.json_request(
            "/emails",
            payload,
            **{
                "Authorization": f"Bearer {self.spec.user}",
                "Idempotency-Key": f"contact/{key[:200]}",
            },
        )

    def accepted(self, status: int, body: Any) -> bool:
        return isinstance(body, dict) and bool(body.get("id"))


class MailgunTransport(HttpApiTransport):
    """POST /v3/DOMAIN/messages, form-encoded, HTTP Basic `api:KEY`; EU or US region."""

    name = "mailgun"
    default_host = "api.mailgun.net"

    def __init__(self, spec: TransportSpec) -> None:
        region = spec.option("region", spec.host if spec.host in ("eu", "us") else "us")
        if spec.host in ("eu", "us", "default", ""):
            spec = TransportSpec(
                kind=spec.kind,
                host="api.eu.mailgun.net" if region == "eu" else "api.mailgun.net",
                user=spec.user,
                password=spec.password,
                options=spec.options,
            )
        super().__init__(spec)

    def request(self, message: EmailMessage, key: str) -> dict[str, Any]:
        parts = _Parts(message)
        data = [
            ("from", parts.sender),
            *[("to", addr) for addr in parts.to],
            ("subject", parts.subject),
            ("text", parts.text),
        ]
        if parts.html:
            data.append(("html", parts.html))
        if parts.reply_to:
            data.append(("h:Reply-To", parts.reply_to))
        data += [(f"h:{k}", v) for k, v in parts.headers.items()]
        return {
            "url": f"{self.base_url}/v3/{self.spec.password}/messages",
            "auth": ("api", self.spec.user),
            "data": data,
        }

    def accepted(self, status: int, body: Any) -> bool:
        return isinstance(body, dict) and bool(body.get("id"))


class BrevoTransport(HttpApiTransport):
    """POST /v3/smtp/email with an `api-key` header; 201 with a messageId means accepted."""

    name = "brevo"
    default_host = "api.brevo.com"

    def request(self, message: EmailMessage, key: str) -> dict[str, Any]:
        parts = _Parts(message)
        payload: dict[str, Any] = {
            "sender": {"email": parts.sender_email, "name": parts.sender_name or None},
            "to": [{"email": addr} for addr in parts.to],
            "subject": parts.subject,
            "textContent": parts.text,
            "headers": parts.headers,
        }
        if not payload["sender"]["name"]:
            del payload["sender"]["name"]
        if parts.html:
            payload["htmlContent"] = parts.html
        if parts.reply_email:
            payload["replyTo"] = {"email": parts.reply_email}
            if parts.reply_name:
                payload["replyTo"]["name"] = parts.reply_name
        return self.json_request(
            "/v3/smtp/email", payload, **{"Accept": "application/json", "api-key": self.spec.user}
        )

    def accepted(self, status: int, body: Any) -> bool:
        return isinstance(body, dict) and bool(body.get("messageId"))


_KINDS = {
    "postmark": PostmarkTransport,
    "resend": ResendTransport,
    "mailgun": MailgunTransport,
    "brevo": BrevoTransport,
}


def api_transport(spec: TransportSpec) -> HttpApiTransport:
    return _KINDS[spec.kind](spec)
