"""Give the images in each page's text their size, lazy loading and a WebP copy.

See coachsite/post_images.py. A page's own text is done in `on_page_content`; the excerpts on the
blog's overview pages in `on_page_context`, after the blog plugin has rendered them for the page.
The WebP copies go from the cache into the site in `on_post_build`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from material.plugins.blog.structure import View
from mkdocs.plugins import event_priority

from coachsite.cache import keep_only, prune_here
from coachsite.post_images import ContentImages, Locate, Located

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

# Kept between builds of `mkdocs serve` and of the next `mkdocs build`; git ignores .cache/.
CACHE = Path(".cache", "post-images")

log = logging.getLogger("mkdocs.hooks.post_images")


class _Build:
    prune = False  # remove the cache files the build did not use (see coachsite/cache.py)
    images: ContentImages
    sources: dict[str, Path]  # the site's files from docs/, by their path in the site
    site_prefix: str  # the path of site_url ("/" or "/blog-van-x/")
    images_in_content: dict[int, int]  # by id of the page: how many <img> its own text has


_build = _Build()


def on_startup(command: str, dirty: bool) -> None:
    _build.prune = prune_here(command)


# After every other on_files (the blog's at -50, speed's at -100): the pages are read next.
@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs = os.path.join(os.path.abspath(config.docs_dir), "")
    _build.sources = {
        file.dest_uri: Path(file.abs_src_path)
        for file in files
        if not file.is_documentation_page()
        and file.abs_src_path
        and os.path.abspath(file.abs_src_path).startswith(docs)
    }
    _build.images = ContentImages(
        Path(config.config_file_path).parent / CACHE,
        reserved=frozenset(file.dest_uri for file in files),
    )
    _build.site_prefix = urlsplit(config.site_url or "/").path or "/"
    _build.images_in_content = {}
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html, count = _build.images.rewrite(html, _locator(page.url))
    _build.images_in_content[id(page)] = count
    return html


# After the blog plugin's own on_page_context (priority -100), which renders the excerpts.
@event_priority(-110)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    if not isinstance(page, View):
        return context
    locate = _locator(page.url)
    seen = _build.images_in_content.get(id(page), 0)
    for excerpt in context.get("posts") or []:
        if not excerpt.content:
            continue
        excerpt.content, count = _build.images.rewrite(
            excerpt.content, locate, eager_first=seen == 0
        )
        seen += count
    return context


def on_post_build(config: MkDocsConfig) -> None:
    images = _build.images
    images.publish(Path(config.site_dir))
    root = Path(config.config_file_path).parent
    # A soft problem, as in hooks/frontmatter.py: it must not abort Netlify's --strict build.
    level = logging.INFO if config.strict else logging.WARNING
    for source, error in sorted(images.unreadable.items()):
        log.log(
            level,
            "let op: %s: de afbeelding is niet te lezen (%s) — ze staat zonder afmetingen op "
            "de pagina; sla de afbeelding opnieuw op als JPEG of PNG",
            os.path.relpath(source, root),
            error,
        )
    removed = keep_only(images.cache, images.kept) if _build.prune else 0
    log.info(
        "Afbeeldingen in berichten: %d omgezet naar WebP, %d uit de cache, %d niet meer gebruikt "
        "en uit de cache gehaald",
        images.made,
        images.reused,
        removed,
    )


def _locator(page_url: str) -> Locate:
    """Resolves an `<img src>` of a page as the browser does, to a file of docs/."""

    def locate(src: str) -> Located | None:
        try:
            parts = urlsplit(src)
        except ValueError:
            return None
        if parts.scheme or parts.netloc or not parts.path:
            return None  # another website's, a data: URL, or no file at all
        path = unquote(urljoin("/" + page_url, parts.path))
        candidates = [path.lstrip("/")]
        prefix = _build.site_prefix
        if src.startswith("/") and prefix != "/" and path.startswith(prefix):
            candidates.insert(0, path[len(prefix) :])
        for candidate in candidates:
            if candidate in _build.sources:
                return Located(_build.sources[candidate], candidate)
        return None

    return locate
