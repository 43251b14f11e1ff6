"""Render the plugins' partials with the theme's own Jinja environment.

A macro in a page and the footer under every post show the same things (a list of posts, the
call to action), so both render the same template from `overrides/partials/`. Macros run while
the Markdown is converted, before MkDocs has a template environment, so this module asks the
theme for one, once per build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachsite.plugins.posts import content_href

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig

_cache: tuple[MkDocsConfig, jinja2.Environment] | None = None


def theme_env(config: MkDocsConfig) -> jinja2.Environment:
    global _cache
    if _cache is None or _cache[0] is not config:
        _cache = (config, config.theme.get_env())
    return _cache[1]


def as_html_block(html: str) -> str:
    """One block of raw HTML that Markdown passes through untouched.

    A blank line would end the HTML block and an indented line could become a code block, so
    every line is stripped and blank lines are dropped (the templates hold no <pre>).
    """
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def render_partial(template: str, config: MkDocsConfig, **data: Any) -> str:
    """The partial as a block of HTML to put into a page's Markdown.

    Partials shared with the templates, such as the call to action, link through the theme's
    `url` filter. Without a page that filter joins links to `base_url`; given the site's root
    path, their links work on every page the block may end up on (see posts.content_href).
    """
    context = {"config": config, "page": None, "base_url": content_href(config)(""), **data}
    html = theme_env(config).get_template(template).render(context)
    return as_html_block(html)
