"""recent_posts(n): the n newest published posts, with Dutch date and description.

Meant for the home page. Drafts and posts dated in the future never appear. Usage, in a page
with `render_macros: true`, on a line of its own:

    {{ recent_posts(3) }}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachsite.plugins.arguments import count
from coachsite.plugins.posts import PostLink, content_href, post_index
from coachsite.plugins.render import render_partial
from coachsite.plugins.usage import checked

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs_macros.plugin import MacrosPlugin


def recent_links(config: MkDocsConfig, n: int) -> list[PostLink]:
    href = content_href(config)
    return [entry.link(href) for entry in post_index(config).newest_first[:n]]


def register(env: MacrosPlugin) -> None:
    def recent_posts(n: int = 5) -> str:
        posts = recent_links(env.conf, count(n, "recent_posts"))
        return render_partial("partials/plugins/recent-posts.html", env.conf, posts=posts)

    env.macro(checked(recent_posts, "recent_posts"), "recent_posts")
