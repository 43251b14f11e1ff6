"""Patch 3: excerpts converted once, their links filled in for each view.

Quadratic in effect: each post's excerpt is converted from Markdown again for every view it
appears on (index, archive, category, author pages and their pagination): 4.5 conversions per
post at 1000 posts. The view reaches the HTML only through the relative links that the
excerpt's two URL-rewriting tree processors compute from its URL, so `_excerpt_render` converts
each excerpt once with placeholders for those links and fills in each view's links. That stands
for Material's repeated conversions only when nothing in a conversion carries state into the
next, so it is done only when every Markdown processor comes from a module checked to repeat
its output (`REPEATABLE_MODULES`, each tested in tests/speed). Footnotes do not (their ids
count on across conversions): a post with footnotes is converted for every view, as before.

3b: the excerpts' `Markdown` instances, one per post in Material, are shared by the excerpts
converted once (`ExcerptMarkdown`): making one (loading every extension) costs half as much as
the one conversion it is used for.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coachsite.speed.guard import Patch, stats
from coachsite.speed.repeatable import (
    FOOTNOTE_MARK,
    markdown_key,
    repeatable_processors,
    reusable,
)

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

# The releases whose internals this patch was proven on (see guard.py): Material's `Excerpt`,
# its tree processor and module globals; MkDocs' `_RelativePathTreeprocessor`; Python-Markdown's
# serializer, registry and extensions; pymdown-extensions' processors (REPEATABLE_MODULES).
PROVEN_ON = {
    "mkdocs": "1.6.1",
    "mkdocs-material": "9.8.1",
    "markdown": "3.11.3",
    "pymdown-extensions": "13.1.2",
}

try:
    import markdown
    import material.plugins.blog.structure as blog_structure
    import material.plugins.blog.structure.markdown as excerpt_markdown
    from markdown.serializers import _escape_attrib_html
    from material.plugins.blog.structure import Excerpt
    from material.plugins.blog.structure.markdown import ExcerptTreeprocessor
    from mkdocs.structure.pages import _RelativePathTreeprocessor
    from mkdocs.structure.toc import get_toc
    from mkdocs.utils import get_relative_url

    # What install() replaces, for uninstall() to put back.
    _material_excerpt_render = Excerpt.render
    _material_excerpt_init = Excerpt.__init__
    _material_markdown = blog_structure.Markdown
except (ImportError, AttributeError) as error:  # another release: the patch stays off
    MISSING: Exception | None = error
else:
    MISSING = None


# Placeholders for the links of an excerpt: letters and digits only, so that no Markdown
# processor, the serializer or a postprocessor changes them, and a per-process nonce, so that
# no text contains them by chance (a post that does is converted as usual).
_NONCE = secrets.token_hex(6)
_LINK = f"speedlink{_NONCE}n"
_HEADING = f"speedlink{_NONCE}h"
_PLACEHOLDER = re.compile(rf"{_LINK}\d+e|{_HEADING}")
# What the serializer would escape in an attribute, beyond `<`, `>` and `"`: `&` is kept as is
# when it starts an entity, so a value with `&` cannot be escaped piece by piece.
_UNSAFE = ("&", "\x02", "\x03")


@dataclass
class _Linkless:
    """An excerpt converted once with placeholders where the view-dependent links go."""

    markdown: str
    content: str
    more: str | None
    toc_tokens: list[Any]
    raw_links: list[str]


@dataclass
class ExcerptRenders:
    """The one conversion of an excerpt, kept while what it was converted from is unchanged.

    `inputs` is what the conversion reads besides the view: when the post's Markdown or title
    changes (as on `mkdocs serve` rebuilds), the excerpt is converted again.
    """

    repeatable: bool
    inputs: tuple[Any, ...] | None = None
    linkless: _Linkless | None = None


def _inputs(excerpt: Excerpt, separator: str) -> tuple[Any, ...]:
    post = excerpt.post
    return (post.markdown, post._title_from_render, post.title, post.url, separator)


def _excerpt_render(self: Excerpt, page: Page, separator: str) -> None:
    """`Excerpt.render`: the conversion done once, the view's links filled in for each view.

    The excerpt's HTML depends on the view only through two tree processors:
    `_RelativePathTreeprocessor.path_to_url` makes each link relative to the excerpt file's
    URL, which `Excerpt.render` sets to the view's; `ExcerptTreeprocessor` points the heading
    anchors at the post with `get_relative_url(post.url, view.url)`. Both run last but for
    `unescape`, which leaves these values alone (`_UNSAFE` excepted). So the excerpt is
    converted once with placeholders in their place, and for each view the placeholders are
    replaced by the values those two would have computed, escaped as the serializer escapes.
    """
    state: ExcerptRenders | None = self.__dict__.get("_speed_renders")
    if state is None:
        _attach(self)
        state = self._speed_renders = ExcerptRenders(_cacheable(self))
    inputs = _inputs(self, separator) if state.repeatable else None
    if inputs is not None and inputs != state.inputs:
        if _attach(self):
            self.md.reset()
        state.inputs, state.linkless = inputs, _convert_linkless(self, page, separator)
        stats["converted"] += 1
    filled = _fill(self, state.linkless, page) if state.linkless and inputs else None
    if filled is None:
        stats["converted"] += 1
        _own_markdown(self)
        _material_excerpt_render(self, page, separator)
        return

    stats["reused"] += 1
    # Leave the excerpt as Material's render would have left it.
    linkless = state.linkless
    assert linkless is not None
    _processor(self, "excerpt").base = page
    self.markdown = linkless.markdown
    self.content, more = filled
    if more is not None:
        self.more = more
    self.toc = get_toc(linkless.toc_tokens)


def _convert_linkless(excerpt: Excerpt, page: Page, separator: str) -> _Linkless | None:
    """Convert the excerpt with placeholders for its links; None if that cannot be trusted."""
    if _NONCE in (excerpt.post.markdown or "") or _NONCE in (excerpt.post.title or ""):
        return None
    relpath: _RelativePathTreeprocessor = _processor(excerpt, "relpath")
    rewrite: Callable[[str], str] = relpath.path_to_url
    raw_links: list[str] = []
    headings = 0

    def path_to_url(url: str) -> str:
        # Anchors within the excerpt stay as they are: the excerpt processor looks for "#".
        # They are the same for every view: `path_to_url` returns them unchanged.
        rewritten = rewrite(url)
        if rewritten.startswith("#"):
            return rewritten
        raw_links.append(url)
        return f"{_LINK}{len(raw_links) - 1}e"

    def heading_url(url: str, other: str) -> str:
        nonlocal headings
        headings += 1
        return _HEADING

    previous_more, excerpt.more = excerpt.more, None
    relpath.path_to_url = path_to_url  # type: ignore[method-assign]
    excerpt_markdown.get_relative_url = heading_url
    try:
        _material_excerpt_render(excerpt, page, separator)
    finally:
        del relpath.path_to_url
        excerpt_markdown.get_relative_url = get_relative_url
    linkless = _Linkless(
        excerpt.markdown,
        excerpt.content,
        excerpt.more,
        getattr(excerpt.md, "toc_tokens", []),
        raw_links,
    )
    if excerpt.more is None:
        excerpt.more = previous_more  # Material keeps the old value when there is nothing more.

    # Every placeholder must come out exactly once per use, or the HTML is not what we think.
    found = Counter(_PLACEHOLDER.findall(linkless.content + (linkless.more or "")))
    wanted = Counter(f"{_LINK}{i}e" for i in range(len(raw_links)))
    if headings:
        wanted[_HEADING] = headings
    return linkless if found == wanted else None


def _fill(excerpt: Excerpt, linkless: _Linkless, page: Page) -> tuple[str, str | None] | None:
    """The excerpt's HTML for `page`, or None when a value cannot be filled in safely."""
    relpath: _RelativePathTreeprocessor = _processor(excerpt, "relpath")
    saved = excerpt.file.url
    excerpt.file.url = page.url
    try:
        links = [relpath.path_to_url(raw) for raw in linkless.raw_links]
    finally:
        excerpt.file.url = saved
    heading = get_relative_url(excerpt.post.url, page.url)
    if any(mark in value for value in (*links, heading) for mark in _UNSAFE):
        return None
    values = {f"{_LINK}{i}e": _escape_attrib_html(link) for i, link in enumerate(links)}
    values[_HEADING] = _escape_attrib_html(heading)

    def fill(html: str) -> str:
        return _PLACEHOLDER.sub(lambda match: values[match.group(0)], html)

    more = None if linkless.more is None else fill(linkless.more)
    return fill(linkless.content), more


