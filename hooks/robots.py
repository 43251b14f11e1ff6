"""Write robots.txt pointing at the sitemap, at the site's own address."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def on_post_build(config: MkDocsConfig) -> None:
    sitemap = urljoin(config.site_url or "/", "sitemap.xml")
    text = f"User-agent: *\nDisallow: /api/\n\nSitemap: {sitemap}\n"
    Path(config.site_dir, "robots.txt").write_text(text, encoding="utf-8")
