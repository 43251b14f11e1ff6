"""`MAILER_DSN`: one string that says how mail leaves, in the style of Symfony Mailer.

    smtp://USER:PASS@HOST:PORT        STARTTLS when the server offers it
    smtps://USER:PASS@HOST:PORT       implicit TLS (port 465 by default)
    postmark+api://TOKEN@default      Postmark's HTTP API
    mailgun+api://KEY:DOMAIN@eu       Mailgun's HTTP API (eu or us/default)
    brevo+api://KEY@default           Brevo's HTTP API
    resend+api://KEY@default          Resend's HTTP API
    maildir://PATH                    files in a local Maildir (relative or /absolute)
    failover(A B ...)                 try A, then B, ... in order

Parsing is strict and its errors name the part at fault but never the value of
a user name, password, key or token.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

API_KINDS = ("postmark", "mailgun", "brevo", "resend")
KINDS = ("smtp", "smtps", "maildir", *API_KINDS)
_FAILOVER = re.compile(r"failover\((?P<inner>.*)\)", re.DOTALL)
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
LOOPBACK_NAMES = ("localhost",)


class DsnError(ValueError):
    """A malformed DSN; the message is safe to print (no secrets)."""


class TransportSpec:
    """One parsed transport: where to deliver and with which credentials.

    A plain class (not a dataclass: that import alone is a noticeable part of a
    cold start) whose repr leaves out the user name and password.
    """

    __slots__ = ("host", "kind", "options", "password", "path", "port", "user")

    def __init__(
        self,
        kind: str,
        host: str = "",
        port: int | None = None,
        user: str = "",
        password: str = "",
        path: str = "",
        options: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.kind, self.host, self.port, self.path = kind, host, port, path
        self.user, self.password, self.options = user, password, options

    def _key(self) -> tuple[object, ...]:
        return (self.kind, self.host, self.port, self.user, self.password, self.path, self.options)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TransportSpec) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"TransportSpec(kind={self.kind!r}, host={self.host!r}, port={self.port!r})"

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)

    @property
    def is_loopback(self) -> bool:
        """A local test double: plain HTTP is allowed only there."""
        if self.host in LOOPBACK_NAMES:
            return True
        import ipaddress

        try:
            return ipaddress.ip_address(self.host.strip("[]")).is_loopback
        except ValueError:
            return False


def parse_mailer_dsn(text: str) -> tuple[TransportSpec, ...]:
    """Parse a DSN or a `failover(...)` chain into transport specs, in order."""
    text = text.strip()
    match = _FAILOVER.fullmatch(text)
    if match:
        parts = match["inner"].split()
        if len(parts) < 2:
            raise DsnError("failover(...) needs at least two DSNs separated by spaces")
        specs = []
        for number, part in enumerate(parts, start=1):
            try:
                specs.append(parse_dsn(part))
            except DsnError as error:
                raise DsnError(f"DSN {number} in failover(...): {error}") from None
        return tuple(specs)
    if text.startswith("failover"):
        raise DsnError("failover must be written failover(DSN DSN ...)")
    return (parse_dsn(text),)


def parse_dsn(text: str) -> TransportSpec:
    """Parse one DSN without urllib's own errors, which would echo the value."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        raise DsnError("expected SCHEME://..., e.g. smtp://user:pass@host:587")
    scheme = scheme.lower()
    kind = scheme.removesuffix("+api")
    if kind not in KINDS or (kind in API_KINDS) != scheme.endswith("+api"):
        known = "smtp, smtps, maildir, " + ", ".join(f"{k}+api" for k in API_KINDS)
        raise DsnError(f"unknown scheme {scheme!r} (known: {known})")

    if kind == "maildir":
        path = unquote(rest)
        if not path:
            raise DsnError("maildir:// needs a path, e.g. maildir://.mail")
        return TransportSpec(kind="maildir", path=path)

    rest, _, query = rest.partition("?")
    options: tuple[tuple[str, str], ...] = ()
    if query:
        from urllib.parse import parse_qsl

        options = tuple(parse_qsl(query, keep_blank_values=True))
    if "/" in rest:
        raise DsnError(f"{scheme}: unexpected path after the host")
    credentials, at, hostport = rest.rpartition("@")
    if not at:
        hostport = rest
    user, colon, password = credentials.partition(":")
    user, password = unquote(user), unquote(password)

    host, port = _split_host_port(hostport, scheme)
    if kind in ("smtp", "smtps"):
        if password and not user:
            raise DsnError(f"{scheme}: a password needs a user name")
    elif kind == "mailgun":
        if not user or not password:
            raise DsnError("mailgun+api: expected mailgun+api://KEY:DOMAIN@eu (key and domain)")
    elif not user:
        raise DsnError(f"{scheme}: the API key is missing before '@'")
    elif colon:
        raise DsnError(f"{scheme}: expected {scheme}://KEY@default (no ':' in the key part)")
    return TransportSpec(
        kind=kind, host=host, port=port, user=user, password=password, options=options
    )


def _split_host_port(hostport: str, scheme: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        import ipaddress

        host, bracket, after = hostport[1:].partition("]")
        if not bracket:
            raise DsnError(f"{scheme}: unclosed '[' in the host")
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise DsnError(f"{scheme}: the host is not a valid IPv6 address") from None
        port_text = after.removeprefix(":") if after.startswith(":") else None
        if after and port_text is None:
            raise DsnError(f"{scheme}: unexpected text after the host")
        host = f"[{host}]"
    else:
        host, _, port_text = hostport.partition(":")
        port_text = port_text if ":" in hostport else None
        if not host:
            raise DsnError(f"{scheme}: the host is missing")
        if not _HOST.fullmatch(host):
            raise DsnError(f"{scheme}: the host is not a valid host name")
    port = None
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise DsnError(f"{scheme}: the port must be a number from 1 to 65535")
        port = int(port_text)
    return host.lower(), port
