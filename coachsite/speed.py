"""Make Material's blog build grow linearly with the number of posts, output unchanged.

Material for MkDocs 9.8's blog plugin does work that grows with the square of the number of
posts, and some linear work that is heavier than it needs to be. Profiling builds of 1000 posts
led to five patches, applied by hooks/speed.py; none changes a byte of the built site
(tests/speed builds sites with and without them and compares every file):

1. Quadratic: `page not in self.blog.posts`, asked by the blog plugin for every page in
   `on_page_markdown` and `on_page_content`, and `page in nav_item.pages` in nav-item.html.
   `list.__contains__` compares the page with each item by `Page.__eq__`, which compares
   titles, and a post's title is recomputed by `get_markdown_title` (splitting its whole
   Markdown into lines) until the post is rendered: 2 million title lookups at 1000 posts.
   `IdentityList` answers from a set of ids when the page is in the list, and when it is not
   and cannot be equal to any item: what `list.__contains__` would answer.

2. `Page.__eq__` evaluates `self.title == other.title` before `self.file == other.file`.
   `File` compares by identity, so the file test is nearly free and decides almost every
   comparison. `_page_eq` asks the same three side-effect-free questions, cheapest first.

3. Quadratic in effect: each post's excerpt is converted from Markdown again for every view it
   appears on (index, archive, category, author pages and their pagination): 4.5 conversions
   per post at 1000 posts. The view reaches the HTML only through the relative links that the
   excerpt's two URL-rewriting tree processors compute from its URL, so `_excerpt_render`
   converts each excerpt once with placeholders for those links and fills in each view's
   links. That stands for Material's repeated conversions only when nothing in a conversion
   carries state into the next, so it is done only when every Markdown processor comes from a
   module checked to repeat its output (`REPEATABLE_MODULES`, each tested in tests/speed).
   Footnotes do not (their ids count on across conversions): a post with footnotes is
   converted for every view, as before.

4. Linear: posts' frontmatter is parsed with PyYAML's pure-Python loader; `FrontmatterLoader`
   uses libyaml for the same result.

5. Linear: every page renders the whole sidebar navigation, and all posts get the same one.
   `NavCache` reuses it when the `active` flags and the page-relative links are the same.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsIndex

import material.plugins.blog.structure as blog_structure
import material.plugins.blog.structure.markdown as excerpt_markdown
import material.templates as material_templates
import yaml
from jinja2 import TemplateNotFound, pass_context
from markdown.serializers import _escape_attrib_html
from material.plugins.blog.plugin import BlogPlugin
from material.plugins.blog.structure import Excerpt, View
from material.plugins.blog.structure.markdown import ExcerptTreeprocessor
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.runtime import Context
    from markdown import Markdown
    from mkdocs.plugins import PluginCollection

log = logging.getLogger("mkdocs.hooks.speed")

# Modules whose Markdown processors give the same HTML however often one `Markdown` instance
# converts the same text without `reset()` (as Material's excerpts do). Checked one by one in
# tests/speed/test_excerpt_cache.py; a processor from any other module turns the cache off.
REPEATABLE_MODULES = frozenset(
    {
        "markdown.preprocessors",
        "markdown.blockprocessors",
        "markdown.treeprocessors",
        "markdown.inlinepatterns",
        "markdown.postprocessors",
        "markdown.extensions.abbr",
        "markdown.extensions.admonition",
        "markdown.extensions.attr_list",
        "markdown.extensions.def_list",
        "markdown.extensions.fenced_code",
        "markdown.extensions.md_in_html",
        "markdown.extensions.tables",
        "markdown.extensions.toc",
        "pymdownx.smartsymbols",
        # The two processors Material registers on each excerpt: the URL rewriters whose
        # results make up the cache key.
        "mkdocs.structure.pages",
        "material.plugins.blog.structure.markdown",
    }
)

# Footnotes number their back-references on across conversions (`fnref2:1` the second time),
# so their output repeats only when the text has no footnote at all.
FOOTNOTES_MODULE = "markdown.extensions.footnotes"
FOOTNOTE_MARK = "[^"


# --- 1. Membership of posts by identity -------------------------------------------------------


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
            page_eq = all(kind.__eq__ in _PAGE_EQS for kind in kinds)
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


# --- 2. Page equality, cheapest question first ------------------------------------------------

_material_page_eq = Page.__eq__


def _page_eq(self: Page, other: object) -> bool:
    """`Page.__eq__` with the same three tests, the costly title comparison last."""
    return (
        isinstance(other, self.__class__) and self.file == other.file and self.title == other.title
    )


# Both answer False at once when `other` is not an instance of the page's own class.
_PAGE_EQS = (_material_page_eq, _page_eq)


# --- 3. Excerpts converted once, their links filled in for each view ------------------------


def repeatable_processors(md: Markdown) -> tuple[bool, bool]:
    """Whether every processor of `md` repeats its output; and whether footnotes are among them.

    Footnotes count as repeatable here; the caller checks the text has none.
    """
    registries: list[Iterable[object]] = [
        md.preprocessors,
        md.parser.blockprocessors,
        md.inlinePatterns,
        md.treeprocessors,
        md.postprocessors,
    ]
    footnotes = False
    for registry in registries:
        for processor in registry:
            module = type(processor).__module__
            if module == FOOTNOTES_MODULE:
                footnotes = True
            elif module not in REPEATABLE_MODULES:
                log.debug("Excerpt cache off: %s.%s", module, type(processor).__qualname__)
                return False, footnotes
    return True, footnotes


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


# Excerpt renders converted and reused, and sidebars rendered and reused, since the last
# `reset_stats()`: for the build log and the tests.
stats: Counter[str] = Counter()


def reset_stats() -> None:
    stats.clear()


def _inputs(excerpt: Excerpt, separator: str) -> tuple[Any, ...]:
    post = excerpt.post
    return (post.markdown, post._title_from_render, post.title, post.url, separator)


_material_excerpt_render = Excerpt.render


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
        state = self._speed_renders = ExcerptRenders(_cacheable(self))
    inputs = _inputs(self, separator) if state.repeatable else None
    if inputs is not None and inputs != state.inputs:
        state.inputs, state.linkless = inputs, _convert_linkless(self, page, separator)
        stats["converted"] += 1
    filled = _fill(self, state.linkless, page) if state.linkless and inputs else None
    if filled is None:
        stats["converted"] += 1
        _material_excerpt_render(self, page, separator)
        return

    stats["reused"] += 1
    # Leave the excerpt as Material's render would have left it.
    linkless = state.linkless
    assert linkless is not None
    self.md.treeprocessors["excerpt"].base = page
    self.markdown = linkless.markdown
    self.content, more = filled
    if more is not None:
        self.more = more
    self.toc = get_toc(linkless.toc_tokens)


def _convert_linkless(excerpt: Excerpt, page: Page, separator: str) -> _Linkless | None:
    """Convert the excerpt with placeholders for its links; None if that cannot be trusted."""
    if _NONCE in (excerpt.post.markdown or "") or _NONCE in (excerpt.post.title or ""):
        return None
    relpath: _RelativePathTreeprocessor = excerpt.md.treeprocessors["relpath"]
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
    relpath: _RelativePathTreeprocessor = excerpt.md.treeprocessors["relpath"]
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


# --- 4. Frontmatter of posts read by libyaml ------------------------------------------------


class FrontmatterLoader:
    """Shaped like a PyYAML loader class, for `yaml.load(text, FrontmatterLoader)`.

    Material reads each post's frontmatter with PyYAML's pure-Python `SafeLoader`; libyaml's
    `CSafeLoader` parses the same text with the same constructor and resolver (so the same
    objects come out) in a fraction of the time. Text libyaml refuses goes to `SafeLoader`, so
    that errors, and anything only the Python parser accepts, stay exactly as they were.
    """

    def __init__(self, stream: str) -> None:
        self.stream = stream

    def get_single_data(self) -> Any:
        try:
            return yaml.load(self.stream, yaml.CSafeLoader)
        except yaml.YAMLError:
            return yaml.load(self.stream, yaml.SafeLoader)

    def dispose(self) -> None:
        pass


# --- 5. The navigation rendered once per distinct set of links --------------------------------

NAV_TEMPLATE = "partials/nav.html"
# The templates the navigation reads; the cache trusts their inputs only if they are Material's.
NAV_TEMPLATES = (NAV_TEMPLATE, "partials/nav-item.html", "partials/logo.html")


class NavCache:
    """Reuse the rendered sidebar navigation for pages that would get the same HTML.

    Every page renders the whole site navigation; with 1000 posts that is a third of all
    template time, and the 1000 posts all get the same sidebar. Material's nav.html (with
    nav-item.html and logo.html) reads: the build's constants (config, features, translations,
    the nav tree and its titles and URLs); each item's `active` flag; whether an item is the
    current page or one of its pagination pages (then it also shows the page's table of
    contents); and relative URLs, made by the `url` filter from the current page's URL.
    Pages that are themselves in the navigation are rendered as usual. For the others the key is
    the `active` flags and the output of every `url` call the template made the first time
    (recorded, then recomputed for each page): when both match, so does the HTML.
    """

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.url_filter: Callable[..., str] = env.filters["url"]
        self.recording: list[str] | None = None
        # shape (the active flags) -> (the url arguments met, {their results -> HTML})
        self.renders: dict[tuple[Any, ...], tuple[list[str], dict[tuple[str, ...], str]]] = {}

    @classmethod
    def install(cls, env: Environment) -> NavCache | None:
        """Wrap the navigation template of `env`, if it is Material's own; else do nothing."""
        material = Path(material_templates.__file__).resolve().parent
        try:
            templates = [env.get_template(name) for name in NAV_TEMPLATES]
        except TemplateNotFound:
            return None
        for template in templates:
            if not Path(template.filename or "/").resolve().is_relative_to(material):
                log.debug("Navigation cache off: %s is overridden", template.name)
                return None
        cache = cls(env)
        env.filters["url"] = cache.url
        nav = templates[0]
        nav.root_render_func = cache.wrap(nav.root_render_func)  # type: ignore[method-assign]
        return cache

    @pass_context
    def url(self, context: Context, value: Any) -> str:
        if self.recording is not None:
            self.recording.append(value)
        return self.url_filter(context, value)

    def wrap(self, render: Callable[[Context], Iterator[str]]) -> Callable[..., Iterator[str]]:
        def root_render_func(context: Context) -> Iterator[str]:
            shape = self.shape(context)
            if shape is None:
                stats["nav rendered"] += 1
                yield from render(context)
                return
            known = self.renders.get(shape)
            if known is not None:
                args, outputs = known
                links = tuple(self.url_filter(context, arg) for arg in args)
                html = outputs.get(links)
                if html is not None:
                    stats["nav reused"] += 1
                    yield html
                    return
            stats["nav rendered"] += 1
            self.recording = args = []
            try:
                html = "".join(render(context))
            finally:
                self.recording = None
            if known is None or known[0] != args:
                known = self.renders[shape] = (args, {})
            known[1][tuple(self.url_filter(context, arg) for arg in args)] = html
            yield html

        return root_render_func

    @staticmethod
    def shape(context: Context) -> tuple[Any, ...] | None:
        """The `active` flags of the navigation for this page; None if the page is in it."""
        page, nav, config = context.get("page"), context.get("nav"), context.get("config")
        if page is None or nav is None:
            return None
        flags: list[bool] = []
        stack = list(reversed(nav.items))
        while stack:
            item = stack.pop()
            if item == page or page in (getattr(item, "pages", None) or ()):
                return None
            flags.append(bool(item.active))
            stack.extend(reversed(item.children or ()))
        return (id(nav), id(config), tuple(flags))


# --- Switching the patches on and off ---------------------------------------------------------


def install() -> None:
    """Apply patches 2, 3 and 4; 1 and 5 are per build (`index_blog_posts`, `NavCache`).

    Safe to repeat.
    """
    Page.__eq__ = _page_eq  # type: ignore[method-assign]
    Excerpt.render = _excerpt_render  # type: ignore[method-assign]
    if getattr(yaml, "__with_libyaml__", False):
        blog_structure.SafeLoader = FrontmatterLoader


def uninstall() -> None:
    """Put Material's and MkDocs' own methods back."""
    Page.__eq__ = _material_page_eq  # type: ignore[method-assign]
    Excerpt.render = _material_excerpt_render  # type: ignore[method-assign]
    blog_structure.SafeLoader = yaml.SafeLoader


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """The patches, for the duration of a block (tests build in-process with them)."""
    install()
    try:
        yield
    finally:
        uninstall()
