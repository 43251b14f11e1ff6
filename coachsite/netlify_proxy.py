"""Netlify's proxy rule for the contact endpoint, and what the build says when it cannot write one.

The form posts to `extra.contact.endpoint` on the site's own origin; only a line in
`site/_redirects` makes Netlify's CDN forward it to the contact function. Without that line
the live form breaks without a sound, so a production build refuses to go on without a
usable function URL and proxy secret, a preview only mentions what is missing, and a local
build stays quiet unless a variable is set but wrong (a typo must not pass silently anywhere).

Every message is in Dutch (the coach reads the build log), fits on one line, names the
variable and says where to set it. No MkDocs here: `hooks/api_proxy.py` calls `plan()`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass

from contact.settings import ENDPOINT_PATH, Settings

URL_VARIABLE = "CONTACT_FUNCTION_URL"
# The function's own setting: the same variable, and the same minimum (it refuses to start
# with a shorter secret).
SECRET_VARIABLE = Settings.proxy_secret.variable
MIN_SECRET_LENGTH = Settings.proxy_secret.minimum
# Netlify's deploy contexts (the `CONTEXT` variable); anything else is a local build.
PRODUCTION = "production"
PREVIEWS = frozenset({"deploy-preview", "branch-deploy"})

WHERE = "in Netlify onder Site configuration → Environment variables"
_FUNCTION_TOO = "en dezelfde waarde in de omgeving van de contactfunctie"

MISSING_URL = (
    f"{URL_VARIABLE} ontbreekt: zet het https-adres van de contactfunctie {WHERE}, "
    "anders werkt het contactformulier niet."
)
MISSING_SECRET = (
    f"{SECRET_VARIABLE} ontbreekt: zet een geheim van minstens {MIN_SECRET_LENGTH} tekens "
    f"{WHERE} {_FUNCTION_TOO}, zodat de functie alleen berichten aanneemt die via de site komen."
)
SHORT_SECRET = (
    f"{SECRET_VARIABLE} is korter dan {MIN_SECRET_LENGTH} tekens: zet een langer geheim "
    f"{WHERE} {_FUNCTION_TOO}, want de functie weigert een korter geheim."
)
BAD_ENDPOINT = (
    f"extra.contact.endpoint in mkdocs.yml moet een pad zijn zoals {ENDPOINT_PATH}, "
    "anders kan de build de proxyregel voor het contactformulier niet schrijven."
)


def unusable_url(reason: str) -> str:
    """The one line for a set but unusable URL; `reason` completes "CONTACT_FUNCTION_URL …"."""
    return (
        f"{URL_VARIABLE} {reason}: zet het juiste https-adres van de contactfunctie {WHERE}, "
        "anders werkt het contactformulier niet."
    )


# Why the URL cannot be used, each completing "CONTACT_FUNCTION_URL …".
NOT_A_URL = "is geen webadres dat met https:// begint"
PLAIN_HTTP = (
    "begint met http:// en niet met https:// (tussen Netlify en de functie gaan naam, "
    "e-mailadres en bericht van de bezoeker over het internet, en alleen https houdt die "
    "versleuteld)"
)
QUERY = "bevat een zoekdeel (alles vanaf ?)"
FRAGMENT = "bevat een ankerdeel (alles vanaf #)"
CREDENTIALS = "bevat een gebruikersnaam of wachtwoord (iets vóór @)"
INVISIBLE = "bevat een spatie, aanhalingsteken of onzichtbaar teken"
NO_HOST = "heeft geen hostnaam (zoals abcd1234.lambda-url.eu-west-1.on.aws)"


def other_scheme(scheme: str) -> str:
    return f"begint met {scheme}:// en niet met https://"


def foreign_character(char: str) -> str:
    return f'bevat het teken "{char}", dat niet in een webadres hoort'


def bad_host(host: str) -> str:
    return f'heeft een ongeldige hostnaam ("{host}")'


def bad_port(port: str) -> str:
    return f'heeft een ongeldige poort ("{port}")'


def bad_path(char: str) -> str:
    return (
        f'heeft het teken "{char}" in het pad, waar alleen letters, cijfers, - . _ ~ / '
        "en %-codes mogen staan"
    )


class UnusableURL(ValueError):
    """A set `CONTACT_FUNCTION_URL` that cannot go into the rule; `reason` says why, in Dutch."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Quotes include the typographic ones a URL picks up when pasted from a document.
_QUOTES = frozenset("\"'`“”‘’„«»")
# What RFC 3986 allows anywhere in a URL, minus the quote; the parts are checked below.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# Kept narrow on purpose: `:name`, `*` and `!` mean something in `_redirects`.
_ENDPOINT = re.compile(r"/[A-Za-z0-9\-._~/]*")
_PATH_CHARACTER = re.compile(r"[A-Za-z0-9\-._~/]")


