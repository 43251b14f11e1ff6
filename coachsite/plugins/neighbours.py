"""Neighbours: links to the previous (older) and next (newer) published post, in date order.

Shown by the footer under every post, in place of Material's footer navigation, which on posts
would also follow pinned posts and, in `mkdocs serve`, drafts. A draft itself has no neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachsite.plugins.posts import Entry, Href, PostIndex, PostLink, post_index

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class Neighbours:
    previous: PostLink | None
    next: PostLink | None


def neighbours_for(index: PostIndex, subject: Entry, href: Href) -> Neighbours | None:
    at = index.position(subject)
    if at is None:
        return None
    older = index.oldest_first[at - 1] if at > 0 else None
    newer = index.oldest_first[at + 1] if at + 1 < len(index.oldest_first) else None
    if older is None and newer is None:
        return None
    return Neighbours(
        previous=older.link(href) if older else None,
        next=newer.link(href) if newer else None,
    )


def neighbours(config: MkDocsConfig, subject: Entry, href: Href) -> Neighbours | None:
    return neighbours_for(post_index(config), subject, href)