# --- 3b. One Markdown instance for the conversions of all cacheable excerpts -----------------

# The two tree processors Material registers on each excerpt's own instance.
EXCERPT_PROCESSORS = ("excerpt", "relpath")


@dataclass
class _SharedMarkdown:
    """An excerpt's own processors and how Material made its instance, while it shares one."""

    kwargs: dict[str, Any]
    processors: list[tuple[str, Any, float]]


class ExcerptMarkdown:
    """Stands for `Markdown` inside `material.plugins.blog.structure`, for `Excerpt.__init__`.

    Material gives every excerpt a new `Markdown` instance (about 5% of a 1000-post build,
    loading every extension a thousand times), though with the excerpt cache most convert
    once. Here all excerpts of one configuration get one instance; `_excerpt_init` takes the
    two processors each excerpt registers back off it. Before the one conversion of a cacheable
    excerpt, `_attach` registers them again and the instance is `reset()`, as a new instance
    would be. Any other excerpt (with footnotes, whose HTML depends on the conversions before
    it, or one whose links cannot be filled in) gets an instance of its own before Material's
    render, made as Material made it: from there on it is exactly Material's excerpt.
    """

    def __init__(self) -> None:
        self.instances: dict[tuple[str, str], markdown.Markdown | None] = {}
        self.made: tuple[markdown.Markdown, dict[str, Any]] | None = None

    def __call__(self, **kwargs: Any) -> markdown.Markdown:
        key = markdown_key(kwargs)
        md = self.instances.get(key) if key is not None else None
        if md is None:
            stats["excerpt markdown made"] += 1
            md = markdown.Markdown(**kwargs)
            if key is not None and key not in self.instances:
                self.instances[key] = md if reusable(md) else None
            if key is None or self.instances[key] is not md:
                return md
        else:
            stats["excerpt markdown shared"] += 1
        self.made = (md, kwargs)
        return md


