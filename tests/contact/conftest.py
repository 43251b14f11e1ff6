"""Real servers on loopback for the endpoint's tests: aiosmtpd, mail-API doubles, the WSGI app."""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from contact.endpoint import Endpoint
from contact.settings import ENDPOINT_PATH, Settings
from contact.wsgi import make_app
from tests.conftest import free_port

ORIGIN = "http://127.0.0.1:8000"
VALID = {
    "name": "Anna de Vries",
    "email": "anna@voorbeeld.nl",
    "phone": "06 12345678",
    "message": "Ik wil graag kennismaken.\nMijn team groeit snel.",
    "consent": "on",
    "website": "",
}


def form(**overrides: str) -> bytes:
    return urllib.parse.urlencode({**VALID, **overrides}).encode()


def post_to_dev_server(port: int, body: bytes, *, same_origin: bool = True) -> tuple[int, str]:
    """POST a form to the endpoint in a dev server on loopback: its status and Location."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if same_origin:
        headers["Origin"] = f"http://127.0.0.1:{port}"
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", ENDPOINT_PATH, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


class FakeClock:
    """Time that passes only when the endpoint waits or the test moves it on; `sleeps` are the
    waits asked for. A test of timing then neither sleeps nor measures."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def endpoint(tmp_path: Path, clock: FakeClock | None = None, **env: str) -> Endpoint:
    """An endpoint with test-friendly defaults: short budgets, no rate limit unless asked;
    on `clock`'s time when given (its rate limit, double-submit guard and retries)."""
    timing: dict[str, Any] = {"clock": clock, "sleep": clock.sleep} if clock else {}
    base = {
        "MAILER_DSN": "maildir://mail",
        "CONTACT_RATE_LIMIT": "0",
        "CONTACT_DELIVERY_BUDGET": "3",
        "CONTACT_ATTEMPT_TIMEOUT": "1",
        "CONTACT_RETRY_BACKOFF": "0.05",
        "CONTACT_ALLOWED_ORIGINS": ORIGIN,
    }
    return Endpoint(Settings.from_environ({**base, **env}), base_dir=tmp_path, **timing)


