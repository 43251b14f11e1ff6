"""The endpoint's settings: read from the environment once, at cold start, and checked.

Each setting is declared once, as a field of `Settings`: the environment variable, its default
(written as it would be in the environment), and the kind of field, which checks the text and
says what is wrong with it. Every problem is collected before failing, so one deploy shows all
of them, and no message ever repeats a value that may hold a secret (a DSN, a token).

The site's own addresses (the form page, the thank-you page, the privacy statement and the path
the form posts to) are facts of mkdocs.yml `extra.contact`. `make serve` hands them over from
there (`site_variables`, called by hooks/dev_server.py); the deployed function reads them from
its environment, where the defaults below stand in for the same pages until a variable is set.
tests/contact/test_settings.py fails when mkdocs.yml and these defaults part.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from contact.dsn import DsnError, TransportSpec, parse_mailer_dsn

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Generic, Self, TypeVar, overload

    V = TypeVar("V")

    class _Typed(Generic[V]):
        """What a type checker sees: `settings.name` is the value, `Settings.name` the field."""

        @overload
        def __get__(self, settings: None, owner: type[Settings]) -> Self: ...
        @overload
        def __get__(self, settings: Settings, owner: type[Settings]) -> V: ...
        def __get__(self, settings: Settings | None, owner: type[Settings]) -> Self | V: ...

else:
    V = None

    class _Typed:
        """`Field[str]` at run time, without importing `typing` (a cold-start cost)."""

        def __class_getitem__(cls, value_type: object) -> type:
            return cls


# Where the site's form posts to, on the site's own origin (mkdocs.yml `extra.contact.endpoint`
# says the same). The one spelling of it in the code: the hooks, the proxy rule's messages and
# the benchmark import it.
ENDPOINT_PATH = "/api/contact"

DEFAULT_AUTOREPLY_SUBJECT = "Bedankt voor je bericht"
DEFAULT_AUTOREPLY_TEXT = (
    "Hallo,\n\n"
    "Bedankt voor je aanvraag voor een vrijblijvend gesprek. Je bericht is goed "
    "aangekomen. Ik lees het persoonlijk en neem binnen twee werkdagen contact met je op.\n\n"
    "Met vriendelijke groet"
)

# The privacy statement promises that an IP address stays in memory at most an hour.
MAX_RATE_WINDOW_SECONDS = 3600
_RATE = re.compile(r"(?P<count>\d+)\s*/\s*(?P<amount>\d*)\s*(?P<unit>[smh])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[A-Za-z0-9-]+")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?")


class ConfigError(Exception):
    """The environment does not describe a working endpoint; the message lists why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("contact endpoint settings are invalid:\n- " + "\n- ".join(problems))


class RateLimit:
    """At most `count` posts per client address in `window` seconds; count 0 means off."""

    __slots__ = ("count", "window")

    def __init__(self, count: int, window: int) -> None:
        self.count, self.window = count, window

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RateLimit) and (self.count, self.window) == (
            other.count,
            other.window,
        )

    def __hash__(self) -> int:
        return hash((self.count, self.window))

    def __repr__(self) -> str:
        return f"RateLimit({self.count}, {self.window})"

    @property
    def enabled(self) -> bool:
        return self.count > 0


def parse_rate_limit(text: str) -> RateLimit:
    """`5/10m` → 5 posts per 10 minutes; `0` → off. The window is at most an hour."""
    text = text.strip().lower()
    if text in ("0", "off"):
        return RateLimit(0, 0)
    match = _RATE.fullmatch(text)
    if not match:
        raise ValueError("expected COUNT/WINDOW such as 5/10m, 20/1h or 0 to switch it off")
    count = int(match["count"])
    window = int(match["amount"] or 1) * _UNIT_SECONDS[match["unit"]]
    if count == 0:
        return RateLimit(0, 0)
    if not 0 < window <= MAX_RATE_WINDOW_SECONDS:
        raise ValueError("the window must lie between 1s and 1h")
    return RateLimit(count, window)


# -- the kinds of setting ------------------------------------------------------------


class Field(_Typed[V]):
    """One setting: the variable it is read from, its default, how its text becomes the value.

    `default` is written as it would be in the environment and stands in for an unset or blank
    variable. `parse` appends each problem to `problems`, naming the variable, and still
    returns a value, which later settings may build on (`known`: those read so far).
    """

    name = ""  # the attribute of `Settings`, set when the class is made

    def __init__(self, variable: str, default: str = "") -> None:
        self.variable = variable
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def text(self, raw: str) -> str:
        """The variable's text as this setting reads it."""
        return raw.strip()

    def read(self, env: Mapping[str, str], known: Mapping[str, Any], problems: list[str]) -> V:
        return self.parse(self.text(env.get(self.variable, "")) or self.default, known, problems)

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> V:
        raise NotImplementedError  # pragma: no cover - every kind overrides it


