"""A Content-Security-Policy that the built pages really satisfy.

Material writes small inline scripts whose text depends on the page's depth
(the relative path to the site root). Rather than allow every inline script
with 'unsafe-inline', the build collects the hash of each distinct inline
script and lists exactly those in the policy, which Netlify serves from the
generated `_headers` file.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

# An executable inline script: no src attribute, and no data-block type such
# as application/json, application/ld+json or text/plain (the browser never runs those).
_INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>(?:\s+[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
_DATA_TYPE = re.compile(
    r"""\btype\s*=\s*["']?(?:application/(?:ld\+)?json|text/plain)""", re.IGNORECASE
)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)

# The frame source is for the click-to-load video embed; nothing loads from it
# until the reader asks for it.
DEFAULT_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def inline_script_hashes(html: str) -> set[str]:
    """CSP source expressions ('sha256-…') for each executable inline script."""
    hashes = set()
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if _SRC.search(attrs) or _DATA_TYPE.search(attrs):
            continue
        hashes.add(script_hash(match.group("body")))
    return hashes


@lru_cache(maxsize=1024)
def script_hash(body: str) -> str:
    """The CSP source of one script; cached, since every page repeats the same few scripts."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script_hashes: Iterable[str]) -> str:
    directives = {name: list(values) for name, values in DEFAULT_DIRECTIVES.items()}
    directives["script-src"] += sorted(script_hashes)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


# Material's bundles carry a content hash in their names (main.57a0d79d.min.css):
# a new version is a new URL, so browsers may keep them for a year.
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
IMMUTABLE = "public, max-age=31536000, immutable"


def netlify_headers(script_hashes: Iterable[str], fingerprinted_paths: Iterable[str] = ()) -> str:
    """The `_headers` file: the CSP for every page, long caching for hashed assets.

    The static security headers live in netlify.toml; only what depends on the
    build's output is written here.
    """
    lines = ["/*", f"  Content-Security-Policy: {content_security_policy(script_hashes)}"]
    for path in sorted(fingerprinted_paths):
        lines += [path, f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"
