"""Write Netlify's signed proxy rule for the contact endpoint first into `site/_redirects`.

The function's URL (`CONTACT_FUNCTION_URL`) and the signing secret (`CONTACT_PROXY_SECRET`)
come from Netlify's environment at build time, never from the repository; the endpoint path
from `extra.contact.endpoint`. The checks run in `on_pre_build`, before MkDocs empties
`site/`, so a production build without a usable URL or secret stops with one Dutch line per
problem and leaves the last good site in place; previews only mention them at INFO level
(a WARNING would fail Netlify's `--strict` build). The rules are in coachsite/netlify_proxy.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from coachsite.netlify_proxy import plan, with_rule

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.api_proxy")


def _endpoint(config: MkDocsConfig) -> object:
    return (config.extra.get("contact") or {}).get("endpoint")


def on_pre_build(config: MkDocsConfig) -> None:
    proxy = plan(os.environ, _endpoint(config))
    for notice in proxy.notices:
        log.info("let op: %s", notice)
    if proxy.errors:
        raise PluginError("\n".join(proxy.errors))


def on_post_build(config: MkDocsConfig) -> None:
    # The same pure decision as in on_pre_build (the environment has not changed since).
    rule = plan(os.environ, _endpoint(config)).rule
    if rule is None:
        return
    redirects = Path(config.site_dir) / "_redirects"
    existing = redirects.read_text(encoding="utf-8") if redirects.exists() else ""
    redirects.write_text(with_rule(existing, rule), encoding="utf-8")
