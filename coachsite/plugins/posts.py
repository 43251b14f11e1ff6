"""The blog's published posts, indexed once per build for every plugin.

Material's blog plugin owns the posts. This module turns them into plain, typed entries and
leaves out drafts and posts dated in the future: a production build has already removed them,
but `mkdocs serve` keeps them (draft_on_serve), and no list on the site may ever show one.

The index groups the posts by tag, category and series once per build, so that a plugin that
runs for every post (related posts, neighbours, series) looks up the few groups of that post
instead of comparing it with every other post.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel.dates import format_date
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import Post
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def dutch_date(moment: date | datetime) -> str:
    """The date as readers write it: "27 november 2026", the month in lower case."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return _dutch_day(day)


@lru_cache(maxsize=4096)
def _dutch_day(day: date) -> str:
    """Babel formats a date in about 0.1 ms; the footer under every post asks for a few."""
    return format_date(day, "long", locale="nl")


def tag_key(tag: str) -> str:
    """Tags that differ only in case or surrounding spaces are one tag."""
    return tag.strip().casefold()


@dataclass(frozen=True)
class PostLink:
    """One post as a list shows it, with a link relative to the page that shows it."""

    title: str
    href: str
    date: str
    iso_date: str
    description: str


@dataclass(frozen=True)
class Entry:
    """What the plugins need to know about one post, independent of MkDocs' page objects."""

    src_uri: str
    title: str
    url: str
    created: datetime
    description: str = ""
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    series: str | None = None

    @classmethod
    def of(cls, post: Post) -> Entry:
        meta = post.meta or {}
        series = meta.get("series")
        return cls(
            src_uri=post.file.src_uri,
            title=str(post.title or ""),
            url=post.url,
            created=post.config.date.created,
            description=" ".join(str(meta.get("description") or "").split()),
            tags=tuple(str(tag) for tag in meta.get("tags") or ()),
            categories=tuple(str(name) for name in post.config.categories),
            series=str(series).strip() if series else None,
        )

    def link(self, href: Href) -> PostLink:
        """The entry as a list shows it, linked the way `href` links (see content_href)."""
        return PostLink(
            title=self.title,
            href=href(self.url),
            date=dutch_date(self.created),
            iso_date=self.created.date().isoformat(),
            description=self.description,
        )


Href = Callable[[str], str]
"""Turns a site-relative URL ("blog/x/") into the href a page uses for it."""


def content_href(config: MkDocsConfig) -> Href:
    """Links that a macro writes into a page's Markdown: paths from the site's root.

    Material renders a post's excerpt again on the blog index, category and archive pages, at
    other depths than the post, and only rewrites Markdown links, not the HTML macros produce;
    a path from the root works on every one of those pages.
    """
    base = urlsplit(config.site_url or "/").path or "/"
    if not base.endswith("/"):
        base += "/"
    return lambda url: base + url


def page_href(page: Page) -> Href:
    """Links in the templates around a page: relative to that page, as Material's own links."""
    return lambda url: get_relative_url(url, page.url)


def is_published(post: Post, now: datetime) -> bool:
    """Neither marked as a draft nor dated after `now` (Material's draft_if_future_date rule)."""
    return post.config.draft is not True and post.config.date.created <= now


class PostIndex:
    """The published posts, newest first, grouped by tag, category and series."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        # Newest first; posts of the same moment in a fixed order, so every build agrees.
        self.newest_first: list[Entry] = sorted(
            entries, key=lambda entry: (entry.created, entry.src_uri), reverse=True
        )
        self.oldest_first: list[Entry] = self.newest_first[::-1]
        self._position = {entry.src_uri: at for at, entry in enumerate(self.oldest_first)}
        self.by_tag: dict[str, list[Entry]] = {}
        self.by_category: dict[str, list[Entry]] = {}
        self.by_series: dict[str, list[Entry]] = {}
        self.tag_names: dict[str, str] = {}
        # The same groups as numbers in newest_first (0 is the newest), for related posts.
        self._number = {entry.src_uri: at for at, entry in enumerate(self.newest_first)}
        self.numbers_by_tag: dict[str, list[int]] = {}
        self.numbers_by_category: dict[str, list[int]] = {}
        for entry in self.oldest_first:
            for tag in dict.fromkeys(tag_key(tag) for tag in entry.tags):
                self.by_tag.setdefault(tag, []).append(entry)
            for tag in entry.tags:
                # The spelling of the oldest post names the tag.
                self.tag_names.setdefault(tag_key(tag), tag.strip())
            for category in dict.fromkeys(entry.categories):
                self.by_category.setdefault(category, []).append(entry)
            if entry.series:
                self.by_series.setdefault(entry.series, []).append(entry)
        for key, entries in self.by_tag.items():
            self.numbers_by_tag[key] = [self._number[entry.src_uri] for entry in entries]
        for key, entries in self.by_category.items():
            self.numbers_by_category[key] = [self._number[entry.src_uri] for entry in entries]

    def number(self, entry: Entry) -> int | None:
        """The entry's place in newest_first (0 is the newest post), None for a draft."""
        return self._number.get(entry.src_uri)

    def position(self, entry: Entry) -> int | None:
        """The entry's place in date order (0 is the oldest post), None for a draft."""
        return self._position.get(entry.src_uri)


def blog_posts(config: MkDocsConfig) -> list[Post] | None:
    """The posts Material's blog plugin resolved for this build, or None without a blog."""
    for plugin in config.plugins.values():
        if isinstance(plugin, BlogPlugin) and plugin.config.enabled:
            view = getattr(plugin, "blog", None)
            return None if view is None else view.posts
    return None


# The index of the current build. Material builds a new list of posts on every build (and on
# every rebuild of `mkdocs serve`), so the list itself tells whether the cache is current.
_cache: tuple[list[Post], PostIndex] | None = None


def post_index(config: MkDocsConfig) -> PostIndex:
    """The index of the published posts, built on first use in a build and reused after."""
    global _cache
    posts = blog_posts(config)
    if posts is None:
        return PostIndex(())
    if _cache is None or _cache[0] is not posts:
        now = datetime.now(UTC)
        _cache = (posts, PostIndex(Entry.of(post) for post in posts if is_published(post, now)))
    return _cache[1]


def forget_post_index() -> None:
    """Make the next `post_index` read the posts again, within the same build.

    For `make serve` (coachsite/serve), which renders single pages after a post's frontmatter
    changed: the index holds what each post's frontmatter said when it was made.
    """
    global _cache
    _cache = None


def current_post(page: Page | None) -> Post | None:
    """The page as a blog post, or None when it is any other page."""
    return page if isinstance(page, Post) else None
