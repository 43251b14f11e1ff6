"""The premises each patch of coachsite/speed/ rests on, checked one by one."""

from __future__ import annotations

import re
from typing import Any

import markdown
import pytest
import yaml
from material.plugins.blog.structure import Archive, Category
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from bench.corpus import make_posts
from coachsite import speed
from coachsite.speed import (
    excerpts,
    frontmatter,
    identity,
    navigation,
    page_equality,
    repeatable,
    reused_markdown,
)
from tests.conftest import REPO

CONFIG: dict[str, Any] = {
    "site_url": "https://coach.test/",
    "repo_url": None,
    "edit_uri": None,
    "edit_uri_template": None,
}


def page(path: str, markdown_text: str | None = "# Titel\n", *, cls: type[Page] = Page) -> Page:
    made = cls.__new__(cls)
    Page.__init__(made, None, File(path, "/docs", "/site", True), CONFIG)  # type: ignore[arg-type]
    made.markdown = markdown_text
    return made


def twin(original: Page) -> Page:
    """A second page object for the same file and title: equal, not identical."""
    copy = page(original.file.src_uri, original.markdown, cls=type(original))
    copy.file = original.file
    return copy


# --- IdentityList ----------------------------------------------------------------------------


def test_identity_list_answers_as_a_list_does() -> None:
    posts = [page(f"blog/posts/p{i}.md") for i in range(5)]
    fast = identity.IdentityList(posts)
    probes: list[object] = [
        *posts,
        twin(posts[2]),  # equal by title and file: a list says yes
        page("blog/posts/p9.md"),
        page("blog/posts/p1.md"),  # same path, another File object: not equal
        page("blog/index.md", cls=Archive),  # a subclass: equal only by Page.__eq__'s rules
        "blog/posts/p1.md",
        None,
    ]
    for probe in probes:
        assert (probe in fast) == (probe in posts), probe


def test_identity_list_forgets_its_index_when_changed() -> None:
    first, second, third = (page(f"p{i}.md") for i in range(3))
    fast = identity.IdentityList([first])
    assert second not in fast
    fast.append(second)
    assert second in fast
    fast[0] = third
    assert first not in fast
    assert third in fast
    del fast[0]
    assert third not in fast
    fast += [first]
    assert first in fast
    fast.remove(first)
    assert first not in fast


def test_identity_list_falls_back_when_a_class_has_its_own_equality() -> None:
    class Loose(Page):
        def __eq__(self, other: object) -> bool:
            return isinstance(other, Page)

    member = page("a.md", cls=Loose)
    fast = identity.IdentityList([member])
    stranger = page("b.md")
    assert (stranger in fast) == (stranger in [member]) is True


# --- Page equality ---------------------------------------------------------------------------


def test_page_equality_gives_mkdocs_answers() -> None:
    a = page("a.md", "# A\n")
    pages = [
        a,
        twin(a),
        page("a.md", "# A\n"),
        page("b.md", "# A\n"),
        page("a.md", "# Andere titel\n"),
        page("c.md", cls=Category),
        page("c.md", None),
    ]
    for left in pages:
        for right in [*pages, None, "a.md"]:
            assert page_equality._page_eq(left, right) == page_equality._mkdocs_page_eq(left, right)


# --- Excerpts: which Markdown processors repeat their output ---------------------------------

SAMPLE = """\
# Kop

Een alinea met *nadruk*, een [link](andere.md "titel"), een ![beeld](beeld.png){ .klein },
HTML met een afkorting, (c) 2025 --> pijl, en `code`.

*[HTML]: HyperText Markup Language

!!! note "Let op"
    Een opmerking.

| Kop | Kop |
| --- | --- |
| a   | b   |

Term
:   Uitleg.

<div markdown>
Binnen **HTML**.
</div>

```python
print("code")
```

## Tweede kop { #eigen-id }

Tekst met een voetnoot[^1] en nog eens[^1].

[^1]: De voetnoot.
"""

# The extensions whose modules REPEATABLE_MODULES lists, with the configuration that matters.
EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {},
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "fenced_code": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"anchorlink": True, "baselevel": 2, "permalink": False, "toc_depth": 2},
    "pymdownx.smartsymbols": {},
}


