"""Make Material's blog build grow linearly with the number of posts, output unchanged.

Material for MkDocs 9.8's blog plugin does work that grows with the square of the number of
posts, and some linear work that is heavier than it needs to be. Profiling builds of 1000 posts
led to these patches, applied by hooks/speed.py; none changes a byte of the built site
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
   converted for every view, as before. The excerpts' `Markdown` instances, one per post in
   Material, are shared by the excerpts converted once (3b, `ExcerptMarkdown`): making one
   (loading every extension) costs half as much as the one conversion it is used for.

4. Linear: posts' frontmatter is parsed with PyYAML's pure-Python loader; `FrontmatterLoader`
   uses libyaml for the same result.

5. Linear: every page renders the whole sidebar navigation, and all posts get the same one.
   `NavCache` reuses it when the `active` flags and the page-relative links are the same, also
   on the views' pagination pages. `TabsCache` and `HeaderCache` do the same for the tabs and
   the header (the header around the page's title), and the blog's `date` filter formats each
   date once (5b).

6. Linear: MkDocs builds a new `Markdown` instance for every page, loading and configuring every
   extension again (a fifth of `Page.render` at 1000 posts). `ReusedMarkdown` hands `Page.render`
   one instance per configuration, `reset()` between pages as Python-Markdown prescribes for
   reuse, and only when every processor comes from a module checked to leave nothing behind a
   reset (`REPEATABLE_MODULES`).
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import types
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsIndex

import markdown
import material.plugins.blog.structure as blog_structure
import material.plugins.blog.structure.markdown as excerpt_markdown
import material.templates as material_templates
import mkdocs.structure.pages as mkdocs_pages
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


# --- 3b. One Markdown instance for the conversions of all cacheable excerpts -------------------

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
        key = _markdown_key(kwargs)
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
_material_excerpt_init = Excerpt.__init__


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
    The key is the `active` flags and the output of every `url` call the template made the first
    time (recorded, then recomputed for each page): when both match, so does the HTML.

    A page that is itself in the navigation (a view with its 100 pagination pages, at 1000
    posts) also shows its own entry: its title, icon, subtitle and status from its metadata, its
    URL, and its table of contents. Such a page is cached only when that table of contents is
    empty (as on every view), with its place in the navigation and what its entry shows in the
    key, and its own URL recorded as `PAGE_URL`, replayed as the URL of the page at hand: the
    entry of the blog's second pagination page links to `page.url` as the third's does to its
    own. So that `PAGE_URL` can only stand for the page's own URL, a page whose URL is also the
    URL of another entry or of the logo's link is rendered as usual.
    """

    # The templates it reads, the first the one it wraps; trusted only if they are Material's.
    TEMPLATES: tuple[str, ...] = NAV_TEMPLATES
    # Its name in the build's statistics.
    name = "nav"
    # Whether a `url` argument equal to the page's own URL is replayed as the current page's.
    own_url = True

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.url_filter: Callable[..., str] = env.filters["url"]
        self.recording: list[str] | None = None
        # shape (the active flags) -> (the url arguments met, {their results -> what is kept})
        self.renders: dict[tuple[Any, ...], tuple[list[Any], dict[tuple[str, ...], Any]]] = {}

    @classmethod
    def install(cls, env: Environment) -> NavCache | None:
        """Wrap the navigation template of `env`, if it is Material's own; else do nothing."""
        material = Path(material_templates.__file__).resolve().parent
        try:
            templates = [env.get_template(name) for name in cls.TEMPLATES]
        except TemplateNotFound:
            return None
        for template in templates:
            if not Path(template.filename or "/").resolve().is_relative_to(material):
                log.debug("%s off: %s is overridden", cls.__name__, template.name)
                return None
        cache = cls(env)
        env.filters["url"] = cache.url
        nav = templates[0]
        nav.root_render_func = cache.wrap(nav.root_render_func)  # type: ignore[method-assign]
        return cache

    @pass_context
    def url(self, context: Context, value: Any) -> str:
        if self.recording is not None:
            page = context.get("page")
            own = self.own_url and page is not None and isinstance(value, str)
            own = own and value == page.url
            self.recording.append(PAGE_URL if own else value)
        return self.url_filter(context, value)

    def links(self, context: Context, args: list[Any]) -> tuple[str, ...]:
        """What the `url` calls recorded as `args` give on the page of `context`."""
        page_url = context["page"].url
        return tuple(self.url_filter(context, page_url if arg is PAGE_URL else arg) for arg in args)

    def wrap(self, render: Callable[[Context], Iterator[str]]) -> Callable[..., Iterator[str]]:
        def root_render_func(context: Context) -> Iterator[str]:
            shape = self.shape(context)
            if shape is None:
                stats[f"{self.name} rendered"] += 1
                yield from render(context)
                return
            known = self.renders.get(shape)
            if known is not None:
                args, outputs = known
                stored = outputs.get(self.links(context, args))
                if stored is not None:
                    stats[f"{self.name} reused"] += 1
                    yield self.join(context, stored)
                    return
            stats[f"{self.name} rendered"] += 1
            self.recording = args = []
            try:
                html = "".join(render(context))
            finally:
                self.recording = None
            stored = self.split(context, html)
            if stored is not None:
                if known is None or known[0] != args:
                    known = self.renders[shape] = (args, {})
                known[1][self.links(context, args)] = stored
            yield html

        return root_render_func

    def split(self, context: Context, html: str) -> Any:
        """What to keep of a render for other pages of the same key; None: keep nothing."""
        return html

    def join(self, context: Context, kept: Any) -> str:
        """The HTML for the page of `context` from what `split` kept."""
        return kept

    @staticmethod
    def shape(context: Context) -> tuple[Any, ...] | None:
        """What the navigation shows that depends on the page, but for URLs; None: don't cache.

        The `active` flags of all entries; for a page in the navigation also where its entry
        is, whether it is that entry or one of its pagination pages, and what the entry shows.
        """
        page, nav, config = context.get("page"), context.get("nav"), context.get("config")
        if page is None or nav is None or config is None:
            return None
        flags: list[bool] = []
        own: tuple[Any, ...] | None = None
        other_urls: set[Any] = set()
        stack = list(reversed(nav.items))
        while stack:
            item = stack.pop()
            if item == page or page in (getattr(item, "pages", None) or ()):
                if own is not None:
                    return None  # the page has two entries: rare, rendered as usual
                own = (len(flags), item is page)
            else:
                other_urls.add(getattr(item, "url", None))
            flags.append(bool(item.active))
            stack.extend(reversed(item.children or ()))
        # The only other URLs nav.html and nav-item.html link to (see PAGE_URL).
        other_urls.add(getattr(nav.homepage, "url", None))
        other_urls.add((config.extra or {}).get("homepage"))
        if page.url in other_urls:
            return None
        if own is not None:
            entry = _own_entry(page, context.get("features") or ())
            if entry is None:
                return None
            own += entry
        return (id(nav), id(config), tuple(flags), own)


