"""Stop the build, before anything is cleaned or read, while any frontmatter is broken.

`on_pre_build` runs before MkDocs empties `site/` and before the blog plugin reads the posts, so
a broken post leaves the last good site in place and the coach gets one Dutch report of every
problem instead of Material's first English error. Soft problems never fail a build: under
`--strict` (Netlify) they are logged at INFO level, where they cannot abort the deploy;
otherwise as warnings, so they stand out in a local build.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from coachsite.frontmatter import SettingsError, check_site, load_settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.frontmatter")


def on_pre_build(config: MkDocsConfig) -> None:
    try:
        settings = load_settings(Path(config.config_file_path), docs_dir=Path(config.docs_dir))
    except SettingsError as error:
        raise PluginError(str(error)) from error
    report = check_site(settings)
    level = logging.INFO if config.strict else logging.WARNING
    for problem in report.warnings:
        log.log(level, "let op: %s", problem)
    if not report.ok:
        raise PluginError(report.format_errors())
