"""Small, exact corrections to the HTML Material renders, for what its templates
cannot be told to do without copying whole templates.

Each fix names the markup it expects; when a Material upgrade changes that
markup, `apply()` says so instead of silently doing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fix:
    why: str
    pattern: re.Pattern[str]
    replacement: str
    required: bool = True
    # Apply only to pages for which this returns True.
    applies: Callable[[str], bool] = lambda html: True


FIXES = (
    Fix(
        # WCAG 4.1.2 (axe: aria-dialog-name): Material's search dialog has no name.
        why="the search dialog needs an accessible name",
        pattern=re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
        replacement='<div class="md-search" data-md-component="search" role="dialog" '
        'aria-label="Zoeken op deze site">',
    ),
    Fix(
        # Material treats every <link rel="alternate"> as another language of
        # the site and fetches sitemap.xml once per link, on every page view.
        # The "updated" RSS feed repeats the main one: drop its link.
        why="one RSS feed link is enough",
        # (Starts with a literal, so the regex engine skips ahead cheaply.)
        pattern=re.compile(
            r'<link rel="alternate" type="application/rss\+xml" title="[^"]*" '
            r'href="[^"]*feed_rss_updated\.xml">'
        ),
        replacement="",
        required=False,
    ),
    Fix(
        # HTML validity: autocomplete is not allowed on checkboxes; Material
        # puts it on the hidden toggles of the drawer and the search.
        why="no autocomplete attribute on Material's checkbox toggles",
        pattern=re.compile(
            r'(<input class="md-toggle" [^>]*type="checkbox"[^>]*?) autocomplete="off"'
        ),
        replacement=r"\1",
        required=False,
    ),
    Fix(
        # HTML validity: tabindex must be an integer; an empty one means nothing.
        why="no empty tabindex on navigation labels",
        pattern=re.compile(r'(<label class="md-nav__link"[^>]*?) tabindex=""'),
        replacement=r"\1",
        required=False,
    ),
    Fix(
        # HTML validity: on blog posts the table of contents has a title label
        # for a "__toc" toggle that Material does not render there.
        why="no label for a missing table-of-contents toggle",
        pattern=re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL),
        replacement=r'<div class="md-nav__title">\1</div>',
        required=False,
        applies=lambda html: 'id="__toc"' not in html,
    ),
)


class ThemeChanged(Exception):
    """A required fix no longer finds its markup: Material's templates changed."""


def apply(html: str) -> str:
    is_material_page = 'data-md-component="search"' in html or "md-search" in html
    for fix in FIXES:
        if not fix.applies(html):
            continue
        html, count = fix.pattern.subn(fix.replacement, html)
        if count == 0 and fix.required and is_material_page:
            raise ThemeChanged(f"theme fix no longer applies ({fix.why}): {fix.pattern.pattern}")
    return html