class Transports(Field[tuple[TransportSpec, ...]]):
    """How mail leaves: one DSN or a failover chain (contact/dsn.py)."""

    def parse(
        self, text: str, known: Mapping[str, Any], problems: list[str]
    ) -> tuple[TransportSpec, ...]:
        try:
            return parse_mailer_dsn(text)
        except DsnError as error:
            problems.append(f"{self.variable}: {error}")
            return ()


class Mailbox(Field[str]):
    """A sender or recipient: needed once mail leaves this machine; for a local Maildir only,
    `placeholder` does (read after `transports`)."""

    def __init__(self, variable: str, *, placeholder: str) -> None:
        super().__init__(variable)
        self.placeholder = placeholder

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> str:
        if not text:
            # Vacuously local when MAILER_DSN was refused: that problem is reported already.
            if all(spec.kind == "maildir" for spec in known["transports"]):
                return self.placeholder
            problems.append(f"{self.variable} is required when mail leaves this machine")
            return ""
        if not _ADDRESS.fullmatch(text):
            problems.append(f"{self.variable} must be one plain e-mail address (name@domain)")
        return text


class ShownAddress(Field[str]):
    """An address shown to prospects; unset, the value of the setting `same_as` (read before)."""

    def __init__(self, variable: str, *, same_as: str) -> None:
        super().__init__(variable)
        self.same_as = same_as

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> str:
        value = text or known[self.same_as]
        if value and not _ADDRESS.fullmatch(value):  # a missing one is reported already
            problems.append(f"{self.variable} must be one plain e-mail address")
        return value


class Rate(Field[RateLimit]):
    """Posts per address and window, as `parse_rate_limit` reads them."""

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> RateLimit:
        try:
            return parse_rate_limit(text)
        except ValueError as error:
            problems.append(f"{self.variable}: {error}")
            return RateLimit(0, 0)


class Origins(Field[frozenset[str]]):
    """Origins separated by spaces or commas, kept in lower case without a trailing slash."""

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> frozenset[str]:
        origins: set[str] = set()
        for origin in text.replace(",", " ").split():
            origin = origin.rstrip("/")
            if not _ORIGIN.fullmatch(origin):
                problems.append(
                    f"{self.variable}: {origin!r} is not an origin like https://example.nl"
                )
            origins.add(origin.lower())
        return frozenset(origins)


class Secret(Field[str]):
    """A shared secret of at least `minimum` characters; empty switches its feature off.

    Taken exactly as written, spaces included: the other side (Netlify) uses it unstripped.
    """

    def __init__(self, variable: str, *, minimum: int) -> None:
        super().__init__(variable)
        self.minimum = minimum

    def text(self, raw: str) -> str:
        return raw

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> str:
        if text and len(text) < self.minimum:
            problems.append(f"{self.variable} must be at least {self.minimum} characters long")
        return text


def _number(field: Field[Any], text: str, low: float, high: float, problems: list[str]) -> float:
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{field.variable} must be a number")
        return low
    if not low <= value <= high:
        problems.append(f"{field.variable} must lie between {low:g} and {high:g}")
    return value


class Number(Field[float]):
    """A number from `low` to `high`: seconds, mostly."""

    def __init__(self, variable: str, default: str, *, low: float, high: float) -> None:
        super().__init__(variable, default)
        self.low, self.high = low, high

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> float:
        return _number(self, text, self.low, self.high, problems)


class Count(Field[int]):
    """A whole number from `low` to `high`; a fraction is dropped (`2.5` is 2)."""

    def __init__(self, variable: str, default: str, *, low: int, high: int) -> None:
        super().__init__(variable, default)
        self.low, self.high = low, high

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> int:
        return int(_number(self, text, self.low, self.high, problems))


class Flag(Field[bool]):
    """On or off."""

    ON = ("1", "true", "on")
    OFF = ("0", "false", "off")

    def text(self, raw: str) -> str:
        return raw.strip().lower()

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> bool:
        if text not in self.ON + self.OFF:
            problems.append(f"{self.variable} must be {'/'.join(self.ON)} or {'/'.join(self.OFF)}")
        return text in self.ON


class Text(Field[str]):
    """Free text; with `escapes`, a written `\\n` is a line break (one line per variable)."""

    def __init__(self, variable: str, default: str, *, escapes: bool = False) -> None:
        super().__init__(variable, default)
        self.escapes = escapes

    def text(self, raw: str) -> str:
        return (raw.replace("\\n", "\n") if self.escapes else raw).strip()

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> str:
        return text