class TabsCache(NavCache):
    """Reuse the rendered navigation tabs (feature `navigation.tabs`) as NavCache does the sidebar.

    tabs.html and tabs-item.html read only the build's constants (the nav tree, its titles,
    icons and URLs, the features, the translations), each entry's `active` flag and relative
    URLs; never the page itself. So the key is the `active` flags and the links, recomputed for
    each page from the arguments of the first render, as they are (no `PAGE_URL`).
    """

    TEMPLATES = ("partials/tabs.html", "partials/tabs-item.html")
    name = "tabs"
    own_url = False

    @staticmethod
    def shape(context: Context) -> tuple[Any, ...] | None:
        page, nav, config = context.get("page"), context.get("nav"), context.get("config")
        if page is None or nav is None or config is None:
            return None
        flags: list[bool] = []
        stack = list(reversed(nav.items))
        while stack:
            item = stack.pop()
            flags.append(bool(item.active))
            stack.extend(reversed(item.children or ()))
        return (id(nav), id(config), tuple(flags))


class HeaderCache(NavCache):
    """Reuse the rendered header (logo, menu button, title, palette, search) for every page.

    header.html and the partials it includes read the build's constants, relative URLs, and the
    page only for its title (`page.meta.title`, else `page.title`), which it prints once, as
    text. A render is kept as the HTML before and after that title, found as the only place
    the title's text occurs (when it occurs elsewhere too, the render is not kept), and joined
    around the title of the page at hand. With `navigation.tabs.sticky` the header also holds
    the tabs, whose links TabsCache computes without passing them through the recording `url`
    filter: then the header is rendered as usual.
    """

    TEMPLATES = (
        "partials/header.html",
        "partials/logo.html",
        "partials/palette.html",
        "partials/javascripts/palette.html",
        "partials/alternate.html",
        "partials/search.html",
        "partials/source.html",
    )
    name = "header"
    own_url = False

    def split(self, context: Context, html: str) -> tuple[str, str] | None:
        title = _header_title(context)
        at = html.find(title) if title else -1
        if at < 0 or html.rfind(title) != at:
            return None
        return html[:at], html[at + len(title) :]

    def join(self, context: Context, kept: tuple[str, str]) -> str:
        title = _header_title(context)
        assert title is not None  # shape() made sure
        return kept[0] + title + kept[1]

    @staticmethod
    def shape(context: Context) -> tuple[Any, ...] | None:
        if _header_title(context) is None:
            return None
        if "navigation.tabs.sticky" in (context.get("features") or ()):
            return None
        return (id(context.get("nav")), id(context.get("config")))


