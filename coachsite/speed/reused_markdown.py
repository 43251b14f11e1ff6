"""Patch 6: one Markdown instance per configuration for all pages.

Linear: MkDocs builds a new `Markdown` instance for every page, loading and configuring every
extension again (a fifth of `Page.render` at 1000 posts). `ReusedMarkdown` hands `Page.render`
one instance per configuration, `reset()` between pages as Python-Markdown prescribes for
reuse, and only when every processor comes from a module checked to leave nothing behind a
reset (`REPEATABLE_MODULES`).
"""

from __future__ import annotations

import types
from typing import Any

from coachsite.speed.guard import Patch, stats
from coachsite.speed.repeatable import markdown_key, reusable

# The releases whose internals this patch was proven on (see guard.py): how MkDocs'
# `Page.render` makes its instance; what `reset()` of Python-Markdown's extensions and of
# pymdown-extensions' clears (REPEATABLE_MODULES).
PROVEN_ON = {"mkdocs": "1.6.1", "markdown": "3.11.3", "pymdown-extensions": "13.1.2"}

try:
    import markdown
    import mkdocs.structure.pages as mkdocs_pages

    # What install() replaces, for uninstall() to put back.
    _mkdocs_markdown = mkdocs_pages.markdown
except (ImportError, AttributeError) as error:  # another release: the patch stays off
    MISSING: Exception | None = error
else:
    MISSING = None


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
        key = markdown_key(kwargs)
        md = self.instances.get(key) if key is not None else None
        if md is not None:
            stats["markdown reused"] += 1
            return md.reset()
        stats["markdown made"] += 1
        md = markdown.Markdown(**kwargs)
        if key is not None and key not in self.instances:
            self.instances[key] = md if reusable(md) else None
        return md


def install() -> None:
    """Safe to repeat: the instances made so far are kept."""
    if not isinstance(mkdocs_pages.markdown, ReusedMarkdown):
        mkdocs_pages.markdown = ReusedMarkdown()  # type: ignore[assignment]


def uninstall() -> None:
    mkdocs_pages.markdown = _mkdocs_markdown


PATCH = Patch(
    "6",
    "one Markdown instance for all pages",
    PROVEN_ON,
    MISSING,
    install=install,
    uninstall=uninstall,
)
