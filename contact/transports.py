"""The transports that need only the standard library: a local Maildir and SMTP.

`build_transports` turns parsed DSNs into transport objects; the HTTP APIs live
in `contact.mailapis` and import `requests` only when they first send.
"""

from __future__ import annotations

import os

from contact.delivery import PermanentError, TransientError
from contact.dsn import API_KINDS, TransportSpec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from email.message import EmailMessage

    from contact.delivery import Transport


class MaildirTransport:
    """Write the message into a Maildir (`new/`), as a local mail client reads it.

    Used by `make serve` and tests; `mailbox.Maildir` writes to `tmp/` and renames,
    so concurrent writers never see half a message.
    """

    name = "maildir"
    idempotent = False

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def send(self, message: EmailMessage, *, key: str, timeout: float) -> None:
        import mailbox

        try:
            # mailbox only creates tmp/new/cur when the folder itself is new;
            # an existing empty folder (a fresh checkout's .mail/) needs them too.
            for part in ("tmp", "new", "cur"):
                os.makedirs(os.path.join(self.path, part), exist_ok=True)
            box = mailbox.Maildir(self.path, create=True)
            box.add(message.as_bytes(policy=message.policy.clone(linesep="\n")))
        except OSError as error:
            raise PermanentError(f"cannot write to the Maildir ({error.strerror})") from None


class SmtpTransport:
    """SMTP submission: STARTTLS whenever offered (`smtp://`) or implicit TLS (`smtps://`).

    `?verify_peer=0` switches certificate checks off, for a local test server only.
    """

    idempotent = False

    def __init__(self, spec: TransportSpec) -> None:
        self.name = spec.kind
        self.implicit_tls = spec.kind == "smtps"
        self.host = spec.host.strip("[]")
        self.port = spec.port or (465 if self.implicit_tls else 25)
        self.user = spec.user
        self.password = spec.password
        self.verify = spec.option("verify_peer", "1") not in ("0", "false")

    def _context(self):  # -> ssl.SSLContext, imported lazily
        import ssl

        context = ssl.create_default_context()
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def send(self, message: EmailMessage, *, key: str, timeout: float) -> None:
        import smtplib
        import ssl

        sending = False
        try:
            if self.implicit_tls:
                client = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=timeout, context=self._context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=timeout)
            with client:
                client.ehlo()
                if not self.implicit_tls and client.has_extn("starttls"):
                    client.starttls(context=self._context())
                    client.ehlo()
                if self.user:
                    try:
                        client.login(self.user, self.password)
                    except smtplib.SMTPServerDisconnected:
                        # Some servers hang up after a wrong password instead of a 535.
                        raise PermanentError("authentication failed (disconnected)") from None
                sending = True
                refused = client.send_message(message)
                if refused:
                    raise PermanentError(f"{len(refused)} recipient(s) refused")
        except smtplib.SMTPAuthenticationError as error:
            raise PermanentError(f"authentication failed ({error.smtp_code})") from None
        except smtplib.SMTPNotSupportedError:
            raise PermanentError("the server does not support authentication") from None
        except smtplib.SMTPRecipientsRefused as error:
            codes = {code for code, _ in error.recipients.values()}
            if all(400 <= code < 500 for code in codes):
                raise TransientError(f"recipient deferred ({min(codes)})") from None
            raise PermanentError(f"recipient refused ({min(codes)})") from None
        except smtplib.SMTPResponseException as error:
            if 400 <= error.smtp_code < 500:
                raise TransientError(f"server answered {error.smtp_code}") from None
            raise PermanentError(f"server answered {error.smtp_code}") from None
        except ssl.SSLCertVerificationError:
            raise PermanentError("the server's TLS certificate was not accepted") from None
        except (smtplib.SMTPException, OSError) as error:
            # A connection lost after DATA began may have delivered the message.
            raise TransientError(
                f"connection problem ({type(error).__name__})", ambiguous=sending
            ) from None


def build_transports(
    specs: Sequence[TransportSpec], base_dir: str | os.PathLike[str] = "."
) -> list[Transport]:
    """One transport object per spec, in failover order; relative Maildirs from base_dir."""
    transports: list[Transport] = []
    for spec in specs:
        if spec.kind == "maildir":
            transports.append(MaildirTransport(os.path.join(base_dir, spec.path)))
        elif spec.kind in ("smtp", "smtps"):
            transports.append(SmtpTransport(spec))
        elif spec.kind in API_KINDS:
            from contact.mailapis import api_transport

            transports.append(api_transport(spec))
        else:  # pragma: no cover - parse_dsn accepts no other kind
            raise ValueError(spec.kind)
    return transports
