"""Search-engine and sharing metadata for a page, computed as plain data.

The templates only print what this module returns, so the rules (which
description wins, what a post's JSON-LD holds) are testable without MkDocs.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SharedImage:
    """The picture a link to the page shows (og:image), at its absolute address."""

    url: str
    width: int
    height: int
    type: str
    alt: str


@dataclass(frozen=True)
class PageFacts:
    """What the metadata is made from; filled in by the MkDocs hook."""

    title: str
    site_name: str
    description: str
    canonical_url: str | None
    is_post: bool = False
    created: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: SharedImage | None = None


@dataclass(frozen=True)
class Meta:
    og_type: str
    title: str
    description: str
    url: str | None
    json_ld: str | None
    image: SharedImage | None = None


def plain_text(title: str) -> str:
    """A page title as readers see it: MkDocs gives it with markup and entities ("&amp;")."""
    return html.unescape(re.sub(r"<[^>]*>", "", title)).strip()


def page_meta(facts: PageFacts) -> Meta:
    json_ld = blog_posting(facts) if facts.is_post else None
    return Meta(
        og_type="article" if facts.is_post else "website",
        title=facts.title or facts.site_name,
        description=facts.description,
        url=facts.canonical_url,
        json_ld=json_ld,
        image=facts.image,
    )


def blog_posting(facts: PageFacts) -> str:
    """A schema.org BlogPosting, serialised so it is safe inside <script>."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": facts.title,
        "description": facts.description,
        "inLanguage": "nl",
    }
    if facts.canonical_url:
        data["url"] = facts.canonical_url
        data["mainEntityOfPage"] = facts.canonical_url
    if facts.created:
        data["datePublished"] = facts.created.isoformat()
    if facts.updated:
        data["dateModified"] = facts.updated.isoformat()
    if facts.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in facts.authors]
    if facts.image:
        data["image"] = facts.image.url
    if facts.tags:
        data["keywords"] = ", ".join(facts.tags)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in a title must not end the script element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
