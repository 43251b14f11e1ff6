"""Give the RSS and JSON feeds the dates each post's page shows, for every form of `date:`.

See coachsite/feeds.py for why; mkdocs-rss-plugin reads them in its `on_page_content`, after this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from material.plugins.blog.structure import Post

from coachsite.feeds import FEED_DATES, feed_dates

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    if isinstance(page, Post):
        page.meta[FEED_DATES] = feed_dates(page.config.date)