def _header_title(context: Context) -> str | None:
    """The title header.html prints for the page, as it prints it; None if not cacheable."""
    page = context.get("page")
    if page is None or context.get("config") is None:
        return None
    meta = page.meta
    if meta is not None and type(meta) is not dict:
        return None  # Jinja's `meta.title` could find an attribute: leave it to Jinja
    title = meta["title"] if meta and meta.get("title") else page.title
    return str(title)


# A `url` argument that was the current page's own URL (see NavCache).
PAGE_URL = object()


def _own_entry(page: Page, features: Iterable[str]) -> tuple[Any, ...] | None:
    """What nav-item.html shows of the current page in its entry; None if not cacheable.

    Its table of contents must be empty (after nav-item.html drops a lone level-1 heading), as
    then no heading of the page is rendered; nor may the entry depend on features that compare
    other entries with the page (`navigation.indexes`), on the typeset plugin's titles, or on
    children of the page (nav-item.html renders them as a section when it has any).
    """
    if "navigation.indexes" in features:
        return None
    if getattr(page, "typeset", None) is not None or getattr(page, "children", None):
        return None
    toc = list(page.toc or ())
    if toc and toc[0].level == 1:
        toc = list(toc[0].children)
    if toc:
        return None
    meta = page.meta or {}
    status = (meta.get("icon"), meta.get("subtitle"), meta.get("status"))
    encrypted = getattr(page, "encrypted", None) if meta else None
    return (page.title, bool(meta), status, encrypted)


# --- 5b. Dates formatted once --------------------------------------------------------------


def memoize_date_filter(env: Environment) -> bool:
    """Remember what the blog's `date` filter gave for each date; False if it is not there.

    Material's filter formats a post's date with Babel (about 0.1 ms) on every page that shows
    the post: 5500 times at 1000 posts. Its result depends only on the date and the build's
    configuration, so each date is formatted once. Equal datetimes in other time zones show
    other dates, so the key holds the time zone and `fold` besides the value.
    """
    date_filter = env.filters.get("date")
    qualname = getattr(date_filter, "__qualname__", "")
    if not qualname.startswith(f"{BlogPlugin.__qualname__}.on_env."):
        return False
    formatted: dict[tuple[Any, ...], Any] = {}

    def date(value: Any) -> Any:
        try:
            key = (type(value), value, getattr(value, "tzinfo", None), getattr(value, "fold", 0))
            return formatted[key]
        except KeyError:
            result = formatted[key] = date_filter(value)
            return result
        except TypeError:  # unhashable: never cached
            return date_filter(value)

    env.filters["date"] = date
    return True


