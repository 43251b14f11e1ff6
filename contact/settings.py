"""The endpoint's settings: read from the environment once, at cold start, and checked.

Every problem is collected before failing, so one deploy shows all of them, and
no message ever repeats a value that may hold a secret (a DSN, a token).
"""

from __future__ import annotations

import re

from contact.dsn import DsnError, TransportSpec, parse_mailer_dsn

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_DSN = "maildir://.mail"
# A local Maildir needs no real addresses; anything that leaves the machine does.
LOCAL_PLACEHOLDER_TO = "coach@example.invalid"
LOCAL_PLACEHOLDER_FROM = "website@example.invalid"

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


class Settings:
    """Everything the endpoint needs, typed; built by `Settings.from_environ`.

    The class attributes are the defaults; an instance overrides them by keyword.
    """

    transports: tuple[TransportSpec, ...] = ()
    mail_to: str = LOCAL_PLACEHOLDER_TO
    mail_from: str = LOCAL_PLACEHOLDER_FROM
    public_email: str = LOCAL_PLACEHOLDER_TO
    rate_limit: RateLimit = RateLimit(10, 600)
    allowed_origins: frozenset[str] = frozenset()
    proxy_secret: str = ""
    challenge_secret: str = ""
    challenge_max_number: int = 100_000
    autoreply: bool = False
    autoreply_subject: str = DEFAULT_AUTOREPLY_SUBJECT
    autoreply_text: str = DEFAULT_AUTOREPLY_TEXT
    thanks_url: str = "/gesprek/bedankt/"
    form_url: str = "/gesprek/"
    privacy_url: str = "/privacy/"
    max_links: int = 2
    max_body_bytes: int = 32 * 1024
    delivery_budget: float = 20.0
    attempt_timeout: float = 8.0
    backoff: float = 0.5

    def __init__(self, **values: object) -> None:
        for name, value in values.items():
            if name not in type(self).__annotations__:
                raise TypeError(f"unknown setting {name}")
            setattr(self, name, value)

    def __repr__(self) -> str:  # never the secrets
        return f"Settings(transports={self.transports!r}, mail_to={self.mail_to!r})"

    @property
    def challenge_enabled(self) -> bool:
        return bool(self.challenge_secret)

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> Settings:
        """Read and check every setting; raise one `ConfigError` naming all problems."""
        problems: list[str] = []

        dsn = env.get("MAILER_DSN", "").strip() or DEFAULT_DSN
        transports: tuple[TransportSpec, ...] = ()
        try:
            transports = parse_mailer_dsn(dsn)
        except DsnError as error:
            problems.append(f"MAILER_DSN: {error}")
        local_only = all(t.kind == "maildir" for t in transports)  # vacuous if unparsable

        def address(name: str, placeholder: str) -> str:
            value = env.get(name, "").strip()
            if not value:
                if local_only:
                    return placeholder
                problems.append(f"{name} is required when mail leaves this machine")
                return ""
            if not _ADDRESS.fullmatch(value):
                problems.append(f"{name} must be one plain e-mail address (name@domain)")
            return value

        mail_to = address("CONTACT_TO", LOCAL_PLACEHOLDER_TO)
        mail_from = address("CONTACT_FROM", LOCAL_PLACEHOLDER_FROM)
        public_email = env.get("CONTACT_PUBLIC_EMAIL", "").strip() or mail_to
        if not _ADDRESS.fullmatch(public_email or "x@y.z"):
            problems.append("CONTACT_PUBLIC_EMAIL must be one plain e-mail address")

        rate_limit = RateLimit(10, 600)
        raw_rate = env.get("CONTACT_RATE_LIMIT", "").strip()
        if raw_rate:
            try:
                rate_limit = parse_rate_limit(raw_rate)
            except ValueError as error:
                problems.append(f"CONTACT_RATE_LIMIT: {error}")

        origins: set[str] = set()
        for origin in env.get("CONTACT_ALLOWED_ORIGINS", "").replace(",", " ").split():
            origin = origin.rstrip("/")
            if not _ORIGIN.fullmatch(origin):
                problems.append(
                    f"CONTACT_ALLOWED_ORIGINS: {origin!r} is not an origin like https://example.nl"
                )
            origins.add(origin.lower())

        challenge_secret = env.get("CONTACT_CHALLENGE_SECRET", "")
        if challenge_secret and len(challenge_secret) < 32:
            problems.append("CONTACT_CHALLENGE_SECRET must be at least 32 characters long")
        proxy_secret = env.get("CONTACT_PROXY_SECRET", "")
        if proxy_secret and len(proxy_secret) < 16:
            problems.append("CONTACT_PROXY_SECRET must be at least 16 characters long")

        def number(name: str, default: float, low: float, high: float) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = float(raw)
            except ValueError:
                problems.append(f"{name} must be a number")
                return default
            if not low <= value <= high:
                problems.append(f"{name} must lie between {low:g} and {high:g}")
                return default
            return value

        # Netlify gives up on a proxied request after 26 seconds; stay well inside.
        budget = number("CONTACT_DELIVERY_BUDGET", 20.0, 0.1, 22.0)
        attempt_timeout = number("CONTACT_ATTEMPT_TIMEOUT", 8.0, 0.1, 20.0)
        backoff = number("CONTACT_RETRY_BACKOFF", 0.5, 0.0, 5.0)
        max_links = int(number("CONTACT_MAX_LINKS", 2, 0, 20))
        challenge_max = int(number("CONTACT_CHALLENGE_MAX_NUMBER", 100_000, 10, 10_000_000))

        autoreply_flag = env.get("CONTACT_AUTOREPLY", "").strip().lower()
        if autoreply_flag not in ("", "0", "1", "true", "false", "on", "off"):
            problems.append("CONTACT_AUTOREPLY must be 1/true/on or 0/false/off")
        autoreply = autoreply_flag in ("1", "true", "on")

        def path(name: str, default: str) -> str:
            value = env.get(name, "").strip() or default
            unsafe = any(c in value for c in "\r\n\"'<> ")
            if not value.startswith("/") or value.startswith("//") or unsafe:
                problems.append(f"{name} must be an absolute path on the site, like {default}")
                return default
            return value

        thanks_url = path("CONTACT_THANKS_URL", "/gesprek/bedankt/")
        form_url = path("CONTACT_FORM_URL", "/gesprek/")
        privacy_url = path("CONTACT_PRIVACY_URL", "/privacy/")

        if problems:
            raise ConfigError(problems)
        return cls(
            transports=transports,
            mail_to=mail_to,
            mail_from=mail_from,
            public_email=public_email,
            rate_limit=rate_limit,
            allowed_origins=frozenset(origins),
            proxy_secret=proxy_secret,
            challenge_secret=challenge_secret,
            challenge_max_number=challenge_max,
            autoreply=autoreply,
            autoreply_subject=env.get("CONTACT_AUTOREPLY_SUBJECT", "").strip()
            or DEFAULT_AUTOREPLY_SUBJECT,
            autoreply_text=env.get("CONTACT_AUTOREPLY_TEXT", "").replace("\\n", "\n").strip()
            or DEFAULT_AUTOREPLY_TEXT,
            thanks_url=thanks_url,
            form_url=form_url,
            privacy_url=privacy_url,
            max_links=max_links,
            delivery_budget=budget,
            attempt_timeout=attempt_timeout,
            backoff=backoff,
        )


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
