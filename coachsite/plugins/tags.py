"""tag_cloud() and tag_index(): every tag of the published posts, weighted by use.

`tag_cloud()` shows the tags alphabetically, each in one of five sizes by how many posts carry
it, linking to its section of the tag index page `docs/blog/tags.md`. `tag_index()`, on that
page, lists per tag the posts that carry it, newest first. Usage, in a page with
`render_macros: true`:

    {{ tag_cloud() }}
    {{ tag_index() }}

Tags that differ only in case are one tag, named as the oldest post spells it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coachsite.plugins.posts import Href, PostIndex, PostLink, content_href, post_index
from coachsite.plugins.render import render_partial
from coachsite.plugins.usage import MacroUsageError, checked
from coachsite.slugs import ascii_slug

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs_macros.plugin import MacrosPlugin

TAG_INDEX = "blog/tags.md"
SIZES = 5


@dataclass(frozen=True)
class Tag:
    name: str
    anchor: str
    count: int
    size: int
    posts: list[PostLink]


def _sort_key(name: str) -> tuple[str, str]:
    # Alphabetical as a Dutch reader expects: case and accents do not come first.
    return (ascii_slug(name), name)


def weighted_tags(index: PostIndex, href: Href) -> list[Tag]:
    """Every tag with its posts (newest first) and a size from 1 (least used) to SIZES."""
    counts = {key: len(entries) for key, entries in index.by_tag.items()}
    if not counts:
        return []
    least, most = min(counts.values()), max(counts.values())
    tags = []
    for key, entries in index.by_tag.items():
        name = index.tag_names[key]
        size = (
            1 if most == least else 1 + round((SIZES - 1) * (counts[key] - least) / (most - least))
        )
        tags.append(
            Tag(
                name=name,
                anchor=f"tag-{ascii_slug(name)}",
                count=counts[key],
                size=size,
                posts=[entry.link(href) for entry in reversed(entries)],
            )
        )
    return sorted(tags, key=lambda tag: _sort_key(tag.name))


def tag_index_url(files: Files, href: Href) -> str:
    target = files.get_file_from_path(TAG_INDEX)
    if target is None:
        raise MacroUsageError(f"tag_cloud(): de tagpagina docs/{TAG_INDEX} bestaat niet")
    return href(target.url)


def register(env: MacrosPlugin) -> None:
    def tag_cloud() -> str:
        href = content_href(env.conf)
        tags = weighted_tags(post_index(env.conf), href)
        index_url = tag_index_url(env.variables["files"], href)
        return render_partial(
            "partials/plugins/tag-cloud.html", env.conf, tags=tags, index_url=index_url
        )

    def tag_index() -> str:
        tags = weighted_tags(post_index(env.conf), content_href(env.conf))
        return render_partial("partials/plugins/tag-index.html", env.conf, tags=tags)

    env.macro(checked(tag_cloud, "tag_cloud"), "tag_cloud")
    env.macro(checked(tag_index, "tag_index"), "tag_index")