# --- 6. One Markdown instance per configuration for all pages --------------------------------


class ReusedMarkdown(types.ModuleType):
    """Stands for the `markdown` module inside `mkdocs.structure.pages`, for `Page.render`.

    `Page.render` calls `markdown.Markdown(extensions=..., extension_configs=...)` for every
    page and then registers its own four processors on it, by name, replacing any of the same
    name. Here `Markdown` returns the instance made for the same configuration before, after
    `reset()`: the documented way to reuse an instance, which clears the stash, the references
    and the state of every extension that keeps any. An instance with a processor from a module
    not known to hold no other state (see `reusable`) is never handed out twice.
    """

    def __init__(self) -> None:
        super().__init__("markdown")
        # (extensions, their configuration) -> the instance, or None if it may not be reused
        self.instances: dict[tuple[str, str], markdown.Markdown | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)

    def Markdown(self, **kwargs: Any) -> markdown.Markdown:
        key = _markdown_key(kwargs)
        md = self.instances.get(key) if key is not None else None
        if md is not None:
            stats["markdown reused"] += 1
            return md.reset()
        stats["markdown made"] += 1
        md = markdown.Markdown(**kwargs)
        if key is not None and key not in self.instances:
            self.instances[key] = md if reusable(md) else None
        return md


def _markdown_key(kwargs: dict[str, Any]) -> tuple[str, str] | None:
    """The configuration as text; None when it holds anything but names and plain settings."""
    extensions = kwargs.get("extensions") or []
    if set(kwargs) - {"extensions", "extension_configs"}:
        return None
    if not all(isinstance(name, str) for name in extensions):
        return None
    return repr(list(extensions)), repr(kwargs.get("extension_configs") or {})


def reusable(md: markdown.Markdown) -> bool:
    """Whether `md` converts a page after `reset()` as a new instance would.

    Every processor must come from a module in REPEATABLE_MODULES (they repeat their output
    even without a reset) or be footnotes, whose `reset()` clears them but for the counter
    behind `UNIQUE_IDS`, which must be off.
    """
    repeatable, footnotes = repeatable_processors(md)
    if not repeatable:
        return False
    return not footnotes or not any(
        type(ext).__module__ == FOOTNOTES_MODULE and ext.getConfig("UNIQUE_IDS")
        for ext in md.registeredExtensions
    )


# --- Switching the patches on and off ---------------------------------------------------------


def install() -> None:
    """Apply patches 2, 3 (and 3b), 4 and 6; 1 and 5 are per build (`index_blog_posts`, `NavCache`).

    Safe to repeat.
    """
    Page.__eq__ = _page_eq  # type: ignore[method-assign]
    Excerpt.render = _excerpt_render  # type: ignore[method-assign]
    Excerpt.__init__ = _excerpt_init  # type: ignore[method-assign]
    blog_structure.Markdown = _excerpt_markdown  # type: ignore[misc,assignment]
    if not isinstance(mkdocs_pages.markdown, ReusedMarkdown):
        mkdocs_pages.markdown = ReusedMarkdown()  # type: ignore[assignment]
    if getattr(yaml, "__with_libyaml__", False):
        blog_structure.SafeLoader = FrontmatterLoader


def uninstall() -> None:
    """Put Material's and MkDocs' own methods back."""
    Page.__eq__ = _material_page_eq  # type: ignore[method-assign]
    Excerpt.render = _material_excerpt_render  # type: ignore[method-assign]
    Excerpt.__init__ = _material_excerpt_init  # type: ignore[method-assign]
    blog_structure.Markdown = markdown.Markdown  # type: ignore[misc]
    mkdocs_pages.markdown = markdown
    blog_structure.SafeLoader = yaml.SafeLoader


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """The patches, for the duration of a block (tests build in-process with them)."""
    install()
    try:
        yield
    finally:
        uninstall()
