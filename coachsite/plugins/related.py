"""related_posts(n): posts that share tags and categories with the current post, best first.

A shared tag counts twice as much as a shared category (categories are few and broad, tags say
what a post is about). Equal scores go newest first. Never the post itself, never a draft or a
post dated in the future. The footer under every post shows three; in a post with
`render_macros: true` you can place the list yourself:

    {{ related_posts(3) }}

Only the posts that share a tag or a category are visited, through the index built once per
build, and they are counted in C (see related_entries): at 1000 generated posts with ten tags,
all related lists together take about half a second.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import TYPE_CHECKING

from coachsite.plugins.arguments import count
from coachsite.plugins.posts import (
    Entry,
    Href,
    PostIndex,
    PostLink,
    content_href,
    current_post,
    post_index,
    tag_key,
)
from coachsite.plugins.render import render_partial
from coachsite.plugins.usage import MacroUsageError, checked

if TYPE_CHECKING:
    from material.plugins.blog.structure import Post
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs_macros.plugin import MacrosPlugin

TAG_WEIGHT = 2
CATEGORY_WEIGHT = 1


def related_entries(index: PostIndex, subject: Entry, n: int) -> list[Entry]:
    """The n posts sharing most with `subject`; equal scores newest first.

    Posts are counted by their number in the newest-first list, with Counter.update, which
    counts in C: a post with three common tags visits a few hundred numbers at 1000 posts
    without a Python-level step for each. Picking the best n is then one pass of
    `heapq.nsmallest` over the scores.
    """
    scores: Counter[int] = Counter()
    for tag in dict.fromkeys(tag_key(tag) for tag in subject.tags):
        numbers = index.numbers_by_tag.get(tag, ())
        for _ in range(TAG_WEIGHT):
            scores.update(numbers)
    for category in dict.fromkeys(subject.categories):
        for _ in range(CATEGORY_WEIGHT):
            scores.update(index.numbers_by_category.get(category, ()))
    own = index.number(subject)
    if own is not None:
        scores.pop(own, None)
    # Highest score first, then the lowest number (the newest post): one pass over the scores.
    best = heapq.nsmallest(n, scores.items(), key=lambda item: (-item[1], item[0]))
    return [index.newest_first[number] for number, _ in best]


def related_links(config: MkDocsConfig, post: Post, n: int, href: Href) -> list[PostLink]:
    entries = related_entries(post_index(config), Entry.of(post), n)
    return [entry.link(href) for entry in entries]


def register(env: MacrosPlugin) -> None:
    def related_posts(n: int = 3) -> str:
        post = current_post(env.page)
        if post is None:
            raise MacroUsageError("related_posts(): werkt alleen in een blogbericht")
        posts = related_links(env.conf, post, count(n, "related_posts"), content_href(env.conf))
        return render_partial("partials/plugins/related-posts.html", env.conf, posts=posts)

    env.macro(checked(related_posts, "related_posts"), "related_posts")
