"""Transports against real servers on loopback: aiosmtpd and doubles of each mail API's contract."""

from __future__ import annotations

import json
import queue
import socket
import threading
from pathlib import Path

import pytest

from tests.contact.conftest import KEY, VALID, FakeClock, endpoint, maildir_messages

REAL = {"CONTACT_TO": "coach@voorbeeld.nl", "CONTACT_FROM": "website@voorbeeld.nl"}


# -- SMTP -------------------------------------------------------------------------


def test_smtp_plain(tmp_path: Path, live, smtp_server) -> None:
    app = live(endpoint(tmp_path, MAILER_DSN=f"smtp://127.0.0.1:{smtp_server.port}", **REAL))
    assert app.post_json({**VALID})[0] == 200
    [mail] = smtp_server.messages
    assert smtp_server.envelopes == [("website@voorbeeld.nl", ["coach@voorbeeld.nl"])]
    assert mail["Subject"] == "Aanvraag vrijblijvend gesprek van Anna de Vries"
    assert mail["Reply-To"] == "Anna de Vries <anna@voorbeeld.nl>"


def test_smtp_starttls_and_auth(tmp_path: Path, live, smtp_starttls_auth) -> None:
    dsn = f"smtp://website:g3heim%21@localhost:{smtp_starttls_auth.port}"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert len(smtp_starttls_auth.messages) == 1