def converted_three_times(extensions: list[str], configs: dict[str, Any]) -> list[str]:
    """Like Material's excerpts: one Markdown instance, no reset() between conversions."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return [md.convert(SAMPLE) for _ in range(3)]


def test_every_listed_extension_module_is_checked_here() -> None:
    checked = {name if "." in name else f"markdown.extensions.{name}" for name in EXTENSIONS}
    modules = repeatable.REPEATABLE_MODULES
    listed = {m for m in modules if m.startswith(("markdown.ext", "pymdownx"))}
    assert listed == checked


@pytest.mark.parametrize("extension", sorted(EXTENSIONS))
def test_listed_extension_repeats_its_output(extension: str) -> None:
    outputs = converted_three_times([extension], {extension: EXTENSIONS[extension]})
    assert outputs[0] == outputs[1] == outputs[2]


def test_listed_extensions_together_repeat_their_output() -> None:
    outputs = converted_three_times(list(EXTENSIONS), EXTENSIONS)
    assert outputs[0] == outputs[1] == outputs[2]


def test_footnotes_do_not_repeat_their_output() -> None:
    """Why a post with footnotes is converted for every view, as Material does."""
    outputs = converted_three_times(["footnotes"], {})
    refs = [re.findall(r'id="(fnref[^"]*)"', html) for html in outputs]
    assert refs[0] != refs[1]


def test_processors_of_the_site_are_all_known() -> None:
    """The site's own extensions (mkdocs.yml) keep the excerpt cache on; footnotes aside."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), speed_loader())
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    md = markdown.Markdown(extensions=names)
    all_repeat, _ = repeatable.repeatable_processors(md)
    assert all_repeat, (
        "an extension in mkdocs.yml turns the excerpt cache off: check that its processors "
        "repeat their output (see EXTENSIONS here) and add its module to REPEATABLE_MODULES"
    )


def test_an_unknown_processor_turns_the_cache_off() -> None:
    md = markdown.Markdown(extensions=["toc", "markdown.extensions.wikilinks"])
    assert repeatable.repeatable_processors(md) == (False, False)


def test_footnotes_are_reported_for_the_per_post_check() -> None:
    md = markdown.Markdown(extensions=["toc", "footnotes"])
    assert repeatable.repeatable_processors(md) == (True, True)


# --- One Markdown instance per configuration, reset between pages ----------------------------

DOCUMENTS = [
    SAMPLE,
    "# Tweede\n\nTekst met een voetnoot[^a] en HTML.\n\n*[HTML]: Hypertext\n\n[^a]: Uitleg.\n",
    "# Derde\n\n[link][ref] en [^a].\n\n## Kop\n\n## Kop\n",
    "<div markdown>\n*ruw*\n</div>\n\nTerm\n:   Uitleg\n\n!!! note\n    Let op.\n",
]


def test_reused_markdown_converts_as_new_instances_do() -> None:
    """Each page's HTML and table of contents, after the other pages, as from a new instance."""
    module = reused_markdown.ReusedMarkdown()
    kwargs: dict[str, Any] = {
        "extensions": [*EXTENSIONS, "footnotes"],
        "extension_configs": EXTENSIONS,
    }
    for _ in range(2):
        for text in DOCUMENTS:
            fresh = markdown.Markdown(**kwargs)
            reused = module.Markdown(**kwargs)
            assert (reused.convert(text), reused.toc_tokens) == (
                fresh.convert(text),
                fresh.toc_tokens,
            )
    assert len(module.instances) == 1
    assert next(iter(module.instances.values())) is reused


def test_reused_markdown_makes_one_instance_per_configuration() -> None:
    module = reused_markdown.ReusedMarkdown()
    first = module.Markdown(extensions=["toc"], extension_configs={})
    assert module.Markdown(extensions=["toc"], extension_configs={}) is first
    other = module.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True}})
    assert other is not first


def test_markdown_with_an_unknown_processor_is_never_reused() -> None:
    module = reused_markdown.ReusedMarkdown()
    kwargs: dict[str, Any] = {"extensions": ["toc", "markdown.extensions.wikilinks"]}
    assert module.Markdown(**kwargs) is not module.Markdown(**kwargs)


def test_markdown_with_unique_footnote_ids_is_never_reused() -> None:
    """Their reset() counts a prefix on: a reused instance would number them differently."""
    module = reused_markdown.ReusedMarkdown()
    kwargs: dict[str, Any] = {
        "extensions": ["footnotes"],
        "extension_configs": {"footnotes": {"UNIQUE_IDS": True}},
    }
    assert module.Markdown(**kwargs) is not module.Markdown(**kwargs)


def test_markdown_with_extension_objects_is_never_reused() -> None:
    from markdown.extensions.toc import TocExtension

    module = reused_markdown.ReusedMarkdown()
    kwargs: dict[str, Any] = {"extensions": [TocExtension()]}
    assert module.Markdown(**kwargs) is not module.Markdown(**kwargs)


def test_excerpts_share_an_instance_only_when_it_may_be_reused() -> None:
    factory = excerpts.ExcerptMarkdown()
    shared = factory(extensions=["toc", "abbr"], extension_configs={})
    assert factory(extensions=["toc", "abbr"], extension_configs={}) is shared
    assert factory.made is not None and factory.made[0] is shared
    unknown: dict[str, Any] = {"extensions": ["toc", "markdown.extensions.wikilinks"]}
    assert factory(**unknown) is not factory(**unknown)