_excerpt_markdown = ExcerptMarkdown()


def _excerpt_init(self: Excerpt, post: Any, config: Any, files: Any) -> None:
    """`Excerpt.__init__`, then its processors taken note of if its instance is shared."""
    _material_excerpt_init(self, post, config, files)
    made = _excerpt_markdown.made
    _excerpt_markdown.made = None
    if made is None or made[0] is not self.md:
        return
    registry = self.md.treeprocessors
    priorities = {item.name: item.priority for item in registry._priority}
    self._speed_shared = _SharedMarkdown(
        made[1], [(name, registry[name], priorities[name]) for name in EXCERPT_PROCESSORS]
    )


def _attach(excerpt: Excerpt) -> bool:
    """Register the excerpt's processors on its shared instance; False if it has its own."""
    shared: _SharedMarkdown | None = excerpt.__dict__.get("_speed_shared")
    if shared is None:
        return False
    for name, processor, priority in shared.processors:
        excerpt.md.treeprocessors.register(processor, name, priority)
    return True


def _own_markdown(excerpt: Excerpt) -> None:
    """Give the excerpt an instance of its own, as Material's `Excerpt.__init__` made it."""
    shared: _SharedMarkdown | None = excerpt.__dict__.pop("_speed_shared", None)
    if shared is None:
        return
    stats["excerpt markdown made"] += 1
    excerpt.md = markdown.Markdown(**shared.kwargs)
    for name, processor, priority in shared.processors:
        excerpt.md.treeprocessors.register(processor, name, priority)


def _processor(excerpt: Excerpt, name: str) -> Any:
    """The excerpt's own processor `name`, wherever it is registered now."""
    shared: _SharedMarkdown | None = excerpt.__dict__.get("_speed_shared")
    if shared is None:
        return excerpt.md.treeprocessors[name]
    return next(processor for known, processor, _ in shared.processors if known == name)


# The tree processors that run after the URL rewriters; no other may (see `_cacheable`).
_LAST_PROCESSORS = frozenset({"relpath", "excerpt", "unescape"})


def _cacheable(excerpt: Excerpt) -> bool:
    """Whether one conversion with placeholders stands for all of Material's conversions."""
    md = excerpt.md
    names = md.treeprocessors
    if "relpath" not in names or "excerpt" not in names:
        return False
    if not isinstance(names["relpath"], _RelativePathTreeprocessor):
        return False
    if not isinstance(names["excerpt"], ExcerptTreeprocessor):
        return False
    relpath_priority = next(
        (item.priority for item in getattr(names, "_priority", []) if item.name == "relpath"),
        None,
    )
    if relpath_priority is None:
        return False
    late = {item.name for item in names._priority if item.priority <= relpath_priority}
    if not late <= _LAST_PROCESSORS:
        return False
    repeatable, footnotes = repeatable_processors(md)
    return repeatable and not (footnotes and FOOTNOTE_MARK in (excerpt.post.markdown or ""))


def install() -> None:
    Excerpt.render = _excerpt_render  # type: ignore[method-assign]
    Excerpt.__init__ = _excerpt_init  # type: ignore[method-assign]
    blog_structure.Markdown = _excerpt_markdown  # type: ignore[misc,assignment]


def uninstall() -> None:
    Excerpt.render = _material_excerpt_render  # type: ignore[method-assign]
    Excerpt.__init__ = _material_excerpt_init  # type: ignore[method-assign]
    blog_structure.Markdown = _material_markdown  # type: ignore[misc]


PATCH = Patch(
    "3",
    "excerpts converted once",
    PROVEN_ON,
    MISSING,
    install=install,
    uninstall=uninstall,
)
