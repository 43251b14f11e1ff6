"""Give every blog post the data of its footer: series box, related posts, neighbours, sharing."""

from __future__ import annotations

from typing import TYPE_CHECKING

# The repo root, for coachsite. Hooks are loaded while mkdocs.yml is read, before any plugin's
# on_config, so this also lets mkdocs-macros import `coachsite.plugins`.
from coachsite.plugins.footer import hide_footer_navigation, post_footer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    footer = post_footer(page, config)
    if footer is not None:
        hide_footer_navigation(page)
    context["post_footer"] = footer
    return context
