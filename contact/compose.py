"""Compose the e-mail to the coach (and the optional auto-reply) with the stdlib `email` package.

Headers are set through `EmailMessage` and `headerregistry.Address`, never by
string concatenation. On top of that every header value is checked here for
control characters, because Python 3.11 before 3.11.10 lets a trailing newline
through `email`'s own check: the defence must not depend on the patch level.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from contact.settings import Settings
from contact.submission import Submission

POLICY = policy.SMTP.clone(raise_on_defect=True)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus")
MONTHS += ("september", "oktober", "november", "december")


class UnsafeHeader(ValueError):
    """A header value with a line break or control character: a bug upstream, never sent."""


def safe(value: str) -> str:
    """Return the value if it cannot break out of its header line, else raise."""
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise UnsafeHeader("control character in a header value")
    return value


def _now_in_amsterdam() -> datetime:
    try:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo("Europe/Amsterdam"))
    except Exception:  # no time zone data on this host: UTC is still correct, just less local
        return datetime.now(UTC)


def dutch_datetime(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} om {moment:%H:%M}"


def _base(settings: Settings, message_id_key: str) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    domain = settings.mail_from.rpartition("@")[2]
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = f"<{message_id_key[:40]}@{safe(domain)}>"
    return msg


def compose_notification(submission: Submission, settings: Settings, key: str) -> EmailMessage:
    """The e-mail to the coach: Reply-To the prospect, plain text and an escaped HTML part.

    `key` identifies the submission (see `spam.submission_key`); it becomes the
    Message-ID, so even a duplicate that slips through shows up as one message.
    """
    name, email, phone = (safe(v) for v in (submission.name, submission.email, submission.phone))
    received = dutch_datetime(_now_in_amsterdam())
    msg = _base(settings, key)
    msg["Subject"] = safe(f"Aanvraag vrijblijvend gesprek van {name}")
    msg["From"] = Address(display_name="Contactformulier website", addr_spec=settings.mail_from)
    msg["To"] = Address(addr_spec=settings.mail_to)
    local, _, domain = email.rpartition("@")
    msg["Reply-To"] = Address(display_name=name, username=local, domain=domain)

    lines = [
        "Er is een nieuwe aanvraag voor een vrijblijvend gesprek binnengekomen.",
        "",
        f"Naam: {name}",
        f"E-mailadres: {email}",
        f"Telefoonnummer: {phone or '(niet opgegeven)'}",
        f"Ontvangen: {received}",
        "",
        "Bericht:",
        submission.message,
        "",
        "-- ",
        "Antwoord op deze e-mail om direct te reageren.",
    ]
    msg.set_content("\n".join(lines) + "\n", subtype="plain", charset="utf-8")

    e = html.escape
    message_html = "<br>\n".join(e(line) for line in submission.message.split("\n"))
    rows = [
        ("Naam", e(name)),
        ("E-mailadres", f'<a href="mailto:{e(email)}">{e(email)}</a>'),
        ("Telefoonnummer", e(phone) if phone else "(niet opgegeven)"),
        ("Ontvangen", e(received)),
    ]
    table = "\n".join(f'<tr><th align="left">{k}</th><td>{v}</td></tr>' for k, v in rows)
    body = (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        "<title>Aanvraag vrijblijvend gesprek</title></head><body>\n"
        "<p>Er is een nieuwe aanvraag voor een vrijblijvend gesprek binnengekomen.</p>\n"
        f"<table>\n{table}\n</table>\n<h2>Bericht</h2>\n<p>{message_html}</p>\n"
        "<p>Antwoord op deze e-mail om direct te reageren.</p>\n</body></html>\n"
    )
    msg.add_alternative(body, subtype="html", charset="utf-8")
    return msg


def compose_autoreply(submission: Submission, settings: Settings, key: str) -> EmailMessage:
    """The confirmation to the prospect: fixed text only, never what they typed.

    Echoing their input would let anyone send our text plus theirs to a stranger.
    """
    email = safe(submission.email)
    msg = _base(settings, "re-" + key)
    msg["Subject"] = safe(settings.autoreply_subject)
    msg["From"] = Address(addr_spec=settings.mail_from)
    msg["To"] = Address(username=email.rpartition("@")[0], domain=email.rpartition("@")[2])
    msg["Reply-To"] = Address(addr_spec=settings.public_email)
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(settings.autoreply_text + "\n", subtype="plain", charset="utf-8")
    return msg
