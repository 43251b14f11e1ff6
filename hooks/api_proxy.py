"""MkDocs hook: write Netlify's proxy rule for the contact endpoint into `site/_redirects`.

The function's URL comes from `CONTACT_FUNCTION_URL` at build time (Netlify's
environment), never from the repository. Unset — local builds, tests — the
hook writes nothing and the build goes on. Netlify signs proxied requests
(`X-Nf-Sign`) only for rules in netlify.toml (`signed = "VAR"`), not for
`_redirects`; see the README on what that means for the rate limit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

VARIABLE = "CONTACT_FUNCTION_URL"
_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?")


def proxy_rule(path: str, url: str) -> str:
    """One `_redirects` line: proxy (200) and force (!) so nothing else shadows it."""
    if not _URL.fullmatch(url):
        raise ValueError(f"{VARIABLE} must be an https:// URL without query, spaces or quotes")
    return f"{path}  {url}  200!\n"


def on_post_build(config: MkDocsConfig) -> None:
    url = os.environ.get(VARIABLE, "").strip()
    if not url:
        return
    path = (config.extra.get("contact") or {}).get("endpoint", "/api/contact")
    try:
        rule = proxy_rule(path, url)
    except ValueError as error:
        raise PluginError(str(error)) from None
    redirects = Path(config.site_dir) / "_redirects"
    existing = redirects.read_text(encoding="utf-8") if redirects.exists() else ""
    # First match wins: the endpoint's rule goes before any other.
    redirects.write_text(rule + existing, encoding="utf-8")
