"""Where Material's blog plugin will publish a post, to find two posts on one URL.

This mirrors `BlogPlugin._format_path_for_post` (Material 9.8) for its default slug functions,
without MkDocs: the slug is the frontmatter `slug` or the slugified title, and `{date}` is
formatted with Babel as Material does. A custom `post_slugify` in mkdocs.yml is not followed.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Sequence
from pathlib import Path

from .settings import SiteSettings


def _slugify(text: str, separator: str) -> str:
    # Material's default post and category slug: pymdownx's unicode slugify, lowercased.
    from pymdownx.slugs import slugify

    return slugify(case="lower")(text, separator)


def _format_date(created: dt.datetime, settings: SiteSettings) -> str:
    from babel.dates import format_date, format_datetime

    locale = settings.language.replace("-", "_")
    pattern = settings.post_url_date_format
    if pattern in ("full", "long", "medium", "short"):
        return format_date(created, format=pattern, locale=locale)
    return format_datetime(created, format=pattern, locale=locale)


def post_url(
    settings: SiteSettings,
    file: Path,
    *,
    title: str | None,
    slug: str | None,
    created: dt.datetime | None,
    categories: Sequence[str] | None,
) -> str | None:
    """The site-relative URL of a post (`/blog/mijn-post/`), or None if a part is invalid."""
    template = settings.post_url_format
    parts = {"slug": "", "date": "", "categories": "", "file": file.stem}
    if "{slug}" in template:
        if slug is None and title is None:
            return None
        parts["slug"] = slug or _slugify(str(title), settings.post_slugify_separator)
    if "{date}" in template:
        if created is None:
            return None
        parts["date"] = _format_date(created, settings)
    if "{categories}" in template:
        if categories is None:
            return None
        chosen = categories[: settings.post_url_max_categories]
        parts["categories"] = "/".join(_slugify(name, "-") for name in chosen)
    path = posixpath.normpath(template.format(**parts).strip("/"))
    path = posixpath.join(settings.blog_dir, path)
    return f"/{path}/" if settings.use_directory_urls else f"/{path}.html"
