"""What follows every post, gathered for `overrides/partials/post-footer.html`.

The footer template gets one object per post from `hooks/post_footer.py`: the series box, the
related posts, the neighbours and the share links. The call to action needs no data of its own.
Each part comes from its plugin module, so switching a plugin off is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coachsite.plugins.neighbours import Neighbours, neighbours
from coachsite.plugins.posts import Entry, PostLink, current_post, page_href
from coachsite.plugins.related import related_links
from coachsite.plugins.series import SeriesBox, series_box
from coachsite.plugins.share import ShareLink, page_share_links

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

RELATED_UNDER_A_POST = 3


@dataclass(frozen=True)
class PostFooter:
    series: SeriesBox | None = None
    related: list[PostLink] = field(default_factory=list)
    neighbours: Neighbours | None = None
    share: list[ShareLink] = field(default_factory=list)


def post_footer(page: Page, config: MkDocsConfig) -> PostFooter | None:
    """The footer data of a blog post; None for any other page."""
    post = current_post(page)
    if post is None:
        return None
    subject = Entry.of(post)
    href = page_href(post)
    return PostFooter(
        series=series_box(config, subject, href),
        related=related_links(config, post, RELATED_UNDER_A_POST, href),
        neighbours=neighbours(config, subject, href),
        share=page_share_links(post),
    )


def hide_footer_navigation(page: Page) -> None:
    """Hide Material's previous/next footer bar on a post: the post footer's neighbours replace it.

    Material's bar follows its own order (pinned posts first, drafts included when serving);
    it reads `hide: [footer]` from the page's metadata, which Material has made a list for posts.
    """
    hidden = page.meta.setdefault("hide", [])
    if "footer" not in hidden:
        hidden.append("footer")
