"""Real browser, real servers: Debian's Chromium driven by Playwright.

The site is served the way `make serve` serves it (MkDocs' dev server with the
contact endpoint mounted by hooks/dev_server.py), mail goes to a real aiosmtpd
server on loopback, and every request a page makes is recorded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from tests.conftest import REPO, build_env, free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def wait_for(url: str, timeout: float = 90, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise OSError(f"the server exited with status {process.returncode}")
        try:
            with urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@dataclass
class Mailbox:
    """What the SMTP server received, message by message."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait(self, count: int, timeout: float = 15) -> list[EmailMessage]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        return self.messages


class _Recorder:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.box.arrived:
            self.box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.box.messages.append(message)
            self.box.arrived.notify_all()
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = free_port()
    controller = Controller(_Recorder(box), hostname="127.0.0.1", port=port)
    controller.start()
    yield port, box
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[int, Mailbox]) -> Mailbox:
    """The session's SMTP mailbox, emptied for this test."""
    _, box = smtp_server
    with box.arrived:
        box.messages.clear()
        box.envelopes.clear()
    return box


@dataclass
class DevServer:
    base: str
    process: subprocess.Popen
    log: Path


def start_dev_server(project: Path, log: Path, **env: str) -> DevServer:
    """The preview server as `make serve` runs it (coachsite/serve), on a free port.

    It calls the hooks' `on_serve` (which mounts the endpoint), as `mkdocs serve` does.
    """
    port = free_port()
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coachsite.serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        env=build_env(URL=f"http://127.0.0.1:{port}/", **env),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, process=process)
    except OSError:
        process.kill()
        raise AssertionError(log.read_text()) from None
    return DevServer(base, process, log)


def serving(tmp_path_factory: pytest.TempPathFactory, mailer_dsn: str, **env: str):
    """A dev server for the test session, stopped at its end."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    server = start_dev_server(
        REPO,
        log,
        MAILER_DSN=mailer_dsn,
        CONTACT_TO="coach@praktijk.test",
        CONTACT_FROM="website@praktijk.test",
        CONTACT_RATE_LIMIT="0",
        **env,
    )
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def dev_server(
    smtp_server: tuple[int, Mailbox], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DevServer]:
    port, _ = smtp_server
    yield from serving(tmp_path_factory, f"smtp://127.0.0.1:{port}")


@pytest.fixture(scope="session")
def failing_dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """`make serve` whose only mail server refuses every connection."""
    dead = f"smtp://127.0.0.1:{free_port()}"
    yield from serving(tmp_path_factory, dead, CONTACT_DELIVERY_BUDGET="3")


@dataclass
class Visit:
    """A browser page that remembers every request it made."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, base: str) -> list[str]:
        own = urlsplit(base).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(url).netloc != own
        ]

    def axe_violations(self) -> list[str]:
        # Evaluated through the DevTools protocol, so the page's CSP (which
        # rightly forbids injected scripts) stays enforced for everything else.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        return [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]


def open_visit(browser, **context_options) -> Visit:
    context = browser.new_context(locale="nl-NL", **context_options)
    page = context.new_page()
    visit = Visit(page)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            visit.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    return visit


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    v = open_visit(browser)
    yield v
    v.page.context.close()


@pytest.fixture
def no_js_visit(browser) -> Iterator[Visit]:
    v = open_visit(browser, java_script_enabled=False)
    yield v
    v.page.context.close()


@pytest.fixture
def phone_visit(browser) -> Iterator[Visit]:
    v = open_visit(browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    yield v
    v.page.context.close()
