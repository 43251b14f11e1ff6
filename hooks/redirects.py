"""Turn `redirects.yml` (old blog addresses, written by `make import`) into Netlify 301 rules.

The map is read in `on_pre_build`, before MkDocs empties `site/`, so a broken map stops the
build with Dutch `redirects.yml:regel:` lines and the last good site stays online. The rules
go into `site/_redirects` in `on_post_build`, once the pages exist: a rule to a page that was
not built (a draft) is left out and mentioned (at INFO level under `--strict`, as the
frontmatter check's soft problems). Listed before hooks/api_proxy.py in mkdocs.yml, whose
proxy rule is then put first. The rules are in coachsite/redirects.py.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from coachsite.redirects import BROKEN_MAP, MAP_NAME, load_map, rules, with_rules

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.redirects")


def _map_path(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / MAP_NAME


def on_pre_build(config: MkDocsConfig) -> None:
    errors = load_map(_map_path(config)).errors
    if errors:
        raise PluginError("\n".join((BROKEN_MAP, *errors)))


def on_post_build(config: MkDocsConfig) -> None:
    redirect_map = load_map(_map_path(config))
    if not redirect_map.redirects:
        return
    site_dir = Path(config.site_dir)
    block, notices = rules(redirect_map.redirects, site_dir)
    level = logging.INFO if config.strict else logging.WARNING
    for notice in notices:
        log.log(level, "let op: %s", notice)
    target = site_dir / "_redirects"
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(with_rules(existing, block), encoding="utf-8")