class SitePath(Field[str]):
    """A path on the site's own origin, such as a page a prospect is sent to.

    `site_key` is the entry of mkdocs.yml `extra.contact` that states the same address for the
    site; the default is that page at the root of the site.
    """

    def __init__(self, variable: str, default: str, *, site_key: str) -> None:
        super().__init__(variable, default)
        self.site_key = site_key

    def parse(self, text: str, known: Mapping[str, Any], problems: list[str]) -> str:
        unsafe = any(char in text for char in "\r\n\"'<> ")
        if not text.startswith("/") or text.startswith("//") or unsafe:
            problems.append(
                f"{self.variable} must be an absolute path on the site, like {self.default}"
            )
            return self.default
        return text


# -- the table -----------------------------------------------------------------------


class Settings:
    """Everything the endpoint needs: one line per setting, in the order problems are reported.

    `Settings.from_environ(env)` reads and checks them all. `Settings(name=value, ...)` takes
    the values given and, for the rest, what an empty environment gives.
    """

    transports = Transports("MAILER_DSN", "maildir://.mail")
    mail_to = Mailbox("CONTACT_TO", placeholder="coach@example.invalid")
    mail_from = Mailbox("CONTACT_FROM", placeholder="website@example.invalid")
    public_email = ShownAddress("CONTACT_PUBLIC_EMAIL", same_as="mail_to")
    rate_limit = Rate("CONTACT_RATE_LIMIT", "10/10m")
    allowed_origins = Origins("CONTACT_ALLOWED_ORIGINS")
    challenge_secret = Secret("CONTACT_CHALLENGE_SECRET", minimum=32)
    proxy_secret = Secret("CONTACT_PROXY_SECRET", minimum=16)
    # Netlify gives up on a proxied request after 26 seconds; stay well inside.
    delivery_budget = Number("CONTACT_DELIVERY_BUDGET", "20", low=0.1, high=22)
    attempt_timeout = Number("CONTACT_ATTEMPT_TIMEOUT", "8", low=0.1, high=20)
    backoff = Number("CONTACT_RETRY_BACKOFF", "0.5", low=0, high=5)
    max_links = Count("CONTACT_MAX_LINKS", "2", low=0, high=20)
    challenge_max_number = Count("CONTACT_CHALLENGE_MAX_NUMBER", "100000", low=10, high=10**7)
    autoreply = Flag("CONTACT_AUTOREPLY", "off")
    autoreply_subject = Text("CONTACT_AUTOREPLY_SUBJECT", DEFAULT_AUTOREPLY_SUBJECT)
    autoreply_text = Text("CONTACT_AUTOREPLY_TEXT", DEFAULT_AUTOREPLY_TEXT, escapes=True)
    thanks_url = SitePath("CONTACT_THANKS_URL", "/gesprek/bedankt/", site_key="thanks")
    form_url = SitePath("CONTACT_FORM_URL", "/gesprek/", site_key="page")
    privacy_url = SitePath("CONTACT_PRIVACY_URL", "/privacy/", site_key="privacy")
    endpoint_url = SitePath("CONTACT_ENDPOINT_URL", ENDPOINT_PATH, site_key="endpoint")

    # Not read from the environment: far above any honest form, far below a Lambda's memory.
    max_body_bytes: int = 32 * 1024

    def __init__(self, **values: Any) -> None:
        names = {field.name for field in self.fields()} | set(type(self).__annotations__)
        for name in values:
            if name not in names:
                raise TypeError(f"unknown setting {name}")
        for name, value in {**self._read({}, values), **values}.items():
            setattr(self, name, value)

    def __repr__(self) -> str:  # never the secrets
        return f"Settings(transports={self.transports!r}, mail_to={self.mail_to!r})"

    @property
    def challenge_enabled(self) -> bool:
        return bool(self.challenge_secret)

    @classmethod
    def fields(cls) -> tuple[Field[Any], ...]:
        """The table: every setting, in the order it is read."""
        return tuple(value for value in vars(cls).values() if isinstance(value, Field))

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> Settings:
        """Read and check every setting; raise one `ConfigError` naming all problems."""
        return cls(**cls._read(env, {}))

    @classmethod
    def _read(cls, env: Mapping[str, str], given: Mapping[str, Any]) -> dict[str, Any]:
        """Every setting in table order: the value `given`, else read from `env`. Later
        settings build on earlier ones; all problems raise one `ConfigError`."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        for field in cls.fields():
            given_here = field.name in given
            values[field.name] = (
                given[field.name] if given_here else field.read(env, values, problems)
            )
        if problems:
            raise ConfigError(problems)
        return values


def site_variables(contact: Mapping[str, object], root: str = "/") -> dict[str, str]:
    """The variables of the site's own addresses, from mkdocs.yml `extra.contact`.

    Its pages are relative to the site (`gesprek/`, as the templates' `| url` takes them) and
    the endpoint is a path from the host's root (the form's action), so both resolve against
    `root`, the path the site is served under. Entries left out are left to the environment.
    """
    return {
        field.variable: urljoin(root, str(contact[field.site_key]))
        for field in Settings.fields()
        if isinstance(field, SitePath) and contact.get(field.site_key)
    }
