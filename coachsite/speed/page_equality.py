"""Patch 2: page equality, cheapest question first.

`Page.__eq__` evaluates `self.title == other.title` before `self.file == other.file`. `File`
compares by identity, so the file test is nearly free and decides almost every comparison,
while a post's title is recomputed by `get_markdown_title` (splitting its whole Markdown into
lines) until the post is rendered. `_page_eq` asks the same three side-effect-free questions,
cheapest first.
"""

from __future__ import annotations

from coachsite.speed.guard import Patch

# The releases whose internals this patch was proven on (see guard.py): `Page.__eq__`.
PROVEN_ON = {"mkdocs": "1.6.1"}

try:
    from mkdocs.structure.pages import Page

    # What install() replaces, for uninstall() to put back.
    _mkdocs_page_eq = Page.__eq__
except (ImportError, AttributeError) as error:  # another release: the patch stays off
    MISSING: Exception | None = error
else:
    MISSING = None


def _page_eq(self: Page, other: object) -> bool:
    """`Page.__eq__` with the same three tests, the costly title comparison last."""
    return (
        isinstance(other, self.__class__) and self.file == other.file and self.title == other.title
    )


# MkDocs' `Page.__eq__` and ours: both answer False at once when `other` is not an instance of
# the page's own class (what `IdentityList` of patch 1 relies on).
PAGE_EQS: tuple[object, ...] = () if MISSING else (_mkdocs_page_eq, _page_eq)


def install() -> None:
    Page.__eq__ = _page_eq  # type: ignore[method-assign]


def uninstall() -> None:
    Page.__eq__ = _mkdocs_page_eq  # type: ignore[method-assign]


PATCH = Patch("2", "page equality", PROVEN_ON, MISSING, install=install, uninstall=uninstall)
