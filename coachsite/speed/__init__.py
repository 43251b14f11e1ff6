"""Make Material's blog build grow linearly with the number of posts, output unchanged.

Material for MkDocs 9.8's blog plugin does work that grows with the square of the number of
posts, and some linear work that is heavier than it needs to be. Profiling builds of 1000 posts
led to these patches, applied by hooks/speed.py; none changes a byte of the built site
(tests/speed builds sites with and without them and compares every file). One module each,
with the why:

1. `identity`: the blog's lists of posts answer `in` by identity (quadratic before).
2. `page_equality`: `Page.__eq__` asks the nearly free question first.
3. `excerpts`: each excerpt converted once, its links filled in for each view (quadratic in
   effect before); 3b, one shared `Markdown` instance for those excerpts.
4. `frontmatter`: posts' frontmatter read by libyaml.
5. `navigation`: the sidebar, the tabs and the header rendered once per distinct set of
   links; 5b, each date formatted once.
6. `reused_markdown`: one `Markdown` instance per configuration for all pages.

Each replaces private internals of MkDocs, Material, Python-Markdown, PyYAML or Jinja2, and
declares the releases it was proven on (`PROVEN_ON`); with any other release installed it is
not installed at all, and says so in the build log (guard.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from coachsite.speed import (
    excerpts,
    frontmatter,
    identity,
    navigation,
    page_equality,
    reused_markdown,
)
from coachsite.speed.guard import Patch, log, reset_stats, stats, switch_on_fitting

__all__ = ["PATCHES", "install", "installed", "log", "reset_stats", "stats", "uninstall"]

PATCHES: tuple[Patch, ...] = (
    identity.PATCH,
    page_equality.PATCH,
    excerpts.PATCH,
    frontmatter.PATCH,
    navigation.PATCH,
    reused_markdown.PATCH,
)


def install(*, strict: bool) -> list[Patch]:
    """Install the patches proven on the installed releases; return those left off.

    Patches 1 and 5 are applied per build by the hook, when `PATCH.active`. Safe to repeat.
    """
    return switch_on_fitting(PATCHES, strict=strict)


def uninstall() -> None:
    """Put MkDocs', Material's and PyYAML's own code back."""
    for patch in PATCHES:
        patch.switch_off()


@contextlib.contextmanager
def installed() -> Iterator[list[Patch]]:
    """The patches, for the duration of a block (tests build in-process with them)."""
    off = install(strict=True)
    try:
        yield off
    finally:
        uninstall()
