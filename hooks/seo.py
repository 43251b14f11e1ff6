"""Give every page its sharing metadata (Open Graph, Twitter card, JSON-LD) and share image."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from material.plugins.blog.structure import Post
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from coachsite.brand import Brand
from coachsite.cache import keep_only, prune_here
from coachsite.seo import PageFacts, SharedImage, page_meta, plain_text
from coachsite.share_image import ShareImage, ShareImages, feed_with_image_lengths, publish

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.seo")

# Kept between builds of `mkdocs serve` and of the next `mkdocs build`; git ignores .cache/.
CACHE = Path(".cache", "share-images")
FEEDS = ("feed_rss_created.xml", "feed_rss_updated.xml")
# Processes that draw images while MkDocs renders pages; one core stays with MkDocs.
WORKERS = max(1, min(4, (os.cpu_count() or 2) - 1))


class _Build:
    prune = False  # remove the cache files the build did not use (see coachsite/cache.py)
    images: ShareImages
    default: SharedImage
    used: dict[str, ShareImage]  # by absolute URL: every image a page of this build names


_build = _Build()


def on_startup(command: str, dirty: bool) -> None:
    _build.prune = prune_here(command)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    cache = Path(config.config_file_path).parent / CACHE
    brand = Brand.from_settings(config.extra.get("brand"))
    _build.images = ShareImages(cache, brand, workers=WORKERS)
    _build.used = {}
    tagline = config.extra["cta"]["title"]
    card = _build.images.card(config.site_name, tagline, f"{config.site_name} – {tagline}")
    _build.default = _shared(card, config)
    # The 404 page has no page context; it finds the site's image here.
    env.globals["default_share_image"] = _build.default
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    meta = page.meta or {}
    is_post = isinstance(page, Post)
    dates = page.config.date if is_post else {}
    title = str(meta.get("title") or page.title or "")
    picture = None
    image = _build.default
    if is_post:
        own = meta.get("image")
        if own:
            source = _source(str(own), page, config)
            picture = _build.images.photo(source, str(meta.get("image_alt") or ""))
            _shared(picture.small, config)
            shared = picture.share
        else:
            text = plain_text(title)
            shared = _build.images.card(text, config.site_name, f"{text} – {config.site_name}")
        image = _shared(shared, config)
        # mkdocs-rss-plugin reads `image` for the feeds' items, relative to the site's root.
        page.meta["image"] = shared.path
    context["seo"] = page_meta(
        PageFacts(
            title=title,
            site_name=config.site_name,
            description=str(meta.get("description") or config.site_description or ""),
            canonical_url=page.canonical_url,
            is_post=is_post,
            created=dates.get("created") if is_post else None,
            updated=dates.get("updated") if is_post else None,
            authors=[author.name for author in page.authors] if is_post else [],
            tags=[str(tag) for tag in meta.get("tags") or []],
            image=image,
        )
    )
    context["is_post"] = is_post
    context["post_picture"] = picture
    return context


# After mkdocs-rss-plugin has written the feeds: it looks for a local image beside the post's
# Markdown file, so it cannot know the size of a generated one, which RSS requires.
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    images = _build.images
    images.finish()
    removed = keep_only(images.cache, images.kept) if _build.prune else 0
    log.info(
        "Deelafbeeldingen: %d getekend, %d uit de cache, %d niet meer gebruikt en uit de "
        "cache gehaald",
        images.made,
        len(images.kept) - images.made,
        removed,
    )
    site = Path(config.site_dir)
    sizes = {url: publish(image, site).stat().st_size for url, image in _build.used.items()}
    for name in FEEDS:
        feed = site / name
        if feed.is_file():
            xml = feed.read_text(encoding="utf-8")
            feed.write_text(feed_with_image_lengths(xml, sizes), encoding="utf-8")


def on_build_error(error: Exception) -> None:
    if hasattr(_build, "images"):
        _build.images.close()


def _shared(image: ShareImage, config: MkDocsConfig) -> SharedImage:
    """The image as pages name it, at its absolute address; on_post_build puts it in the site."""
    url = urljoin(config.site_url or "/", image.path)
    _build.used[url] = image
    return SharedImage(url, image.width, image.height, image.mime, image.alt)


def _source(value: str, page: Page, config: MkDocsConfig) -> Path:
    """The post's `image`: relative to the post, or to docs/ with a leading slash."""
    base = Path(config.docs_dir) if value.startswith("/") else Path(page.file.abs_src_path).parent
    path = (base / value.lstrip("/")).resolve()
    if not path.is_file():  # the frontmatter check has said so already, with the line
        raise PluginError(f"{page.file.src_uri}: image '{value}' bestaat niet")
    return path