def maildir_messages(path: Path) -> list[EmailMessage]:
    new = path / "new"
    if not new.exists():
        return []
    return [
        message_from_bytes(p.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for p in sorted(new.iterdir())
    ]


# -- TLS ------------------------------------------------------------------------


@dataclass
class Certs:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    """A self-signed certificate for localhost/127.0.0.1, made now with the openssl tool."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Certs(cert, key)


# -- SMTP -----------------------------------------------------------------------


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    # Replies to give instead of accepting, one per DATA, e.g. ["451 4.3.0 Later"].
    faults: list[str] = field(default_factory=list)
    # Held: each DATA waits for `released` (set by the test, or at the end of the test), as a
    # server slower than any timeout would.
    held: bool = False
    released: threading.Event = field(default_factory=threading.Event)
    data_received: int = 0
    # The connections (client address and port) that tried to log in.
    login_connections: set[tuple[str, int]] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio

        with self.lock:
            self.data_received += 1
        if self.held:
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait, 60)
        with self.lock:
            if self.faults:
                return self.faults.pop(0)
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 2.0.0 Message accepted"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        with self.lock:
            self.login_connections.add(session.peer)
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login == b"website" and auth_data.password == b"g3heim!"
        )
        return AuthResult(success=ok)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Plain SMTP, no TLS, no auth."""
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    yield server
    server.released.set()
    controller.stop()


@pytest.fixture
def smtp_starttls_auth(certs: Certs, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """STARTTLS required before AUTH; the client trusts our test certificate via SSL_CERT_FILE."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.cert))
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(
        server,
        hostname=server.host,
        port=server.port,
        tls_context=certs.server_context(),
        require_starttls=True,
        authenticator=server.authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    yield server
    server.released.set()
    controller.stop()


# -- HTTP mail API doubles --------------------------------------------------------


@dataclass
class ApiDouble:
    """A loopback HTTP server that checks one provider's documented request contract.

    `faults` holds (status, headers, held) answers given before the normal one: status 0 is
    the normal answer; a held one waits for `released` first (set by the test, or at the end
    of the test), as a server slower than any timeout would. Accepted messages are recorded
    in `accepted` as the decoded request; `received` and `answered` count requests.
    """

    provider: str
    port: int = 0
    accepted: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    faults: list[tuple[int, dict[str, str], bool]] = field(default_factory=list)
    seen_keys: dict[str, str] = field(default_factory=dict)
    received: int = 0
    answered: int = 0
    released: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def wait_answered(self, count: int) -> None:
        """Until `count` requests have been answered (a held one finishes after its release)."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.answered >= count, timeout=60):
                raise AssertionError(f"{self.answered} of {count} requests answered")


KEY = "test-key-123"


def _api_handler(double: ApiDouble) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            try:
                self.respond()
            finally:
                with double.changed:
                    double.answered += 1
                    double.changed.notify_all()

        def respond(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with double.lock:
                double.received += 1
                fault = double.faults.pop(0) if double.faults else None
            if fault:
                status, headers, held = fault
                if held:
                    double.released.wait(60)
                if status:
                    self.answer(status, {"message": "fault"}, headers)
                    return
            getattr(self, f"contract_{double.provider}")(raw)

        def record(self, data: dict[str, Any]) -> None:
            with double.lock:
                double.requests.append(data)
                double.accepted.append(data)

        # Postmark: POST /email, X-Postmark-Server-Token, JSON; 200 {ErrorCode: 0, ...}
        def contract_postmark(self, raw: bytes) -> None:
            if self.path != "/email":
                return self.answer(404, {"ErrorCode": 404, "Message": "Not found"})
            if self.headers.get("X-Postmark-Server-Token") != KEY:
                return self.answer(401, {"ErrorCode": 10, "Message": "Bad or missing API token"})
            if self.headers.get("Accept") != "application/json" or not self.headers.get(
                "Content-Type", ""
            ).startswith("application/json"):
                return self.answer(415, {"ErrorCode": 0, "Message": "JSON only"})
            data = json.loads(raw)
            if not all(data.get(k) for k in ("From", "To", "Subject")) or not (
                data.get("TextBody") or data.get("HtmlBody")
            ):
                return self.answer(422, {"ErrorCode": 300, "Message": "Invalid email request"})
            self.record(data)
            self.answer(
                200,
                {
                    "To": data["To"],
                    "SubmittedAt": "2026-11-29T10:00:00.0000000-05:00",
                    "MessageID": f"msg-{len(double.accepted)}",
                    "ErrorCode": 0,
                    "Message": "OK",
                },
            )

        # Resend: POST /emails, Bearer key, JSON, Idempotency-Key; 200 {id}
        def contract_resend(self, raw: bytes) -> None:
            if self.path != "/emails":
                return self.answer(404, {"name": "not_found"})
            if self.headers.get("Authorization") != f"Bearer {KEY}":
                return self.answer(401, {"statusCode": 401, "name": "missing_api_key"})
            data = json.loads(raw)
            if not (data.get("from") and data.get("to") and data.get("subject")):
                return self.answer(422, {"statusCode": 422, "name": "validation_error"})
            key = self.headers.get("Idempotency-Key", "")
            with double.lock:
                if key and key in double.seen_keys:
                    return self.answer(200, {"id": double.seen_keys[key]})
                email_id = f"re-{len(double.accepted) + 1}"
                if key:
                    double.seen_keys[key] = email_id
            self.record({**data, "_idempotency_key": key})
            self.answer(200, {"id": email_id})

        # Mailgun: POST /v3/DOMAIN/messages, Basic api:KEY, form-encoded; 200 {id, message}
        def contract_mailgun(self, raw: bytes) -> None:
            import base64

            if self.path != "/v3/mg.voorbeeld.nl/messages":
                return self.answer(404, {"message": "Domain not found"})
            auth = base64.b64encode(f"api:{KEY}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {auth}":
                return self.answer(401, {"message": "Invalid private key"})
            if not self.headers.get("Content-Type", "").startswith(
                "application/x-www-form-urlencoded"
            ):
                return self.answer(400, {"message": "form data expected"})
            pairs = urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True)
            data: dict[str, Any] = {}
            for k, v in pairs:
                data.setdefault(k, []).append(v)
            if not all(k in data for k in ("from", "to", "subject")):
                return self.answer(400, {"message": "'from' parameter is missing"})
            self.record(data)
            self.answer(200, {"id": "<1@mg.voorbeeld.nl>", "message": "Queued. Thank you."})

        # Brevo: POST /v3/smtp/email, api-key header, JSON; 201 {messageId}
        def contract_brevo(self, raw: bytes) -> None:
            if self.path != "/v3/smtp/email":
                return self.answer(404, {"code": "not_found"})
            if self.headers.get("api-key") != KEY:
                return self.answer(401, {"code": "unauthorized", "message": "Key not found"})
            data = json.loads(raw)
            if not (data.get("sender") and data.get("to") and data.get("subject")):
                return self.answer(400, {"code": "missing_parameter"})
            self.record(data)
            self.answer(201, {"messageId": "<201@smtp-relay.mailin.fr>"})

    return Handler


@pytest.fixture
def api_double() -> Iterator[Any]:
    """Factory: api_double("postmark") starts a provider double on a free loopback port."""
    servers: list[ThreadingHTTPServer] = []
    doubles: list[ApiDouble] = []

    def start(provider: str) -> ApiDouble:
        double = ApiDouble(provider)
        doubles.append(double)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _api_handler(double))
        server.daemon_threads = True
        double.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return double

    yield start
    for double in doubles:
        double.released.set()
    for server in servers:
        server.shutdown()
        server.server_close()


# -- the WSGI app over real HTTP ----------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


@dataclass
class LiveApp:
    endpoint: Endpoint
    port: int

    def request(
        self,
        method: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        path: str = ENDPOINT_PATH,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def post_form(self, body: bytes, **headers: str) -> tuple[int, dict[str, str], bytes]:
        base = {"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN}
        return self.request("POST", body, {**base, **headers})

    def post_json(self, data: Any, **headers: str) -> tuple[int, dict[str, str], bytes]:
        base = {"Content-Type": "application/json", "Accept": "application/json", "Origin": ORIGIN}
        return self.request("POST", json.dumps(data).encode(), {**base, **headers})


@pytest.fixture
def live() -> Iterator[Any]:
    """Factory: live(endpoint) serves the real WSGI app on a free loopback port."""
    servers: list[WSGIServer] = []

    def start(ep: Endpoint) -> LiveApp:
        server = make_server(
            "127.0.0.1",
            0,
            make_app(ep),
            server_class=ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return LiveApp(ep, server.server_address[1])

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
