"""Patch 1: membership of posts by identity.

Quadratic: `page not in self.blog.posts`, asked by the blog plugin for every page in
`on_page_markdown` and `on_page_content`, and `page in nav_item.pages` in nav-item.html.
`list.__contains__` compares the page with each item by `Page.__eq__`, which compares titles,
and a post's title is recomputed by `get_markdown_title` (splitting its whole Markdown into
lines) until the post is rendered: 2 million title lookups at 1000 posts. `IdentityList`
answers from a set of ids when the page is in the list, and when it is not and cannot be equal
to any item: what `list.__contains__` would answer.

Applied per build by the hook (`index_blog_posts`), when `PATCH.active`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, SupportsIndex

from coachsite.speed.guard import Patch
from coachsite.speed.page_equality import PAGE_EQS

if TYPE_CHECKING:
    from material.plugins.blog.structure import View
    from mkdocs.plugins import PluginCollection

# The releases whose internals this patch was proven on (see guard.py): Material's lists of
# posts and of pagination pages, and what `Page.__eq__` answers for another class.
PROVEN_ON = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}

try:
    from material.plugins.blog.plugin import BlogPlugin
except (ImportError, AttributeError) as error:  # another release: the patch stays off
    MISSING: Exception | None = error
else:
    MISSING = None


class IdentityList(list):
    """A list whose `in` is answered from a set of ids instead of comparing every item.

    The answer is always what `list.__contains__` gives: a hit by identity is a hit there too,
    and a miss is declared only when no item can be equal to the probe: `Page.__eq__` of every
    item's class returns False unless the probe is an instance of that class. Otherwise it falls
    back to the list's own linear search. Any change to the list forgets the ids.
    """

    _ids: frozenset[int] | None = None
    _kinds: tuple[type, ...] | None = None

    def __contains__(self, item: object) -> bool:
        if self._ids is None:
            self._ids = frozenset(map(id, self))
            kinds = tuple({type(x) for x in self})
            page_eq = all(kind.__eq__ in PAGE_EQS for kind in kinds)
            self._kinds = kinds if page_eq else None
        if id(item) in self._ids:
            return True
        if self._kinds is not None and not isinstance(item, self._kinds):
            return False
        return list.__contains__(self, item)

    def _forget(self) -> None:
        self._ids = None
        self._kinds = None

    def append(self, item: Any) -> None:
        self._forget()
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        self._forget()
        super().extend(items)

    def insert(self, index: SupportsIndex, item: Any) -> None:
        self._forget()
        super().insert(index, item)

    def remove(self, item: Any) -> None:
        self._forget()
        super().remove(item)

    def pop(self, index: SupportsIndex = -1) -> Any:
        self._forget()
        return super().pop(index)

    def clear(self) -> None:
        self._forget()
        super().clear()

    def __setitem__(self, index: Any, value: Any) -> None:
        self._forget()
        super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        self._forget()
        super().__delitem__(index)

    def __iadd__(self, items: Iterable[Any]) -> IdentityList:  # type: ignore[override]
        self._forget()
        return super().__iadd__(items)

    def __imul__(self, times: SupportsIndex) -> IdentityList:  # type: ignore[override]
        self._forget()
        return super().__imul__(times)


def index_blog_posts(plugins: PluginCollection) -> int:
    """Give the blog's lists of posts and of pagination pages identity lookups.

    Run after the blog plugin's `on_files`, which builds them anew on every build. Besides
    `blog.posts`, each view's `pages` (the view and its pagination pages, one list shared by
    all of them) is asked `page in nav_item.pages` by nav-item.html for every navigation item
    of every page. Returns how many lists it replaced.
    """
    changed = 0
    for plugin in plugins.values():
        blog = getattr(plugin, "blog", None) if isinstance(plugin, BlogPlugin) else None
        if blog is None:
            continue
        if type(blog.posts) is list:
            blog.posts = IdentityList(blog.posts)
            changed += 1
        for view in _views(blog):
            shared = view.pages
            if type(shared) is not list or not shared:
                continue
            replacement = IdentityList(shared)
            for page in [view, *shared]:
                if page.pages is shared:
                    page.pages = replacement
            changed += 1
    return changed


def _views(view: View) -> Iterator[View]:
    """The view and all views under it (index, archive, categories, profiles)."""
    yield view
    for child in view.views:
        yield from _views(child)


PATCH = Patch("1", "posts found by identity", PROVEN_ON, MISSING)
