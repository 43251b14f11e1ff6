"""Which Markdown processors give the same HTML again: shared by patches 3 and 6.

Converting with one `Markdown` instance many times (patch 3, as Material's excerpts do) or
after `reset()` (patch 6) gives what a new instance gives only when no processor carries
state from one conversion into the next. That is a property of each processor's code, checked
module by module in tests/speed/test_patches.py for the releases the two patches were proven on
(Python-Markdown and pymdown-extensions in their `PROVEN_ON`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from coachsite.speed.guard import log

if TYPE_CHECKING:
    from markdown import Markdown

# Modules whose Markdown processors give the same HTML however often one `Markdown` instance
# converts the same text without `reset()` (as Material's excerpts do). Checked one by one in
# tests/speed/test_patches.py; a processor from any other module turns the cache off.
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


def reusable(md: Markdown) -> bool:
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


def markdown_key(kwargs: dict[str, Any]) -> tuple[str, str] | None:
    """The configuration as text; None when it holds anything but names and plain settings."""
    extensions = kwargs.get("extensions") or []
    if set(kwargs) - {"extensions", "extension_configs"}:
        return None
    if not all(isinstance(name, str) for name in extensions):
        return None
    return repr(list(extensions)), repr(kwargs.get("extension_configs") or {})
