"""Correct Material's HTML where its templates offer no setting (see coachsite.theme_fixes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from coachsite.theme_fixes import ThemeChanged, apply

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def _apply(html: str) -> str:
    try:
        return apply(html)
    except ThemeChanged as error:
        raise PluginError(str(error)) from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _apply(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _apply(output_content) if template_name.endswith(".html") else output_content
