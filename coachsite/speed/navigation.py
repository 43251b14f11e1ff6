"""Patch 5: the navigation, the tabs and the header rendered once per distinct set of links.

Linear: every page renders the whole sidebar navigation, and all posts get the same one.
`NavCache` reuses it when the `active` flags and the page-relative links are the same, also on
the views' pagination pages. `TabsCache` and `HeaderCache` do the same for the tabs and the
header (the header around the page's title), and the blog's `date` filter formats each date
once (5b).

Applied per build by the hook (`NavCache.install` and the others, `memoize_date_filter`), when
`PATCH.active`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachsite.speed.guard import Patch, log, stats

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.runtime import Context
    from mkdocs.structure.pages import Page

# The releases whose internals this patch was proven on (see guard.py): Material's templates
# and its blog's `date` filter; Jinja2's compiled templates (`root_render_func`); what MkDocs'
# `url` filter and navigation give.
PROVEN_ON = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "jinja2": "3.1.6"}

try:
    import material.templates as material_templates
    from jinja2 import TemplateNotFound, pass_context
    from material.plugins.blog.plugin import BlogPlugin
except (ImportError, AttributeError) as error:  # another release: the patch stays off
    MISSING: Exception | None = error
else:
    MISSING = None


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

        @pass_context
        def url(context: Context, value: Any) -> str:
            return cache.url(context, value)

        env.filters["url"] = url
        nav = templates[0]
        nav.root_render_func = cache.wrap(nav.root_render_func)  # type: ignore[method-assign]
        return cache

    def url(self, context: Context, value: Any) -> str:
        """The `url` filter, noting its argument while a render is recorded."""
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


PATCH = Patch("5", "navigation, tabs and header rendered once", PROVEN_ON, MISSING)
