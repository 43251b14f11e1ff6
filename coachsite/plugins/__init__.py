"""Small, single-purpose blog plugins in the spirit of Pelican's, on mkdocs-macros-plugin.

mkdocs-macros loads this package (`modules: [coachsite.plugins]` in mkdocs.yml) and calls
`define_env`, which only registers the plugins below; each module says what it gives and how
to use it. Switch a plugin off by removing it from PLUGINS. The blocks around every post are
drawn by `overrides/partials/post-footer.html` with data from `coachsite.plugins.footer`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from coachsite.plugins import cta, recent, related, share, tags, youtube
from coachsite.plugins.usage import Reporter, report_content_errors

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs_macros.plugin import MacrosPlugin

PLUGINS = (cta, recent, related, share, youtube, tags)


def define_env(env: MacrosPlugin) -> None:
    for plugin in PLUGINS:
        plugin.register(env)
    # mkdocs-macros also offers every `extra:` setting as a variable, and a variable hides a
    # macro of the same name: without this, `{{ cta() }}` would call the `extra.cta` settings.
    # The settings stay available as `extra.cta`.
    for name in env.macros:
        if name in env.variables and name in env.variables["extra"]:
            del env.variables[name]

    def known_names() -> Iterable[str]:
        return [*env.macros, *env.variables]

    report_content_errors(Reporter(os.path.dirname(env.conf.config_file_path), known_names))
