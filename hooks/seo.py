"""Give every page its sharing metadata (Open Graph, Twitter card, JSON-LD)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root, for coachsite

from material.plugins.blog.structure import Post

from coachsite.seo import PageFacts, page_meta

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    meta = page.meta or {}
    is_post = isinstance(page, Post)
    dates = page.config.date if is_post else {}
    context["seo"] = page_meta(
        PageFacts(
            title=str(meta.get("title") or page.title or ""),
            site_name=config.site_name,
            description=str(meta.get("description") or config.site_description or ""),
            canonical_url=page.canonical_url,
            is_post=is_post,
            created=dates.get("created") if is_post else None,
            updated=dates.get("updated") if is_post else None,
            authors=[author.name for author in page.authors] if is_post else [],
            tags=[str(tag) for tag in meta.get("tags") or []],
        )
    )
    context["is_post"] = is_post
    return context