def function_url(raw: str) -> str:
    """The URL as the rule gets it, or `UnusableURL`.

    Checked by hand rather than with `urllib.parse`, which quietly drops tabs and line breaks
    and accepts almost anything; whatever passes here is one whitespace-free token that
    Netlify's redirect parser reads as the destination and nothing else.
    """
    url = raw.strip()
    for char in url:
        if char.isspace() or not char.isprintable() or char in _QUOTES:
            raise UnusableURL(INVISIBLE)
    for char in url:
        if not _URL_CHARACTERS.fullmatch(char):
            raise UnusableURL(foreign_character(char))
    scheme, separator, rest = url.partition("://")
    if not separator or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        raise UnusableURL(NOT_A_URL)
    if scheme.lower() == "http":
        raise UnusableURL(PLAIN_HTTP)
    if scheme.lower() != "https":
        raise UnusableURL(other_scheme(scheme))
    query, fragment = rest.find("?"), rest.find("#")
    if query != -1 and (fragment == -1 or query < fragment):
        raise UnusableURL(QUERY)
    if fragment != -1:
        raise UnusableURL(FRAGMENT)
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        raise UnusableURL(CREDENTIALS)
    host, port = _split_port(authority)
    if not host:
        raise UnusableURL(NO_HOST)
    if not _is_host(host):
        raise UnusableURL(bad_host(host))
    if port is not None and not (port.isdigit() and 0 < int(port) <= 65535):
        raise UnusableURL(bad_port(port))
    bad = _first_bad_path_character(path)
    if bad is not None:
        raise UnusableURL(bad_path(bad))
    # Netlify's parser only takes a lower-case `https://` as a destination URL.
    return f"https://{authority}{slash}{path}"


def _split_port(authority: str) -> tuple[str, str | None]:
    """Host and port (None when there is no colon); an IPv6 host keeps its brackets."""
    if authority.startswith("[") and "]" in authority:
        end = authority.index("]") + 1
        host, after = authority[:end], authority[end:]
        if not after or after.startswith(":"):
            return host, after[1:] if after else None
        return authority, None  # junk after the bracket: not a host
    host, colon, port = authority.partition(":")
    return host, port if colon else None


def _is_host(host: str) -> bool:
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in host.split("."))


def _first_bad_path_character(path: str) -> str | None:
    for index, char in enumerate(path):
        if char == "%":
            if not re.fullmatch(r"[0-9A-Fa-f]{2}", path[index + 1 : index + 3]):
                return char
        elif not _PATH_CHARACTER.fullmatch(char):
            return char
    return None


def secret_problem(secret: str) -> str | None:
    """Measured exactly as the function measures it, unstripped: both must agree on the value."""
    if not secret:
        return MISSING_SECRET
    if len(secret) < MIN_SECRET_LENGTH:
        return SHORT_SECRET
    return None


def proxy_rule(endpoint: str, url: str, *, signed: bool) -> str:
    """One `_redirects` line: proxy (200), forced (!) so no file on the site shadows it.

    `Sign=CONTACT_PROXY_SECRET` names the variable, never its value: Netlify's redirect
    parser (@netlify/redirect-parser, `line_parser.js`) reads `Sign=VAR` into the same
    `signed` field as `signed = "VAR"` in netlify.toml, and Netlify's CDN (and the Netlify
    CLI) then sends an `X-Nf-Sign` JWS signed with that variable's value, which the function
    checks (contact/spam.py: `verify_netlify_signature`).
    """
    sign = f"  Sign={SECRET_VARIABLE}" if signed else ""
    return f"{endpoint}  {url}  200!{sign}\n"


def with_rule(existing: str, rule: str) -> str:
    """`_redirects` with the rule first, since the first matching line wins.

    A copy of the same rule further down (a `--dirty` rebuild keeps the old file) is dropped.
    """
    line = rule.rstrip("\n")
    kept = [old for old in existing.splitlines(keepends=True) if old.rstrip("\r\n") != line]
    return rule + "".join(kept)


@dataclass(frozen=True)
class ProxyPlan:
    """The rule to write (or None), problems that fail the build, problems only to mention."""

    rule: str | None
    errors: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()


def plan(env: Mapping[str, str], endpoint: object) -> ProxyPlan:
    """What the build does with the proxy rule in this environment.

    `endpoint` is `extra.contact.endpoint` from mkdocs.yml, unchecked: only a rule needs it.
    """
    context = env.get("CONTEXT", "").strip()
    raw_url = env.get(URL_VARIABLE, "").strip()
    url: str | None = None
    url_line: str | None = MISSING_URL if not raw_url else None
    if raw_url:
        try:
            url = function_url(raw_url)
        except UnusableURL as error:
            url_line = unusable_url(error.reason)
    secret_line = secret_problem(env.get(SECRET_VARIABLE, ""))
    problems = tuple(line for line in (url_line, secret_line) if line is not None)

    rule = None
    if url is not None:
        if not (isinstance(endpoint, str) and _ENDPOINT.fullmatch(endpoint)):
            return ProxyPlan(rule=None, errors=(BAD_ENDPOINT,))
        rule = proxy_rule(endpoint, url, signed=secret_line is None)

    if context == PRODUCTION:
        return ProxyPlan(rule=rule, errors=problems)
    if context in PREVIEWS:
        return ProxyPlan(rule=rule, notices=problems)
    # Locally an unset variable is normal; a set but unusable one is a typo.
    unusable = tuple(line for line in problems if line not in (MISSING_URL, MISSING_SECRET))
    return ProxyPlan(rule=rule, errors=unusable)