def blog_date_filter() -> tuple[Any, list[Any]]:
    """An environment with a filter named and placed like Material's `date`, and its calls."""
    import jinja2
    from material.plugins.blog.plugin import BlogPlugin

    calls: list[Any] = []

    def date_filter(value: Any) -> str:
        calls.append(value)
        return value.isoformat()

    date_filter.__qualname__ = f"{BlogPlugin.__qualname__}.on_env.<locals>.date_filter"
    env = jinja2.Environment()
    env.filters["date"] = date_filter
    return env, calls


def test_dates_are_formatted_once_each() -> None:
    import datetime as dt

    env, calls = blog_date_filter()
    assert navigation.memoize_date_filter(env)
    utc = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    amsterdam = utc.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert utc == amsterdam
    results = [env.filters["date"](value) for value in (utc, amsterdam, utc, amsterdam)]
    assert results == [utc.isoformat(), amsterdam.isoformat()] * 2
    assert calls == [utc, amsterdam]


def test_only_the_blog_date_filter_is_memoized() -> None:
    import jinja2

    env = jinja2.Environment()
    env.filters["date"] = lambda value: value
    assert not navigation.memoize_date_filter(env)


class FakePage:
    def __init__(self, title: str, meta: dict[str, Any] | None = None) -> None:
        self.title, self.meta, self.url = title, meta or {}, "x/"


def header_context(page: FakePage) -> dict[str, Any]:
    return {"page": page, "config": object(), "nav": object(), "features": []}


def test_header_is_kept_around_its_only_title() -> None:
    cache = navigation.HeaderCache.__new__(navigation.HeaderCache)
    html = '<header aria-label="Kop"><span>Over mij</span><label>Zoeken</label></header>'
    kept = cache.split(header_context(FakePage("Over mij")), html)
    assert kept == ('<header aria-label="Kop"><span>', "</span><label>Zoeken</label></header>")
    other = header_context(FakePage("Nee", {"title": "Privacy & jij"}))
    assert cache.join(other, kept) == html.replace("Over mij", "Privacy & jij")


def test_header_is_not_kept_when_its_title_occurs_twice() -> None:
    cache = navigation.HeaderCache.__new__(navigation.HeaderCache)
    html = "<header><span>Zoeken</span><label>Zoeken</label></header>"
    assert cache.split(header_context(FakePage("Zoeken")), html) is None
    assert cache.split(header_context(FakePage("")), html) is None


def test_reused_markdown_stands_for_the_markdown_module() -> None:
    module = reused_markdown.ReusedMarkdown()
    assert module.extensions.toc is markdown.extensions.toc
    assert module.Extension is markdown.Extension


def speed_loader() -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return Loader


# --- Frontmatter read by libyaml -------------------------------------------------------------


def frontmatters() -> list[str]:
    texts = [post.source for post in make_posts(30, ["Een", "Twee"])]
    texts += [p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md")]
    return [text.split("---\n", 2)[1] for text in texts if text.startswith("---\n")]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_frontmatter_loader_reads_what_safe_loader_reads() -> None:
    blocks = frontmatters()
    assert len(blocks) > 30
    for block in blocks:
        assert outcome(block, frontmatter.FrontmatterLoader) == outcome(block, yaml.SafeLoader)


def outcome(text: str, loader: Any) -> tuple[str, Any]:
    try:
        return "value", yaml.load(text, loader)
    except yaml.YAMLError as error:
        return "error", str(error)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_frontmatter_loader_reports_errors_as_safe_loader_does() -> None:
    broken = "date: 2025-01-01\ntags: [feedback\n"
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.load(broken, yaml.SafeLoader)
    with pytest.raises(yaml.YAMLError) as ours:
        yaml.load(broken, frontmatter.FrontmatterLoader)
    assert str(ours.value) == str(theirs.value)


def test_install_and_uninstall_restore_the_originals() -> None:
    import material.plugins.blog.structure as structure
    import mkdocs.structure.pages as pages
    from material.plugins.blog.structure import Excerpt

    original = (Page.__eq__, Excerpt.render, structure.SafeLoader, pages.markdown)
    with speed.installed() as off:
        assert off == []
        assert Page.__eq__ is page_equality._page_eq
        assert Excerpt.render is excerpts._excerpt_render
        assert isinstance(pages.markdown, reused_markdown.ReusedMarkdown)
        assert (structure.SafeLoader is frontmatter.FrontmatterLoader) == yaml.__with_libyaml__
        assert all(patch.active for patch in speed.PATCHES)
    assert (Page.__eq__, Excerpt.render, structure.SafeLoader, pages.markdown) == original
    assert not any(patch.active for patch in speed.PATCHES)