def test_smtp_wrong_password_is_permanent_and_fails_over(
    tmp_path: Path, live, smtp_starttls_auth
) -> None:
    dsn = f"failover(smtp://website:fout@localhost:{smtp_starttls_auth.port} maildir://mail)"
    clock = FakeClock()
    app = live(endpoint(tmp_path, clock, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    # No retry on a permanent failure: one connection tried to log in, and nobody waited.
    assert len(smtp_starttls_auth.login_connections) == 1
    assert clock.sleeps == []
    assert smtp_starttls_auth.messages == []
    assert len(maildir_messages(tmp_path / "mail")) == 1


def test_smtp_untrusted_certificate_is_refused(
    tmp_path: Path, live, smtp_starttls_auth, monkeypatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE")
    dsn = f"smtp://website:g3heim%21@localhost:{smtp_starttls_auth.port}"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 503
    assert smtp_starttls_auth.messages == []


def test_smtps_implicit_tls(tmp_path: Path, live, certs, monkeypatch) -> None:
    from aiosmtpd.controller import Controller

    from tests.contact.conftest import SmtpServer, free_port

    monkeypatch.setenv("SSL_CERT_FILE", str(certs.cert))
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(
        server,
        hostname="127.0.0.1",
        port=server.port,
        ssl_context=certs.server_context(),
        server_hostname="localhost",
    )
    controller.start()
    try:
        app = live(endpoint(tmp_path, MAILER_DSN=f"smtps://localhost:{server.port}", **REAL))
        assert app.post_json({**VALID})[0] == 200
        assert len(server.messages) == 1
    finally:
        controller.stop()


def test_smtp_4xx_is_retried_then_delivered_once(tmp_path: Path, live, smtp_server) -> None:
    smtp_server.faults = ["451 4.3.0 Try again later", "421 4.7.0 Busy"]
    app = live(endpoint(tmp_path, MAILER_DSN=f"smtp://127.0.0.1:{smtp_server.port}", **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert len(smtp_server.messages) == 1


def test_smtp_5xx_goes_to_the_next_transport_at_once(
    tmp_path: Path, live, smtp_server, api_double
) -> None:
    smtp_server.faults = ["554 5.7.1 Rejected"]
    postmark = api_double("postmark")
    dsn = f"failover(smtp://127.0.0.1:{smtp_server.port} postmark+api://{KEY}@{postmark.host})"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert smtp_server.messages == []
    assert len(postmark.accepted) == 1


def test_smtp_down_fails_over_to_maildir(tmp_path: Path, live) -> None:
    dsn = "failover(smtp://127.0.0.1:9 maildir://mail)"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert len(maildir_messages(tmp_path / "mail")) == 1


def test_smtp_slow_beyond_the_timeout_fails_over(tmp_path: Path, live, smtp_server) -> None:
    """A server that never answers DATA in time: fail over, and do not retry it (ambiguous)."""
    smtp_server.held = True
    dsn = f"failover(smtp://127.0.0.1:{smtp_server.port} maildir://mail)"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, CONTACT_ATTEMPT_TIMEOUT="0.5", **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert len(maildir_messages(tmp_path / "mail")) == 1
    assert smtp_server.data_received == 1


def test_smtp_that_never_greets_times_out(tmp_path: Path, live) -> None:
    """A listener that accepts but says nothing (a hung server): each try times out, with the
    backoff between them, and then a 503 instead of a hang."""
    clock = FakeClock()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # the kernel completes each connection; nobody ever greets
        port = listener.getsockname()[1]
        app = live(
            endpoint(
                tmp_path,
                clock,
                MAILER_DSN=f"smtp://127.0.0.1:{port}",
                CONTACT_ATTEMPT_TIMEOUT="0.3",
                CONTACT_DELIVERY_BUDGET="1.5",
                **REAL,
            )
        )
        assert app.post_json({**VALID})[0] == 503
        listener.setblocking(False)
        connections = []
        while True:
            try:
                connections.append(listener.accept()[0])
            except BlockingIOError:
                break
        for connection in connections:
            connection.close()
    assert len(connections) == 3  # the policy's three tries
    assert clock.sleeps == [0.05, 0.1]  # CONTACT_RETRY_BACKOFF, doubled


# -- HTTP mail APIs ------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["postmark", "resend", "mailgun", "brevo"])
def test_each_api_receives_its_documented_request(
    provider: str, tmp_path: Path, live, api_double
) -> None:
    double = api_double(provider)
    dsn = {
        "postmark": f"postmark+api://{KEY}@{double.host}",
        "resend": f"resend+api://{KEY}@{double.host}",
        "mailgun": f"mailgun+api://{KEY}:mg.voorbeeld.nl@{double.host}",
        "brevo": f"brevo+api://{KEY}@{double.host}",
    }[provider]
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    [sent] = double.accepted
    subject = "Aanvraag vrijblijvend gesprek van Anna de Vries"
    sender = "Contactformulier website <website@voorbeeld.nl>"
    reply_to = "Anna de Vries <anna@voorbeeld.nl>"
    if provider == "postmark":
        assert (sent["From"], sent["To"], sent["Subject"]) == (
            sender,
            "coach@voorbeeld.nl",
            subject,
        )
        assert sent["ReplyTo"] == reply_to
        assert sent["MessageStream"] == "outbound"
        assert "Mijn team groeit snel." in sent["TextBody"]
        assert "<td>Anna de Vries</td>" in sent["HtmlBody"]
    elif provider == "resend":
        assert (sent["from"], sent["to"], sent["subject"]) == (
            sender,
            ["coach@voorbeeld.nl"],
            subject,
        )
        assert sent["reply_to"] == reply_to
        assert sent["_idempotency_key"].startswith("contact/")
    elif provider == "mailgun":
        assert sent["from"] == [sender]
        assert sent["to"] == ["coach@voorbeeld.nl"]
        assert sent["subject"] == [subject]
        assert sent["h:Reply-To"] == [reply_to]
    else:
        assert sent["sender"] == {
            "email": "website@voorbeeld.nl",
            "name": "Contactformulier website",
        }
        assert sent["to"] == [{"email": "coach@voorbeeld.nl"}]
        assert sent["replyTo"] == {"email": "anna@voorbeeld.nl", "name": "Anna de Vries"}
        assert "Mijn team groeit snel." in sent["textContent"]


def test_429_with_retry_after_is_honoured(tmp_path: Path, live, api_double) -> None:
    double = api_double("postmark")
    double.faults = [(429, {"Retry-After": "1"}, False)]
    clock = FakeClock()
    app = live(endpoint(tmp_path, clock, MAILER_DSN=f"postmark+api://{KEY}@{double.host}", **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert clock.sleeps == [1.0]
    assert (double.received, len(double.accepted)) == (2, 1)


def test_rate_limit_reset_header_is_honoured(tmp_path: Path, live, api_double) -> None:
    double = api_double("resend")
    double.faults = [(429, {"ratelimit-reset": "1"}, False)]
    clock = FakeClock()
    app = live(endpoint(tmp_path, clock, MAILER_DSN=f"resend+api://{KEY}@{double.host}", **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert clock.sleeps == [1.0]
    assert (double.received, len(double.accepted)) == (2, 1)


def test_retry_after_beyond_the_budget_fails_over_at_once(tmp_path: Path, live, api_double) -> None:
    first, second = api_double("postmark"), api_double("brevo")
    first.faults = [(429, {"Retry-After": "3600"}, False)]
    dsn = f"failover(postmark+api://{KEY}@{first.host} brevo+api://{KEY}@{second.host})"
    clock = FakeClock()
    app = live(endpoint(tmp_path, clock, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert clock.sleeps == []  # no waiting for an hour, nor for part of it
    assert (first.received, len(first.accepted), len(second.accepted)) == (1, 0, 1)


def test_5xx_is_retried_with_backoff(tmp_path: Path, live, api_double) -> None:
    double = api_double("mailgun")
    double.faults = [(500, {}, False), (503, {}, False)]
    dsn = f"mailgun+api://{KEY}:mg.voorbeeld.nl@{double.host}"
    clock = FakeClock()
    app = live(endpoint(tmp_path, clock, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert clock.sleeps == [0.05, 0.1]  # CONTACT_RETRY_BACKOFF, doubled
    assert (double.received, len(double.accepted)) == (3, 1)


@pytest.mark.parametrize("status", [401, 422])
def test_permanent_errors_go_to_the_next_transport_at_once(
    status: int, tmp_path: Path, live, api_double
) -> None:
    first, second = api_double("resend"), api_double("postmark")
    first.faults = [(status, {}, False)]
    dsn = f"failover(resend+api://{KEY}@{first.host} postmark+api://{KEY}@{second.host})"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert (len(first.accepted), len(second.accepted)) == (0, 1)
    assert len(first.faults) == 0


def test_wrong_api_key_is_refused_by_the_double_and_fails_over(
    tmp_path: Path, live, api_double
) -> None:
    first, second = api_double("postmark"), api_double("resend")
    dsn = f"failover(postmark+api://verkeerd@{first.host} resend+api://{KEY}@{second.host})"
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert (len(first.accepted), len(second.accepted)) == (0, 1)


def test_failover_chain_ends_in_the_right_transport(tmp_path: Path, live, api_double) -> None:
    a, b, c = api_double("postmark"), api_double("resend"), api_double("brevo")
    a.faults = [(401, {}, 0.0)]
    b.faults = [(500, {}, False)] * 3
    dsn = (
        f"failover(postmark+api://{KEY}@{a.host} resend+api://{KEY}@{b.host} "
        f"brevo+api://{KEY}@{c.host})"
    )
    app = live(endpoint(tmp_path, MAILER_DSN=dsn, **REAL))
    assert app.post_json({**VALID})[0] == 200
    assert (len(a.accepted), len(b.accepted), len(c.accepted)) == (0, 0, 1)


def test_slow_idempotent_api_is_retried_without_a_duplicate(
    tmp_path: Path, live, api_double
) -> None:
    """Resend answers too late the first time (but accepts); the retry carries the same key."""
    double = api_double("resend")
    double.faults = [(0, {}, True)]  # held past the timeout, then the normal (accepting) answer
    app = live(
        endpoint(
            tmp_path,
            MAILER_DSN=f"resend+api://{KEY}@{double.host}",
            CONTACT_ATTEMPT_TIMEOUT="0.4",
            **REAL,
        )
    )
    assert app.post_json({**VALID})[0] == 200
    assert double.received == 2  # the retry was accepted while the first is still held
    double.released.set()
    double.wait_answered(2)  # the first, too, now reached the provider
    assert len(double.accepted) == 1
    assert len(double.seen_keys) == 1


def test_slow_non_idempotent_api_is_not_retried(tmp_path: Path, live, api_double) -> None:
    """Postmark has no idempotency key: a late answer may still mean delivered, so no retry."""
    double = api_double("postmark")
    double.faults = [(503, {}, True)]  # held past the timeout, then an error
    app = live(
        endpoint(
            tmp_path,
            MAILER_DSN=f"postmark+api://{KEY}@{double.host}",
            CONTACT_ATTEMPT_TIMEOUT="0.4",
            **REAL,
        )
    )
    assert app.post_json({**VALID})[0] == 503
    assert double.received == 1  # the answer is final: no second request can follow
    double.released.set()
    double.wait_answered(1)
    assert double.accepted == []


def test_api_down_gives_503(tmp_path: Path, live) -> None:
    app = live(endpoint(tmp_path, MAILER_DSN=f"postmark+api://{KEY}@127.0.0.1:9", **REAL))
    status, _, body = app.post_json({**VALID})
    assert status == 503
    assert json.loads(body)["email"] == "coach@voorbeeld.nl"


def test_auto_reply_never_echoes_what_was_typed(tmp_path: Path, live, smtp_server) -> None:
    app = live(
        endpoint(
            tmp_path,
            MAILER_DSN=f"smtp://127.0.0.1:{smtp_server.port}",
            CONTACT_AUTOREPLY="1",
            **REAL,
        )
    )
    assert app.post_json({**VALID, "name": "Koop nu goedkope pillen"})[0] == 200
    _notification, reply = smtp_server.messages
    assert smtp_server.envelopes[1] == ("website@voorbeeld.nl", ["anna@voorbeeld.nl"])
    assert reply["Subject"] == "Bedankt voor je bericht"
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["To"] == "anna@voorbeeld.nl"
    text = reply.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "pillen" not in str(reply) and "Mijn team" not in text
    assert text.startswith("Hallo,\n\nBedankt voor je aanvraag voor een vrijblijvend gesprek.")


def test_concurrent_identical_posts_deliver_once(tmp_path: Path, live, smtp_server) -> None:
    """Five identical posts at once: the first is being delivered (its DATA held) while the
    four others are told it arrived; then it is delivered, once."""
    smtp_server.held = True
    app = live(
        endpoint(
            tmp_path,
            MAILER_DSN=f"smtp://127.0.0.1:{smtp_server.port}",
            CONTACT_ATTEMPT_TIMEOUT="20",
            CONTACT_DELIVERY_BUDGET="20",
            **REAL,
        )
    )
    answers: queue.Queue[int] = queue.Queue()
    threads = [
        threading.Thread(target=lambda: answers.put(app.post_json({**VALID})[0])) for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    copies = [answers.get(timeout=60) for _ in range(4)]
    assert smtp_server.messages == []  # those four came while the first was held
    smtp_server.released.set()
    for thread in threads:
        thread.join()
    assert [*copies, answers.get_nowait()] == [200] * 5
    assert smtp_server.data_received == 1
    assert len(smtp_server.messages) == 1


def test_maildir_in_an_existing_empty_folder(tmp_path: Path) -> None:
    """A fresh checkout may hold an empty .mail/: delivery must not fail on it."""
    from email.message import EmailMessage

    from contact.transports import MaildirTransport

    folder = tmp_path / "mail"
    folder.mkdir()
    message = EmailMessage()
    message["Subject"] = "Aanvraag vrijblijvend gesprek van Sanne"
    message.set_content("Hallo")
    MaildirTransport(folder).send(message, key=KEY, timeout=1)
    (delivered,) = maildir_messages(folder)
    assert delivered["Subject"] == "Aanvraag vrijblijvend gesprek van Sanne"
